/* porch — SPDX-License-Identifier: MIT
 * The route table: every URL porchd answers, its methods and its handler.
 */
#include "config.h"

#include "handlers.h"

#define GET	METHOD_BIT(METHOD_GET)
#define POST	METHOD_BIT(METHOD_POST)

const struct route routes[] = {
	{ "/healthz", GET, 0, handle_healthz },
	{ "/", GET, ROUTE_TENANT, handle_home },
};

const size_t nroutes = NELEM(routes);

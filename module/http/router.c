/* porch — SPDX-License-Identifier: MIT
 * Route lookup: exact paths first match wins, then prefixes.
 */
#include "config.h"

#include <string.h>

#include "db.h"
#include "router.h"

static int
path_matches(const struct route *rt, const char *path)
{
	if (rt->flags & ROUTE_PREFIX)
		return strncmp(path, rt->path, strlen(rt->path)) == 0;
	return strcmp(path, rt->path) == 0;
}

int
router_find(const char *path, enum method m, const struct route **out, unsigned *allow)
{
	unsigned want = METHOD_BIT(m == METHOD_HEAD ? METHOD_GET : m);
	int seen = 0;

	*allow = 0;
	for (size_t i = 0; i < nroutes; i++) {
		if (!path_matches(&routes[i], path))
			continue;
		seen = 1;
		if (routes[i].methods & want) {
			*out = &routes[i];
			return 0;
		}
		*allow |= routes[i].methods;
	}
	return seen ? 405 : 404;
}

int
status_for_db(int rc)
{
	switch (rc) {
	case DB_OK:
		return 0;
	case DB_GONE:
	case DB_BUSY:
	case DB_STALE:
		return 503;
	case DB_CONFLICT:
		return 409;
	default:
		return 500;
	}
}

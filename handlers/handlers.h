/* porch — SPDX-License-Identifier: MIT
 * The entry points of every page family; see routes.c for their paths.
 */
#ifndef PORCH_HANDLERS_H
#define PORCH_HANDLERS_H

#include "router.h"

/* health.c */
int	handle_healthz(struct req *r, struct resp *p);
/* home.c */
int	handle_home(struct req *r, struct resp *p);

#endif

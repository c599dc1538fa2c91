/* porch — SPDX-License-Identifier: MIT
 * The route table's shape and the lookup of a request's route. The table itself is in
 * handlers/routes.c, next to the handlers it names.
 */
#ifndef PORCH_ROUTER_H
#define PORCH_ROUTER_H

#include "req.h"

/*
 * A handler writes its page (or a redirect) into p and returns 0, or returns an
 * HTTP status (4xx, 5xx) for which the caller writes porch's error page instead.
 * A check that may end the request before the handler's work (route_guard(),
 * portal_need(), ...) returns PAGE_GO when the handler goes on; anything else is
 * what the handler returns as it is.
 */
typedef int (*handler_fn)(struct req *r, struct resp *p);

#define PAGE_GO		(-1)

#define ROUTE_TENANT	0x1	/* needs the tenant of the host */
#define ROUTE_PREFIX	0x2	/* path is a prefix ("/t/") rather than exact */
#define ROUTE_PRESESSION 0x4	/* POST checked with the sign-in form's CSRF cookie */
/*
 * Who on the staff may use a route (handlers/staff/staff_access.c checks them before the
 * handler runs; anyone else is sent to the staff sign-in):
 */
#define ROUTE_STAFF	0x8	/* every signed-in staff member */
#define ROUTE_ADMIN_POST 0x10	/* every staff member reads it; only admins POST */
#define ROUTE_ADMIN	0x20	/* tenant admins only */
#define ROUTE_IMPERSONATE 0x40	/* admins and staff with the "log in as" right */
/*
 * The tenant API (module/api): the caller is an API key from the Authorization
 * header, never a session; no CSRF check; errors are JSON. api_gate() checks the
 * key, its rate and its scope before the handler runs.
 */
#define ROUTE_API	0x80
/* POST may be a multipart/form-data form with a file (upload_read()); elsewhere
 * such a body is refused with 415. */
#define ROUTE_UPLOAD	0x100
/*
 * A GET may go on with the session and rights the worker keeps, their check held
 * until the page's first statement, which carries it when it has a twin
 * (docs/DESIGN.md, "A page in one round trip"; sess_load()).
 */
#define ROUTE_KEPT	0x200

struct route {
	const char	*path;
	unsigned	 methods;	/* METHOD_BIT()s; HEAD goes with GET */
	unsigned	 flags;
	handler_fn	 fn;
};

extern const struct route routes[];
extern const size_t nroutes;

/*
 * Finds the route for path and method. Returns 0 with *out set, 404 when no route has
 * the path, or 405 with the methods the path allows in *allow.
 */
int	router_find(const char *path, enum method m, const struct route **out,
	    unsigned *allow);

/*
 * Lets the request go on to rt's handler: PAGE_GO to call it, 0 when p already
 * holds the answer (the staff sign-in redirect or the refusal page), or an error
 * status. Defined in handlers/staff/staff_access.c, next to the pages it guards.
 */
int	route_guard(struct req *r, struct resp *p, const struct route *rt);

/* Maps a DB_* error of the store to the status of the page to show. */
int	status_for_db(int rc);

#endif

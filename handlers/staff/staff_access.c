/* porch — SPDX-License-Identifier: MIT
 * Who on the staff may do what. The route table (routes.c) marks every staff route
 * with the role it needs; route_guard() enforces it before any handler runs, and
 * staff_may() asks the same table whether a page should offer a form, so a page
 * never shows what its POST would refuse. A refusal is a 403 page saying who may;
 * a refused POST is audited as access.denied.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "session.h"
#include "store_staff_audit.h"
#include "tenant.h"

/* What a route asks of the session, from its flags and the request's method. */
enum need { NEED_NONE, NEED_STAFF, NEED_IMPERSONATE, NEED_ADMIN };

static enum need
need_of(const struct route *rt, enum method m)
{
	if (rt->flags & ROUTE_ADMIN)
		return NEED_ADMIN;
	if ((rt->flags & ROUTE_ADMIN_POST) && m == METHOD_POST)
		return NEED_ADMIN;
	if (rt->flags & ROUTE_IMPERSONATE)
		return NEED_IMPERSONATE;
	if (rt->flags & (ROUTE_STAFF | ROUTE_ADMIN_POST))
		return NEED_STAFF;
	/* Deny by default: a staff route added without a role flag is an admin's. */
	if (strncmp(rt->path, "/staff/", 7) == 0 && !(rt->flags & ROUTE_PRESESSION))
		return NEED_ADMIN;
	return NEED_NONE;
}

/* Is the request's session a signed-in staff member? */
static int
is_staff(const struct req *r)
{
	return sess_signed_in(r) && r->session->row.kind == PRINCIPAL_STAFF;
}

/*
 * Sets *allowed when the request's staff session meets need (the "log in as" right
 * is read from the store, and only for the routes that need it). Returns DB_OK or a
 * DB_* error.
 */
static int
meets(struct req *r, enum need need, int *allowed)
{
	const struct session *s = r->session;

	*allowed = 0;
	if (!is_staff(r))
		return DB_OK;
	switch (need) {
	case NEED_ADMIN:
		*allowed = sess_is_admin(s);
		return DB_OK;
	case NEED_IMPERSONATE:
		if (sess_is_admin(s)) {
			*allowed = 1;
			return DB_OK;
		}
		return store_staff_may_impersonate(&r->arena, r->tenant->id,
		    s->row.user_id, allowed);
	default:
		*allowed = 1;
		return DB_OK;
	}
}

/* The 403 page: who may do this, and that nothing changed. */
static void
refusal_page(struct req *r, struct resp *p, enum need need)
{
	struct buf *b = &p->body;
	int post = r->method == METHOD_POST;

	page_begin(r, p, "Not allowed");
	p->status = 403;
	html_raw(b, "<h1>Not allowed</h1>\n");
	page_error_text(p, need == NEED_IMPERSONATE ? "Only admins and staff with the "
	    "\xe2\x80\x9clog in as\xe2\x80\x9d right can do this." : post ?
	    STAFF_ADMIN_ONLY : "Only admins can open this page.");
	if (post)
		html_raw(b, "<p>Nothing was changed.</p>\n");
	html_raw(b, "<p><a href=\"/staff/\">Back to staff home</a></p>\n");
	page_end(p);
}

int
route_guard(struct req *r, struct resp *p, const struct route *rt)
{
	enum need need = need_of(rt, r->method);
	char detail[300];
	int allowed, rc;

	if (need == NEED_NONE)
		return PAGE_GO;
	if (!is_staff(r)) {
		resp_redirect(p, 303, "/staff/login");
		return 0;
	}
	if ((rc = meets(r, need, &allowed)) != DB_OK)
		return status_for_db(rc);
	if (allowed)
		return PAGE_GO;
	/* A refused change is worth a line in the audit log; a refused page view not. */
	if (r->method == METHOD_POST) {
		snprintf(detail, sizeof(detail), "POST %.200s needs %s", r->path,
		    need == NEED_ADMIN ? "admin" : "log-in-as");
		if ((rc = audit(r, "access.denied", NULL, 0, detail)) != DB_OK)
			return status_for_db(rc);
	}
	refusal_page(r, p, need);
	return 0;
}

int
staff_may(struct req *r, const char *path, enum method m)
{
	const struct route *rt;
	unsigned allow;
	int allowed;

	if (router_find(path, m, &rt, &allow) != 0)
		return 0;
	if (need_of(rt, m) == NEED_NONE)
		return 1;
	return meets(r, need_of(rt, m), &allowed) == DB_OK && allowed;
}

void
staff_readonly_note(struct buf *b)
{
	html_raw(b, "<p class=\"note readonly\">" STAFF_ADMIN_ONLY "</p>\n");
}

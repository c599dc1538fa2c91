/* porch — SPDX-License-Identifier: MIT
 * "Log in as": staff with the right open a portal user's view (/staff/impersonate),
 * end it (/impersonate/end), and the minimal list of portal users to start from
 * (/staff/users).
 *
 * Design: the impersonation session REPLACES the browser's staff session. Starting
 * ends the staff session (sess_start() always ends the session the request came
 * with) and makes a portal session for the user whose row records the staff member
 * in impersonator_staff_id. Ending deletes that session and sends the browser to
 * /staff/login: the staff member signs in again. Nothing in the impersonation
 * session can bring back staff rights, so a stolen or forgotten impersonation cookie
 * is worth no more than the portal user's own, and there is no second cookie whose
 * life has to be kept in step. Changes to the user's credentials and sessions are
 * refused in that mode (account.c), and start and end are audited with the staff
 * member as actor and impersonator, the portal user as target.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "session.h"
#include "store_staff_audit.h"
#include "tenant.h"

int
handle_staff_users(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct buf *b = &p->body;
	struct db_res res;
	int allowed, rc;

	if (s == NULL)
		return 0;
	/* The buttons only for those the route table lets start it. */
	allowed = staff_may(r, "/staff/impersonate", METHOD_POST);
	if ((rc = store_portal_users_list(&r->arena, r->tenant->id, &res)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Portal users");
	html_raw(b, "<h1>Portal users</h1>\n");
	if (res.nrows == 0)
		html_raw(b, "<p>No portal users yet.</p>\n");
	else {
		html_raw(b, "<table class=\"users\">\n<thead><tr><th>Login</th>"
		    "<th>Customer</th><th>Status</th><th></th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < res.nrows; i++) {
			const char *status = DB_CELL(&res, i, 3);

			html_raw(b, "<tr><td>");
			html_text(b, DB_CELL(&res, i, 1));
			html_raw(b, "</td><td>");
			html_text(b, DB_CELL(&res, i, 2));
			html_raw(b, "</td><td>");
			html_text(b, status);
			html_raw(b, "</td><td>");
			if (allowed && strcmp(status, "active") == 0) {
				html_raw(b, "<form method=\"post\" "
				    "action=\"/staff/impersonate\">\n");
				csrf_field(b, s->csrf_token);
				html_raw(b, "<input type=\"hidden\" name=\"user\" value=\"");
				html_attr(b, DB_CELL(&res, i, 0));
				html_raw(b, "\">\n<button type=\"submit\">Log in as</button>"
				    "</form>");
			}
			html_raw(b, "</td></tr>\n");
		}
		html_raw(b, "</tbody>\n</table>\n");
	}
	page_end(p);
	return 0;
}

int
handle_impersonate(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct portal_user_brief u;
	long long id;
	int64_t staff_id;
	int found, rc;

	/* Admins and staff with the right only: ROUTE_IMPERSONATE (routes.c). */
	if (s == NULL)
		return 0;
	if (parse_int(req_form(r, "user"), 1, INT64_MAX, &id) < 0)
		return 404;
	/* Another tenant's id is just not found here (invariant 1). */
	if ((rc = store_portal_user_brief(&r->arena, r->tenant->id, id, &u, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found || !u.active)
		return 404;
	staff_id = s->row.user_id;
	/* One transaction: no session without its audit entry, and no entry alone. */
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	if ((rc = audit_impersonation(r, "impersonation.start", staff_id, u.id)) != DB_OK ||
	    (rc = sess_start(r, p, PRINCIPAL_PORTAL, u.id, 0, staff_id)) != DB_OK ||
	    (rc = db_commit()) != DB_OK) {
		db_rollback();
		return status_for_db(rc);
	}
	resp_redirect(p, 303, signin_home(PRINCIPAL_PORTAL));
	return 0;
}

int
handle_impersonate_end(struct req *r, struct resp *p)
{
	struct session *s = r->session;
	int rc;

	if (s == NULL) {
		resp_redirect(p, 303, "/staff/login");
		return 0;
	}
	if (s->row.impersonator_id == 0)
		return 403;
	if ((rc = audit_impersonation(r, "impersonation.end", s->row.impersonator_id,
	    s->row.user_id)) != DB_OK || (rc = sess_end(r, p)) != DB_OK)
		return status_for_db(rc);
	resp_redirect(p, 303, "/staff/login");
	return 0;
}

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
 * member as actor and impersonator, the portal user as target, by module/change
 * (users.c); the session itself is this page's.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_staff_audit.h"
#include "tenant.h"

/* Every form key of these pages. */
enum imp_key { IK_USER, IK__MAX };

static const struct input_key imp_keys[IK__MAX] = {
	[IK_USER] = { "user", IN_ID, 0, 0, 0 },
};

/* A portal user's row, with "Log in as" when allowed and the user is active. */
static void
user_row(struct buf *b, const struct session *s, const struct portal_user_line *u,
    int allowed)
{
	html_raw(b, "<tr>");
	html_cells(b, u->login, u->customer, u->status, (const char *)NULL);
	html_raw(b, "<td>");
	if (allowed && strcmp(u->status, "active") == 0)
		page_button(b, s, "/staff/impersonate", "user", u->id, NULL, "Log in as");
	html_raw(b, "</td></tr>\n");
}

int
handle_staff_users(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct buf *b = &p->body;
	struct portal_user_line *users;
	size_t n;
	int allowed, rc;

	if (s == NULL)
		return 0;
	/* The buttons only for those the route table lets start it. */
	allowed = staff_may(r, "/staff/impersonate", METHOD_POST);
	if ((rc = store_portal_users_list(&r->arena, r->tenant->id, &users, &n)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Portal users");
	html_raw(b, "<h1>Portal users</h1>\n");
	if (n == 0)
		html_raw(b, "<p>No portal users yet.</p>\n");
	else {
		html_raw(b, "<table class=\"users\">\n<thead><tr><th>Login</th>"
		    "<th>Customer</th><th>Status</th>"
		    "<th><span class=\"vh\">Actions</span></th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++)
			user_row(b, s, &users[i], allowed);
		html_raw(b, "</tbody>\n</table>\n");
	}
	page_end(p);
	return 0;
}

/* The request and answer a "log in as" session is made for and ended on. */
struct sess_ctx {
	struct req	*r;
	struct resp	*p;
	int64_t		 staff;
};

static int
sess_open(void *ctx, int64_t user)
{
	struct sess_ctx *c = ctx;

	return sess_start(c->r, c->p, PRINCIPAL_PORTAL, user, 0, c->staff);
}

static int
sess_close(void *ctx, int64_t user)
{
	struct sess_ctx *c = ctx;

	(void)user;
	return sess_end(c->r, c->p);
}

int
handle_impersonate(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct input_val in[IK__MAX];
	struct sess_ctx c = { r, p, 0 };
	struct actor who;
	int rc;

	/* Admins and staff with the right only: ROUTE_IMPERSONATE (routes.c). */
	if (s == NULL)
		return 0;
	input_read(r, INPUT_FORM, imp_keys, IK__MAX, in);
	if (in_int(&in[IK_USER]) == 0)
		return 404;
	c.staff = s->row.user_id;
	page_actor(r, &who);
	if ((rc = change_impersonation_start(&who, in_int(&in[IK_USER]), sess_open,
	    &c)) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, signin_home(PRINCIPAL_PORTAL));
	return 0;
}

int
handle_impersonate_end(struct req *r, struct resp *p)
{
	struct session *s = r->session;
	struct sess_ctx c = { r, p, 0 };
	struct actor who;
	int rc;

	if (s == NULL) {
		resp_redirect(p, 303, "/staff/login");
		return 0;
	}
	if (s->row.impersonator_id == 0)
		return 403;
	page_actor(r, &who);
	if ((rc = change_impersonation_end(&who, sess_close, &c)) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, "/staff/login");
	return 0;
}

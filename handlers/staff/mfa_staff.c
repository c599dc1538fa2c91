/* porch — SPDX-License-Identifier: MIT
 * Staff control of MFA: requiring it of portal users (one, the selected ones, all of a
 * customer or all holding a group's grant), stopping that, resetting a user's MFA;
 * and for tenant admins, the staff list with a reset of a colleague's MFA. Every
 * change is audited and mailed to the user in the transaction that makes it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "session.h"
#include "store_groups.h"
#include "store_mfa.h"
#include "store_users.h"
#include "tenant.h"
#include "throttle.h"

enum mfa_change { CHANGE_REQUIRE, CHANGE_UNREQUIRE, CHANGE_RESET, CHANGE__MAX };

static const char *const change_names[CHANGE__MAX] = { "require", "unrequire", "reset" };

static const char *const change_mail[CHANGE__MAX] = {
	"The office now requires two-step sign-in for your account. You were signed "
	    "out; at your next sign-in you will set it up with an authenticator app "
	    "(unless it is on already).",
	"The office no longer requires two-step sign-in for your account. You can "
	    "keep it on, or turn it off on your Account page.",
	"The office reset your two-step sign-in: your authenticator app's entry and "
	    "your recovery codes no longer work. You were signed out; set it up again "
	    "at your next sign-in if it is required, or from your Account page.",
};

/* Applies change to portal user id; *changed 1 when it changed something. */
static int
apply(struct req *r, enum mfa_change c, int64_t id, int *changed)
{
	struct mfa_account m;
	int found, rc;

	*changed = 0;
	if ((rc = store_mfa_get(&r->arena, PRINCIPAL_PORTAL, r->tenant->id, id, &m,
	    &found)) != DB_OK || !found)
		return rc;
	switch (c) {
	case CHANGE_REQUIRE:
		if (m.required)
			return DB_OK;
		/* Sessions end, so the next sign-in goes through enrolment. */
		if ((rc = store_portal_mfa_require(&r->arena, r->tenant->id, id, 1)) !=
		    DB_OK ||
		    (rc = store_sessions_del_others(&r->arena, PRINCIPAL_PORTAL,
		    r->tenant->id, id, NULL)) != DB_OK ||
		    (rc = audit(r, "mfa.require", "portal", id, NULL)) != DB_OK)
			return rc;
		break;
	case CHANGE_UNREQUIRE:
		if (!m.required)
			return DB_OK;
		if ((rc = store_portal_mfa_require(&r->arena, r->tenant->id, id, 0)) !=
		    DB_OK ||
		    (rc = audit(r, "mfa.unrequire", "portal", id, NULL)) != DB_OK)
			return rc;
		break;
	default:
		if (m.boxlen == 0)
			return DB_OK;
		if ((rc = mfa_reset(r, PRINCIPAL_PORTAL, id, &m, change_mail[c])) != DB_OK)
			return rc;
		*changed = 1;
		return DB_OK;
	}
	*changed = 1;
	return mfa_notify(r, &m, change_mail[c]);
}

/*
 * The users a request names: its "user" fields (scope=selected), every user of
 * its "customer" (scope=customer) or holding a grant of its "group" (scope=group).
 * Returns 0, 400 for a malformed id or 404 for one that is not the tenant's.
 */
static int
chosen_users(struct req *r, int64_t **ids, size_t *n)
{
	const char *scope = req_form(r, "scope");
	struct mfa_account m;
	struct db_res res;
	int64_t id;
	int found, rc;

	*n = 0;
	if (scope == NULL || strcmp(scope, "selected") == 0) {
		*ids = arena_alloc(&r->arena, (r->form.n + 1) * sizeof(**ids));
		for (size_t i = 0; i < r->form.n; i++) {
			if (strcmp(r->form.v[i].key, "user") != 0)
				continue;
			if ((id = parse_id(r->form.v[i].val)) == 0)
				return 400;
			if ((rc = store_mfa_get(&r->arena, PRINCIPAL_PORTAL, r->tenant->id,
			    id, &m, &found)) != DB_OK)
				return status_for_db(rc);
			if (!found)
				return 404;
			(*ids)[(*n)++] = id;
		}
		return 0;
	}
	if (strcmp(scope, "customer") == 0) {
		struct person c;

		if ((id = req_form_id(r, "customer")) == 0)
			return 400;
		if ((rc = store_customer_get(&r->arena, r->tenant->id, id, &c, &found)) ==
		    DB_OK && found)
			rc = store_portal_users_of_customer(&r->arena, r->tenant->id, id,
			    &res);
	} else if (strcmp(scope, "group") == 0) {
		struct perm_group g;

		if ((id = req_form_id(r, "group")) == 0)
			return 400;
		if ((rc = store_group_get(&r->arena, r->tenant->id, id, &g, &found)) ==
		    DB_OK && found)
			rc = store_portal_users_of_group(&r->arena, r->tenant->id, id, &res);
	} else
		return 400;
	if (rc != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	*ids = arena_alloc(&r->arena, (res.nrows + 1) * sizeof(**ids));
	for (size_t i = 0; i < res.nrows; i++)
		(*ids)[(*n)++] = db_cell_i64(&res, i, 0);
	return 0;
}

int
handle_staff_users_mfa(struct req *r, struct resp *p)
{
	const char *act = req_form(r, "do");
	enum mfa_change c = CHANGE__MAX;
	size_t n, changed = 0;
	int64_t *ids;
	char loc[80];
	int rc, one;

	if (page_need_staff(r, p) == NULL)
		return 0;
	for (int i = 0; act != NULL && i < CHANGE__MAX; i++)
		if (strcmp(act, change_names[i]) == 0)
			c = i;
	if (c == CHANGE__MAX)
		return 400;
	if ((rc = chosen_users(r, &ids, &n)) != 0)
		return rc;
	/* All of them or none. */
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++) {
		if ((rc = apply(r, c, ids[i], &one)) != DB_OK) {
			db_rollback();
			return status_for_db(rc);
		}
		changed += one;
	}
	if ((rc = db_commit()) != DB_OK) {
		db_rollback();
		return status_for_db(rc);
	}
	snprintf(loc, sizeof(loc), "/staff/customers?done=mfa_%s&n=%zu", change_names[c],
	    changed);
	resp_redirect(p, 303, loc);
	return 0;
}

/* ---- staff accounts (admins) ---------------------------------------------- */
/* Both pages are for admins only: ROUTE_ADMIN in routes.c. */

int
handle_staff_team(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct buf *b = &p->body;
	struct mfa_account me;
	struct db_res res;
	int found, rc;

	if (s == NULL)
		return 0;
	if ((rc = store_staff_team(&r->arena, r->tenant->id, &res)) != DB_OK ||
	    (rc = store_mfa_get(&r->arena, PRINCIPAL_STAFF, r->tenant->id, s->row.user_id,
	    &me, &found)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Staff");
	html_raw(b, "<h1>Staff</h1>\n");
	if (req_param(r, "done") != NULL && strcmp(req_param(r, "done"), "unlocked") == 0)
		page_notice_text(p, "Sign-in was unlocked: every failed try and wait on "
		    "record for them is forgotten.");
	else if (req_param(r, "done") != NULL)
		page_notice_text(p, "Their MFA was reset and they were signed out.");
	html_raw(b, "<p id=\"staff-mfa-policy\">Staff must use two-step sign-in: "
	    "<strong>");
	html_text(b, me.required ? "yes" : "no");
	html_raw(b, "</strong>.</p>\n");
	html_raw(b, "<table class=\"staff\">\n<thead><tr><th>Email</th><th>Name</th>"
	    "<th>Role</th><th>Status</th><th>MFA</th><th></th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < res.nrows; i++) {
		int64_t id = db_cell_i64(&res, i, 0);
		int enrolled = db_cell_i64(&res, i, 5) != 0;
		int secret = db_cell_i64(&res, i, 6) != 0;

		html_raw(b, "<tr><td>");
		html_text(b, DB_CELL(&res, i, 1));
		html_raw(b, "</td><td>");
		html_text(b, DB_CELL(&res, i, 2));
		html_raw(b, "</td><td>");
		html_text(b, DB_CELL(&res, i, 3));
		html_raw(b, "</td><td>");
		html_text(b, DB_CELL(&res, i, 4));
		html_raw(b, "</td><td>");
		html_text(b, enrolled ? "enrolled" : secret ? "setting up" : "not enrolled");
		html_raw(b, "</td><td>");
		if (id != s->row.user_id && secret) {
			html_raw(b, "<form method=\"post\" action=\"/staff/team/mfa-reset\" "
			    "class=\"inline\">\n");
			csrf_field(b, s->csrf_token);
			html_rawf(b, "<input type=\"hidden\" name=\"staff\" value=\"%lld\">"
			    "<button type=\"submit\">Reset MFA</button></form>",
			    (long long)id);
		}
		html_raw(b, "<form method=\"post\" action=\"/staff/team/unlock\" "
		    "class=\"inline\">\n");
		csrf_field(b, s->csrf_token);
		html_rawf(b, "<input type=\"hidden\" name=\"staff\" value=\"%lld\">"
		    "<button type=\"submit\">Unlock sign-in</button></form>", (long long)id);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n<p>Your own two-step sign-in is on "
	    "<a href=\"/account/mfa\">your account page</a>.</p>\n");
	page_end(p);
	return 0;
}

/*
 * The team page's POSTs (admins only: the route says so) name another staff member
 * of the tenant by "staff": 0 once answered (the sign-in page, 400 or 404 in
 * *status), else that member's id, with their MFA state in *m.
 */
static int64_t
team_member(struct req *r, struct resp *p, struct session **s, struct mfa_account *m,
    int *status)
{
	int64_t id;
	int found, rc;

	*status = 0;
	if ((*s = page_need_staff(r, p)) == NULL)
		return 0;
	if ((id = req_form_id(r, "staff")) == 0) {
		*status = 400;
		return 0;
	}
	if ((rc = store_mfa_get(&r->arena, PRINCIPAL_STAFF, r->tenant->id, id, m,
	    &found)) != DB_OK || !found) {
		*status = rc != DB_OK ? status_for_db(rc) : 404;
		return 0;
	}
	return id;
}

int
handle_staff_team_mfa_reset(struct req *r, struct resp *p)
{
	struct session *s;
	struct mfa_account m;
	int64_t id;
	int rc;

	if ((id = team_member(r, p, &s, &m, &rc)) == 0)
		return rc;
	if (id == s->row.user_id)
		return 409;	/* one's own: /account/mfa, with the password */
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	if ((rc = mfa_reset(r, PRINCIPAL_STAFF, id, &m, "An administrator reset your "
	    "two-step sign-in: your authenticator app's entry and your recovery codes "
	    "no longer work. You were signed out; set it up again at your next "
	    "sign-in.")) != DB_OK ||
	    (rc = db_commit()) != DB_OK) {
		db_rollback();
		return status_for_db(rc);
	}
	resp_redirect(p, 303, "/staff/team?done=reset");
	return 0;
}

/* An admin forgets a staff member's failed sign-ins and waits (audited). */
int
handle_staff_team_unlock(struct req *r, struct resp *p)
{
	struct session *s;
	struct mfa_account m;
	int rc;
	int64_t id;

	if ((id = team_member(r, p, &s, &m, &rc)) == 0)
		return rc;
	if ((rc = throttle_unlock_audited(r, PRINCIPAL_STAFF, id, "staff", 1)) != DB_OK)
		return status_for_db(rc);
	resp_redirect(p, 303, "/staff/team?done=unlocked");
	return 0;
}

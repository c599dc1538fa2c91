/* porch — SPDX-License-Identifier: MIT
 * The Account page of any signed-in user: who they are, their active sessions (ending
 * any of them) and changing their password. The changes themselves are
 * module/change/account.c's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "audit.h"
#include "auth.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "local.h"
#include "password.h"
#include "session.h"
#include "store_papers.h"
#include "tenant.h"
#include "throttle.h"

/* The signed-in user's session, or a redirect to the right sign-in page. */
static struct session *
need_user(struct req *r, struct resp *p)
{
	if (r->session != NULL && r->session->row.kind != PRINCIPAL_TOKEN)
		return r->session;
	resp_redirect(p, 303, strncmp(r->path, "/staff/", 7) == 0 ? "/staff/login" :
	    "/login");
	return NULL;
}

/*
 * A portal user's choice of mail about new statements and documents: two check
 * boxes, both on until they say otherwise.
 */
static int
mail_prefs_form(struct req *r, struct buf *b, const struct session *s)
{
	int statements, documents, found, rc;

	if (s->row.kind != PRINCIPAL_PORTAL)
		return DB_OK;
	if ((rc = store_mail_prefs_get(&r->arena, r->tenant->id, s->row.user_id,
	    &statements, &documents, &found)) != DB_OK)
		return rc;
	html_raw(b, "<h2>Mail</h2>\n");
	page_form(b, s->csrf_token, "mail-prefs", "/account/mail");
	html_raw(b, "<p class=\"hint\">Mail goes to the address you sign in with. "
	    "Untick a box and save to stop that mail.</p>\n"
	    "<p><label><input type=\"checkbox\" name=\"mail_statements\" "
	    "value=\"1\"");
	if (statements)
		html_raw(b, " checked");
	html_raw(b, "> Mail me when a new owner statement is ready, with links to "
	    "it and its PDF</label></p>\n"
	    "<p><label><input type=\"checkbox\" name=\"mail_documents\" value=\"1\"");
	if (documents)
		html_raw(b, " checked");
	html_raw(b, "> Mail me when a new document arrives</label></p>\n"
	    "<p><button type=\"submit\">Save</button></p></form>\n");
	return DB_OK;
}

/*
 * The user's own time zone (POST /account/zone): zone as typed after a refusal,
 * else their own; empty is the tenant's, named in the hint.
 */
static void
zone_form(struct req *r, struct buf *b, const struct session *s, const char *zone)
{
	html_raw(b, "<h2 id=\"zone\">Time zone</h2>\n");
	page_form(b, s->csrf_token, "zone", "/account/zone");
	html_raw(b, "<label for=\"time_zone\">Your time zone</label>\n<input "
	    "id=\"time_zone\" name=\"time_zone\" type=\"text\" maxlength=\"63\" "
	    "autocomplete=\"off\" spellcheck=\"false\" value=\"");
	html_attr(b, zone != NULL ? zone : s->row.time_zone != NULL ?
	    s->row.time_zone : "");
	html_raw(b, "\">\n<p class=\"hint\">Times are shown in it, e.g. "
	    "Europe/Berlin or America/New_York. Leave it empty for the office's: ");
	html_text(b, r->tenant->time_zone != NULL ? r->tenant->time_zone :
	    LOCAL_ZONE_DEFAULT);
	html_raw(b, ".</p>\n<p><button type=\"submit\">Save time zone</button></p>"
	    "</form>\n");
}

/* Changes to credentials and sessions are refused while staff act as the user. */
int
refuse_if_impersonating(const struct session *s)
{
	return s->row.impersonator_id != 0 ? 403 : 0;
}

static int account_page(struct req *r, struct resp *p, const char *error,
    const char *zone);

int
handle_account(struct req *r, struct resp *p)
{
	return account_page(r, p, NULL, NULL);
}

/* The page, with a refusal of the zone form (error, zone as typed) or none. */
static int
account_page(struct req *r, struct resp *p, const char *error, const char *zone)
{
	struct session *s = need_user(r, p);
	struct buf *b = &p->body;
	struct input_val in[AK__MAX];
	struct user_session *rows;
	size_t n;
	int rc;

	if (s == NULL)
		return 0;
	auth_input(r, INPUT_QUERY, in);
	if ((rc = store_sessions_of_user(&r->arena, s->row.kind, r->tenant->id,
	    s->row.user_id, &rows, &n)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Account");
	html_raw(b, "<h1>Account</h1>\n");
	if (in[AK_CHANGED].s != NULL)
		page_notice_text(p, "Your password was changed. Your other sessions were "
		    "signed out.");
	if (in[AK_MAIL].s != NULL)
		page_notice_text(p, "Your mail settings were saved.");
	if (in[AK_ZONE].s != NULL)
		page_notice_text(p, "Your time zone was saved.");
	if (error != NULL)
		page_error_text(p, error);
	html_raw(b, "<p>Signed in as <strong>");
	html_text(b, s->row.login != NULL ? s->row.login : "");
	html_raw(b, "</strong>.</p>\n");
	if (s->row.impersonator_id != 0)
		html_raw(b, "<p class=\"notice\">Password and session changes are not "
		    "available while staff view the portal as this user.</p>\n");
	else
		html_raw(b, "<p><a href=\"/account/password\">Change password</a></p>\n");
	html_raw(b, "<p><a href=\"/account/mfa\">Two-step sign-in (MFA)</a></p>\n");
	if (s->row.impersonator_id == 0)
		zone_form(r, b, s, zone);
	if ((rc = mail_prefs_form(r, b, s)) != DB_OK ||
	    (rc = ical_account_section(r, p)) != DB_OK)
		return status_for_db(rc);
	html_raw(b, "<h2 id=\"sessions-h\">Active sessions</h2>\n"
	    "<table class=\"sessions\" tabindex=\"0\" aria-labelledby=\"sessions-h\">\n"
	    "<thead><tr>"
	    "<th>Device</th><th>Address</th><th>Signed in</th>"
	    "<th>Last seen</th>"
	    "<th><span class=\"vh\">Actions</span></th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct user_session *u = &rows[i];
		char hex[65], device[AGENT_NAME_MAX];

		hex_encode(u->hash, 32, hex);
		html_raw(b, "<tr>");
		/* The device by name; what it sent, whole, on hover. */
		agent_name(u->user_agent, device);
		html_raw(b, "<td title=\"");
		html_attr(b, u->user_agent != NULL ? u->user_agent : "");
		html_raw(b, "\">");
		html_text(b, device);
		html_raw(b, "</td>");
		html_cells(b, u->ip != NULL ? u->ip : "", (const char *)NULL);
		html_time_cell(b, u->created);
		html_time_cell(b, u->last_seen);
		html_raw(b, "<td>");
		if (memcmp(u->hash, s->hash, 32) == 0)
			html_raw(b, "This device");
		else if (s->row.impersonator_id == 0) {
			page_form(b, s->csrf_token, NULL, "/account/sessions/end");
			html_hidden(b, "session", "%s", hex);
			html_raw(b, "<button type=\"submit\">End</button></form>");
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	page_end(p);
	return 0;
}

/* POST /account/mail: a portal user's choice of mail about new statements and
 * documents (change_mail_prefs()). */
int
handle_account_mail(struct req *r, struct resp *p)
{
	struct session *s = need_user(r, p);
	struct input_val in[AK__MAX];
	struct change_result out;
	struct actor who;
	int rc;

	if (s == NULL)
		return 0;
	if (s->row.kind != PRINCIPAL_PORTAL)
		return 404;
	if ((rc = refuse_if_impersonating(s)) != 0)
		return rc;
	auth_input(r, INPUT_FORM, in);
	page_actor(r, &who);
	if ((rc = change_mail_prefs(&who, in[AK_MAIL_STATEMENTS].i != 0,
	    in[AK_MAIL_DOCUMENTS].i != 0, &out)) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, "/account?mail=1");
	return 0;
}

/* POST /account/zone: the user's own time zone (change_user_zone()). */
int
handle_account_zone(struct req *r, struct resp *p)
{
	struct session *s = need_user(r, p);
	struct input_val in[AK__MAX];
	struct change_result out;
	struct actor who;
	char why[400];
	int rc;

	if (s == NULL)
		return 0;
	if ((rc = refuse_if_impersonating(s)) != 0)
		return rc;
	auth_input(r, INPUT_FORM, in);
	if (in[AK_TIME_ZONE].st == INPUT_BAD) {
		p->status = 400;
		return account_page(r, p, "Time zone not saved: a time zone is named "
		    "like Europe/Berlin.", NULL);
	}
	page_actor(r, &who);
	rc = change_user_zone(&who, s->row.kind, in_str(&in[AK_TIME_ZONE]), &out);
	if (rc == CHANGE_INVALID) {
		snprintf(why, sizeof(why), "%s: %s", out.title, change_sentence(&out));
		p->status = 400;
		return account_page(r, p, why, in_str(&in[AK_TIME_ZONE]));
	}
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, "/account?zone=1");
	return 0;
}

static int
unhex32(const char *s, unsigned char out[32])
{
	static const char digits[] = "0123456789abcdef";

	if (s == NULL || strlen(s) != 64)
		return -1;
	for (size_t i = 0; i < 32; i++) {
		const char *hi = strchr(digits, s[2 * i]), *lo = strchr(digits, s[2 * i + 1]);

		if (s[2 * i] == '\0' || s[2 * i + 1] == '\0' || hi == NULL || lo == NULL)
			return -1;
		out[i] = (unsigned char)((hi - digits) << 4 | (lo - digits));
	}
	return 0;
}

int
handle_session_end(struct req *r, struct resp *p)
{
	struct session *s = need_user(r, p);
	struct input_val in[AK__MAX];
	struct change_result out;
	unsigned char hash[32];
	struct actor who;
	int rc;

	if (s == NULL)
		return 0;
	if ((rc = refuse_if_impersonating(s)) != 0)
		return rc;
	auth_input(r, INPUT_FORM, in);
	if (unhex32(in_str(&in[AK_SESSION]), hash) < 0)
		return 400;
	page_actor(r, &who);
	if ((rc = change_session_end(&who, s->row.kind, hash, &out)) != CHANGE_OK)
		return status_for_change(rc);
	if (memcmp(hash, s->hash, 32) == 0) {
		sess_end(r, p);
		resp_redirect(p, 303, "/");
	} else
		resp_redirect(p, 303, "/account");
	return 0;
}

const char current_password_wrong[] = "The current password is not correct (or, "
    "after too many tries, checking it is paused for a while).";

int
current_password_check(struct req *r, const char *where, const char *pw, int *ok)
{
	const struct session *s = r->session;
	struct throttle_key tk;
	char *hash, detail[64];
	int refused, counted, rc;

	*ok = PASSWORD_WRONG;
	throttle_key_user(r, THROTTLE_PASSWORD, s->row.kind, s->row.user_id, &tk);
	if ((rc = throttle_check(r, &tk, &refused, &counted)) != DB_OK || refused)
		return rc;
	if ((rc = store_password_get(&r->arena, s->row.kind, r->tenant->id,
	    s->row.user_id, &hash)) != DB_OK)
		return rc;
	if (hash != NULL)
		*ok = password_check(hash, pw);
	if (*ok == PASSWORD_BUSY)
		return DB_OK;		/* nothing was checked: nothing to count */
	if (*ok == PASSWORD_MATCH)
		return throttle_success(r, &tk, counted);
	snprintf(detail, sizeof(detail), "where=%s", where);
	if ((rc = audit(r, "password.check_failure", principal_name(s->row.kind),
	    s->row.user_id, detail)) != DB_OK)
		return rc;
	return throttle_failure(r, &tk, principal_name(s->row.kind), s->row.user_id,
	    NULL);
}

static int
password_form(struct req *r, struct resp *p, const char *error)
{
	struct buf *b = &p->body;

	page_begin(r, p, "Change password");
	html_raw(b, "<h1>Change password</h1>\n");
	if (r->session->row.must_change_password)
		html_raw(b, "<p class=\"notice\">Please choose your own password before you "
		    "go on.</p>\n");
	if (error != NULL)
		page_error_text(p, error);
	page_form(b, r->session->csrf_token, NULL, "/account/password");
	html_raw(b, "<label for=\"current\">Current password</label>\n"
	    "<input id=\"current\" name=\"current\" type=\"password\" "
	    "autocomplete=\"current-password\" required maxlength=\"512\">\n");
	page_new_password_fields(b);
	html_raw(b, "<p><button type=\"submit\">Change password</button></p>\n</form>\n");
	page_end(p);
	return 0;
}

int
handle_password(struct req *r, struct resp *p)
{
	struct session *s = need_user(r, p);
	struct input_val in[AK__MAX];
	struct password_change ch;
	struct change_result out;
	struct actor who;
	int ok, rc;

	if (s == NULL)
		return 0;
	if ((rc = refuse_if_impersonating(s)) != 0)
		return rc;
	if (r->method != METHOD_POST)
		return password_form(r, p, NULL);
	auth_input(r, INPUT_FORM, in);
	ch = (struct password_change){ .kind = s->row.kind, .current = in[AK_CURRENT].s,
	    .pw = in[AK_NEW].s, .again = in[AK_CONFIRM].s, .keep = s->hash };
	if (ch.current == NULL || ch.pw == NULL || ch.again == NULL)
		return 400;
	if ((rc = current_password_check(r, "/account/password", ch.current, &ok)) !=
	    DB_OK)
		return status_for_db(rc);
	if (ok == PASSWORD_BUSY)
		return 503;
	if (ok != PASSWORD_MATCH)
		return password_form(r, p, current_password_wrong);
	page_actor(r, &who);
	if ((rc = change_password(&who, &ch, &out)) == CHANGE_INVALID)
		return password_form(r, p, out.msg);
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, "/account?changed=1");
	return 0;
}

int
handle_staff_home(struct req *r, struct resp *p)
{
	struct session *s = r->session;
	struct buf *b = &p->body;

	if (page_need_staff(r, p) == NULL)
		return 0;
	page_begin(r, p, "Staff");
	html_raw(b, "<h1>");
	html_text(b, r->tenant->name);
	html_raw(b, " \xe2\x80\x94 staff</h1>\n<p>Signed in as ");
	html_text(b, s->row.login != NULL ? s->row.login : "");
	if (sess_is_admin(s))
		html_raw(b, " (administrator)");
	html_raw(b, ".</p>\n<ul>\n<li><a href=\"/staff/customers\">Customers</a></li>\n"
	    "<li><a href=\"/staff/properties\">Properties</a></li>\n"
	    "<li><a href=\"/staff/portal-users\">Customers and portal users</a></li>\n"
	    "<li><a href=\"/staff/users\">Portal users</a>"
	    "</li>\n<li><a href=\"/staff/groups\">Permission groups</a></li>\n"
	    "<li><a href=\"/staff/formulas\">Money formulas</a></li>\n"
	    "<li><a href=\"/staff/bookings\">Bookings and block-offs</a></li>\n"
	    "<li><a href=\"/account\">Your account and sessions</a></li>\n");
	if (staff_may(r, "/staff/audit", METHOD_GET))
		html_raw(b, "<li><a href=\"/staff/audit\">Audit log</a></li>\n");
	if (staff_may(r, "/staff/team", METHOD_GET))
		html_raw(b, "<li><a href=\"/staff/team\">Staff and their MFA</a></li>\n");
	if (staff_may(r, "/staff/api", METHOD_GET))
		html_raw(b, "<li><a href=\"/staff/api\">API keys</a></li>\n");
	html_raw(b, "<li><a href=\"/staff/calendars\">Calendar feeds</a></li>\n");
	if (staff_may(r, "/staff/webhooks", METHOD_GET))
		html_raw(b, "<li><a href=\"/staff/webhooks\">Webhooks</a></li>\n");
	if (staff_may(r, "/staff/brand", METHOD_GET))
		html_raw(b, "<li><a href=\"/staff/brand\">Brand: logo, colour, mail "
		    "sender</a></li>\n");
	html_raw(b, "</ul>\n");
	page_end(p);
	return 0;
}

/* porch — SPDX-License-Identifier: MIT
 * Token links: the public /t/<token> that lets a customer without portal users in
 * without a password (asking first when it would end the browser's session), the
 * /portal landing page behind it, and the staff page of a
 * customer (/staff/customers/<id>) where the link is shown, rotated, given an expiry
 * date, disabled and enabled again. The token never reaches a log line, an audit
 * entry or a Referer header.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "session.h"
#include "store_tokenlink.h"
#include "store_users.h"
#include "tenant.h"
#include "tokenlink.h"

#define STAFF_CUSTOMER_PREFIX	"/staff/customers/"

/*
 * The same page for unknown, malformed, rotated, expired and disabled links, so the
 * page says nothing about which tokens once existed. No request id: it would make
 * two answers differ.
 */
static int
tokenlink_gone(struct req *r, struct resp *p)
{
	p->status = 404;
	page_begin(r, p, "Link not valid");
	html_raw(&p->body, "<h1>This link is not valid</h1>\n<p>It was replaced, it "
	    "expired or was switched off, or it was never issued. Ask the office for a "
	    "current link, or <a href=\"/login\">sign in</a> if you have an account.</p>\n");
	page_end(p);
	return 0;
}

/*
 * Asked instead of opening the link when the browser already has a session of this
 * tenant and the request did not come from one of this site's own pages: the link
 * would end that session, so a page elsewhere (or a mail) must not do it unasked.
 * The button posts the token back from this page, same-origin, with the CSRF token.
 */
static int
tokenlink_confirm(struct req *r, struct resp *p, const char *token)
{
	const struct session *s = r->session;
	struct buf *b = &p->body;

	page_begin(r, p, "Open this link?");
	html_raw(b, "<h1>Open this link?</h1>\n<p>You are signed in here");
	if (s->row.kind != PRINCIPAL_TOKEN && s->row.name != NULL) {
		html_raw(b, " as <strong>");
		html_text(b, s->row.name);
		html_raw(b, "</strong>");
	}
	html_raw(b, ". Opening this link signs you out first and shows the portal the "
	    "link is for.</p>\n<form method=\"post\" action=\"" TOKENLINK_PREFIX "\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<input type=\"hidden\" name=\"token\" value=\"");
	html_attr(b, token);
	html_raw(b, "\">\n<p><button type=\"submit\">Sign out and open the link</button>"
	    "</p>\n</form>\n<p><a href=\"/\">Stay signed in</a></p>\n");
	page_end(p);
	return 0;
}

/* GET /t/<token>; POST /t/ with the token in the form, from tokenlink_confirm(). */
int
handle_tokenlink(struct req *r, struct resp *p)
{
	const struct session *s = r->session;
	const char *token;
	unsigned char hash[32];
	int64_t customer;
	int has_users, rc;

	/* The address holds the secret: no page of ours may pass it on. */
	p->no_referrer = 1;
	if (r->method == METHOD_POST)
		token = req_form(r, "token");
	else
		token = r->path + strlen(TOKENLINK_PREFIX);
	if (token == NULL || token_hash(token, hash) < 0)
		return tokenlink_gone(r, p);
	if ((rc = store_tokenlink_find(&r->arena, r->tenant->id, hash, &customer,
	    &has_users)) != DB_OK)
		return status_for_db(rc);
	if (customer == 0)
		return tokenlink_gone(r, p);
	if (has_users) {
		/* The customer has accounts now: the link alone is no longer enough. */
		if ((rc = audit_as(r, "tokenlink.refused_has_users", NULL, 0, "customer",
		    customer, NULL)) != DB_OK)
			return status_for_db(rc);
		resp_redirect(p, 303, "/login?link=1");
		return 0;
	}
	/* In through this very link already (a live session proves it is current). */
	if (s != NULL && s->row.kind == PRINCIPAL_TOKEN && s->row.customer_id == customer) {
		resp_redirect(p, 303, "/portal");
		return 0;
	}
	/*
	 * Only a page of this site may swap a session unasked. A mail program's link
	 * arrives as "none" and old browsers send nothing: both are asked too.
	 */
	if (r->method != METHOD_POST && s != NULL &&
	    strcmp(r->sec_fetch_site, "same-origin") != 0)
		return tokenlink_confirm(r, p, token);
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	if ((rc = sess_start_token(r, p, customer, hash)) != DB_OK ||
	    (rc = audit_as(r, "tokenlink.use", "token", customer, "customer", customer,
	    NULL)) != DB_OK ||
	    (rc = db_commit()) != DB_OK) {
		db_rollback();
		return status_for_db(rc);
	}
	/* Away from the token: bookmarks, history and Referer see only /portal. */
	resp_redirect(p, 303, "/portal");
	return 0;
}

/* Is s a calendar date "YYYY-MM-DD" (years 2000-9999)? */
static int
valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

/* Did the last day date ("YYYY-MM-DD") already end, in UTC? */
static int
date_past(const char *date)
{
	time_t now = time(NULL);
	struct tm tm;
	char today[16];

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	return strcmp(date, today) < 0;
}

static const char *const tl_notices[][2] = {
	{ "rotated", "A new link was made. The old one no longer works." },
	{ "expiry", "The expiry date was saved." },
	{ "disabled", "The link was disabled. Visitors who came in through it were "
	    "signed out." },
	{ "enabled", "The link was enabled again." },
};

/* A one-button form posting do=act to the customer page. */
static void
tl_button(struct buf *b, const struct session *s, const char *action,
    const char *act, const char *label)
{
	html_raw(b, "<form method=\"post\" action=\"");
	html_attr(b, action);
	html_raw(b, "\" class=\"inline\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<input type=\"hidden\" name=\"do\" value=\"");
	html_attr(b, act);
	html_raw(b, "\"><button type=\"submit\">");
	html_text(b, label);
	html_raw(b, "</button></form>\n");
}

/* The link, its state and the controls; the link itself only when its copy opens. */
static void
tl_section(struct req *r, struct buf *b, const struct tokenlink *t,
    const char *action)
{
	const struct session *s = r->session;
	char text[TOKEN_B64_LEN + 1];

	html_raw(b, "<section class=\"tokenlink\">\n<h2>Token link</h2>\n"
	    "<p class=\"hint\">Whoever has this link opens the customer's portal without "
	    "a password, as long as the customer has no active portal user.</p>\n");
	if (t->enc == NULL) {
		html_raw(b, "<p class=\"tokenlink-state\">No link has been issued for this "
		    "customer yet.</p>\n");
		tl_button(b, s, action, "rotate", "Issue a link");
		html_raw(b, "</section>\n");
		return;
	}
	html_raw(b, "<p class=\"tokenlink-state\">Status: <strong>");
	if (t->disabled)
		html_raw(b, "disabled");
	else if (t->expired)
		html_raw(b, "expired");
	else
		html_raw(b, "active");
	html_raw(b, "</strong>");
	if (t->expires != NULL) {
		html_text(b, t->expired ? " (expired after " : " (works until the end of ");
		html_text(b, t->expires);
		html_raw(b, ", UTC)");
	}
	if (t->created != NULL) {
		html_raw(b, "; made ");
		html_text(b, t->created);
		html_raw(b, " UTC");
	}
	html_raw(b, ".</p>\n");
	if (t->has_users)
		html_raw(b, "<p class=\"notice\">This customer has an active portal user: "
		    "the link now sends visitors to sign in.</p>\n");
	if (tokenlink_reveal(r->cfg->secret_key, r->tenant->id, t->customer_id, t->enc,
	    t->enc_len, text) == 0) {
		html_raw(b, "<label for=\"tokenlink\">Link (select it to copy)</label>\n"
		    "<input id=\"tokenlink\" class=\"tokenlink\" type=\"text\" readonly "
		    "size=\"80\" value=\"");
		html_attr(b, req_origin(r));
		html_attr(b, TOKENLINK_PREFIX);
		html_attr(b, text);
		html_raw(b, "\">\n");
		OPENSSL_cleanse(text, sizeof(text));
	} else
		html_raw(b, "<p class=\"error\" role=\"alert\">The stored copy of this link "
		    "cannot be read (the server's key changed, or the copy does not belong "
		    "to this customer). Make a new link to show it again.</p>\n");
	tl_button(b, s, action, "rotate", "Make a new link (the old one stops working)");
	tl_button(b, s, action, t->disabled ? "enable" : "disable",
	    t->disabled ? "Enable the link" : "Disable the link");
	html_raw(b, "<form method=\"post\" action=\"");
	html_attr(b, action);
	html_raw(b, "\" class=\"inline\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<input type=\"hidden\" name=\"do\" value=\"expiry\">\n"
	    "<label for=\"expires\">Last day the link works (UTC)</label>\n"
	    "<input id=\"expires\" name=\"expires\" type=\"date\" value=\"");
	html_attr(b, t->expires != NULL ? t->expires : "");
	html_raw(b, "\"><button type=\"submit\">Set expiry</button></form>\n");
	if (t->expires != NULL)
		tl_button(b, s, action, "expiry", "Remove the expiry date");
	html_raw(b, "</section>\n");
}

/* The staff page of one customer, with a notice or an error (status 200 or given). */
static int
customer_page(struct req *r, struct resp *p, const struct tokenlink *t, int status,
    const char *error)
{
	const char *msg = req_param(r, "done");
	struct buf *b = &p->body;
	char action[64];

	snprintf(action, sizeof(action), STAFF_CUSTOMER_PREFIX "%lld",
	    (long long)t->customer_id);
	page_begin(r, p, t->name);
	if (status != 0)
		p->status = status;
	html_raw(b, "<p><a href=\"/staff/customers\">\xe2\x86\x90 Customers</a></p>\n"
	    "<h1>");
	html_text(b, t->name);
	html_raw(b, "</h1>\n");
	if (error == NULL)
		page_notice(p, tl_notices, NELEM(tl_notices), msg);
	if (error != NULL)
		page_error_text(p, error);
	tl_section(r, b, t, action);
	page_end(p);
	return 0;
}

/* What staff may do to a link: the form's "do", its audit action and its notice. */
enum tl_op { TL_ROTATE, TL_EXPIRY, TL_DISABLE, TL_ENABLE, TL__MAX };

static const struct {
	const char	*act;
	const char	*audit;
	const char	*done;
} tl_ops[TL__MAX] = {
	[TL_ROTATE] = { "rotate", "tokenlink.rotate", "rotated" },
	[TL_EXPIRY] = { "expiry", "tokenlink.expiry", "expiry" },
	[TL_DISABLE] = { "disable", "tokenlink.disable", "disabled" },
	[TL_ENABLE] = { "enable", "tokenlink.enable", "enabled" },
};

/*
 * POST /staff/customers/<id>: do = rotate | expiry (with expires, empty to remove
 * it) | disable | enable. A change that ends the link also ends the sessions of the
 * visitors who came in through it.
 */
static int
tokenlink_change(struct req *r, struct resp *p, const struct tokenlink *t)
{
	const char *act = req_form(r, "do"), *expires = req_form(r, "expires");
	const char *detail = NULL;
	int64_t id = t->customer_id, tenant = r->tenant->id;
	int end_sessions = 0, issued, rc;
	enum tl_op op;
	char loc[96];

	for (op = 0; op < TL__MAX; op++)
		if (act != NULL && strcmp(act, tl_ops[op].act) == 0)
			break;
	if (op == TL__MAX)
		return 400;
	if (op == TL_EXPIRY) {
		if (expires != NULL && expires[0] == '\0')
			expires = NULL;
		if (expires != NULL && !valid_date(expires))
			return customer_page(r, p, t, 400, "Give the expiry as a date, "
			    "YYYY-MM-DD.");
	}
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	switch (op) {
	case TL_ROTATE:
		rc = tokenlink_issue(&r->arena, r->cfg->secret_key, tenant, id, 1,
		    &issued);
		detail = t->enc == NULL ? "first link" : NULL;
		end_sessions = 1;
		break;
	case TL_EXPIRY:
		rc = store_tokenlink_set_expiry(&r->arena, tenant, id, expires);
		detail = expires != NULL ? expires : "none";
		/* A day already over ends the link now. */
		end_sessions = expires != NULL && date_past(expires);
		break;
	default:
		rc = store_tokenlink_set_disabled(&r->arena, tenant, id, op == TL_DISABLE);
		end_sessions = op == TL_DISABLE;
		break;
	}
	if (rc == DB_OK && end_sessions)
		rc = store_token_sessions_del(&r->arena, tenant, id);
	if (rc == DB_OK)
		rc = audit(r, tl_ops[op].audit, "customer", id, detail);
	if (rc != DB_OK || (rc = db_commit()) != DB_OK) {
		db_rollback();
		return status_for_db(rc);
	}
	snprintf(loc, sizeof(loc), STAFF_CUSTOMER_PREFIX "%lld?done=%s", (long long)id,
	    tl_ops[op].done);
	resp_redirect(p, 303, loc);
	return 0;
}

/* GET|POST /staff/customers/<id>; another tenant's customer is a 404. */
int
handle_staff_customer(struct req *r, struct resp *p)
{
	const char *sid = r->path + strlen(STAFF_CUSTOMER_PREFIX);
	struct tokenlink t;
	long long id;
	int found, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if (parse_int(sid, 1, INT64_MAX, &id) < 0)
		return 404;
	if ((rc = store_tokenlink_get(&r->arena, r->tenant->id, id, &t, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (r->method == METHOD_POST)
		return tokenlink_change(r, p, &t);
	return customer_page(r, p, &t, 0, NULL);
}

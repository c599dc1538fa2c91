/* porch — SPDX-License-Identifier: MIT
 * Token links: the public /t/<token> that lets a customer without portal users in
 * without a password (asking first when it would end the browser's session), the
 * /portal landing page behind it, and the staff page of a
 * customer (/staff/customers/<id>) where the link is shown, rotated, given an expiry
 * date, disabled and enabled again (change_tokenlink() in module/change). The token
 * never reaches a log line, an audit entry or a Referer header.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "auth.h"
#include "change.h"
#include "date.h"
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
	    "link is for.</p>\n");
	page_form(b, s->csrf_token, NULL, TOKENLINK_PREFIX);
	html_hidden(b, "token", "%s", token);
	html_raw(b, "<p><button type=\"submit\">Sign out and open the link</button>"
	    "</p>\n</form>\n<p><a href=\"/\">Stay signed in</a></p>\n");
	page_end(p);
	return 0;
}

/* The request a token link's session is made for, and the link's hash. */
struct link_ctx {
	struct req		*r;
	struct resp		*p;
	const unsigned char	*hash;
};

/* The session for customer, through the link. */
static int
link_open(void *ctx, int64_t customer)
{
	struct link_ctx *c = ctx;

	return sess_start_token(c->r, c->p, customer, c->hash);
}

/* The session for the link's customer, with its audit entry e, if the link opens
 * the portal now (*landed 1), in one statement. */
static int
link_land(void *ctx, const struct audit_entry *e, int *landed)
{
	struct link_ctx *c = ctx;

	return sess_start_link(c->r, c->p, c->hash, e, landed);
}

/*
 * The visitor's session through the link with hash, and its audit entry, together
 * or not at all: for customer, or (customer 0: a visitor without a session) for
 * the link's customer if the link opens the portal now, in one statement (*landed
 * 1), *landed 0 when it does not.
 */
static int
tokenlink_land(struct req *r, struct resp *p, const unsigned char hash[32],
    int64_t customer, int *landed)
{
	struct link_ctx c;
	struct actor who;

	page_actor(r, &who);
	who.kind = "token";
	who.id = customer;
	who.impersonator = 0;
	c.r = r;
	c.p = p;
	c.hash = hash;
	*landed = customer != 0;
	if (customer == 0)
		return change_session_land(&who, "tokenlink.use", "customer", landed,
		    link_land, &c);
	return change_session(&who, "tokenlink.use", "customer", customer, link_open,
	    &c);
}

/* GET /t/<token>; POST /t/ with the token in the form, from tokenlink_confirm(). */
int
handle_tokenlink(struct req *r, struct resp *p)
{
	const struct session *s = r->session;
	struct input_val in[AK__MAX];
	const char *token;
	unsigned char hash[32];
	int64_t customer;
	int has_users, landed, rc;

	/* The address holds the secret: no page of ours may pass it on. */
	p->no_referrer = 1;
	auth_input(r, INPUT_FORM, in);
	if (r->method == METHOD_POST)
		token = in[AK_TOKEN].s;
	else
		token = r->path + strlen(TOKENLINK_PREFIX);
	if (token == NULL || token_hash(token, hash) < 0)
		return tokenlink_gone(r, p);
	/*
	 * A visitor without a session (a link opened from a mail): the link checked,
	 * the session made and its audit entry written in one statement, its own
	 * transaction. A link that does not open the portal takes the path below,
	 * which says why.
	 */
	if (s == NULL) {
		if ((rc = tokenlink_land(r, p, hash, 0, &landed)) != DB_OK)
			return status_for_db(rc);
		if (landed) {
			resp_redirect(p, 303, "/portal");
			return 0;
		}
	}
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
	if ((rc = tokenlink_land(r, p, hash, customer, &landed)) != DB_OK)
		return status_for_db(rc);
	/* Away from the token: bookmarks, history and Referer see only /portal. */
	resp_redirect(p, 303, "/portal");
	return 0;
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
	page_button(b, s, action, NULL, 0, act, label);
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
		html_day(b, t->expires);
		html_raw(b, ", UTC)");
	}
	if (t->created != NULL) {
		html_raw(b, "; made ");
		html_time(b, t->created);
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
	page_form(b, s->csrf_token, "inline", "%s", action);
	html_hidden(b, "do", "expiry");
	html_raw(b, "<label for=\"expires\">Last day the link works (UTC)</label>\n"
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
	struct input_val in[AK__MAX];
	struct buf *b = &p->body;
	char action[64];
	int rc;

	snprintf(action, sizeof(action), STAFF_CUSTOMER_PREFIX "%lld",
	    (long long)t->customer_id);
	page_begin(r, p, t->name);
	if (status != 0)
		p->status = status;
	html_raw(b, "<p><a href=\"/staff/customers\">\xe2\x86\x90 Customers</a></p>\n"
	    "<h1>");
	html_text(b, t->name);
	html_raw(b, "</h1>\n");
	if (error == NULL) {
		auth_input(r, INPUT_QUERY, in);
		page_notice(p, tl_notices, NELEM(tl_notices), in_str(&in[AK_DONE]));
	}
	if (error != NULL)
		page_error_text(p, error);
	if ((rc = office_customer_sections(r, p, t->customer_id, error == NULL)) !=
	    DB_OK)
		return status_for_db(rc);
	tl_section(r, b, t, action);
	page_end(p);
	return 0;
}

int
staff_customer_page(struct req *r, struct resp *p, int64_t id, int status,
    const char *error)
{
	struct tokenlink t;
	int found, rc;

	if ((rc = store_tokenlink_get(&r->arena, r->tenant->id, id, &t, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	return customer_page(r, p, &t, status, error);
}

/* What staff may do to a link: the form's "do" and the notice after it. */
static const struct {
	const char	*act;
	const char	*done;
} tl_ops[TOKENLINK__MAX] = {
	[TOKENLINK_ROTATE] = { "rotate", "rotated" },
	[TOKENLINK_EXPIRY] = { "expiry", "expiry" },
	[TOKENLINK_DISABLE] = { "disable", "disabled" },
	[TOKENLINK_ENABLE] = { "enable", "enabled" },
};

/* The confirmation page of a change ch of t's issued link (page_confirm()). */
static int
tokenlink_confirm_change(struct req *r, struct resp *p, const struct tokenlink *t,
    const struct tokenlink_change *ch, const char *expires)
{
	char what[512], cancel[64], day[DATE_HUMAN_LEN];
	const char *title, *button;

	snprintf(cancel, sizeof(cancel), STAFF_CUSTOMER_PREFIX "%lld",
	    (long long)t->customer_id);
	switch (ch->op) {
	case TOKENLINK_ROTATE:
		title = "Make a new token link?";
		button = "Make a new link";
		snprintf(what, sizeof(what), "%s gets a new link; the old link stops "
		    "working at once, for everyone who has it.", t->name);
		break;
	case TOKENLINK_DISABLE:
		title = "Disable the token link?";
		button = "Disable the link";
		snprintf(what, sizeof(what), "The link of %s stops working until it is "
		    "enabled again.", t->name);
		break;
	case TOKENLINK_ENABLE:
		title = "Enable the token link?";
		button = "Enable the link";
		snprintf(what, sizeof(what), "The link of %s works again for whoever has "
		    "it.", t->name);
		break;
	default:
		title = "Change the link\xe2\x80\x99s expiry?";
		button = expires != NULL ? "Set expiry" : "Remove the expiry date";
		if (expires != NULL) {
			date_human(expires, day);
			snprintf(what, sizeof(what), "The link of %s works until the end of "
			    "%s (UTC), then stops.", t->name, day);
		} else
			snprintf(what, sizeof(what), "The link of %s no longer expires: it "
			    "works until it is disabled or replaced.", t->name);
		break;
	}
	return page_confirm(r, p, title, what, button, cancel);
}

/*
 * POST /staff/customers/<id>: do = rotate | expiry (with expires, empty to remove
 * it) | disable | enable.
 */
static int
tokenlink_post(struct req *r, struct resp *p, const struct tokenlink *t)
{
	struct input_val in[AK__MAX];
	struct tokenlink_change ch = { .customer = t->customer_id,
	    .first = t->enc == NULL, .expires = -1 };
	struct change_result out;
	const char *act;
	struct actor who;
	char loc[96];
	int rc;

	auth_input(r, INPUT_FORM, in);
	act = in_str(&in[AK_DO]);
	for (ch.op = 0; ch.op < TOKENLINK__MAX; ch.op++)
		if (act != NULL && strcmp(act, tl_ops[ch.op].act) == 0)
			break;
	if (ch.op == TOKENLINK__MAX)
		return 400;
	if (ch.op == TOKENLINK_EXPIRY) {
		if (in[AK_EXPIRES].st == INPUT_BAD)
			return customer_page(r, p, t, 400, "Give the expiry as a date, "
			    "YYYY-MM-DD.");
		if (in[AK_EXPIRES].st == INPUT_OK)
			ch.expires = (long)in_int(&in[AK_EXPIRES]);
	}
	/* Every change of an issued link is asked first; issuing the first is not. */
	if (!ch.first && !page_confirmed(r))
		return tokenlink_confirm_change(r, p, t, &ch, in_str(&in[AK_EXPIRES]));
	page_actor(r, &who);
	if ((rc = change_tokenlink(&who, &ch, &out)) != CHANGE_OK)
		return status_for_change(rc);
	snprintf(loc, sizeof(loc), STAFF_CUSTOMER_PREFIX "%lld?done=%s",
	    (long long)ch.customer, tl_ops[ch.op].done);
	resp_redirect(p, 303, loc);
	return 0;
}

/* GET|POST /staff/customers/<id>; another tenant's customer is a 404. */
int
handle_staff_customer(struct req *r, struct resp *p)
{
	const char *rest;
	struct tokenlink t;
	int64_t id;
	int found, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((id = input_path_id(r, STAFF_CUSTOMER_PREFIX, &rest)) == 0 || rest[0] != '\0')
		return 404;
	if ((rc = store_tokenlink_get(&r->arena, r->tenant->id, id, &t, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (r->method == METHOD_POST)
		return tokenlink_post(r, p, &t);
	return customer_page(r, p, &t, 0, NULL);
}

/* porch — SPDX-License-Identifier: MIT
 * The webhooks page for tenant admins (ROUTE_ADMIN in routes.c): the tenant's
 * endpoints with their latest deliveries and failures, a form to register one (its
 * signing secret shown once), and per endpoint a button to remove it and one per
 * delivery to send that event again. Every change goes through module/change
 * (webhooks.c), which audits it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "change.h"
#include "event.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_webhooks.h"
#include "tenant.h"

#define DELIVERIES_SHOWN	20	/* per endpoint, newest first */

/* Every form and query key of the page. */
enum webhook_key {
	WK_URL,			/* POST /staff/webhooks: the new endpoint */
	WK_EVENT,		/* POST .../ID/resend: the event */
	WK_DONE,		/* query: the notice of a finished change */
	WK__MAX
};

static const struct input_key webhook_keys[WK__MAX] = {
	[WK_URL] = { "url", IN_LINE, 0, 0, WEBHOOK_URL_MAX },
	[WK_EVENT] = { "event", IN_ID, 0, 0, 0 },
	[WK_DONE] = { "done", IN_RAW, 0, 0, 0 },
};

static const char *const notices[][2] = {
	{ "removed", "The endpoint was removed: nothing more is sent to it." },
	{ "resent", "The event will be sent again with the next pass of the sender." },
	{ "waiting", "The endpoint has not delivered that event yet: it is tried again "
	    "now, in its turn." },
};

/* One delivery's row, with its "Send again" button. */
static void
delivery_row(struct buf *b, const struct session *s, int64_t endpoint,
    const struct webhook_delivery *d)
{
	char action[64], status[24];

	snprintf(status, sizeof(status), "%" PRId64, d->last_status);
	html_rawf(b, "<tr class=\"delivery\" data-event=\"%lld\"><td>%lld</td>",
	    (long long)d->event, (long long)d->event);
	html_cells(b, d->type, (const char *)NULL);
	if (d->delivered != NULL)
		html_time_cell(b, d->delivered);
	else
		html_cells(b, "not delivered", (const char *)NULL);
	html_rawf(b, "<td class=\"attempts\">%lld</td>", (long long)d->attempts);
	html_cells(b, d->last_status != 0 ? status : "-",
	    d->last_error != NULL ? d->last_error : "-", (const char *)NULL);
	if (d->delivered == NULL && d->next_try != NULL)
		html_time_cell(b, d->next_try);
	else
		html_cells(b, d->resend ? "queued again" : "-", (const char *)NULL);
	html_raw(b, "<td>");
	snprintf(action, sizeof(action), "/staff/webhooks/%" PRId64 "/resend", endpoint);
	page_button(b, s, action, "event", d->event, NULL, "Send again");
	html_raw(b, "</td></tr>\n");
}

/* One endpoint: its state, its remove button, its latest deliveries. */
static int
endpoint_block(struct req *r, struct buf *b, const struct session *s,
    const struct webhook_line *w)
{
	struct webhook_delivery *d;
	char action[64];
	size_t n;
	int rc;

	if ((rc = store_webhook_deliveries(&r->arena, r->tenant->id, w->id,
	    DELIVERIES_SHOWN, &d, &n)) != DB_OK)
		return rc;
	html_rawf(b, "<section class=\"endpoint\" id=\"endpoint-%lld\">\n<h2>Endpoint "
	    "%lld</h2>\n<p class=\"url\"><code>", (long long)w->id, (long long)w->id);
	html_text(b, w->url);
	html_raw(b, "</code></p>\n<p>Added ");
	html_time(b, w->created);
	html_rawf(b, "; done with events up to <span class=\"position\">%lld</span>; "
	    "<span class=\"waiting\">%lld</span> waiting.</p>\n", (long long)w->position,
	    (long long)w->waiting);
	if (w->failing != 0) {
		html_rawf(b, "<p class=\"error failing\">Event %lld is failing after %lld "
		    "attempts, next try ", (long long)w->failing, (long long)w->attempts);
		if (w->next_try != NULL)
			html_time(b, w->next_try);
		else
			html_raw(b, "soon");
		html_raw(b, ": ");
		html_text(b, w->last_error != NULL ? w->last_error : "no answer");
		html_raw(b, "</p>\n");
	}
	snprintf(action, sizeof(action), "/staff/webhooks/%" PRId64 "/remove", w->id);
	page_button(b, s, action, NULL, 0, NULL, "Remove endpoint");
	if (n == 0) {
		html_raw(b, "<p>No deliveries yet.</p>\n</section>\n");
		return DB_OK;
	}
	html_raw(b, "<table class=\"deliveries\" tabindex=\"0\" aria-label=\"Deliveries\">"
	    "\n<thead><tr><th>Event</th><th>Type</th>"
	    "<th>Delivered</th><th>Attempts</th><th>Last status</th>"
	    "<th>Last error</th><th>Next try</th>"
	    "<th><span class=\"vh\">Actions</span></th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		delivery_row(b, s, w->id, &d[i]);
	html_raw(b, "</tbody>\n</table>\n</section>\n");
	return DB_OK;
}

/* The page, with the secret of an endpoint just added (shown once) or an error. */
static int
page(struct req *r, struct resp *p, const struct session *s, int64_t added,
    const char *secret, const char *error, const char *url)
{
	struct buf *b = &p->body;
	struct input_val in[WK__MAX];
	struct webhook_line *w;
	size_t n;
	int rc;

	if ((rc = store_webhook_list(&r->arena, r->tenant->id, &w, &n)) != DB_OK)
		return status_for_db(rc);
	input_read(r, INPUT_QUERY, webhook_keys, WK__MAX, in);
	page_begin(r, p, "Webhooks");
	html_raw(b, "<h1>Webhooks</h1>\n");
	page_notice(p, notices, NELEM(notices), in[WK_DONE].s);
	if (secret != NULL) {
		page_notice_textf(p, "added", "Endpoint %" PRId64 " was added. Its signing "
		    "secret is shown this once; keep it with the receiver:", added);
		html_raw(b, "<p><code id=\"secret\">");
		html_text(b, secret);
		html_raw(b, "</code></p>\n");
	}
	if (error != NULL)
		page_error_text(p, error);
	html_raw(b, "<p>Every change made in the portal or by staff is POSTed as JSON to "
	    "each endpoint, in order, signed with its secret (header "
	    "<code>Porch-Signature</code>).</p>\n");
	html_raw(b, "<form method=\"post\" action=\"/staff/webhooks\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<label for=\"url\">Endpoint URL (https://)</label>\n<input id=\"url\" "
	    "name=\"url\" type=\"url\" required maxlength=\"2000\" value=\"");
	html_attr(b, url != NULL ? url : "");
	html_raw(b, "\">\n<p><button type=\"submit\">Add endpoint</button></p>\n"
	    "</form>\n");
	if (n == 0)
		html_raw(b, "<p>No endpoints yet.</p>\n");
	for (size_t i = 0; i < n; i++)
		if ((rc = endpoint_block(r, b, s, &w[i])) != DB_OK)
			return status_for_db(rc);
	page_end(p);
	return 0;
}

int
handle_staff_webhooks(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	char secret[WEBHOOK_SECRET_SIZE];
	struct change_result out;
	struct input_val in[WK__MAX];
	struct actor who;
	int rc;

	if (s == NULL)
		return 0;
	if (r->method != METHOD_POST)
		return page(r, p, s, 0, NULL, NULL, NULL);
	input_read(r, INPUT_FORM, webhook_keys, WK__MAX, in);
	if (in[WK_URL].st == INPUT_BAD) {
		p->status = 400;
		return page(r, p, s, 0, NULL, "That is not a URL: one line of at most "
		    "2000 characters.", NULL);
	}
	page_actor(r, &who);
	rc = change_webhook_add(&who, in_str(&in[WK_URL]), secret, &out);
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT) {
		p->status = status_for_change(rc);
		return page(r, p, s, 0, NULL, change_sentence(&out), in_str(&in[WK_URL]));
	}
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	/* The page with the secret is the POST's answer: nothing to reload later. */
	rc = page(r, p, s, out.id, secret, NULL, NULL);
	OPENSSL_cleanse(secret, sizeof(secret));
	return rc;
}

int
handle_staff_webhook(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct input_val in[WK__MAX];
	struct change_result out;
	struct actor who;
	const char *rest;
	int64_t id;
	uint64_t n;
	int rc;

	if (s == NULL)
		return 0;
	if ((id = input_path_id(r, "/staff/webhooks/", &rest)) == 0)
		return 404;
	page_actor(r, &who);
	if (strcmp(rest, "/remove") == 0) {
		if (!page_confirmed(r))
			return page_confirm(r, p, "Remove this webhook endpoint?", "Nothing "
			    "more is sent to it and its secret is forgotten; its past "
			    "deliveries stay listed.", "Remove endpoint", "/staff/webhooks");
		if ((rc = change_webhook_remove(&who, id, &out)) != CHANGE_OK)
			return status_for_change(rc);
		resp_redirect(p, 303, "/staff/webhooks?done=removed");
		return 0;
	}
	if (strcmp(rest, "/resend") != 0)
		return 404;
	input_read(r, INPUT_FORM, webhook_keys, WK__MAX, in);
	if (in_int(&in[WK_EVENT]) == 0)
		return 400;
	if ((rc = change_webhook_resend(&who, id, in_int(&in[WK_EVENT]), &out, &n)) !=
	    CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, n > 0 ? "/staff/webhooks?done=resent" :
	    "/staff/webhooks?done=waiting");
	return 0;
}

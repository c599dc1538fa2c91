/* porch — SPDX-License-Identifier: MIT
 * The staff audit page (/staff/audit): the tenant's audit log for its admins, newest
 * first, 50 rows a page (?before=<id> for older ones), filtered by user and action
 * (audit_keys).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_staff_audit.h"
#include "tenant.h"

#define AUDIT_PAGE	50

/* Every query key of the page. */
enum audit_key { AK_BEFORE, AK_ACTION, AK_USER, AK__MAX };

static const struct input_key audit_keys[AK__MAX] = {
	[AK_BEFORE] = { "before", IN_ID, 0, 0, 0 },	/* the page below this entry */
	[AK_ACTION] = { "action", IN_LINE, 0, 0, 0 },	/* one of actions[] */
	[AK_USER] = { "user", IN_RAW, 0, 0, 0 },	/* login or email, trimmed below */
};

/* The filter accepts only the actions porch records. */
static int
known_action(const char *a)
{
	return audit_action_label(a) != NULL;
}

static void
cell(struct buf *b, const char *s)
{
	html_raw(b, "<td>");
	html_text(b, s != NULL ? s : "");
	html_raw(b, "</td>");
}

/* An action by its phrase, its name kept in data-action. */
static void
action_cell(struct buf *b, const char *action)
{
	const char *label = audit_action_label(action);

	html_raw(b, "<td data-action=\"");
	html_attr(b, action);
	html_raw(b, "\">");
	html_text(b, label != NULL ? label : action);
	html_raw(b, "</td>");
}

/* A detail with the names of rights and fields as people read them. */
static void
detail_cell(struct buf *b, const char *detail)
{
	struct buf words;

	buf_init(&words, 128);
	audit_detail_words(&words, detail != NULL ? detail : "");
	cell(b, words.data);
	buf_free(&words);
}

/* "kind name" for an actor or a target; just the kind when the row is gone. */
static void
who(struct buf *b, const char *kind, const char *name)
{
	html_raw(b, "<td>");
	if (kind != NULL) {
		html_text(b, kind);
		if (name != NULL) {
			html_raw(b, " ");
			html_text(b, name);
		}
	}
	html_raw(b, "</td>");
}

/* A link to /staff/audit with the page's filters, plus before when not NULL. */
static void
page_link(struct buf *b, const struct audit_query *q, const char *before,
    const char *text)
{
	const struct {
		const char	*key, *value;
	} qs[] = { { "before", before }, { "user", q->user }, { "action", q->action } };
	int first = 1;

	html_raw(b, "<a href=\"/staff/audit");
	for (size_t i = 0; i < NELEM(qs); i++) {
		if (qs[i].value == NULL)
			continue;
		if (first)
			html_raw(b, "?");
		else
			html_raw(b, "&amp;");
		html_url(b, qs[i].key);
		html_raw(b, "=");
		html_url(b, qs[i].value);
		first = 0;
	}
	html_raw(b, "\">");
	html_text(b, text);
	html_raw(b, "</a>");
}

static void
filter_form(struct buf *b, const char *user, const char *action)
{
	size_t nactions;
	const struct audit_action *actions = audit_actions(&nactions);

	html_raw(b, "<form method=\"get\" action=\"/staff/audit\" class=\"filters\">\n"
	    "<label for=\"user\">User (login or email)</label>\n"
	    "<input id=\"user\" name=\"user\" type=\"text\" maxlength=\"254\" value=\"");
	html_attr(b, user != NULL ? user : "");
	html_raw(b, "\">\n<label for=\"action\">Action</label>\n"
	    "<select id=\"action\" name=\"action\">\n<option value=\"\">All</option>\n");
	for (size_t i = 0; i < nactions; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, actions[i].name);
		html_raw(b, "\"");
		if (action != NULL && strcmp(action, actions[i].name) == 0)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, actions[i].label);
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select>\n<button type=\"submit\">Filter</button>\n</form>\n");
}

/*
 * The page's filters from the query into q: 0, or 400 for a malformed "before", an
 * action porch does not record or a user longer than a login.
 */
static int
query_read(struct req *r, struct audit_query *q)
{
	struct input_val in[AK__MAX];

	input_read(r, INPUT_QUERY, audit_keys, AK__MAX, in);
	if (in[AK_BEFORE].st == INPUT_BAD || in[AK_ACTION].st == INPUT_BAD)
		return 400;
	q->before = in_int(&in[AK_BEFORE]);
	q->action = in_str(&in[AK_ACTION]);
	if (q->action != NULL && !known_action(q->action))
		return 400;
	q->user = in[AK_USER].s;
	while (q->user != NULL && *q->user == ' ')
		q->user++;
	if (q->user != NULL && q->user[0] == '\0')
		q->user = NULL;
	if (q->user != NULL && strlen(q->user) > 254)
		return 400;
	return 0;
}

/* The table of lines[0..n). */
static void
audit_table(struct buf *b, const struct audit_line *lines, size_t n)
{
	html_raw(b, "<table class=\"audit\" tabindex=\"0\" aria-label=\"Audit log\">"
	    "\n<thead><tr><th>Time</th>"
	    "<th>Action</th><th>Actor</th><th>Impersonator</th><th>Target</th>"
	    "<th>Client address</th><th>Detail</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<tr>");
		html_time_cell(b, lines[i].at);
		action_cell(b, lines[i].action);
		who(b, lines[i].actor_kind, lines[i].actor);
		cell(b, lines[i].impersonator);
		who(b, lines[i].target_kind, lines[i].target);
		cell(b, lines[i].ip);
		detail_cell(b, lines[i].detail);
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

int
handle_staff_audit(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;
	struct audit_query q = { .limit = AUDIT_PAGE + 1 };
	struct audit_line *lines;
	char older[24];
	size_t n, shown;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((rc = query_read(r, &q)) != 0)
		return rc;
	if ((rc = store_audit_list(&r->arena, r->tenant->id, &q, &lines, &n)) != DB_OK)
		return status_for_db(rc);

	page_begin(r, p, "Audit log");
	html_raw(b, "<h1>Audit log</h1>\n");
	filter_form(b, q.user, q.action);
	shown = n > AUDIT_PAGE ? AUDIT_PAGE : n;
	if (shown == 0)
		html_raw(b, "<p>No entries.</p>\n");
	else
		audit_table(b, lines, shown);
	/* The next page starts below the last row shown, with the same filters. */
	if (q.before != 0 || n > AUDIT_PAGE) {
		html_raw(b, "<p class=\"paging\">");
		if (q.before != 0)
			page_link(b, &q, NULL, "Newest entries");
		if (q.before != 0 && n > AUDIT_PAGE)
			html_raw(b, " ");
		if (n > AUDIT_PAGE) {
			snprintf(older, sizeof(older), "%lld", (long long)lines[shown - 1].id);
			page_link(b, &q, older, "Older entries");
		}
		html_raw(b, "</p>\n");
	}
	page_end(p);
	return 0;
}

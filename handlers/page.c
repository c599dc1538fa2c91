/* porch — SPDX-License-Identifier: MIT
 * The frame of every tenant page: the tenant's name, logo and colours, and for a
 * signed-in visitor their name ("Link visitor" for a token link's), the Account
 * link and a Sign out button;
 * while staff view the site as a portal user ("log in as"), a banner saying so with
 * the button that ends it.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "portal.h"
#include "session.h"
#include "tenant.h"
#include "upload.h"

/*
 * The staff's sections, in the order of the staff navigation bar; each is shown
 * to those whom the route table lets open it (staff_may()). The current one is
 * the section whose path is the request's or a folder of it (a customer's page is
 * under Customers).
 */
static const char *const staff_sections[][2] = {
	{ "/staff/", "Staff home" },
	{ "/staff/customers", "Customers" },
	{ "/staff/portal-users", "Portal users" },
	{ "/staff/users", "Log in as" },
	{ "/staff/properties", "Properties" },
	{ "/staff/bookings", "Bookings" },
	{ "/staff/documents", "Documents" },
	{ "/staff/calendars", "Calendar feeds" },
	{ "/staff/groups", "Groups" },
	{ "/staff/formulas", "Formulas" },
	{ "/staff/import", "Import" },
	{ "/staff/api", "API keys" },
	{ "/staff/webhooks", "Webhooks" },
	{ "/staff/team", "Team" },
	{ "/staff/audit", "Audit log" },
};

/* Is path the section sec, or a page under it ("SEC/...")? */
static int
in_section(const char *path, const char *sec)
{
	size_t n = strlen(sec);

	if (strcmp(sec, "/staff/") == 0)
		return strcmp(path, sec) == 0;
	return strncmp(path, sec, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The staff navigation bar: every section the staff member may open. */
static void
staff_nav(struct req *r, struct buf *b)
{
	size_t cur = NELEM(staff_sections);

	/* The longest section that holds the page (/staff/ holds only itself). */
	for (size_t i = 0; r->path != NULL && i < NELEM(staff_sections); i++)
		if (in_section(r->path, staff_sections[i][0]) &&
		    (cur == NELEM(staff_sections) ||
		    strlen(staff_sections[i][0]) > strlen(staff_sections[cur][0])))
			cur = i;
	html_raw(b, "<nav class=\"staff\" aria-label=\"Staff sections\"><ul>\n");
	for (size_t i = 0; i < NELEM(staff_sections); i++) {
		if (!staff_may(r, staff_sections[i][0], METHOD_GET))
			continue;
		html_raw(b, "<li><a href=\"");
		html_attr(b, staff_sections[i][0]);
		if (i == cur)
			html_raw(b, "\" aria-current=\"page\">");
		else
			html_raw(b, "\">");
		html_text(b, staff_sections[i][1]);
		html_raw(b, "</a></li>\n");
	}
	html_raw(b, "</ul></nav>\n");
}

void
page_begin(struct req *r, struct resp *p, const char *title)
{
	struct buf *b = &p->body;
	struct session *s = r->session;

	if (p->site == NULL)
		p->site = page_site(r);
	html_page_head_site(b, title, p->site);
	if (s != NULL) {
		html_raw(b, "<nav class=\"user\"><span class=\"user-name\">");
		if (s->row.kind == PRINCIPAL_TOKEN)
			html_raw(b, "Link visitor");
		else
			html_text(b, s->row.name != NULL ? s->row.name : "");
		html_raw(b, "</span> ");
		if (sess_signed_in(r) && s->row.kind != PRINCIPAL_STAFF)
			html_raw(b, "<a href=\"/portal\">Portal</a>\n");
		/* A token visitor has no account, but may end the visit like anyone. */
		if (sess_signed_in(r) && s->row.kind != PRINCIPAL_TOKEN)
			html_raw(b, "<a href=\"/account\">Account</a>\n");
		page_form(b, s->csrf_token, "inline", "/logout");
		html_raw(b, "<button type=\"submit\">Sign out</button></form></nav>\n");
	}
	html_raw(b, "</header>\n");
	if (s != NULL && s->row.impersonator_id != 0) {
		html_raw(b, "<div class=\"impersonation\" role=\"status\">Viewing as "
		    "<strong>");
		html_text(b, s->row.login != NULL ? s->row.login : "");
		html_raw(b, "</strong> \xe2\x80\x94 signed in as staff <strong>");
		html_text(b, s->row.impersonator_name != NULL ? s->row.impersonator_name :
		    "");
		html_raw(b, "</strong>\n");
		page_form(b, s->csrf_token, "inline", "/impersonate/end");
		html_raw(b, "<button type=\"submit\">End</button></form></div>\n");
	}
	if (sess_signed_in(r) && s->row.kind == PRINCIPAL_STAFF)
		staff_nav(r, b);
	html_raw(b, "<main>\n");
}

const struct html_site *
page_site(struct req *r)
{
	const struct tenant *t = r->tenant;
	struct html_site *site;
	struct rgb c;

	if (t == NULL)
		return NULL;
	site = arena_alloc(&r->arena, sizeof(*site));
	memset(site, 0, sizeof(*site));
	site->name = t->name;
	if (t->logo_path != NULL && t->logo_width > 0 && t->logo_height > 0 &&
	    (site->logo = doc_brand_url(r, t->logo_path)) != NULL) {
		site->logo_width = t->logo_width;
		site->logo_height = t->logo_height;
	}
	if (t->brand_color != NULL && brand_color_parse(t->brand_color, &c) == 0)
		site->css = doc_brand_css(r, c);
	return site;
}

struct session *
page_need_staff(struct req *r, struct resp *p)
{
	if (r->session != NULL && r->session->row.kind == PRINCIPAL_STAFF)
		return r->session;
	resp_redirect(p, 303, "/staff/login");
	return NULL;
}

void
page_end(struct resp *p)
{
	html_page_end(&p->body);
}

void
page_new_password_fields(struct buf *b)
{
	html_raw(b, "<label for=\"new\">New password</label>\n"
	    "<input id=\"new\" name=\"new\" type=\"password\" autocomplete=\"new-password\" "
	    "required maxlength=\"512\">\n"
	    "<p class=\"hint\">At least 12 characters. A few unrelated words make a good "
	    "password.</p>\n<label for=\"confirm\">New password again</label>\n"
	    "<input id=\"confirm\" name=\"confirm\" type=\"password\" "
	    "autocomplete=\"new-password\" required maxlength=\"512\">\n");
}

void
page_form(struct buf *b, const char *token, const char *cls, const char *fmt, ...)
{
	va_list ap;

	html_raw(b, "<form method=\"post\" action=\"");
	va_start(ap, fmt);
	html_vattrf(b, fmt, ap);
	va_end(ap);
	if (cls != NULL) {
		html_raw(b, "\" class=\"");
		html_attr(b, cls);
	}
	html_raw(b, "\">\n");
	csrf_field(b, token);
}

void
page_button(struct buf *b, const struct session *s, const char *action,
    const char *name, int64_t id, const char *act, const char *label)
{
	page_form(b, s->csrf_token, "inline", "%s", action);
	if (name != NULL)
		html_hidden(b, name, "%lld", (long long)id);
	if (act != NULL)
		html_hidden(b, "do", "%s", act);
	html_raw(b, "<button type=\"submit\">");
	html_text(b, label);
	html_raw(b, "</button></form>\n");
}

void
page_notice_textf(struct resp *p, const char *id, const char *fmt, ...)
{
	struct buf *b = &p->body;
	va_list ap;

	html_raw(b, "<p class=\"notice\" role=\"status\"");
	if (id != NULL) {
		html_raw(b, " id=\"");
		html_attr(b, id);
		html_raw(b, "\"");
	}
	html_raw(b, ">");
	va_start(ap, fmt);
	html_vtextf(b, fmt, ap);
	va_end(ap);
	html_raw(b, "</p>\n");
}

void
page_notice_text(struct resp *p, const char *sentence)
{
	page_notice_textf(p, NULL, "%s", sentence);
}

void
page_notice(struct resp *p, const char *const notices[][2], size_t n,
    const char *key)
{
	for (size_t i = 0; key != NULL && i < n; i++)
		if (strcmp(key, notices[i][0]) == 0) {
			page_notice_text(p, notices[i][1]);
			return;
		}
}

void
page_error_text(struct resp *p, const char *message)
{
	html_raw(&p->body, "<p class=\"error\" role=\"alert\">");
	html_text(&p->body, message);
	html_raw(&p->body, "</p>\n");
}

void
page_actor(struct req *r, struct actor *who)
{
	const struct session *s = r->session;

	memset(who, 0, sizeof(*who));
	who->a = &r->arena;
	who->cfg = r->cfg;
	who->tenant = r->tenant != NULL ? r->tenant->id : 0;
	who->ip = r->remote_addr[0] ? r->remote_addr : NULL;
	who->req_id = r->id;
	who->name = "";
	who->tenant_name = r->tenant != NULL ? r->tenant->name : "";
	who->origin = r->host != NULL ? req_origin(r) : NULL;
	if (s == NULL)
		return;
	who->kind = principal_name(s->row.kind);
	who->id = s->row.kind == PRINCIPAL_TOKEN ? s->row.customer_id : s->row.user_id;
	who->impersonator = s->row.impersonator_id;
	who->name = s->row.kind == PRINCIPAL_STAFF ? s->row.login : portal_visitor_name(r);
}

int
status_for_change(int rc)
{
	switch (rc) {
	case CHANGE_INVALID:
		return 400;
	case CHANGE_NOT_FOUND:
		return 404;
	case CHANGE_CONFLICT:
		return 409;
	case CHANGE_BUSY:
		return 503;
	default:
		return status_for_db(rc);
	}
}

int
page_confirmed(struct req *r)
{
	static const struct input_key key[] = { { "confirm", IN_FLAG, 0, 0, 0 } };
	struct input_val v;

	input_read(r, INPUT_FORM, key, NELEM(key), &v);
	return in_int(&v) != 0;
}

int
page_confirm(struct req *r, struct resp *p, const char *title, const char *what,
    const char *button, const char *cancel)
{
	struct buf *b = &p->body;
	const struct kvlist *f = &r->form;

	page_begin(r, p, title);
	html_raw(b, "<h1>");
	html_text(b, title);
	html_raw(b, "</h1>\n<p class=\"warning\">");
	html_text(b, what);
	html_raw(b, "</p>\n");
	page_form(b, r->session->csrf_token, "confirm", "%s", r->path);
	/* The request's own fields again, but its CSRF token (a fresh one is above). */
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].key, "csrf") != 0 && strcmp(f->v[i].key, "confirm") != 0)
			html_hidden(b, f->v[i].key, "%s", f->v[i].val);
	html_hidden(b, "confirm", "1");
	html_raw(b, "<p class=\"actions\"><button type=\"submit\" class=\"danger\">");
	html_text(b, button);
	html_raw(b, "</button> <a class=\"button secondary\" href=\"");
	html_attr(b, cancel);
	html_raw(b, "\">Cancel</a></p>\n</form>\n");
	page_end(p);
	return 0;
}

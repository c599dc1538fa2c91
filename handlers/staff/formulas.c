/* porch — SPDX-License-Identifier: MIT
 * Staff pages for money formulas (/staff/formulas): the tenant's formulas with
 * their terms and the groups that show one instead of the total price, creating,
 * editing and deleting one (docs/DESIGN.md "Formulas"). A formula is a name and up
 * to eight terms, each plus or minus a financial field; every id is looked up in
 * the staff member's tenant (another tenant's is a 404). Each change is a function
 * of module/change/formulas.c. Only admins change formulas (routes.c); other staff
 * see the same pages read-only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "authz.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "portal.h"
#include "session.h"
#include "store_formulas.h"
#include "tenant.h"

/* A term's form value: +(field + 1) or -(field + 1); 0 for none. */
#define TERM_MAX	FIN__MAX

enum formula_key {
	FK_FORMULA,	/* the formula shown or changed */
	FK_NAME,
	FK_TERM1,	/* the terms, in order; TERM_MAX of them */
	FK_DONE = FK_TERM1 + TERM_MAX,
	FK__MAX
};

#define TERM_KEY(n)	[FK_TERM1 + (n)] = { "t" #n, IN_INT, 0, -FIN__MAX, FIN__MAX }

static const struct input_key formula_keys[FK__MAX] = {
	[FK_FORMULA] = { "formula", IN_ID, 0, 0, 0 },
	/* As sent: the change says which rule a bad name breaks. */
	[FK_NAME] = { "name", IN_RAW, 0, 0, INT64_MAX },
	TERM_KEY(0), TERM_KEY(1), TERM_KEY(2), TERM_KEY(3),
	TERM_KEY(4), TERM_KEY(5), TERM_KEY(6), TERM_KEY(7),
	[FK_DONE] = { "done", IN_LINE, 0, 0, 0 },
};

static const char *const notices[][2] = {
	{ "created", "The formula was created." },
	{ "updated", "The formula was saved." },
	{ "deleted", "The formula was deleted." },
};

/* The name and term selects of the create and edit forms, filled from f. */
static void
formula_fields(struct buf *b, const struct formula *f)
{
	html_raw(b, "<label for=\"name\">Name</label>\n<input id=\"name\" name=\"name\" "
	    "type=\"text\" required maxlength=\"100\" value=\"");
	html_attr(b, f->name != NULL ? f->name : "");
	html_raw(b, "\">\n<fieldset class=\"terms\"><legend>Terms, in order (plus or "
	    "minus a financial field, each at most once)</legend>\n");
	for (int i = 0; i < TERM_MAX; i++) {
		int cur = (size_t)i < f->nterms ? f->terms[i].sign *
		    ((int)f->terms[i].field + 1) : 0;

		html_rawf(b, "<label for=\"t%d\">Term %d</label>\n<select id=\"t%d\" "
		    "name=\"t%d\">\n", i, i + 1, i, i);
		html_option(b, 0, cur == 0, "%s", "\xe2\x80\x94");
		for (int s = 1; s >= -1; s -= 2)
			for (int k = 0; k < FIN__MAX; k++)
				html_option(b, s * (k + 1), cur == s * (k + 1), "%s %s",
				    s > 0 ? "+" : "\xe2\x88\x92",
				    portal_fin_label((enum fin_field)k));
		html_raw(b, "</select>\n");
	}
	html_raw(b, "</fieldset>\n");
}

/* One row of the list. */
static void
formula_row(struct req *r, struct buf *b, const struct formula *f)
{
	html_rawf(b, "<tr data-formula=\"%lld\"><td><a href=\"/staff/formulas/edit?"
	    "formula=%lld\">", (long long)f->id, (long long)f->id);
	html_text(b, f->name);
	html_raw(b, "</a></td><td class=\"composition\">");
	portal_formula_terms(b, f, NULL, NULL);
	html_rawf(b, "</td><td class=\"instead\">%ld</td><td>", f->instead);
	if (staff_may(r, "/staff/formulas/delete", METHOD_POST))
		page_button(b, r->session, "/staff/formulas/delete", "formula", f->id,
		    NULL, "Delete");
	html_raw(b, "</td></tr>\n");
}

/* The list with the create form (filled from form, or empty); status 0 for 200. */
static int
list_page(struct req *r, struct resp *p, int status, const char *error,
    const struct formula *form, const char *done)
{
	static const struct formula blank = { .name = "" };
	struct buf *b = &p->body;
	struct formula *list;
	size_t n;
	int rc;

	if ((rc = store_formulas_list(&r->arena, r->tenant->id, &list, &n)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Money formulas");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Money formulas</h1>\n<p class=\"hint\">A formula adds and "
	    "subtracts financial fields (\xe2\x80\x9cOwner payout = total price "
	    "\xe2\x88\x92 channel commission \xe2\x88\x92 cleaning fee\xe2\x80\x9d). "
	    "Permission groups and a portal user's own setting list the formulas they "
	    "show, beside the fields; a group may show one instead of the total "
	    "price. Whoever may not see one of its fields sees its value alone, "
	    "never its terms.</p>\n");
	if (error != NULL)
		page_error_text(p, error);
	else
		page_notice(p, notices, NELEM(notices), done);
	if (n == 0)
		html_raw(b, "<p class=\"none\">No formulas yet.</p>\n");
	else {
		html_raw(b, "<table class=\"formulas\">\n<thead><tr><th>Formula</th>"
		    "<th>Terms</th><th>Groups showing it instead of the total</th>"
		    "<th><span class=\"vh\">Actions</span></th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++)
			formula_row(r, b, &list[i]);
		html_raw(b, "</tbody>\n</table>\n");
	}
	if (staff_may(r, "/staff/formulas/new", METHOD_POST)) {
		html_raw(b, "<h2>New formula</h2>\n");
		page_form(b, r->session->csrf_token, "formula", "/staff/formulas/new");
		formula_fields(b, form != NULL ? form : &blank);
		html_raw(b, "<p><button type=\"submit\">Create formula</button></p>\n"
		    "</form>\n");
	} else
		staff_readonly_note(b);
	html_raw(b, "<p><a href=\"/staff/\">Back to staff home</a></p>\n");
	page_end(p);
	return 0;
}

/* The edit page of f with an error; status 0 for 200. */
static int
edit_page(struct req *r, struct resp *p, int status, const char *error,
    const struct formula *f)
{
	struct buf *b = &p->body;

	page_begin(r, p, "Edit formula");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Edit formula ");
	html_text(b, f->name);
	html_raw(b, "</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	if (staff_may(r, "/staff/formulas/edit", METHOD_POST)) {
		page_form(b, r->session->csrf_token, "formula", "/staff/formulas/edit");
		html_hidden(b, "formula", "%lld", (long long)f->id);
		formula_fields(b, f);
		html_raw(b, "<p><button type=\"submit\">Save</button></p>\n</form>\n");
	} else {
		html_raw(b, "<p class=\"composition\">");
		portal_formula_terms(b, f, NULL, NULL);
		html_raw(b, "</p>\n");
		staff_readonly_note(b);
	}
	html_raw(b, "<p><a href=\"/staff/formulas\">Back to money formulas</a></p>\n");
	page_end(p);
	return 0;
}

/*
 * The name (trimmed of blanks at either end) and terms of the input into f, the
 * empty term selects left out. NULL, or the sentence for a term not of the form.
 */
static const char *
read_formula(struct req *r, const struct input_val *in, struct formula *f)
{
	const char *name = in_str(&in[FK_NAME]);
	size_t len;

	while (name != NULL && *name == ' ')
		name++;
	len = name != NULL ? strlen(name) : 0;
	while (len > 0 && name[len - 1] == ' ')
		len--;
	f->name = arena_strndup(&r->arena, name != NULL ? name : "", len);
	f->nterms = 0;
	for (int i = 0; i < TERM_MAX; i++) {
		int64_t v = in_int(&in[FK_TERM1 + i]);

		if (in[FK_TERM1 + i].st == INPUT_BAD)
			return "A term is plus or minus one financial field.";
		if (v == 0)
			continue;
		f->terms[f->nterms].sign = v < 0 ? -1 : 1;
		f->terms[f->nterms].field = (enum fin_field)((v < 0 ? -v : v) - 1);
		f->nterms++;
	}
	return NULL;
}

static void
read_input(struct req *r, struct input_val in[FK__MAX])
{
	input_read(r, r->method == METHOD_POST ? INPUT_FORM : INPUT_QUERY,
	    formula_keys, FK__MAX, in);
}

/* The formula of the id in FK_FORMULA: 0, 400 without one, 404 when not ours. */
static int
find_formula(struct req *r, const struct input_val *id, struct formula *f)
{
	int found, rc;

	if (in_int(id) == 0)
		return 400;
	if ((rc = store_formula_get(&r->arena, r->tenant->id, in_int(id), f,
	    &found)) != DB_OK)
		return status_for_db(rc);
	return found ? 0 : 404;
}

/* The answer to a change's outcome, as the group pages answer theirs. */
static int
answer(struct req *r, struct resp *p, int rc, const struct change_result *out,
    const char *done, const struct formula *form, int editing)
{
	char loc[64];

	if (rc == CHANGE_OK) {
		snprintf(loc, sizeof(loc), "/staff/formulas?done=%s", done);
		resp_redirect(p, 303, loc);
		return 0;
	}
	if (rc != CHANGE_INVALID && rc != CHANGE_CONFLICT)
		return status_for_change(rc);
	if (editing)
		return edit_page(r, p, status_for_change(rc), change_sentence(out), form);
	return list_page(r, p, status_for_change(rc), change_sentence(out), form, NULL);
}

int
handle_staff_formulas(struct req *r, struct resp *p)
{
	struct input_val in[FK__MAX];

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	return list_page(r, p, 0, NULL, NULL, in_str(&in[FK_DONE]));
}

int
handle_staff_formula_new(struct req *r, struct resp *p)
{
	struct input_val in[FK__MAX];
	struct formula f = { 0 };
	struct change_result out;
	struct actor who;
	const char *error;

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	if ((error = read_formula(r, in, &f)) != NULL)
		return list_page(r, p, 400, error, &f, NULL);
	page_actor(r, &who);
	return answer(r, p, change_formula_save(&who, &f, NULL, &out), &out, "created",
	    &f, 0);
}

int
handle_staff_formula_edit(struct req *r, struct resp *p)
{
	struct input_val in[FK__MAX];
	struct formula f, old;
	struct change_result out;
	struct actor who;
	const char *error;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	if ((rc = find_formula(r, &in[FK_FORMULA], &old)) != 0)
		return rc;
	if (r->method != METHOD_POST)
		return edit_page(r, p, 0, NULL, &old);
	f = old;
	if ((error = read_formula(r, in, &f)) != NULL)
		return edit_page(r, p, 400, error, &f);
	page_actor(r, &who);
	return answer(r, p, change_formula_save(&who, &f, old.name, &out), &out,
	    "updated", &f, 1);
}

int
handle_staff_formula_delete(struct req *r, struct resp *p)
{
	struct input_val in[FK__MAX];
	struct change_result out;
	struct formula f;
	struct actor who;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	if ((rc = find_formula(r, &in[FK_FORMULA], &f)) != 0)
		return rc;
	if (!page_confirmed(r)) {
		char what[400];

		snprintf(what, sizeof(what), "The money formula \xe2\x80\x9c%s\xe2\x80\x9d "
		    "is deleted: no permission group or portal user\xe2\x80\x99s override "
		    "lists it any more.", f.name);
		return page_confirm(r, p, "Delete this money formula?", what, "Delete",
		    "/staff/formulas");
	}
	page_actor(r, &who);
	return answer(r, p, change_formula_delete(&who, &f, &out), &out, "deleted",
	    NULL, 0);
}

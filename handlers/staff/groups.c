/* porch — SPDX-License-Identifier: MIT
 * Staff pages for permission groups (/staff/groups): the list with what each group
 * allows and how many grants use it, creating and editing a group (name,
 * permissions, financial level and field filter), choosing the default group, and
 * deleting a group after moving its grants to another. Every id is looked up in the
 * staff member's tenant (another tenant's is a 404). The pages read their input
 * through group_keys, make each change with a function of module/change/groups.c
 * (which checks it again, runs the transaction and writes the audit entry) and show
 * its outcome. Only admins change groups (routes.c); other staff see the same pages
 * read-only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_formulas.h"
#include "store_grants.h"
#include "store_groups.h"
#include "tenant.h"

/* What each permission lets a portal user do, for the checkboxes. */
static const char *const filter_label[FIN_FILTER__MAX] = {
	[FIN_FILTER_ALL] = "show every field of the level",
	[FIN_FILTER_EXCEPT] = "all fields except those ticked (new fields show)",
	[FIN_FILTER_ONLY] = "only the fields ticked (new fields stay hidden)",
};

/* Every form and query key of the group pages. */
enum group_key {
	GK_GROUP,	/* the group shown or changed */
	GK_MOVE_TO,	/* delete: where its grants go */
	GK_NAME,
	GK_PERM,	/* a permission check box, once per ticked one */
	GK_LEVEL,	/* the financial controls (group_fin_read) */
	GK_FILTER,
	GK_FIELD,
	GK_FORMULA,	/* a listed formula, once per ticked one */
	GK_INSTEAD,	/* the formula shown instead of the total price */
	GK_DONE,	/* the notice after a change */
	GK__MAX
};

static const struct input_key group_keys[GK__MAX] = {
	[GK_GROUP] = { "group", IN_ID, 0, 0, 0 },
	[GK_MOVE_TO] = { "move_to", IN_ID, 0, 0, 0 },
	/* As sent (the form parser bounds its length): the change trims it and says
	 * which rule a bad name breaks. */
	[GK_NAME] = { "name", IN_RAW, 0, 0, INT64_MAX },
	/* Names of the catalog, checked by authz_*_parse(). */
	[GK_PERM] = { "perm", IN_LINE, IN_MULTI, 0, 0 },
	[GK_LEVEL] = { "level", IN_LINE, 0, 0, 0 },
	[GK_FILTER] = { "filter", IN_LINE, 0, 0, 0 },
	[GK_FIELD] = { "field", IN_LINE, IN_MULTI, 0, 0 },
	[GK_FORMULA] = { "formula", IN_ID, IN_MULTI, 0, 0 },
	[GK_INSTEAD] = { "instead", IN_INT, 0, 0, INT64_MAX },
	[GK_DONE] = { "done", IN_LINE, 0, 0, 0 },
};

static const char *const notices[][2] = {
	{ "created", "The group was created." },
	{ "updated", "The group was saved." },
	{ "default", "The default group was changed: new portal users get it." },
	{ "deleted", "The group was deleted." },
};

/* The rights of a new group before staff tick anything: nothing at all. */
static const struct perm_group blank_group = { .name = "" };

/* A label holding an input of type (checkbox, radio) named name with value, checked
 * when on; the caller writes the label's text and closes it. */
static void
choice_begin(struct buf *b, const char *type, const char *name, const char *value,
    int on)
{
	html_raw(b, "<label class=\"check\"><input type=\"");
	html_attr(b, type);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, value);
	if (on)
		html_raw(b, "\" checked> ");
	else
		html_raw(b, "\"> ");
}

/* One checkbox named name with value, ticked when on, saying label. */
static void
checkbox(struct buf *b, const char *name, const char *value, int on,
    const char *label, const char *help)
{
	choice_begin(b, "checkbox", name, value, on);
	html_text(b, label);
	if (help != NULL) {
		html_raw(b, " \xe2\x80\x94 ");
		html_text(b, help);
	}
	html_raw(b, "</label>\n");
}

/* One radio button of name with value, checked when on. */
static void
radio(struct buf *b, const char *name, const char *value, int on, const char *text)
{
	choice_begin(b, "radio", name, value, on);
	html_text(b, text);
	html_raw(b, "</label>\n");
}

void
group_fin_fields(struct buf *b, const struct fin_policy *f,
    const struct formula *formulas, size_t n)
{
	for (int i = 0; i < FIN_LEVEL__MAX; i++)
		radio(b, "level", authz_fin_level_name(i), f->level == (enum fin_level)i,
		    authz_fin_level_label(i));
	html_raw(b, "<p class=\"hint\">Fields of the level:</p>\n");
	for (int i = 0; i < FIN_FILTER__MAX; i++)
		radio(b, "filter", authz_fin_filter_name(i),
		    f->filter == (enum fin_filter)i, filter_label[i]);
	for (int i = 0; i < FIN__MAX; i++)
		checkbox(b, "field", authz_fin_field_name(i),
		    (f->list & FIN_BIT(i)) != 0, authz_fin_field_label(i), NULL);
	if (n == 0)
		return;
	html_raw(b, "<p class=\"hint\">Formulas, ticked as the fields are (none at "
	    "level none):</p>\n");
	for (size_t i = 0; i < n; i++) {
		char id[24];
		int on = 0;

		for (size_t k = 0; k < f->nformulas && !on; k++)
			on = f->formulas[k] == formulas[i].id;
		snprintf(id, sizeof(id), "%lld", (long long)formulas[i].id);
		choice_begin(b, "checkbox", "formula", id, on);
		html_text(b, formulas[i].name);
		html_raw(b, "</label>\n");
	}
}

const char *
group_fin_read(struct arena *a, const struct input_val *level,
    const struct input_val *filter, const struct input_val *fields,
    const struct input_val *formulas, struct fin_policy *f)
{
	enum fin_field fld;
	int64_t *ids;
	const char *v;

	f->list = 0;
	f->formulas = NULL;
	f->nformulas = 0;
	if (fields->st == INPUT_BAD)
		return "That is not a financial field porch knows.";
	for (size_t i = 0; i < fields->n; i++) {
		if (authz_fin_field_parse(fields->all[i], &fld) < 0)
			return "That is not a financial field porch knows.";
		f->list |= FIN_BIT(fld);
	}
	/* Ids only: one not of the tenant's formulas is never stored. */
	if (formulas->st == INPUT_BAD)
		return "That is not a formula.";
	ids = arena_alloc(a, (formulas->n + 1) * sizeof(*ids));
	for (size_t i = 0; i < formulas->n; i++)
		ids[i] = strtoll(formulas->all[i], NULL, 10);
	f->formulas = ids;
	f->nformulas = formulas->n;
	v = in_str(level);
	if (v == NULL || authz_fin_level_parse(v, &f->level) < 0)
		return "Choose how many financial figures to show.";
	v = in_str(filter);
	if (v == NULL || authz_fin_filter_parse(v, &f->filter) < 0)
		return "Choose which financial fields to show.";
	return NULL;
}

/*
 * The formulas a group may show instead of the total price: those it shows (the
 * seal applied) that have at least one field it shows; a formula none of whose
 * fields the group sees is left out of the choice.
 */
static formula_set
instead_choices(struct arena *a, const struct fin_policy *fin,
    const struct formula *formulas, size_t n)
{
	const struct authz_formula *cat = formula_catalog(a, formulas, n);
	fin_set fields = authz_fin_seal(authz_fin_visible(fin));
	formula_set shown;

	if (n > FORMULA_MAX)
		n = FORMULA_MAX;
	shown = authz_formula_seal(fields, cat, n, authz_formulas_listed(fin, cat, n));
	for (size_t i = 0; i < n; i++)
		if (!(authz_formula_inputs(&cat[i]) & fields))
			shown &= ~FORMULA_BIT(i);
	return shown;
}

/* The choice of a formula instead of the total price, or why there is none. */
static void
instead_field(struct req *r, struct buf *b, const struct perm_group *g,
    const struct formula *formulas, size_t n)
{
	formula_set can = instead_choices(&r->arena, &g->rights.fin, formulas, n);

	if (can == 0) {
		html_raw(b, "<p class=\"hint instead-none\">No formula this group shows "
		    "(with a field it shows) can replace the total price.</p>\n");
		return;
	}
	html_raw(b, "<label for=\"instead\">Show instead of the total price</label>\n"
	    "<select id=\"instead\" name=\"instead\">\n");
	html_option(b, 0, g->rights.instead == 0, "%s", "the total price");
	for (size_t i = 0; i < n && i < FORMULA_MAX; i++)
		if (can & FORMULA_BIT(i))
			html_option(b, formulas[i].id,
			    formulas[i].id == g->rights.instead, "%s", formulas[i].name);
	html_raw(b, "</select>\n");
}

/* The fields of the create and edit forms, filled from g. */
static void
group_fields(struct req *r, struct buf *b, const struct perm_group *g,
    const struct formula *formulas, size_t nf)
{
	const struct fin_policy *f = &g->rights.fin;

	html_raw(b, "<label for=\"name\">Name</label>\n<input id=\"name\" name=\"name\" "
	    "type=\"text\" required maxlength=\"100\" value=\"");
	html_attr(b, g->name);
	html_raw(b, "\">\n<fieldset class=\"perms\"><legend>Permissions</legend>\n");
	for (int i = 0; i < PERM__MAX; i++)
		checkbox(b, "perm", authz_perm_name(i),
		    (g->rights.perms & PERM_BIT(i)) != 0, authz_perm_label(i),
		    authz_perm_hint(i));
	html_raw(b, "</fieldset>\n<fieldset class=\"money\"><legend>Financial "
	    "figures</legend>\n");
	group_fin_fields(b, f, formulas, nf);
	instead_field(r, b, g, formulas, nf);
	html_raw(b, "</fieldset>\n");
}

/* Words of authz_*_words() put after others: "Base rate" reads "base rate". */
static void
mid_sentence(char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z')
		s[0] = (char)(s[0] - 'A' + 'a');
}

void
group_fin_summary(struct buf *b, const struct fin_policy *f)
{
	char fields[AUTHZ_WORDS_MAX];

	html_text(b, authz_fin_level_label(f->level));
	if (f->level == FIN_LEVEL_NONE || f->filter == FIN_FILTER_ALL)
		return;
	authz_fin_fields_words(f->list, fields, sizeof(fields));
	mid_sentence(fields);
	html_text(b, f->filter == FIN_FILTER_EXCEPT ? ", except " : ", only ");
	html_text(b, fields[0] != '\0' ? fields : "(none)");
}

void
group_fin_sealed(struct buf *b, const char *whose, const char *name,
    fin_set shown)
{
	char fields[AUTHZ_WORDS_MAX];
	fin_set extra = shown & ~authz_fin_seal(shown);

	if (extra == 0)
		return;
	authz_fin_fields_words(extra, fields, sizeof(fields));
	mid_sentence(fields);
	html_raw(b, "<p class=\"warning fin-sealed\" role=\"status\">");
	html_text(b, whose);
	if (name != NULL) {
		html_raw(b, " \xe2\x80\x9c");
		html_text(b, name);
		html_raw(b, "\xe2\x80\x9d");
	}
	html_raw(b, " also hides <span class=\"fin-extra\">");
	html_text(b, fields);
	html_raw(b, "</span>: with the fields it hides, they would add up to a "
	    "hidden figure (porch never shows a set of figures from which a hidden "
	    "one can be worked out).</p>\n");
}

/* A one-button form posting group id to action. */
static void
group_button(struct buf *b, const struct session *s, const char *action,
    int64_t id, const char *label)
{
	page_button(b, s, action, "group", id, NULL, label);
}

static void
group_row(struct req *r, struct buf *b, const struct perm_group *g)
{
	const struct session *s = r->session;
	char perms[AUTHZ_WORDS_MAX];

	authz_perms_words(g->rights.perms, perms, sizeof(perms));
	html_rawf(b, "<tr data-group=\"%lld\"><td><a href=\"/staff/groups/edit?"
	    "group=%lld\">", (long long)g->id, (long long)g->id);
	html_text(b, g->name);
	html_raw(b, "</a>");
	if (g->is_default)
		html_raw(b, " <span class=\"marker default\">default</span>");
	if (g->is_system)
		html_raw(b, " <span class=\"marker system\">system</span>");
	html_raw(b, "</td><td class=\"perms\">");
	html_text(b, perms[0] != '\0' ? perms : "(none)");
	html_raw(b, "</td><td class=\"money\">");
	group_fin_summary(b, &g->rights.fin);
	html_rawf(b, "</td><td class=\"grants\">%ld</td><td>", g->grants);
	/* The system group is for token-link visitors: never the default. */
	if (!g->is_default && !g->is_system &&
	    staff_may(r, "/staff/groups/default", METHOD_POST))
		group_button(b, s, "/staff/groups/default", g->id, "Make default");
	if (!g->is_system && !g->is_default &&
	    staff_may(r, "/staff/groups/delete", METHOD_POST))
		group_button(b, s, "/staff/groups/delete", g->id, "Delete");
	html_raw(b, "</td></tr>\n");
}

/* The tenant's groups and the page begun under title: 0, or a failed read's status. */
static int
groups_page_begin(struct req *r, struct resp *p, const char *title,
    struct perm_group **groups, size_t *n)
{
	int rc;

	if ((rc = store_groups_list(&r->arena, r->tenant->id, groups, n)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, title);
	return 0;
}

/*
 * The list page with the create form (filled from form, or empty), the notice of
 * done (?done=) or an error; status 0 for 200.
 */
static int
list_page(struct req *r, struct resp *p, int status, const char *error,
    const struct perm_group *form, const char *done)
{
	struct session *s = r->session;
	struct buf *b = &p->body;
	struct perm_group *groups;
	struct formula *formulas;
	size_t n, nf;
	int rc;

	if ((rc = store_formulas_list(&r->arena, r->tenant->id, &formulas, &nf)) !=
	    DB_OK)
		return status_for_db(rc);
	if ((rc = groups_page_begin(r, p, "Permission groups", &groups, &n)) != 0)
		return rc;
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Permission groups</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else
		page_notice(p, notices, NELEM(notices), done);
	for (size_t i = 0; i < n; i++)
		group_fin_sealed(b, "The financial setting of group", groups[i].name,
		    authz_fin_visible(&groups[i].rights.fin));
	html_raw(b, "<table class=\"groups\">\n<thead><tr><th>Group</th>"
	    "<th>Permissions</th><th>Financial figures</th><th>Grants</th>"
	    "<th><span class=\"vh\">Actions</span></th>"
	    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		group_row(r, b, &groups[i]);
	html_raw(b, "</tbody>\n</table>\n");
	if (staff_may(r, "/staff/groups/new", METHOD_POST)) {
		html_raw(b, "<h2>New group</h2>\n");
		page_form(b, s->csrf_token, "group", "/staff/groups/new");
		group_fields(r, b, form != NULL ? form : &blank_group, formulas, nf);
		html_raw(b, "<p><button type=\"submit\">Create group</button></p>\n"
		    "</form>\n");
	} else
		staff_readonly_note(b);
	html_raw(b, "<p><a href=\"/staff/\">Back to staff home</a></p>\n");
	page_end(p);
	return 0;
}

/* What g allows, for staff who may not change it. */
static void
group_view(struct buf *b, const struct perm_group *g, const struct formula *formulas,
    size_t nf)
{
	int any = 0;

	html_raw(b, "<h2>Permissions</h2>\n<ul class=\"perms\">\n");
	for (int i = 0; i < PERM__MAX; i++) {
		if (!(g->rights.perms & PERM_BIT(i)))
			continue;
		html_raw(b, "<li data-perm=\"");
		html_attr(b, authz_perm_name(i));
		html_raw(b, "\">");
		html_text(b, authz_perm_label(i));
		html_raw(b, " \xe2\x80\x94 ");
		html_text(b, authz_perm_hint(i));
		html_raw(b, "</li>\n");
		any = 1;
	}
	if (!any)
		html_raw(b, "<li>none</li>\n");
	html_raw(b, "</ul>\n<h2>Financial figures</h2>\n<p class=\"money\">");
	group_fin_summary(b, &g->rights.fin);
	html_raw(b, "</p>\n");
	for (size_t i = 0; i < nf; i++) {
		int listed = 0;

		for (size_t k = 0; k < g->rights.fin.nformulas; k++)
			listed |= g->rights.fin.formulas[k] == formulas[i].id;
		if (listed || formulas[i].id == g->rights.instead) {
			html_raw(b, "<p class=\"formula\">Formula ticked: ");
			html_text(b, formulas[i].name);
			if (formulas[i].id == g->rights.instead)
				html_raw(b, ": shown instead of the total price");
			html_raw(b, "</p>\n");
		}
	}
}

/* The edit page of g with an error; status 0 for 200. */
static int
edit_page(struct req *r, struct resp *p, int status, const char *error,
    const struct perm_group *g)
{
	struct buf *b = &p->body;
	struct formula *formulas;
	size_t nf;
	int rc;

	if ((rc = store_formulas_list(&r->arena, r->tenant->id, &formulas, &nf)) !=
	    DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Edit permission group");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Edit group ");
	html_text(b, g->name);
	html_raw(b, "</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	if (g->is_system)
		html_raw(b, "<p class=\"hint\">This is the system group: it decides what "
		    "visitors with a token link see. It can be edited, not deleted.</p>\n");
	group_fin_sealed(b, "This group's financial setting", NULL,
	    authz_fin_visible(&g->rights.fin));
	if (staff_may(r, "/staff/groups/edit", METHOD_POST)) {
		page_form(b, r->session->csrf_token, "group", "/staff/groups/edit");
		html_hidden(b, "group", "%lld", (long long)g->id);
		group_fields(r, b, g, formulas, nf);
		html_raw(b, "<p><button type=\"submit\">Save</button></p>\n</form>\n");
	} else {
		group_view(b, g, formulas, nf);
		staff_readonly_note(b);
	}
	html_raw(b, "<p><a href=\"/staff/groups\">Back to permission groups</a></p>\n");
	page_end(p);
	return 0;
}

/*
 * Reads name (trimmed: the change checks it) and rights from the input into g.
 * Returns NULL, or the sentence to show when a permission or financial setting is
 * missing or not in the catalog.
 */
static const char *
read_group(struct req *r, const struct input_val *in, struct perm_group *g)
{
	const char *name = in_str(&in[GK_NAME]);
	const struct input_val *perms = &in[GK_PERM];
	struct formula *formulas;
	const char *error;
	formula_set can;
	size_t len, nf;
	enum perm pm;

	/* Leading and trailing spaces are never part of a name. The name is kept
	 * first, so the form shown again with an error has it. */
	while (name != NULL && *name == ' ')
		name++;
	len = name != NULL ? strlen(name) : 0;
	while (len > 0 && name[len - 1] == ' ')
		len--;
	g->name = arena_strndup(&r->arena, name != NULL ? name : "", len);
	g->rights.perms = 0;
	if (perms->st == INPUT_BAD)
		return "That is not a permission porch knows.";
	for (size_t i = 0; i < perms->n; i++) {
		if (authz_perm_parse(perms->all[i], &pm) < 0)
			return "That is not a permission porch knows.";
		g->rights.perms |= PERM_BIT(pm);
	}
	if ((error = group_fin_read(&r->arena, &in[GK_LEVEL], &in[GK_FILTER],
	    &in[GK_FIELD], &in[GK_FORMULA], &g->rights.fin)) != NULL)
		return error;
	if (in[GK_INSTEAD].st == INPUT_BAD)
		return "That is not a formula.";
	g->rights.instead = in_int(&in[GK_INSTEAD]);
	if (g->rights.instead == 0)
		return NULL;
	/* Only a formula the group shows, with a field it shows, may be chosen. */
	if (store_formulas_list(&r->arena, r->tenant->id, &formulas, &nf) != DB_OK)
		return "The formulas could not be read; nothing was changed.";
	can = instead_choices(&r->arena, &g->rights.fin, formulas, nf);
	for (size_t i = 0; i < nf && i < FORMULA_MAX; i++)
		if (formulas[i].id == g->rights.instead && (can & FORMULA_BIT(i)))
			return NULL;
	return "Only a formula the group shows, with a field it shows, can replace "
	    "the total price.";
}

/* The input of the request: the POST body, or the query string of a GET. */
static void
read_input(struct req *r, struct input_val in[GK__MAX])
{
	input_read(r, r->method == METHOD_POST ? INPUT_FORM : INPUT_QUERY, group_keys,
	    GK__MAX, in);
}

/* Looks up the group of id (the value of key GK_GROUP or GK_MOVE_TO): 0, or 400
 * when no id was given, 404 when it is not the tenant's, or an error status. */
static int
find_group(struct req *r, const struct input_val *id, struct perm_group *g)
{
	int found, rc;

	if (in_int(id) == 0)
		return 400;
	if ((rc = store_group_get(&r->arena, r->tenant->id, in_int(id), g, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	return found ? 0 : 404;
}

/*
 * The answer to a change's outcome rc: on CHANGE_OK the list with the notice of
 * done; a refusal shown on the list (or on form's edit page when editing) with the
 * form as sent; any other outcome as its status.
 */
static int
answer(struct req *r, struct resp *p, int rc, const struct change_result *out,
    const char *done, const struct perm_group *form, int editing)
{
	char loc[64];

	if (rc == CHANGE_OK) {
		snprintf(loc, sizeof(loc), "/staff/groups?done=%s", done);
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
handle_staff_groups(struct req *r, struct resp *p)
{
	struct input_val in[GK__MAX];

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	return list_page(r, p, 0, NULL, NULL, in_str(&in[GK_DONE]));
}

int
handle_staff_group_new(struct req *r, struct resp *p)
{
	struct input_val in[GK__MAX];
	struct perm_group g = { 0 };
	struct change_result out;
	struct actor who;
	const char *error;

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	if ((error = read_group(r, in, &g)) != NULL)
		return list_page(r, p, 400, error, &g, NULL);
	page_actor(r, &who);
	return answer(r, p, change_group_save(&who, &g, NULL, &out), &out, "created",
	    &g, 0);
}

int
handle_staff_group_edit(struct req *r, struct resp *p)
{
	struct input_val in[GK__MAX];
	struct perm_group g, old;
	struct change_result out;
	struct actor who;
	const char *error;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	if ((rc = find_group(r, &in[GK_GROUP], &old)) != 0)
		return rc;
	if (r->method != METHOD_POST)
		return edit_page(r, p, 0, NULL, &old);
	g = old;
	if ((error = read_group(r, in, &g)) != NULL)
		return edit_page(r, p, 400, error, &g);
	page_actor(r, &who);
	return answer(r, p, change_group_save(&who, &g, old.name, &out), &out, "updated",
	    &g, 1);
}

int
handle_staff_group_default(struct req *r, struct resp *p)
{
	struct input_val in[GK__MAX];
	struct change_result out;
	struct perm_group g;
	struct actor who;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	if ((rc = find_group(r, &in[GK_GROUP], &g)) != 0)
		return rc;
	page_actor(r, &who);
	return answer(r, p, change_group_default(&who, &g, &out), &out, "default", NULL,
	    0);
}

/* Asks where the grants of g go before it is deleted. */
static int
move_page(struct req *r, struct resp *p, const struct perm_group *g)
{
	struct buf *b = &p->body;
	struct perm_group *groups;
	size_t n;
	int rc;

	if ((rc = groups_page_begin(r, p, "Delete permission group", &groups, &n)) != 0)
		return rc;
	html_raw(b, "<h1>Delete group ");
	html_text(b, g->name);
	html_raw(b, "</h1>\n<p class=\"move\">");
	html_textf(b, "%ld access grant%s use%s this group.", g->grants,
	    g->grants == 1 ? "" : "s", g->grants == 1 ? "s" : "");
	html_raw(b, " Choose the group they move to; the group is deleted once they "
	    "have moved.</p>\n");
	page_form(b, r->session->csrf_token, NULL, "/staff/groups/delete");
	html_hidden(b, "group", "%lld", (long long)g->id);
	html_raw(b, "<label for=\"move_to\">Move grants to</label>\n"
	    "<select id=\"move_to\" name=\"move_to\" required>\n");
	for (size_t i = 0; i < n; i++) {
		if (groups[i].id == g->id || groups[i].is_system)
			continue;
		html_option(b, groups[i].id, 0, "%s", groups[i].name);
	}
	html_raw(b, "</select>\n<p><button type=\"submit\">Move grants and delete"
	    "</button> <a href=\"/staff/groups\">Cancel</a></p>\n</form>\n");
	page_end(p);
	return 0;
}

/*
 * POST group (and move_to, once the page asked where the grants go): the system
 * and the default group are refused before the question.
 */
int
handle_staff_group_delete(struct req *r, struct resp *p)
{
	struct input_val in[GK__MAX];
	struct perm_group g, to;
	struct change_result out = { 0 };
	struct actor who;
	int move, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	read_input(r, in);
	/* move_to sent at all, even empty: the answer to move_page(). */
	move = in[GK_MOVE_TO].s != NULL;
	if ((rc = find_group(r, &in[GK_GROUP], &g)) != 0)
		return rc;
	if ((rc = change_group_deletable(&g, &out)) != CHANGE_OK)
		return answer(r, p, rc, &out, NULL, NULL, 0);
	if (!move && g.grants > 0)
		return move_page(r, p, &g);
	/* The move page asked already; a group without grants is asked here. */
	if (!move && !page_confirmed(r)) {
		char what[400];

		snprintf(what, sizeof(what), "The permission group \xe2\x80\x9c%s\xe2\x80\x9d "
		    "is deleted. No access grant uses it.", g.name);
		return page_confirm(r, p, "Delete this permission group?", what, "Delete",
		    "/staff/groups");
	}
	if (move) {
		if ((rc = find_group(r, &in[GK_MOVE_TO], &to)) != 0)
			return rc;
		if (to.id == g.id)
			return 400;
	}
	page_actor(r, &who);
	return answer(r, p, change_group_delete(&who, &g, move ? &to : NULL, &out), &out,
	    "deleted", NULL, 0);
}

/* porch — SPDX-License-Identifier: MIT
 * Money formulas: created, edited and deleted by a tenant's admins (see
 * change.h). A formula reaches every page showing money from the next request.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "store.h"
#include "store_formulas.h"

/* The refusal of f's name and terms, or CHANGE_OK. */
static int
formula_check(const struct formula *f, struct change_result *out)
{
	fin_set seen = 0;

	if (!change_line_ok(f->name, FORMULA_NAME_MAX, 1))
		return change_refuse(out, CHANGE_INVALID, "Bad formula", "A formula "
		    "needs a name of 1 to %d characters on one line.",
		    FORMULA_NAME_MAX);
	if (f->nterms == 0)
		return change_refuse(out, CHANGE_INVALID, "Bad formula", "A formula "
		    "needs at least one term: plus or minus a financial field.");
	for (size_t i = 0; i < f->nterms && i < FIN__MAX; i++) {
		const struct formula_term *t = &f->terms[i];

		if ((unsigned)t->field >= FIN__MAX || (t->sign != 1 && t->sign != -1))
			return change_refuse(out, CHANGE_INVALID, "Bad formula",
			    "A term is plus or minus one financial field.");
		if (seen & FIN_BIT(t->field))
			return change_refuse(out, CHANGE_INVALID, "Bad formula",
			    "Each field is used once in a formula (%s is there twice).",
			    authz_fin_field_label(t->field));
		seen |= FIN_BIT(t->field);
	}
	return CHANGE_OK;
}

/* The audit detail of f: its name and terms ("+total_price-taxes"). */
static const char *
formula_detail(const struct actor *who, const struct formula *f, const char *was)
{
	char terms[FIN__MAX * 24] = "", d[800];
	size_t len = 0;

	for (size_t i = 0; i < f->nterms && len < sizeof(terms); i++)
		len += (size_t)snprintf(terms + len, sizeof(terms) - len, "%c%s",
		    f->terms[i].sign < 0 ? '-' : '+',
		    authz_fin_field_name(f->terms[i].field));
	snprintf(d, sizeof(d), "name=%s terms=%s%s%s", f->name, terms,
	    was != NULL ? " renamed_from=" : "", was != NULL ? was : "");
	return arena_strdup(who->a, d);
}

const char *
change_formula_ids(const struct actor *who, const struct fin_policy *f)
{
	char d[24 * FORMULA_MAX + 16] = "";
	size_t len = 0;

	if (f->nformulas == 0)
		return "";
	len = (size_t)snprintf(d, sizeof(d), " formulas=");
	for (size_t i = 0; i < f->nformulas && i < FORMULA_MAX && len < sizeof(d); i++)
		len += (size_t)snprintf(d + len, sizeof(d) - len, "%s%lld",
		    i > 0 ? "," : "", (long long)f->formulas[i]);
	return arena_strdup(who->a, d);
}

/* Adds or saves f inside the transaction. */
static int
formula_write(const struct actor *who, struct formula *f, const char *was_named,
    struct change_result *out)
{
	long n;
	int rc;

	if (f->id != 0) {
		rc = store_formula_update(who->a, who->tenant, f);
		if (rc != DB_OK)
			return rc;
		return change_audit(who, "formula.edit", "formula", f->id,
		    formula_detail(who, f, was_named != NULL &&
		    strcmp(was_named, f->name) != 0 ? was_named : NULL));
	}
	if ((rc = store_formula_count(who->a, who->tenant, &n)) != DB_OK)
		return rc;
	if (n >= FORMULA_MAX)
		return change_refuse(out, CHANGE_CONFLICT, "Too many formulas",
		    "A tenant has at most %d formulas; nothing was created.",
		    FORMULA_MAX);
	if ((rc = store_formula_add(who->a, who->tenant, f)) != DB_OK)
		return rc;
	out->id = f->id;
	return change_audit(who, "formula.add", "formula", f->id,
	    formula_detail(who, f, NULL));
}

int
change_formula_save(const struct actor *who, struct formula *f,
    const char *was_named, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = f->id;
	if ((rc = formula_check(f, out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, NULL), formula_write(who, f, was_named, out)));
	if (rc == DB_CONFLICT)
		return change_refuse(out, CHANGE_CONFLICT, "Name taken", f->id == 0 ?
		    "A formula with that name already exists; nothing was created." :
		    "Another formula already has that name; nothing was changed.");
	return rc;
}

/* Deletes f inside the transaction. */
static int
formula_delete(const struct actor *who, const struct formula *f,
    struct change_result *out)
{
	int deleted, rc;

	if ((rc = store_formula_del(who->a, who->tenant, f->id, &deleted)) != DB_OK)
		return rc;
	if (!deleted)
		return change_refuse(out, CHANGE_CONFLICT, "Formula in use", "A group "
		    "shows this formula instead of the total price; choose another "
		    "there first. Nothing was deleted.");
	return change_audit(who, "formula.delete", "formula", f->id,
	    formula_detail(who, f, NULL));
}

int
change_formula_delete(const struct actor *who, const struct formula *f,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = f->id;
	STORE_TXN(rc, (change_rerun(out, NULL), formula_delete(who, f, out)));
	return rc;
}

/* porch — SPDX-License-Identifier: MIT
 * Money formulas; SQL text in store_sql.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_formulas.h"
#include "store_rights.h"

int
store_id_list(struct arena *a, const char *text, const int64_t **ids, size_t *n)
{
	size_t cap = 1;
	int64_t *v;
	char *end;

	*ids = NULL;
	*n = 0;
	if (text == NULL || *text == '\0')
		return 0;
	for (const char *s = text; *s != '\0'; s++)
		cap += *s == ',';
	v = arena_alloc(a, cap * sizeof(*v));
	for (const char *s = text;;) {
		errno = 0;
		v[*n] = strtoll(s, &end, 10);
		if (end == s || errno != 0 || v[*n] <= 0 || (*end != ',' && *end != '\0'))
			return -1;
		(*n)++;
		if (*end == '\0')
			break;
		s = end + 1;
	}
	*ids = v;
	return 0;
}

const struct authz_formula *
formula_catalog(struct arena *a, const struct formula *list, size_t n)
{
	struct authz_formula *cat;

	if (n > FORMULA_MAX)
		n = FORMULA_MAX;
	cat = arena_alloc(a, (n + 1) * sizeof(*cat));
	for (size_t i = 0; i < n; i++)
		cat[i] = list[i].f;
	return cat;
}

/* "+total_price,-channel_commission" into f's terms; -1 on anything else. */
static int
terms_parse(const char *text, struct formula *f)
{
	char name[32];
	const char *s = text, *comma;
	size_t len;

	memset(&f->f.coef, 0, sizeof(f->f.coef));
	f->nterms = 0;
	while (s != NULL && *s != '\0') {
		struct formula_term *t = &f->terms[f->nterms];

		comma = strchr(s, ',');
		len = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if (f->nterms == FIN__MAX || len < 2 || len >= sizeof(name) ||
		    (s[0] != '+' && s[0] != '-'))
			return -1;
		memcpy(name, s + 1, len - 1);
		name[len - 1] = '\0';
		if (authz_fin_field_parse(name, &t->field) < 0)
			return -1;
		t->sign = s[0] == '-' ? -1 : 1;
		f->f.coef[t->field] = t->sign;
		f->nterms++;
		s = comma != NULL ? comma + 1 : NULL;
	}
	return 0;
}

/* Row i of FORMULA_SELECT: id, name, terms, groups using it instead. */
static int
fill_formula(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct formula *f = out;

	(void)ctx;
	f->id = strtoll(DB_CELL(r, i, 0), NULL, 10);
	f->f.id = f->id;
	f->name = DB_CELL(r, i, 1);
	f->instead = strtol(DB_CELL(r, i, 3), NULL, 10);
	return terms_parse(DB_CELL(r, i, 2), f);
}

int
store_formulas_list(struct arena *a, int64_t tenant, struct formula **list, size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*list = store_rows(a, ST_FORMULAS_LIST, p, NELEM(p), sizeof(**list),
	    fill_formula, NULL, n, &rc);
	return rc;
}

int
store_formulas_kept(struct arena *a, int64_t tenant, uint64_t version,
    struct formula **list, size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	/* The tenant's own key: no principal is PRINCIPAL__MAX. */
	struct rights_key k = { tenant, PRINCIPAL__MAX, 0 };
	struct db_res r;
	int rc;

	*n = 0;
	if (!rights_get(&k, version, a, &r)) {
		if ((rc = db_exec(ST_FORMULAS_LIST, p, NELEM(p), a, &r)) != DB_OK)
			return rc;
		rights_keep(&k, version, 0, &r, 0);
	}
	*list = store_res_rows(a, &r, sizeof(**list), fill_formula, NULL, n, &rc);
	return rc;
}

int
store_formula_get(struct arena *a, int64_t tenant, int64_t id, struct formula *out,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_FORMULA_GET, p, NELEM(p), fill_formula, NULL, out,
	    found);
}

/* The terms of f, written again from nothing. */
static int
terms_write(struct arena *a, int64_t tenant, const struct formula *f)
{
	struct db_param del[] = { DP_I(tenant), DP_I(f->id) };
	int rc;

	if ((rc = store_change(a, ST_FORMULA_TERMS_DEL, del, NELEM(del), NULL)) !=
	    DB_OK)
		return rc;
	for (size_t i = 0; i < f->nterms; i++) {
		struct db_param p[] = { DP_I(tenant), DP_I(f->id), DP_I((int64_t)i),
			DP_S(authz_fin_field_name(f->terms[i].field)),
			DP_I(f->terms[i].sign) };

		if ((rc = store_change(a, ST_FORMULA_TERM_ADD, p, NELEM(p), NULL)) !=
		    DB_OK)
			return rc;
	}
	return DB_OK;
}

int
store_formula_add(struct arena *a, int64_t tenant, struct formula *f)
{
	struct db_param p[] = { DP_I(tenant), DP_S(f->name) };
	int rc;

	if ((rc = store_insert(a, ST_FORMULA_ADD, p, NELEM(p), &f->id)) != DB_OK)
		return rc;
	return terms_write(a, tenant, f);
}

int
store_formula_update(struct arena *a, int64_t tenant, const struct formula *f)
{
	struct db_param p[] = { DP_S(f->name), DP_I(tenant), DP_I(f->id) };
	int rc;

	if ((rc = store_change(a, ST_FORMULA_RENAME, p, NELEM(p), NULL)) != DB_OK)
		return rc;
	return terms_write(a, tenant, f);
}

int
store_formula_del(struct arena *a, int64_t tenant, int64_t id, int *deleted)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id), DP_I(tenant), DP_I(id) };

	return store_change_one(a, ST_FORMULA_DEL, p, NELEM(p), deleted);
}

int
store_formula_count(struct arena *a, int64_t tenant, long *n)
{
	struct db_param p[] = { DP_I(tenant) };
	struct db_res r;
	int rc;

	*n = 0;
	if ((rc = db_exec(ST_FORMULA_COUNT, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1)
		*n = strtol(DB_CELL(&r, 0, 0), NULL, 10);
	return rc;
}

int
store_formulas_listed_set(struct arena *a, int64_t tenant, int64_t group,
    int64_t user, const int64_t *ids, size_t n)
{
	struct db_param del[] = { DP_I(tenant), DP_I(group != 0 ? group : user) };
	enum stmt_id d = group != 0 ? ST_GROUP_FORMULAS_DEL : ST_USER_FORMULAS_DEL;
	enum stmt_id add = group != 0 ? ST_GROUP_FORMULA_ADD : ST_USER_FORMULA_ADD;
	int rc;

	if ((rc = store_change(a, d, del, NELEM(del), NULL)) != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct db_param p[] = { DP_I(group != 0 ? group : user), DP_I(tenant),
			DP_I(ids[i]) };

		if ((rc = store_change(a, add, p, NELEM(p), NULL)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
store_group_instead_set(struct arena *a, int64_t tenant, int64_t group,
    int64_t formula)
{
	struct db_param p[] = { DP_I(tenant), DP_I(formula), DP_I(tenant),
		DP_I(group) };

	return store_change(a, ST_GROUP_INSTEAD_SET, p, NELEM(p), NULL);
}

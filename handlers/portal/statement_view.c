/* porch — SPDX-License-Identifier: MIT
 * One owner statement as the visitor may see it (statement_view.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "date.h"
#include "handlers.h"
#include "statement_view.h"
#include "tenant.h"

/* "Ada Beach House · Ada Owner · Thu 1 Oct 2026 to Sat 31 Oct 2026 · issued
 * Tue 3 Nov 2026" */
static const char *
summary(struct arena *a, const struct statement *st)
{
	char first[DATE_HUMAN_LEN], last[DATE_HUMAN_LEN], issued[DATE_HUMAN_LEN];
	struct buf text;
	char *out;

	date_human(st->period_start, first);
	date_human(st->period_end, last);
	date_human(st->issued, issued);
	buf_init(&text, 128);
	buf_printf(&text, "%s \xc2\xb7 %s \xc2\xb7 %s to %s \xc2\xb7 issued %s",
	    st->property_name != NULL ? st->property_name : "All properties",
	    st->customer_name, first, last, issued);
	out = arena_strdup(a, text.data);
	buf_free(&text);
	return out;
}

int
statement_view_load(struct req *r, const struct access *acc, int64_t id,
    struct statement_view *v)
{
	struct statement *st = &v->st;
	fin_set shown;
	int found, rc;

	memset(v, 0, sizeof(*v));
	if ((rc = store_statement_get(&r->arena, r->tenant->id, acc, id, st, &v->lines,
	    &v->nlines, &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	date_period_title(st->period_start, st->period_end, v->title);
	v->summary = summary(&r->arena, st);
	portal_price_lines(&v->price, st->rights.fin, st->cents, st->currency, 0);
	if (st->rights.formulas != 0)
		v->nformulas = portal_formula_lines(acc, &st->rights, st->cents,
		    st->currency, v->formulas);
	/* The lines show each field the figures above show. */
	shown = portal_price_fields(st->rights.fin);
	for (int f = 0; f < FIN__MAX; f++)
		if (shown & FIN_BIT(f))
			v->cols[v->ncols++] = (enum fin_field)f;
	v->cells = arena_alloc(&r->arena, (v->nlines * v->ncols + 1) *
	    sizeof(*v->cells));
	for (size_t i = 0; i < v->nlines; i++)
		for (size_t k = 0; k < v->ncols; k++)
			portal_money_text(v->cells[i * v->ncols + k],
			    v->lines[i].cents[v->cols[k]], st->currency);
	return 0;
}

/* Adds s and its NUL, so that "ab","c" and "a","bc" differ. */
static void
etag_add(struct crypto_sha256_run *h, const char *s)
{
	crypto_sha256_add(h, s != NULL ? s : "", strlen(s != NULL ? s : "") + 1);
}

static void
etag_add_i64(struct crypto_sha256_run *h, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, v);
	etag_add(h, s);
}

void
statement_view_etag(const struct statement_view *v, const char *tenant,
    char etag[STATEMENT_ETAG_LEN + 1])
{
	struct crypto_sha256_run *h = crypto_sha256_begin();
	unsigned char hash[32];

	/* The writer's version: a change of the PDF's layout changes the tag. */
	etag_add(h, "statement-pdf 1");
	etag_add(h, tenant);
	etag_add_i64(h, v->st.id);
	etag_add(h, v->title);
	etag_add(h, v->summary);
	for (size_t i = 0; i < v->price.n; i++) {
		etag_add(h, v->price.line[i].label);
		etag_add(h, v->price.line[i].value);
		etag_add_i64(h, v->price.line[i].total);
	}
	for (size_t i = 0; i < v->nformulas; i++) {
		const struct formula *f = v->formulas[i].f;

		etag_add(h, f->name);
		etag_add_i64(h, v->formulas[i].open);
		etag_add(h, v->formulas[i].value);
		for (size_t k = 0; k < f->nterms; k++) {
			etag_add_i64(h, f->terms[k].sign);
			etag_add_i64(h, f->terms[k].field);
			etag_add_i64(h, v->st.cents[f->terms[k].field]);
		}
	}
	for (size_t k = 0; k < v->ncols; k++)
		etag_add_i64(h, v->cols[k]);
	for (size_t i = 0; i < v->nlines; i++) {
		etag_add(h, v->lines[i].description);
		for (size_t k = 0; k < v->ncols; k++)
			etag_add(h, v->cells[i * v->ncols + k]);
	}
	crypto_sha256_end(h, hash);
	etag[0] = '"';
	hex_encode(hash, 16, etag + 1);
	etag[STATEMENT_ETAG_LEN - 1] = '"';
	etag[STATEMENT_ETAG_LEN] = '\0';
}

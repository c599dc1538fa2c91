/* porch — SPDX-License-Identifier: MIT
 * A worker's portal visitors' rights, kept between requests: two direct-mapped
 * tables, sessions to principals (with the session's own row as last read) and
 * principals to the rows of their rights.
 * A slot taken by another key is simply replaced; nothing here is ever trusted
 * without the version the session's statement reads.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store_rights.h"

#define SESSIONS_MAX	1024
#define PRINCIPALS_MAX	512

/* Rows of cells in one block of memory: lengths, then pointers, then the text. */
struct kept_cells {
	size_t		 nrows, ncols;
	size_t		*len;
	char		**cell;		/* into the same block as len */
};

static struct kept_session {
	unsigned char		 hash[32];
	struct rights_key	 k;
	struct kept_cells	 row;	/* the session's own row, as last read */
	int			 used;
} sessions[SESSIONS_MAX];

static struct kept_rights {
	struct rights_key	 k;
	uint64_t		 version;
	uint64_t		 until_ms;	/* 0: no end */
	struct kept_cells	 rows;
	int			 used;
} principals[PRINCIPALS_MAX];

static const char *outcome;

static size_t
session_slot(const unsigned char hash[32])
{
	/* The hash is SHA-256: any of its bytes spread the slots evenly. */
	return ((size_t)hash[0] << 8 | hash[1]) % SESSIONS_MAX;
}

static size_t
principal_slot(const struct rights_key *k)
{
	uint64_t h = (uint64_t)k->tenant * 1000003u ^ (uint64_t)k->id * 31u ^
	    (uint64_t)k->kind;

	return (size_t)(h % PRINCIPALS_MAX);
}

static int
key_eq(const struct rights_key *a, const struct rights_key *b)
{
	return a->tenant == b->tenant && a->kind == b->kind && a->id == b->id;
}

/*
 * Keeps ncols columns from col of r's first nrows rows in *k, freeing what it
 * held: 0, or -1 when there is nothing to keep or no memory (*k is then empty).
 */
static int
cells_keep(struct kept_cells *k, const struct db_res *r, size_t nrows, size_t col,
    size_t ncols)
{
	size_t n = nrows * ncols;
	size_t bytes = n * (sizeof(size_t) + sizeof(char *));
	char *block, *data;

	for (size_t i = 0; i < nrows; i++)
		for (size_t j = col; j < col + ncols; j++)
			if (DB_CELL(r, i, j) != NULL)
				bytes += DB_LEN(r, i, j) + 1;
	free(k->len);
	memset(k, 0, sizeof(*k));
	if (n == 0 || (block = malloc(bytes)) == NULL)
		return -1;
	k->len = (size_t *)(void *)block;
	k->cell = (char **)(void *)(block + n * sizeof(size_t));
	data = block + n * (sizeof(size_t) + sizeof(char *));
	for (size_t i = 0; i < nrows; i++)
		for (size_t j = 0; j < ncols; j++) {
			const char *c = DB_CELL(r, i, col + j);
			size_t len = DB_LEN(r, i, col + j), x = i * ncols + j;

			k->len[x] = len;
			k->cell[x] = NULL;
			if (c == NULL)
				continue;
			memcpy(data, c, len);
			data[len] = '\0';
			k->cell[x] = data;
			data += len + 1;
		}
	k->nrows = nrows;
	k->ncols = ncols;
	return 0;
}

/* The cells of k copied into a, as a result set. */
static void
cells_get(const struct kept_cells *k, struct arena *a, struct db_res *out)
{
	size_t n = k->nrows * k->ncols;

	memset(out, 0, sizeof(*out));
	out->nrows = k->nrows;
	out->ncols = k->ncols;
	out->cell = arena_alloc(a, (n + 1) * sizeof(*out->cell));
	out->len = arena_alloc(a, (n + 1) * sizeof(*out->len));
	for (size_t i = 0; i < n; i++) {
		out->len[i] = k->len[i];
		out->cell[i] = k->cell[i] == NULL ? NULL :
		    arena_strndup(a, k->cell[i], k->len[i]);
	}
}

/* The slot of the session with hash in tenant, or NULL when it is not kept. */
static struct kept_session *
session_kept(const unsigned char hash[32], int64_t tenant)
{
	struct kept_session *s = &sessions[session_slot(hash)];

	if (!s->used || s->k.tenant != tenant || memcmp(s->hash, hash, 32) != 0)
		return NULL;
	return s;
}

int
rights_session(const unsigned char hash[32], int64_t tenant, struct rights_key *k)
{
	const struct kept_session *s = session_kept(hash, tenant);

	if (s == NULL)
		return 0;
	*k = s->k;
	return 1;
}

int
rights_session_row(const unsigned char hash[32], int64_t tenant, struct rights_key *k,
    struct arena *a, struct db_res *row)
{
	const struct kept_session *s = session_kept(hash, tenant);

	if (s == NULL || s->row.nrows != 1)
		return 0;
	*k = s->k;
	cells_get(&s->row, a, row);
	return 1;
}

void
rights_session_keep(const unsigned char hash[32], const struct rights_key *k,
    const struct db_res *r, size_t ncols)
{
	struct kept_session *s = &sessions[session_slot(hash)];

	memcpy(s->hash, hash, 32);
	s->k = *k;
	s->used = 1;
	if (r->nrows == 0 || r->ncols < ncols)
		ncols = 0;
	cells_keep(&s->row, r, 1, 0, ncols);
}

void
rights_session_forget(const unsigned char hash[32])
{
	struct kept_session *s = &sessions[session_slot(hash)];

	if (!s->used || memcmp(s->hash, hash, 32) != 0)
		return;
	free(s->row.len);
	memset(s, 0, sizeof(*s));
}

/* The entry kept for k whose time is not up, or NULL. */
static const struct kept_rights *
kept(const struct rights_key *k)
{
	const struct kept_rights *e = &principals[principal_slot(k)];

	if (!e->used || !key_eq(&e->k, k) ||
	    (e->until_ms != 0 && now_ms() >= e->until_ms))
		return NULL;
	return e;
}

int
rights_have(const struct rights_key *k)
{
	return kept(k) != NULL;
}

int
rights_get(const struct rights_key *k, uint64_t version, struct arena *a,
    struct db_res *out)
{
	const struct kept_rights *e = kept(k);

	if (e == NULL || e->version != version)
		return 0;
	cells_get(&e->rows, a, out);
	return 1;
}

int
rights_version_kept(const struct rights_key *k, uint64_t *version)
{
	const struct kept_rights *e = kept(k);

	if (e == NULL)
		return 0;
	*version = e->version;
	return 1;
}

void
rights_keep(const struct rights_key *k, uint64_t version, uint64_t ttl_ms,
    const struct db_res *r, size_t col)
{
	struct kept_rights *e = &principals[principal_slot(k)];

	e->used = 0;
	if (cells_keep(&e->rows, r, r->nrows, col, r->ncols > col ? r->ncols - col : 0)
	    != 0)
		return;
	e->k = *k;
	e->version = version;
	e->until_ms = ttl_ms != 0 ? now_ms() + ttl_ms : 0;
	e->used = 1;
}

void
rights_outcome_reset(void)
{
	outcome = NULL;
}

void
rights_outcome(const char *what)
{
	outcome = what;
}

const char *
rights_outcome_get(void)
{
	return outcome;
}

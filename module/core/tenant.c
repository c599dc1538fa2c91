/* porch — SPDX-License-Identifier: MIT
 * The per-worker host → tenant cache: a chained hash table whose entries expire after
 * the configured time. Bounded: when full it is emptied and refilled on demand.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tenant.h"

#define BUCKETS		1024
#define MAX_ENTRIES	20000

struct entry {
	struct entry	*next;
	char		*host;
	uint64_t	 expires;
	int		 found;
	struct tenant	 t;
};

static struct entry *table[BUCKETS];
static size_t nentries;

static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % BUCKETS;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The cached copies of a tenant's strings. */
static void
tenant_strings_free(struct tenant *t)
{
	free(t->slug);
	free(t->name);
	free(t->brand_color);
	free(t->logo_path);
	free(t->mail_from_name);
	free(t->time_zone);
}

static void
entry_free(struct entry *e)
{
	free(e->host);
	tenant_strings_free(&e->t);
	free(e);
}

void
tenant_cache_clear(void)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		struct entry *e, *next;

		for (e = table[i]; e != NULL; e = next) {
			next = e->next;
			entry_free(e);
		}
		table[i] = NULL;
	}
	nentries = 0;
}

void
tenant_cache_expire(void)
{
	for (size_t i = 0; i < BUCKETS; i++)
		for (struct entry *e = table[i]; e != NULL; e = e->next)
			e->expires = 0;
}

int
tenant_for_host(const char *host, int ttl_seconds, const struct tenant **t)
{
	unsigned h = hash(host);
	uint64_t now = now_ms();
	struct arena a = { 0 };
	struct entry *e;
	struct tenant fresh;
	int found, rc;

	*t = NULL;
	for (e = table[h]; e != NULL; e = e->next)
		if (strcmp(e->host, host) == 0)
			break;
	if (e != NULL && now < e->expires) {
		*t = e->found && e->t.active ? &e->t : NULL;
		return DB_OK;
	}
	rc = store_tenant_by_host(&a, host, &fresh, &found);
	if (rc != DB_OK) {
		arena_free(&a);
		return rc;
	}
	if (e == NULL) {
		if (nentries >= MAX_ENTRIES)
			tenant_cache_clear();
		e = xcalloc(1, sizeof(*e));
		e->host = xstrdup(host);
		e->next = table[h];
		table[h] = e;
		nentries++;
	}
	tenant_strings_free(&e->t);
	memset(&e->t, 0, sizeof(e->t));
	e->found = found;
	if (found) {
		e->t.id = fresh.id;
		e->t.slug = xstrdup(fresh.slug);
		e->t.name = xstrdup(fresh.name);
		e->t.active = fresh.active;
		e->t.brand_color = dup_or_null(fresh.brand_color);
		e->t.logo_path = dup_or_null(fresh.logo_path);
		e->t.logo_width = fresh.logo_width;
		e->t.logo_height = fresh.logo_height;
		e->t.mail_from_name = dup_or_null(fresh.mail_from_name);
		e->t.time_zone = dup_or_null(fresh.time_zone);
		e->t.number_format = fresh.number_format;
	}
	e->expires = now + (uint64_t)ttl_seconds * 1000;
	arena_free(&a);
	*t = e->found && e->t.active ? &e->t : NULL;
	return DB_OK;
}

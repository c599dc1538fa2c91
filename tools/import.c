/* porch — SPDX-License-Identifier: MIT
 * porchctl import SLUG RESOURCE FILE.csv: the CSV import (module/api/api_import.c)
 * for the operator, as the same change functions the API uses, audited as done by
 * the system. One report line per row on stdout, the counts on stderr; exit status
 * 1 when a row was refused.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_import.h"
#include "porchctl.h"
#include "store.h"

static const char usage_text[] =
    "usage: porchctl import SLUG RESOURCE FILE.csv\n";

/* A row's line on stdout: "line N: created XID" or "line N: refused XID: why". */
static void
report(void *arg, size_t line, const char *xid, const struct api_outcome *o)
{
	(void)arg;
	if (o->status < 400) {
		printf("line %zu: %s %s\n", line, o->result, xid);
		return;
	}
	printf("line %zu: refused%s%s: %s%s%s\n", line, xid[0] != '\0' ? " " : "", xid,
	    o->err.field, o->err.field[0] != '\0' ? ": " : "", o->err.message);
}

int
porchctl_import(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	const struct api_resource *res;
	struct api_import_counts n;
	struct api_call call;
	struct api_err e;
	struct tenant t;
	char *text;
	size_t len;
	int rc;

	if (argc != 4) {
		fputs(usage_text, stderr);
		return PORCHCTL_USAGE;
	}
	if ((res = api_resource_find(argv[2])) == NULL) {
		fprintf(stderr, "porchctl: import: RESOURCE %s is not one of:", argv[2]);
		for (size_t i = 0; i < api_nresources; i++)
			fprintf(stderr, " %s", api_resources[i]->name);
		fputc('\n', stderr);
		return PORCHCTL_USAGE;
	}
	if ((rc = porchctl_tenant(a, argv[1], &t)) != 0)
		return rc;
	if ((text = porchctl_slurp(argv[3], &len)) == NULL) {
		fprintf(stderr, "porchctl: import: %s: %s\n", argv[3], strerror(errno));
		return PORCHCTL_FAIL;
	}
	memset(&call, 0, sizeof(call));
	call.a = a;
	call.tenant = t.id;
	porchctl_actor(c, a, &t, &call.who);
	rc = api_import_csv(&call, res, text, len, report, NULL, &n, &e);
	free(text);
	if (rc != 0) {
		fprintf(stderr, "porchctl: import: %s: %s Nothing was imported.\n", argv[3],
		    e.message);
		return PORCHCTL_FAIL;
	}
	fprintf(stderr, "%s: %zu created, %zu replaced, %zu unchanged, %zu refused\n",
	    res->name, n.created, n.replaced, n.unchanged, n.refused);
	return n.refused > 0 ? PORCHCTL_FAIL : PORCHCTL_OK;
}

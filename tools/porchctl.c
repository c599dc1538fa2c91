/* porch — SPDX-License-Identifier: MIT
 * porchctl: the operator's command line — schema migrations, tenants, domains, staff
 * accounts, customers' token links and the demo data set (mail and purge: in tools/).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cfg.h"
#include "change.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "porchctl.h"
#include "store.h"
#include "store_mfa.h"
#include "store_groups.h"
#include "store_tokenlink.h"
#include "tenant.h"
#include "throttle.h"
#include "tokenlink.h"
#include "totp.h"

#ifndef PORCH_SYSCONFDIR
#define PORCH_SYSCONFDIR "/etc/porch"
#endif

#define EX_OK		0
#define EX_FAIL		1
#define EX_USAGE	2

static struct cfg cfg;
static struct arena arena;

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: porchctl [-c FILE] COMMAND [ARGS]\n"
	    "  migrate                      apply pending schema migrations\n"
	    "  tenant add SLUG NAME         create a tenant\n"
	    "  tenant list                  list tenants (id, slug, status, name)\n"
	    "  tenant disable SLUG          stop serving a tenant\n"
	    "  tenant enable SLUG           serve a disabled tenant again\n"
	    "  tenant set SLUG staff-mfa on|off\n"
	    "                               whether staff must use MFA (default on)\n"
	    "  domain add HOST SLUG         serve tenant SLUG on HOST\n"
	    "  staff add SLUG EMAIL [--admin]\n"
	    "  staff reset-mfa SLUG EMAIL   remove a staff member's MFA (lost device)\n"
	    "                               create a staff account (password from a\n"
	    "                               prompt, or one line on standard input)\n"
	    "  unlock SLUG LOGIN            forget the failed sign-ins and waits of the\n"
	    "                               portal user LOGIN and of the staff member\n"
	    "                               with email LOGIN (needs secret_key)\n"
	    "  tokenlink issue SLUG         give every customer of SLUG without a token\n"
	    "                               link one (needs secret_key)\n"
	    "  apikey add SLUG NAME [--read-only]\n"
	    "                               make a tenant API key (printed once)\n"
	    "  apikey list SLUG             list the tenant's API keys\n"
	    "  apikey revoke SLUG ID        revoke an API key\n"
	    "  import SLUG RESOURCE FILE.csv\n"
	    "                               create or replace items of an API resource\n"
	    "                               (customers, contacts, ...) from a CSV file,\n"
	    "                               one report line per row\n"
	    "  seed-demo                    add the demo tenant on localhost\n"
	    "  outbox send [--loop]         deliver due mail (--loop: until SIGTERM)\n"
	    "  outbox list [--all]          list unsent mail (--all: sent mail too)\n"
	    "  outbox retry ID              queue a failed mail again\n"
	    "  purge                        remove ended sessions, used or expired\n"
	    "                               links and mail sent over 7 days ago\n"
	    "  mail test ADDRESS [--name NAME]\n"
	    "                               queue a test mail to check the relay\n"
	    "  events SLUG [--after ID] [--limit N]\n"
	    "                               list the tenant's events after ID\n"
	    "  webhook add SLUG URL         register an endpoint; prints its signing\n"
	    "                               secret, once (needs secret_key)\n"
	    "  webhook list SLUG            list the tenant's endpoints\n"
	    "  webhook remove SLUG ID       stop sending to an endpoint\n"
	    "  webhook deliveries SLUG ID   an endpoint's latest deliveries\n"
	    "  webhook resend SLUG EVENT_ID send an event again to every endpoint\n"
	    "  webhooks send [--once|--loop]\n"
	    "                               deliver due events (--loop: until SIGTERM)\n"
	    "  ical check URL [--etag TAG]  fetch and read a channel's iCal feed as the\n"
	    "                               sync would; prints its events, changes nothing\n"
	    "  ical sync [--loop]           sync the iCal import URLs that are due\n"
	    "                               (--loop: a pass a minute until SIGTERM)\n"
	    "default config: %s/porch.conf\n", PORCH_SYSCONFDIR);
}

void
porchctl_actor(const struct cfg *c, struct arena *a, const struct tenant *t,
    struct actor *who)
{
	memset(who, 0, sizeof(*who));
	who->a = a;
	who->cfg = c;
	who->tenant = t->id;
	who->kind = "system";
	who->name = "porchctl";
	who->req_id = "";
	who->tenant_name = t->name;
}

int
porchctl_change_failed(const char *what, int rc, const struct change_result *out)
{
	if (rc < 0)
		return porchctl_fail_db(what, rc);
	fprintf(stderr, "porchctl: %s: %s\n", what, out->msg[0] != '\0' ||
	    out->text != NULL ? change_sentence(out) : "not found");
	return rc == CHANGE_INVALID ? PORCHCTL_USAGE : PORCHCTL_FAIL;
}

int
porchctl_fail_db(const char *what, int rc)
{
	if (rc == DB_GONE)
		fprintf(stderr, "porchctl: %s: cannot reach MariaDB: %s\n", what,
		    store_last_error());
	else
		fprintf(stderr, "porchctl: %s: %s\n", what, store_last_error());
	return EX_FAIL;
}

static int
valid_slug(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

static int
valid_host(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 253 || s[0] == '.' || s[0] == '-')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '.'))
			return 0;
	return 1;
}

static int
valid_email(const char *s)
{
	const char *at = strchr(s, '@');

	return at != NULL && at != s && strchr(at + 1, '.') != NULL &&
	    strchr(at + 1, '@') == NULL && strlen(s) <= 254 &&
	    strpbrk(s, " \t\r\n<>,;\"") == NULL && utf8_valid(s, strlen(s));
}

/*
 * Operator input (every argument, the config path, a password line) never holds
 * a control character: a CR or LF in a tenant name would reach every mail header
 * made from it, a tab would break the tab-separated listings. Returns NULL, or what
 * is wrong with s; *at is the 1-based character where it is.
 */
static const char *
input_problem(const char *s, size_t *at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t chars = 0;

	*at = 0;
	if (!utf8_valid(s, strlen(s)))
		return "is not valid UTF-8";
	for (; *u != '\0'; u++) {
		if ((*u & 0xc0) == 0x80)
			continue;
		chars++;
		if (*u < 0x20 || *u == 0x7f ||
		    (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f) ||
		    (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))) {
			*at = chars;
			return *u == '\r' || *u == '\n' || u[0] == 0xe2 ?
			    "holds a line break" : "holds a control character";
		}
	}
	return NULL;
}

/*
 * The names of the arguments of each command, as usage() gives them, so a refused
 * argument is named; "argument N" for anything not listed.
 */
static const struct {
	const char	*cmd, *sub;
	const char	*args[3];
} arg_names[] = {
	{ "tenant", "add", { "SLUG", "NAME (the tenant name)" } },
	{ "tenant", "disable", { "SLUG" } },
	{ "tenant", "enable", { "SLUG" } },
	{ "tenant", "set", { "SLUG", "the setting", "its value" } },
	{ "domain", "add", { "HOST", "SLUG" } },
	{ "staff", "add", { "SLUG", "EMAIL" } },
	{ "staff", "reset-mfa", { "SLUG", "EMAIL" } },
	{ "tokenlink", "issue", { "SLUG" } },
	{ "apikey", "add", { "SLUG", "NAME (the key's name)" } },
	{ "apikey", "list", { "SLUG" } },
	{ "apikey", "revoke", { "SLUG", "ID" } },
	{ "outbox", "retry", { "ID" } },
	{ "mail", "test", { "ADDRESS" } },
	{ "webhook", "add", { "SLUG", "URL" } },
};

/*
 * Refuses the command line when an argument has a control character, naming it:
 * before the config is read, so nothing is ever written. Returns 0 or EX_USAGE.
 */
static int
check_args(const char *config, int argc, char **argv)
{
	const char *why;
	char name[64];
	size_t at;

	if ((why = input_problem(config, &at)) != NULL) {
		fprintf(stderr, "porchctl: the config path (-c) %s", why);
		goto refused;
	}
	for (int i = 0; i < argc; i++) {
		if ((why = input_problem(argv[i], &at)) == NULL)
			continue;
		snprintf(name, sizeof(name), "argument %d", i + 1);
		if (i > 0 && strcmp(argv[i - 1], "--name") == 0)
			snprintf(name, sizeof(name), "NAME (--name)");
		else if (i >= 2)
			for (size_t k = 0; k < NELEM(arg_names); k++)
				if (strcmp(argv[0], arg_names[k].cmd) == 0 &&
				    strcmp(argv[1], arg_names[k].sub) == 0 &&
				    i - 2 < (int)NELEM(arg_names[k].args) &&
				    arg_names[k].args[i - 2] != NULL)
					snprintf(name, sizeof(name), "%s",
					    arg_names[k].args[i - 2]);
		/* The words before it passed this check already. */
		if (i >= 2)
			fprintf(stderr, "porchctl: %s %s: %s %s", argv[0], argv[1], name,
			    why);
		else
			fprintf(stderr, "porchctl: %s %s", name, why);
		goto refused;
	}
	return 0;
refused:
	if (at > 0)
		fprintf(stderr, " at character %zu", at);
	fprintf(stderr, ": every argument must be UTF-8 text without control "
	    "characters; nothing was changed\n");
	return EX_USAGE;
}

/*
 * The outcome of a look-up or change of the tenant slug names (what: the command,
 * for a database error): 0 when found, else the exit status after saying why.
 */
static int
tenant_found(int rc, int found, const char *slug, const char *what)
{
	if (rc != DB_OK)
		return porchctl_fail_db(what, rc);
	if (!found) {
		fprintf(stderr, "porchctl: no tenant \"%s\" (see: porchctl tenant list)\n",
		    slug);
		return EX_FAIL;
	}
	return 0;
}

int
porchctl_tenant(struct arena *a, const char *slug, struct tenant *t)
{
	int found, rc;

	rc = store_tenant_by_slug(a, slug, t, &found);
	return tenant_found(rc, found, slug, "tenant");
}

static int
has_version(const int64_t *v, size_t n, int64_t want)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == want)
			return 1;
	return 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
porchctl_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b, sizeof(chunk));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.data;
}

/*
 * Migration 005's data step: every recovery code still stored as a bare SHA-256
 * gets its keyed hash, which needs secret_key. Returns EX_OK or an exit status.
 */
static int
recovery_convert(void)
{
	struct recovery_legacy *rows;
	unsigned char hash[32];
	char err[1024];
	size_t n, total = 0;
	int rc;

	for (;;) {
		if ((rc = store_recovery_legacy(&arena, &rows, &n)) != DB_OK)
			return porchctl_fail_db("recovery codes", rc);
		if (n == 0)
			break;
		if (cfg_need_secret_key(&cfg, err, sizeof(err)) != 0) {
			fprintf(stderr, "porchctl: recovery codes stored before migration "
			    "005 are converted under secret_key: %s\n", err);
			return EX_USAGE;
		}
		for (size_t i = 0; i < n; i++) {
			totp_recovery_hash(cfg.secret_key, rows[i].kind, rows[i].tenant,
			    rows[i].user, rows[i].sha256, hash);
			if ((rc = store_recovery_convert(&arena, rows[i].tenant,
			    rows[i].id, hash)) != DB_OK)
				return porchctl_fail_db("recovery codes", rc);
		}
		total += n;
		arena_reset(&arena);
	}
	if (total > 0)
		printf("recovery codes: %zu converted to the keyed hash\n", total);
	return EX_OK;
}

static int
cmd_migrate(void)
{
	char **names = NULL, path[4096], err[1024];
	size_t nnames = 0, napplied, done = 0;
	int64_t *applied;
	struct dirent *de;
	DIR *d;
	int rc, status = EX_OK;

	if ((rc = store_migrations_applied(&arena, &applied, &napplied)) != DB_OK)
		return porchctl_fail_db("migrate", rc);
	if ((d = opendir(cfg.schema_dir)) == NULL) {
		fprintf(stderr, "porchctl: %s: %s (set schema_dir in the config)\n",
		    cfg.schema_dir, strerror(errno));
		return EX_FAIL;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 8 && de->d_name[0] >= '0' && de->d_name[0] <= '9' &&
		    de->d_name[1] >= '0' && de->d_name[1] <= '9' &&
		    de->d_name[2] >= '0' && de->d_name[2] <= '9' && de->d_name[3] == '_' &&
		    strcmp(de->d_name + n - 4, ".sql") == 0) {
			names = xrealloc(names, (nnames + 1) * sizeof(*names));
			names[nnames++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, nnames, sizeof(*names), namecmp);
	for (size_t i = 0; i < nnames && status == EX_OK; i++) {
		int64_t version = strtoll(names[i], NULL, 10);
		size_t len;
		char *sql;

		if (has_version(applied, napplied, version))
			continue;
		snprintf(path, sizeof(path), "%s/%s", cfg.schema_dir, names[i]);
		if ((sql = porchctl_slurp(path, &len)) == NULL) {
			fprintf(stderr, "porchctl: %s: %s\n", path, strerror(errno));
			status = EX_FAIL;
			break;
		}
		if (store_run_script(sql, len, err, sizeof(err)) != DB_OK) {
			fprintf(stderr, "porchctl: %s: %s\n", path, err);
			status = EX_FAIL;
		} else if ((rc = store_migration_record(&arena, version, names[i])) != DB_OK)
			status = porchctl_fail_db(names[i], rc);
		else {
			printf("applied %s\n", names[i]);
			done++;
		}
		free(sql);
	}
	if (status == EX_OK && done == 0)
		printf("schema is up to date\n");
	if (status == EX_OK && (rc = store_migrations_applied(&arena, &applied,
	    &napplied)) != DB_OK)
		status = porchctl_fail_db("migrate", rc);
	if (status == EX_OK && has_version(applied, napplied, 5))
		status = recovery_convert();
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return status;
}

/* A tenant and its groups: one run of the transaction of "tenant add". */
static int
tenant_add_apply(const char *slug, const char *name, int64_t *id)
{
	int rc;

	if ((rc = store_tenant_add(&arena, slug, name, id)) != DB_OK)
		return rc;
	return store_groups_init(&arena, *id);
}

static int
cmd_tenant(int argc, char **argv)
{
	struct tenant *ts;
	int64_t id;
	size_t n;
	int rc, found;

	if (argc == 4 && strcmp(argv[1], "add") == 0) {
		if (!valid_slug(argv[2])) {
			fprintf(stderr, "porchctl: slug \"%s\": use 1-64 of a-z, 0-9 and -\n",
			    argv[2]);
			return EX_USAGE;
		}
		if (argv[3][0] == '\0' || strlen(argv[3]) > 200 ||
		    !utf8_valid(argv[3], strlen(argv[3]))) {
			fprintf(stderr, "porchctl: the tenant name must be 1-200 "
			    "characters of UTF-8\n");
			return EX_USAGE;
		}
		/* The tenant comes with its system and default groups, or not at all. */
		STORE_TXN(rc, tenant_add_apply(argv[2], argv[3], &id));
		if (rc == DB_CONFLICT) {
			fprintf(stderr, "porchctl: tenant \"%s\" already exists\n", argv[2]);
			return EX_FAIL;
		}
		if (rc != DB_OK)
			return porchctl_fail_db("tenant add", rc);
		printf("tenant %s added (id %lld)\n", argv[2], (long long)id);
		return EX_OK;
	}
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((rc = store_tenant_list(&arena, &ts, &n)) != DB_OK)
			return porchctl_fail_db("tenant list", rc);
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%s\n", (long long)ts[i].id, ts[i].slug,
			    ts[i].active ? "active" : "disabled", ts[i].name);
		return EX_OK;
	}
	if (argc == 3 && (strcmp(argv[1], "disable") == 0 ||
	    strcmp(argv[1], "enable") == 0)) {
		int on = strcmp(argv[1], "enable") == 0;

		rc = store_tenant_set_active(&arena, argv[2], on, &found);
		if ((rc = tenant_found(rc, found, argv[2], "tenant")) != 0)
			return rc;
		printf("tenant %s %s\n", argv[2], on ? "enabled" : "disabled");
		return EX_OK;
	}
	if (argc == 5 && strcmp(argv[1], "set") == 0 &&
	    strcmp(argv[3], "staff-mfa") == 0 &&
	    (strcmp(argv[4], "on") == 0 || strcmp(argv[4], "off") == 0)) {
		int on = strcmp(argv[4], "on") == 0;

		rc = store_tenant_set_staff_mfa(&arena, argv[2], on, &found);
		if ((rc = tenant_found(rc, found, argv[2], "tenant set")) != 0)
			return rc;
		printf("tenant %s: staff must use MFA: %s\n", argv[2], argv[4]);
		return EX_OK;
	}
	fprintf(stderr, "usage: porchctl tenant add SLUG NAME | list | disable SLUG | "
	    "enable SLUG | set SLUG staff-mfa on|off\n");
	return EX_USAGE;
}

static int
cmd_domain(int argc, char **argv)
{
	struct tenant t;
	int rc;

	if (argc != 4 || strcmp(argv[1], "add") != 0) {
		fprintf(stderr, "usage: porchctl domain add HOST SLUG\n");
		return EX_USAGE;
	}
	for (char *p = argv[2]; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!valid_host(argv[2])) {
		fprintf(stderr, "porchctl: \"%s\" is not a host name\n", argv[2]);
		return EX_USAGE;
	}
	if ((rc = porchctl_tenant(&arena, argv[3], &t)) != 0)
		return rc;
	rc = store_domain_add(&arena, argv[2], t.id);
	if (rc == DB_CONFLICT) {
		fprintf(stderr, "porchctl: host %s is already in use\n", argv[2]);
		return EX_FAIL;
	}
	if (rc != DB_OK)
		return porchctl_fail_db("domain add", rc);
	printf("%s now serves tenant %s\n", argv[2], t.slug);
	return EX_OK;
}

/* Reads a password: twice with echo off at a terminal, else one line of stdin. */
static int
read_password(char *pw, size_t len)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	char again[PASSWORD_MAX_CHARS * 4 + 2];
	int rc = -1;

	if (tty) {
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		fputs("Password: ", stderr);
	}
	if (fgets(pw, (int)len, stdin) == NULL)
		goto out;
	pw[strcspn(pw, "\r\n")] = '\0';
	if (tty) {
		fputs("\nAgain: ", stderr);
		if (fgets(again, sizeof(again), stdin) == NULL)
			goto out;
		again[strcspn(again, "\r\n")] = '\0';
		if (strcmp(pw, again) != 0) {
			fputs("\nporchctl: the passwords differ\n", stderr);
			goto out;
		}
		fputs("\n", stderr);
	}
	rc = 0;
out:
	OPENSSL_cleanse(again, sizeof(again));
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

/* The MFA of staff member id cleared, their sessions ended and entry e written. */
static int
reset_mfa_apply(int64_t tenant, int64_t id, const struct audit_entry *e)
{
	int rc;

	if ((rc = store_mfa_clear(&arena, PRINCIPAL_STAFF, tenant, id)) != DB_OK ||
	    (rc = store_sessions_del_others(&arena, PRINCIPAL_STAFF, tenant, id, NULL)) !=
	    DB_OK)
		return rc;
	return store_audit_add(&arena, e);
}

/*
 * For a staff member who lost their device and recovery codes (the sole admin,
 * say): the secret and codes go, their sessions end, and they enrol again at the
 * next sign-in. Audited as done by the system.
 */
static int
staff_reset_mfa(const char *slug, const char *email)
{
	struct audit_entry e = { 0 };
	struct account acc;
	struct tenant t;
	int64_t id;
	int found, rc;

	if ((rc = porchctl_tenant(&arena, slug, &t)) != 0)
		return rc;
	if ((rc = store_account_by_login(&arena, PRINCIPAL_STAFF, t.id, email, &acc,
	    &found)) != DB_OK)
		return porchctl_fail_db("staff reset-mfa", rc);
	if (!found) {
		fprintf(stderr, "porchctl: %s is not a staff member of %s\n", email, slug);
		return EX_FAIL;
	}
	id = acc.id;
	e.tenant = t.id;
	e.action = "mfa.reset";
	e.actor_kind = "system";
	e.target_kind = "staff";
	e.target_id = id;
	e.detail = "by porchctl";
	STORE_TXN(rc, reset_mfa_apply(t.id, id, &e));
	if (rc != DB_OK)
		return porchctl_fail_db("staff reset-mfa", rc);
	printf("MFA of %s in %s reset: they set it up again at their next sign-in\n",
	    email, slug);
	return EX_OK;
}

static int
cmd_staff(int argc, char **argv)
{
	char pw[PASSWORD_MAX_CHARS * 4 + 2], hash[PASSWORD_HASH_MAX];
	const char *problem;
	struct tenant t;
	int admin = 0, rc, status = EX_FAIL;

	if (argc == 4 && strcmp(argv[1], "reset-mfa") == 0)
		return staff_reset_mfa(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[4], "--admin") == 0) {
		admin = 1;
		argc--;
	}
	if (argc != 4 || strcmp(argv[1], "add") != 0) {
		fprintf(stderr, "usage: porchctl staff add SLUG EMAIL [--admin] | "
		    "reset-mfa SLUG EMAIL\n");
		return EX_USAGE;
	}
	if (!valid_email(argv[3])) {
		fprintf(stderr, "porchctl: \"%s\" is not an email address\n", argv[3]);
		return EX_USAGE;
	}
	if ((rc = porchctl_tenant(&arena, argv[2], &t)) != 0)
		return rc;
	if (read_password(pw, sizeof(pw)) < 0) {
		fprintf(stderr, "porchctl: no password given\n");
		goto out;
	}
	if (input_problem(pw, &(size_t){ 0 }) != NULL) {
		fprintf(stderr, "porchctl: the password holds a control character; "
		    "nothing was changed\n");
		status = EX_USAGE;
		goto out;
	}
	if ((problem = password_problem(pw)) != NULL) {
		fprintf(stderr, "porchctl: %s\n", problem);
		status = EX_USAGE;
		goto out;
	}
	if (password_hash(&cfg.argon2, pw, hash, sizeof(hash)) < 0) {
		fprintf(stderr, "porchctl: cannot hash the password\n");
		goto out;
	}
	rc = store_staff_add(&arena, t.id, argv[3], argv[3], admin, hash);
	if (rc == DB_CONFLICT)
		fprintf(stderr, "porchctl: %s is already a staff member of %s\n", argv[3],
		    t.slug);
	else if (rc != DB_OK)
		porchctl_fail_db("staff add", rc);
	else {
		printf("staff %s added to %s%s\n", argv[3], t.slug, admin ? " as admin" : "");
		status = EX_OK;
	}
out:
	OPENSSL_cleanse(pw, sizeof(pw));
	OPENSSL_cleanse(hash, sizeof(hash));
	return status;
}

/* One run of the transaction of "unlock": the counters of account id, audited. */
static int
unlock_apply(int64_t tenant, enum principal kind, int64_t id, uint64_t *cleared)
{
	struct audit_entry e = { 0 };
	char detail[64];
	int rc;

	if ((rc = throttle_unlock(&arena, &cfg, tenant, kind, id, cleared)) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "by=porchctl rows=%llu",
	    (unsigned long long)*cleared);
	e.tenant = tenant;
	e.action = "throttle.unlock";
	e.actor_kind = "system";
	e.target_kind = principal_name(kind);
	e.target_id = id;
	e.detail = detail;
	return store_audit_add(&arena, &e);
}

/* Token links are sealed under secret_key: without it, say so the way porchd does. */
static int
need_secret_key(void)
{
	char err[1024];

	if (cfg_need_secret_key(&cfg, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "porchctl: %s\n", err);
	return EX_USAGE;
}

/*
 * porchctl unlock SLUG LOGIN: the operator's way to lift the throttle from an
 * account (the portal user with that login and the staff member with that email,
 * whichever exist), audited as done by the system.
 */
static int
cmd_unlock(int argc, char **argv)
{
	static const enum principal kinds[] = { PRINCIPAL_PORTAL, PRINCIPAL_STAFF };
	struct account acc;
	struct tenant t;
	uint64_t cleared;
	int found, any = 0, rc;

	if (argc != 3) {
		fprintf(stderr, "usage: porchctl unlock SLUG LOGIN\n");
		return EX_USAGE;
	}
	if ((rc = need_secret_key()) != 0 ||
	    (rc = porchctl_tenant(&arena, argv[1], &t)) != 0)
		return rc;
	for (size_t i = 0; i < NELEM(kinds); i++) {
		if ((rc = store_account_by_login(&arena, kinds[i], t.id, argv[2], &acc,
		    &found)) != DB_OK)
			return porchctl_fail_db("unlock", rc);
		if (!found)
			continue;
		any = 1;
		STORE_TXN(rc, unlock_apply(t.id, kinds[i], acc.id, &cleared));
		if (rc != DB_OK)
			return porchctl_fail_db("unlock", rc);
		printf("%s %s of %s unlocked (%llu record%s cleared)\n",
		    kinds[i] == PRINCIPAL_STAFF ? "staff member" : "portal user", argv[2],
		    t.slug, (unsigned long long)cleared, cleared == 1 ? "" : "s");
	}
	if (!any) {
		fprintf(stderr, "porchctl: %s is neither a portal user nor a staff member "
		    "of %s\n", argv[2], t.slug);
		return EX_FAIL;
	}
	return EX_OK;
}

/*
 * Issues a first token link to every customer of the tenant that has none: customers
 * made by SQL (seed data, imports) rather than by porch. *n: how many got one.
 */
static int
issue_missing_links(const struct tenant *t, size_t *n)
{
	int64_t *ids;
	size_t nids;
	int issued, rc;

	*n = 0;
	if ((rc = store_tokenlink_missing(&arena, t->id, &ids, &nids)) != DB_OK)
		return rc;
	for (size_t i = 0; i < nids; i++) {
		if ((rc = tokenlink_issue(&arena, cfg.secret_key, t->id, ids[i], 0,
		    &issued)) != DB_OK)
			return rc;
		*n += issued != 0;
	}
	return DB_OK;
}

static int
cmd_tokenlink(int argc, char **argv)
{
	struct tenant t;
	size_t n;
	int rc;

	if (argc != 3 || strcmp(argv[1], "issue") != 0) {
		fprintf(stderr, "usage: porchctl tokenlink issue SLUG\n");
		return EX_USAGE;
	}
	if ((rc = need_secret_key()) != 0 ||
	    (rc = porchctl_tenant(&arena, argv[2], &t)) != 0)
		return rc;
	if ((rc = issue_missing_links(&t, &n)) != DB_OK)
		return porchctl_fail_db("tokenlink issue", rc);
	printf("%zu token link%s issued for %s\n", n, n == 1 ? "" : "s", t.slug);
	return EX_OK;
}

static int
cmd_seed_demo(void)
{
	char path[4096], err[1024];
	struct tenant t;
	size_t len, n;
	char *sql;
	int found, rc;

	if ((rc = need_secret_key()) != 0)
		return rc;
	if ((rc = store_tenant_by_slug(&arena, "demo", &t, &found)) != DB_OK)
		return porchctl_fail_db("seed-demo", rc);
	if (found) {
		printf("the demo tenant is already there (tenant demo, %s)\n", t.name);
		return EX_OK;
	}
	snprintf(path, sizeof(path), "%s/demo_seed.sql", cfg.schema_dir);
	if ((sql = porchctl_slurp(path, &len)) == NULL) {
		fprintf(stderr, "porchctl: %s: %s\n", path, strerror(errno));
		return EX_FAIL;
	}
	/* All of it or nothing: a failed seed leaves no half tenant behind. */
	err[0] = '\0';
	STORE_TXN(rc, store_run_script(sql, len, err, sizeof(err)));
	free(sql);
	if (rc != DB_OK && err[0] != '\0') {
		fprintf(stderr, "porchctl: %s: %s\n", path, err);
		return EX_FAIL;
	}
	if (rc != DB_OK)
		return porchctl_fail_db("seed-demo", rc);
	/* The seed's customers get their token links here: SQL has no key to seal with. */
	if ((rc = store_tenant_by_slug(&arena, "demo", &t, &found)) != DB_OK ||
	    (found && (rc = issue_missing_links(&t, &n)) != DB_OK)) {
		porchctl_fail_db("seed-demo", rc);
		fprintf(stderr, "porchctl: the demo tenant is there without token links; "
		    "run: porchctl tokenlink issue demo\n");
		return EX_FAIL;
	}
	printf("demo tenant added: Seaside Stays on http://localhost/ and "
	    "http://127.0.0.1/\n");
	return EX_OK;
}

int
main(int argc, char **argv)
{
	const char *path = PORCH_SYSCONFDIR "/porch.conf";
	char err[512];
	int ch, status;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return EX_USAGE;
	}
	if ((status = check_args(path, argc, argv)) != 0)
		return status;
	if (cfg_load(path, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "porchctl: %s\n", err);
		return EX_USAGE;
	}
	log_open("porchctl", 0, LOG_LVL_WARN);
	/* A migration's statement may run long: the longer wait, cluster or not. */
	cfg.db.cluster_read_timeout = cfg.db.read_timeout;
	db_configure(&cfg.db);
	if (strcmp(argv[0], "migrate") == 0 && argc == 1)
		status = cmd_migrate();
	else if (strcmp(argv[0], "tenant") == 0 && argc >= 2)
		status = cmd_tenant(argc, argv);
	else if (strcmp(argv[0], "domain") == 0)
		status = cmd_domain(argc, argv);
	else if (strcmp(argv[0], "staff") == 0)
		status = cmd_staff(argc, argv);
	else if (strcmp(argv[0], "unlock") == 0)
		status = cmd_unlock(argc, argv);
	else if (strcmp(argv[0], "tokenlink") == 0)
		status = cmd_tokenlink(argc, argv);
	else if (strcmp(argv[0], "apikey") == 0)
		status = porchctl_apikey(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "import") == 0)
		status = porchctl_import(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "seed-demo") == 0 && argc == 1)
		status = cmd_seed_demo();
	else if (strcmp(argv[0], "outbox") == 0)
		status = porchctl_outbox(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "mail") == 0)
		status = porchctl_mail(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "purge") == 0)
		status = porchctl_purge(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "events") == 0)
		status = porchctl_events(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "webhook") == 0)
		status = porchctl_webhook(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "webhooks") == 0)
		status = porchctl_webhooks(&cfg, &arena, argc, argv);
	else if (strcmp(argv[0], "ical") == 0)
		status = porchctl_ical(&cfg, &arena, argc, argv);
	else {
		fprintf(stderr, "porchctl: unknown command or arguments: %s\n", argv[0]);
		usage(stderr);
		status = EX_USAGE;
	}
	db_close();
	arena_free(&arena);
	cfg_free(&cfg);
	return status;
}

/* porch — SPDX-License-Identifier: MIT
 * The configuration file: a table of settings with type, bounds and default, read with
 * libconfig. Unknown keys are errors, so a typo never silently leaves a default.
 */
#include "config.h"

#include <sys/socket.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <libconfig.h>
#include <openssl/crypto.h>

#include "cfg.h"
#include "mail.h"
#include "util.h"

#ifndef PORCH_DATADIR
#define PORCH_DATADIR "/usr/local/share/porch"
#endif

/* CT_CODE: a string in the file, decoded by cfg_decode() into another form. */
enum cfg_type { CT_STR, CT_CODE, CT_INT, CT_BOOL, CT_GROUP };

struct cfg_key {
	const char	*name;		/* path, "group.key" for nested keys */
	enum cfg_type	 type;
	size_t		 off;		/* into struct cfg */
	long long	 min, max;	/* CT_INT bounds */
	const char	*dstr;		/* default for CT_STR */
	int		 dint;		/* default for CT_INT, CT_BOOL */
};

#define O(f) offsetof(struct cfg, f)

static const struct cfg_key keys[] = {
	{ "listen", CT_STR, O(listen), 0, 0, "unix:/run/porch/porchd.sock", 0 },
	{ "socket_mode", CT_CODE, O(socket_mode), 0, 0, "0660", 0 },
	{ "socket_group", CT_STR, O(socket_group), 0, 0, "", 0 },
	/* The account porchd's workers serve as when started as root (priv.c). */
	{ "user", CT_STR, O(user), 0, 0, "porch", 0 },
	{ "group", CT_STR, O(group), 0, 0, "", 0 },
	{ "workers", CT_INT, O(workers), 1, 256, NULL, 4 },
	{ "shutdown_timeout", CT_INT, O(shutdown_timeout), 1, 3600, NULL, 10 },
	{ "log", CT_CODE, O(log_syslog), 0, 0, "stderr", 0 },
	{ "log_level", CT_CODE, O(log_level), 0, 0, "info", 0 },
	{ "pid_file", CT_STR, O(pid_file), 0, 0, "", 0 },
	{ "schema_dir", CT_STR, O(schema_dir), 0, 0, PORCH_DATADIR "/schema", 0 },
	{ "tenant_cache_seconds", CT_INT, O(tenant_cache_seconds), 0, 86400, NULL, 10 },
	{ "database", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "database.socket", CT_STR, O(db.socket), 0, 0, "/run/mysqld/mysqld.sock", 0 },
	{ "database.host", CT_STR, O(db.host), 0, 0, "", 0 },
	{ "database.port", CT_INT, O(db.port), 1, 65535, NULL, 3306 },
	{ "database.name", CT_STR, O(db.name), 0, 0, "porch", 0 },
	{ "database.user", CT_STR, O(db.user), 0, 0, "porch", 0 },
	{ "database.password", CT_STR, O(db.password), 0, 0, "", 0 },
	{ "database.connect_timeout", CT_INT, O(db.connect_timeout), 1, 60, NULL, 2 },
	{ "database.fallbacks", CT_STR, O(db.fallbacks), 0, 0, "", 0 },
	{ "database.cluster", CT_BOOL, O(db.cluster), 0, 1, NULL, 0 },
	{ "database.conflict_retries", CT_INT, O(db.conflict_retries), 0, 20, NULL, 4 },
	/* How long a statement's answer is waited for: 30 s on one server, less on a
	 * cluster, whose nodes may not answer a statement of a transaction they
	 * aborted for a conflict (docs/CLUSTER.md, "Stalls"), yet longer than the
	 * cluster's pause while it decides that a dead node is gone. */
	{ "database.read_timeout", CT_INT, O(db.read_timeout), 1, 3600, NULL, 30 },
	{ "database.cluster_read_timeout", CT_INT, O(db.cluster_read_timeout), 1, 3600, NULL,
	    10 },
	{ "limits", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "limits.body_max", CT_INT, O(limits.body_max), 1024, 1 << 30, NULL, 1048576 },
	{ "limits.fields_max", CT_INT, O(limits.fields_max), 1, 100000, NULL, 256 },
	{ "limits.field_max", CT_INT, O(limits.field_max), 16, 1 << 30, NULL, 65536 },
	{ "limits.param_max", CT_INT, O(limits.param_max), 256, 1 << 20, NULL, 8192 },
	/* The tenant API (module/api/api.c): body limit and per-key rate limit. */
	{ "api", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "api.body_limit", CT_INT, O(api.body_limit), 1024, 1 << 30, NULL, 8388608 },
	{ "api.upload_limit", CT_INT, O(api.upload_limit), 1024, 1 << 30, NULL, 67108864 },
	{ "api.rate_per_minute", CT_INT, O(api.rate_per_minute), 1, 1000000, NULL, 600 },
	{ "api.batch_lines", CT_INT, O(api.batch_lines), 1, 1000000, NULL, 10000 },
	{ "api.batch_line_max", CT_INT, O(api.batch_line_max), 256, 1 << 24, NULL, 65536 },
	{ "https", CT_BOOL, O(https), 0, 1, NULL, 0 },
	{ "session", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "session.idle_seconds", CT_INT, O(session.idle_seconds), 60, 30 * 86400, NULL,
	    1800 },
	{ "session.absolute_seconds", CT_INT, O(session.absolute_seconds), 300,
	    365 * 86400, NULL, 43200 },
	{ "signin", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "signin.delay_after", CT_INT, O(signin.delay_after), 0, 1000, NULL, 3 },
	{ "signin.first_delay", CT_INT, O(signin.first_delay), 1, 3600, NULL, 1 },
	{ "signin.max_delay", CT_INT, O(signin.max_delay), 1, 86400, NULL, 900 },
	{ "signin.address_delay_after", CT_INT, O(signin.address_delay_after), 0, 100000,
	    NULL, 30 },
	{ "signin.account_slow_after", CT_INT, O(signin.account_slow_after), 0, 100000,
	    NULL, 10 },
	{ "signin.window_seconds", CT_INT, O(signin.window_seconds), 60, 86400 * 7, NULL,
	    3600 },
	/* Invitation and password-reset links (handlers/auth/invite.c). */
	{ "invite_seconds", CT_INT, O(invite_seconds), 300, 30 * 86400, NULL, 259200 },
	{ "reset_seconds", CT_INT, O(reset_seconds), 60, 86400, NULL, 1800 },
	{ "reset_max_per_hour", CT_INT, O(reset_max_per_hour), 1, 1000, NULL, 3 },
	/* The key sealing TOTP secrets and token-link copies (crypto_seal). */
	{ "secret_key", CT_CODE, 0, 0, 0, "", 0 },
	{ "argon2", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "argon2.t_cost", CT_INT, O(argon2.t_cost), 1, 100, NULL, 2 },
	{ "argon2.m_cost", CT_INT, O(argon2.m_cost), 8192, 4 << 20, NULL, 19456 },
	{ "argon2.parallelism", CT_INT, O(argon2.parallelism), 1, 64, NULL, 1 },
	/* The cap on argon2 work at once (password.c); 0 derives it from the CPUs. */
	{ "argon2.max_concurrent", CT_INT, O(argon2.max_concurrent), 0, 256, NULL, 0 },
	/* The mail relay and the outbox sender (mail.c, porchctl outbox send). */
	{ "smtp", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "smtp.host", CT_STR, O(smtp.host), 0, 0, "127.0.0.1", 0 },
	{ "smtp.port", CT_INT, O(smtp.port), 1, 65535, NULL, 25 },
	{ "smtp.starttls", CT_CODE, O(smtp.starttls), 0, 0, "opportunistic", 0 },
	{ "smtp.ca_file", CT_STR, O(smtp.ca_file), 0, 0, "", 0 },
	{ "smtp.user", CT_STR, O(smtp.user), 0, 0, "", 0 },
	{ "smtp.password", CT_STR, O(smtp.password), 0, 0, "", 0 },
	{ "smtp.from", CT_STR, O(smtp.from), 0, 0, "porch@localhost", 0 },
	{ "smtp.from_name", CT_STR, O(smtp.from_name), 0, 0, "", 0 },
	{ "smtp.timeout", CT_INT, O(smtp.timeout), 1, 300, NULL, 10 },
	{ "smtp.max_attempts", CT_INT, O(smtp.max_attempts), 1, 100, NULL, 8 },
	{ "smtp.retry_base_seconds", CT_INT, O(smtp.retry_base_seconds), 1, 86400, NULL,
	    30 },
	{ "smtp.retry_max_seconds", CT_INT, O(smtp.retry_max_seconds), 1, 7 * 86400, NULL,
	    21600 },
	{ "smtp.claim_seconds", CT_INT, O(smtp.claim_seconds), 30, 86400, NULL, 300 },
	{ "smtp.batch", CT_INT, O(smtp.batch), 1, 1000, NULL, 20 },
	{ "smtp.poll_seconds", CT_INT, O(smtp.poll_seconds), 1, 3600, NULL, 5 },
	/* Webhooks: endpoint URLs and the sender (porchctl webhooks send). */
	{ "webhooks", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "webhooks.allow_private", CT_BOOL, O(webhooks.allow_private), 0, 1, NULL, 0 },
	{ "webhooks.allow_addresses", CT_CODE, O(webhooks.allow), 0, 0, "", 0 },
	{ "webhooks.timeout", CT_INT, O(webhooks.timeout), 1, 300, NULL, 10 },
	{ "webhooks.ca_file", CT_STR, O(webhooks.ca_file), 0, 0, "", 0 },
	{ "webhooks.retry_base_seconds", CT_INT, O(webhooks.retry_base_seconds), 1,
	    86400, NULL, 10 },
	{ "webhooks.retry_max_seconds", CT_INT, O(webhooks.retry_max_seconds), 1,
	    7 * 86400, NULL, 3600 },
	{ "webhooks.claim_seconds", CT_INT, O(webhooks.claim_seconds), 30, 86400, NULL,
	    300 },
	{ "webhooks.batch", CT_INT, O(webhooks.batch), 1, 1000, NULL, 50 },
	{ "webhooks.poll_seconds", CT_INT, O(webhooks.poll_seconds), 1, 3600, NULL, 5 },
	/* Calendar sync (iCal import): the feeds' URLs. */
	{ "ical", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "ical.allow_private", CT_BOOL, O(ical.allow_private), 0, 1, NULL, 0 },
	{ "ical.allow_addresses", CT_CODE, O(ical.allow), 0, 0, "", 0 },
	{ "ical.timeout", CT_INT, O(ical.timeout), 1, 300, NULL, 20 },
	{ "ical.max_bytes", CT_INT, O(ical.max_bytes), 1024, 1073741824, NULL, 10485760 },
	{ "ical.max_redirects", CT_INT, O(ical.max_redirects), 0, 10, NULL, 3 },
	{ "ical.ca_file", CT_STR, O(ical.ca_file), 0, 0, "", 0 },
	/* Document downloads (handlers/portal/portal_docs.c): the web server sends the file. */
	{ "documents", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "documents.sender", CT_CODE, O(documents.sender), 0, 0, "nginx", 0 },
	{ "documents.dir", CT_STR, O(documents.dir), 0, 0, "/var/lib/porch/documents", 0 },
	{ "documents.nginx_prefix", CT_STR, O(documents.nginx_prefix), 0, 0,
	    "/_porch_documents/", 0 },
	/* The metrics endpoint: a listener of its own (metrics_serve.c). */
	{ "metrics", CT_GROUP, 0, 0, 0, NULL, 0 },
	{ "metrics.listen", CT_STR, O(metrics_listen), 0, 0, "", 0 },
};

#undef O

/* The smtp group's CT_CODE and checked CT_STR settings; key without "smtp.". */
static int
smtp_decode(struct cfg *c, const char *key, const char *v, char *why, size_t whylen)
{
	static const char *const tls[SMTP_TLS__MAX] = {
		[SMTP_TLS_OFF] = "off",
		[SMTP_TLS_OPPORTUNISTIC] = "opportunistic",
		[SMTP_TLS_REQUIRED] = "required",
	};
	const char *problem;

	if (strcmp(key, "starttls") == 0) {
		for (int i = 0; i < SMTP_TLS__MAX; i++)
			if (strcmp(v, tls[i]) == 0) {
				c->smtp.starttls = i;
				return 0;
			}
		snprintf(why, whylen, "smtp.starttls must be \"off\", \"opportunistic\" "
		    "or \"required\"");
		return -1;
	}
	if (strcmp(key, "host") == 0) {
		/* A host name, IPv4 or IPv6 address: it becomes part of a URL. */
		if (*v == '\0' || strlen(v) > 253 ||
		    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789.-:") != strlen(v) || *v == '-' || *v == '.') {
			snprintf(why, whylen, "smtp.host must be a host name or an IP address");
			return -1;
		}
	} else if (strcmp(key, "from") == 0) {
		if ((problem = mail_addr_problem(v)) != NULL) {
			snprintf(why, whylen, "smtp.from: %s", problem);
			return -1;
		}
	} else if (strcmp(key, "from_name") == 0) {
		if ((problem = mail_text_problem(v)) != NULL) {
			snprintf(why, whylen, "smtp.from_name: %s", problem);
			return -1;
		}
	}
	return 0;
}

/* The documents group's settings; key without "documents.". */
static int
documents_decode(struct cfg *c, const char *key, const char *v, char *why,
    size_t whylen)
{
	size_t n = strlen(v);

	if (strcmp(key, "sender") == 0) {
		if (strcmp(v, "nginx") == 0)
			c->documents.sender = DOC_SENDER_NGINX;
		else if (strcmp(v, "apache") == 0)
			c->documents.sender = DOC_SENDER_APACHE;
		else {
			snprintf(why, whylen, "documents.sender must be \"nginx\" "
			    "or \"apache\"");
			return -1;
		}
	} else if (strcmp(key, "dir") == 0) {
		/* Absolute, and the web server's own path: no tricks in it. */
		if (v[0] != '/' || strstr(v, "/..") != NULL || strpbrk(v, "\r\n") != NULL) {
			snprintf(why, whylen, "documents.dir must be an absolute path "
			    "like \"/var/lib/porch/documents\"");
			return -1;
		}
	} else if (strcmp(key, "nginx_prefix") == 0) {
		/* A local URI path that nginx maps to dir with an internal location. */
		if (n < 2 || v[0] != '/' || v[1] == '/' || v[n - 1] != '/' ||
		    strstr(v, "..") != NULL || strspn(v, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-.") != n) {
			snprintf(why, whylen, "documents.nginx_prefix must be a path like "
			    "\"/_porch_documents/\" (letters, digits, / _ - ., "
			    "starting and ending with /)");
			return -1;
		}
	}
	return 0;
}

/*
 * An allow_addresses list: addresses, each with an optional "/BITS", apart by spaces
 * or commas ("10.0.4.7 192.168.10.0/24 fd00:1::/64"); "" allows none.
 */
static int
net_allow_decode(struct net_allow *a, const char *name, const char *v, char *why,
    size_t whylen)
{
	char word[64], *slash, *end;
	size_t n;
	long bits;

	memset(a, 0, sizeof(*a));
	for (v += strspn(v, " ,"); *v != '\0'; v += strspn(v, " ,")) {
		n = strcspn(v, " ,");
		if (a->n == NET_ALLOW_MAX) {
			snprintf(why, whylen, "%s holds more than %d addresses", name,
			    NET_ALLOW_MAX);
			return -1;
		}
		if (n >= sizeof(word))
			goto bad;
		memcpy(word, v, n);
		word[n] = '\0';
		v += n;
		bits = -1;
		if ((slash = strchr(word, '/')) != NULL) {
			*slash++ = '\0';
			bits = strtol(slash, &end, 10);
			if (*slash == '\0' || *end != '\0' || bits < 0)
				goto bad;
		}
		if (inet_pton(AF_INET, word, a->net[a->n].addr) == 1)
			a->net[a->n].family = AF_INET;
		else if (inet_pton(AF_INET6, word, a->net[a->n].addr) == 1)
			a->net[a->n].family = AF_INET6;
		else
			goto bad;
		n = a->net[a->n].family == AF_INET ? 32 : 128;
		if (bits > (long)n)
			goto bad;
		a->net[a->n++].prefix = bits < 0 ? (int)n : (int)bits;
		continue;
bad:
		snprintf(why, whylen, "%s must list IP addresses, each with an optional "
		    "/prefix length, like \"10.0.4.7 192.168.10.0/24\"", name);
		return -1;
	}
	return 0;
}

/*
 * Decodes a CT_CODE setting into *c, or checks the form of a CT_STR one.
 * Returns 0, or -1 with the reason in why.
 */
static int
cfg_decode(struct cfg *c, const char *key, const char *v, char *why, size_t whylen)
{
	long long mode;
	char *end;

	if (strcmp(key, "socket_mode") == 0) {
		mode = strtoll(v, &end, 8);
		if (*v == '\0' || *end != '\0' || mode < 0 || mode > 0777) {
			snprintf(why, whylen, "socket_mode must be an octal mode like \"0660\"");
			return -1;
		}
		c->socket_mode = (int)mode;
	} else if (strcmp(key, "log") == 0) {
		if (strcmp(v, "stderr") == 0)
			c->log_syslog = 0;
		else if (strcmp(v, "syslog") == 0)
			c->log_syslog = 1;
		else {
			snprintf(why, whylen, "log must be \"stderr\" or \"syslog\"");
			return -1;
		}
	} else if (strcmp(key, "log_level") == 0) {
		if (log_level_parse(v, &c->log_level) < 0) {
			snprintf(why, whylen,
			    "log_level must be \"debug\", \"info\", \"warn\" or \"error\"");
			return -1;
		}
	} else if (strcmp(key, "secret_key") == 0) {
		if (strlen(v) != 64 ||
		    strspn(v, "0123456789abcdefABCDEF") != 64) {
			snprintf(why, whylen, "secret_key must be 64 hex digits (32 bytes), "
			    "e.g. the output of \"openssl rand -hex 32\"");
			return -1;
		}
		for (int i = 0; i < 32; i++) {
			char pair[3] = { v[2 * i], v[2 * i + 1], '\0' };

			c->secret_key[i] = (unsigned char)strtoul(pair, NULL, 16);
		}
		c->secret_key_set = 1;
	} else if (strcmp(key, "user") == 0) {
		if (*v == '\0' || strlen(v) > 32) {
			snprintf(why, whylen, "user must name an account like \"porch\"");
			return -1;
		}
	} else if (strcmp(key, "database.fallbacks") == 0) {
		/* "/socket" or "host[:port]" entries; a comma or blanks between them. */
		if (strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789.-_:/, ") != strlen(v)) {
			snprintf(why, whylen, "database.fallbacks must list unix sockets "
			    "(\"/run/mysqld/mysqld.sock\") or \"host:port\" addresses, "
			    "separated by commas");
			return -1;
		}
	} else if (strcmp(key, "listen") == 0) {
		if (strncmp(v, "unix:/", 6) != 0 && strncmp(v, "fd:", 3) != 0 &&
		    strchr(v, ':') == NULL) {
			snprintf(why, whylen, "listen must be \"unix:/PATH\", "
			    "\"HOST:PORT\" or \"fd:N\"");
			return -1;
		}
	} else if (strcmp(key, "webhooks.allow_addresses") == 0) {
		return net_allow_decode(&c->webhooks.allow, key, v, why, whylen);
	} else if (strcmp(key, "ical.allow_addresses") == 0) {
		return net_allow_decode(&c->ical.allow, key, v, why, whylen);
	}
	if (strcmp(key, "metrics.listen") == 0 && v[0] != '\0' &&
	    (strchr(v, ':') == NULL || strncmp(v, "unix:", 5) == 0 ||
	    strncmp(v, "fd:", 3) == 0)) {
		snprintf(why, whylen, "metrics.listen must be \"HOST:PORT\" (or \"\")");
		return -1;
	}
	if (strncmp(key, "smtp.", 5) == 0)
		return smtp_decode(c, key + 5, v, why, whylen);
	if (strncmp(key, "documents.", 10) == 0)
		return documents_decode(c, key + 10, v, why, whylen);
	return 0;
}

static const char *
type_name(enum cfg_type t)
{
	switch (t) {
	case CT_STR:
	case CT_CODE:
		return "a string";
	case CT_INT:
		return "an integer";
	case CT_BOOL:
		return "true or false";
	default:
		return "a group { ... }";
	}
}

static const struct cfg_key *
key_find(const char *name)
{
	for (size_t i = 0; i < NELEM(keys); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* Settings of earlier versions that mean nothing now: named in the error. */
static int
retired(const char *name)
{
	static const char *const gone[] = {
		"signin.lock_after", "signin.lock_seconds", "signin.address_lock_after",
	};

	for (size_t i = 0; i < NELEM(gone); i++)
		if (strcmp(gone[i], name) == 0)
			return 1;
	return 0;
}

static int
set_default(struct cfg *c, const struct cfg_key *k)
{
	char *p = (char *)c + k->off;
	char why[1];

	switch (k->type) {
	case CT_STR:
		*(char **)p = xstrdup(k->dstr);
		break;
	case CT_CODE:
		cfg_decode(c, k->name, k->dstr, why, sizeof(why));
		break;
	case CT_INT:
	case CT_BOOL:
		*(int *)p = k->dint;
		break;
	case CT_GROUP:
		break;
	}
	return 0;
}

int
cfg_need_secret_key(const struct cfg *c, char *err, size_t errlen)
{
	if (c->secret_key_set)
		return 0;
	snprintf(err, errlen, "%s: secret_key is not set; porchd needs it to encrypt "
	    "TOTP secrets and token links. Make one with \"openssl rand -hex 32\" and add "
	    "secret_key = \"...\"; (keep it: a new key makes every stored secret "
	    "unreadable)", c->path != NULL ? c->path : "(no config file)");
	return -1;
}

void
cfg_defaults(struct cfg *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < NELEM(keys); i++)
		set_default(c, &keys[i]);
}

/* Walks one group of the file, checking each setting against the key table. */
static int
load_group(struct cfg *c, config_setting_t *grp, const char *prefix,
    const char *path, char *err, size_t errlen)
{
	char name[128], why[160];
	int n = config_setting_length(grp);

	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(grp, (unsigned)i);
		const struct cfg_key *k;
		int line = config_setting_source_line(s);
		char *p;
		long long v;

		snprintf(name, sizeof(name), "%s%s", prefix, config_setting_name(s));
		if ((k = key_find(name)) == NULL) {
			if (retired(name))
				snprintf(err, errlen, "%s:%d: \"%s\" is no longer a setting: "
				    "sign-in no longer locks accounts, it makes failing clients "
				    "wait (see signin in porch.conf.example)", path, line, name);
			else
				snprintf(err, errlen, "%s:%d: unknown setting \"%s\"", path,
				    line, name);
			return -1;
		}
		p = (char *)c + k->off;
		switch (k->type) {
		case CT_GROUP:
			if (config_setting_type(s) != CONFIG_TYPE_GROUP)
				goto badtype;
			snprintf(name, sizeof(name), "%s.", k->name);
			if (load_group(c, s, name, path, err, errlen) < 0)
				return -1;
			break;
		case CT_STR:
		case CT_CODE:
			if (config_setting_type(s) != CONFIG_TYPE_STRING)
				goto badtype;
			if (cfg_decode(c, k->name, config_setting_get_string(s), why,
			    sizeof(why)) < 0) {
				snprintf(err, errlen, "%s:%d: %s", path, line, why);
				return -1;
			}
			if (k->type == CT_STR) {
				free(*(char **)p);
				*(char **)p = xstrdup(config_setting_get_string(s));
			}
			break;
		case CT_INT:
			if (config_setting_type(s) != CONFIG_TYPE_INT &&
			    config_setting_type(s) != CONFIG_TYPE_INT64)
				goto badtype;
			v = config_setting_get_int64(s);
			if (v < k->min || v > k->max) {
				snprintf(err, errlen, "%s:%d: %s must be between %lld and %lld",
				    path, line, k->name, k->min, k->max);
				return -1;
			}
			*(int *)p = (int)v;
			break;
		case CT_BOOL:
			if (config_setting_type(s) != CONFIG_TYPE_BOOL)
				goto badtype;
			*(int *)p = config_setting_get_bool(s);
			break;
		}
		continue;
badtype:
		snprintf(err, errlen, "%s:%d: %s must be %s", path, line, k->name,
		    type_name(k->type));
		return -1;
	}
	return 0;
}

int
cfg_load(const char *path, struct cfg *c, char *err, size_t errlen)
{
	config_t lc;
	int rc = -1;

	cfg_defaults(c);
	c->path = xstrdup(path);
	config_init(&lc);
	if (config_read_file(&lc, path) != CONFIG_TRUE) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
			snprintf(err, errlen, "%s: cannot read the file", path);
		else
			snprintf(err, errlen, "%s:%d: %s",
			    config_error_file(&lc) ? config_error_file(&lc) : path,
			    config_error_line(&lc), config_error_text(&lc));
		goto out;
	}
	if (load_group(c, config_root_setting(&lc), "", path, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	config_destroy(&lc);
	return rc;
}

void
cfg_free(struct cfg *c)
{
	for (size_t i = 0; i < NELEM(keys); i++) {
		char **p = (char **)((char *)c + keys[i].off);

		if (keys[i].type == CT_STR) {
			free(*p);
			*p = NULL;
		}
	}
	free(c->path);
	c->path = NULL;
	OPENSSL_cleanse(c->secret_key, sizeof(c->secret_key));
}

/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the config loader: defaults, values, and errors with file and line.
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "cfg.h"
#include "event.h"
#include "tap.h"

static char path[64];

/* Is the literal address a in allow? */
static int
allowed(const struct net_allow *allow, const char *a)
{
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in v4 = { .sin_family = AF_INET };

	if (inet_pton(AF_INET, a, &v4.sin_addr) == 1)
		return net_allowed(allow, (struct sockaddr *)&v4);
	if (inet_pton(AF_INET6, a, &v6.sin6_addr) == 1)
		return net_allowed(allow, (struct sockaddr *)&v6);
	return -1;
}

static int
load(const char *text, struct cfg *c, char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return cfg_load(path, c, err, errlen);
}

/* refused: 1 when TEXT does not load and the error names WANT (any error when NULL). */
static int
refused(const char *text, const char *want)
{
	struct cfg c;
	char err[512];
	int r;

	r = load(text, &c, err, sizeof(err)) < 0 && (want == NULL || strstr(err, want) != NULL);
	cfg_free(&c);
	return r;
}

int
main(void)
{
	struct cfg c;
	char err[512], want[128];
	int fd;

	snprintf(path, sizeof(path), "/tmp/porch-test-cfg-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return 1;
	close(fd);

	ok(load("", &c, err, sizeof(err)) == 0, "empty file is valid");
	ok(c.workers == 4 && c.limits.body_max == 1048576 && c.socket_mode == 0660 &&
	    strcmp(c.listen, "unix:/run/porch/porchd.sock") == 0 && c.log_syslog == 0,
	    "defaults apply");
	cfg_free(&c);

	ok(load("workers = 7;\nlog = \"syslog\";\nsocket_mode = \"0600\";\n"
	    "database = { name = \"p2\"; port = 3307; };\nlimits = { body_max = 2048; };\n",
	    &c, err, sizeof(err)) == 0, "values load");
	ok(c.workers == 7 && c.log_syslog == 1 && c.socket_mode == 0600 &&
	    strcmp(c.db.name, "p2") == 0 && c.db.port == 3307 && c.limits.body_max == 2048 &&
	    strcmp(c.db.user, "porch") == 0, "values and untouched defaults");
	cfg_free(&c);

	ok(load("workers = 2;\n\nworkers = ;\n", &c, err, sizeof(err)) < 0,
	    "syntax error fails");
	snprintf(want, sizeof(want), "%s:3:", path);
	ok(strncmp(err, want, strlen(want)) == 0, "syntax error names file and line 3");
	cfg_free(&c);

	ok(load("\nworkers = \"x\";\n", &c, err, sizeof(err)) < 0, "wrong type fails");
	snprintf(want, sizeof(want), "%s:2: workers must be an integer", path);
	is_str(err, want, "wrong type names file, line and key");
	cfg_free(&c);

	ok(load("workers = 0;\n", &c, err, sizeof(err)) < 0, "out of range fails");
	ok(strstr(err, ":1: workers must be between 1 and 256") != NULL, "range message");
	cfg_free(&c);

	/* A cluster's statements are waited for less long than one server's. */
	ok(load("", &c, err, sizeof(err)) == 0 && c.db.read_timeout == 30 &&
	    c.db.cluster_read_timeout == 10, "read timeouts: 30 s, 10 s on a cluster");
	cfg_free(&c);
	ok(load("database = { cluster = true; cluster_read_timeout = 12; };\n", &c, err,
	    sizeof(err)) == 0 && c.db.cluster && c.db.cluster_read_timeout == 12,
	    "cluster_read_timeout is read");
	cfg_free(&c);
	ok(refused("database = { cluster_read_timeout = 0; };\n",
	    ":1: database.cluster_read_timeout must be between 1 and 3600"),
	    "cluster_read_timeout 0 fails");

	ok(load("argon2 = {\n  max_concurrent = 3;\n};\n", &c, err, sizeof(err)) == 0 &&
	    c.argon2.max_concurrent == 3 && c.argon2.t_cost == 2,
	    "argon2.max_concurrent loads beside the argon2 defaults");
	cfg_free(&c);
	ok(load("", &c, err, sizeof(err)) == 0 && c.argon2.max_concurrent == 0,
	    "argon2.max_concurrent defaults to 0 (derived from the CPUs)");
	cfg_free(&c);
	ok(load("argon2 = {\n  max_concurrent = -1;\n};\n", &c, err, sizeof(err)) < 0,
	    "a negative argon2 cap fails");
	ok(strstr(err, ":2: argon2.max_concurrent must be between 0 and 256") != NULL,
	    "argon2 cap range message names file and line");
	cfg_free(&c);

	ok(load("wokers = 3;\n", &c, err, sizeof(err)) < 0, "unknown key fails");
	ok(strstr(err, ":1: unknown setting \"wokers\"") != NULL, "unknown key named");
	cfg_free(&c);

	ok(load("database = { nmae = \"x\"; };\n", &c, err, sizeof(err)) < 0,
	    "unknown nested key fails");
	ok(strstr(err, "unknown setting \"database.nmae\"") != NULL, "nested key named");
	cfg_free(&c);

	ok(load("signin = { lock_after = 5; };\n", &c, err, sizeof(err)) < 0,
	    "a retired throttle setting fails");
	ok(strstr(err, ":1: \"signin.lock_after\" is no longer a setting") != NULL,
	    "...saying it is retired, not mistyped");
	cfg_free(&c);
	ok(refused("signin = { first_delay = 0; };\n", NULL),
	    "signin.first_delay of 0 fails");
	ok(load("signin = { first_delay = 30; account_slow_after = 20; };\n", &c, err,
	    sizeof(err)) == 0 && c.signin.first_delay == 30 &&
	    c.signin.account_slow_after == 20 && c.signin.max_delay == 900,
	    "throttle settings load, with defaults for the rest");
	cfg_free(&c);

	ok(refused("log = \"file\";\n", NULL), "bad log target fails");
	ok(refused("socket_mode = \"999\";\n", NULL), "bad mode fails");
	ok(refused("listen = \"nowhere\";\n", NULL), "bad listen fails");

	/* The smtp group (mail outbox). */
	ok(load("", &c, err, sizeof(err)) == 0 && c.smtp.starttls == SMTP_TLS_OPPORTUNISTIC &&
	    c.smtp.port == 25 && strcmp(c.smtp.from, "porch@localhost") == 0 &&
	    c.smtp.max_attempts == 8, "smtp defaults");
	cfg_free(&c);
	ok(load("smtp = { starttls = \"required\"; from = \"a@b.example\"; "
	    "from_name = \"Zoë\"; retry_base_seconds = 1; };\n", &c, err, sizeof(err)) == 0 &&
	    c.smtp.starttls == SMTP_TLS_REQUIRED && c.smtp.retry_base_seconds == 1,
	    "smtp values load");
	cfg_free(&c);
	ok(refused("\nsmtp = { starttls = \"yes\"; };\n", ":2: smtp.starttls must be"),
	    "bad smtp.starttls named");
	ok(refused("smtp = { from = \"a@b\\r\\nBcc: c@d\"; };\n", "smtp.from:"),
	    "smtp.from with CR LF fails");
	ok(refused("smtp = { from_name = \"x\\ny\"; };\n", NULL),
	    "smtp.from_name with LF fails");
	ok(refused("smtp = { host = \"relay/x\"; };\n", NULL),
	    "smtp.host with a slash fails");

	/* The documents group (downloads sent by the web server). */
	ok(load("", &c, err, sizeof(err)) == 0 && c.documents.sender == DOC_SENDER_NGINX &&
	    strcmp(c.documents.dir, "/var/lib/porch/documents") == 0 &&
	    strcmp(c.documents.nginx_prefix, "/_porch_documents/") == 0, "documents defaults");
	cfg_free(&c);
	ok(load("documents = { sender = \"apache\"; dir = \"/srv/docs\"; "
	    "nginx_prefix = \"/_files/\"; };\n", &c, err, sizeof(err)) == 0 &&
	    c.documents.sender == DOC_SENDER_APACHE &&
	    strcmp(c.documents.dir, "/srv/docs") == 0 &&
	    strcmp(c.documents.nginx_prefix, "/_files/") == 0, "documents values load");
	cfg_free(&c);
	ok(refused("\ndocuments = { sender = \"lighttpd\"; };\n", ":2: documents.sender must be"),
	    "bad documents.sender named");
	ok(refused("documents = { dir = \"srv/docs\"; };\n", ":1: documents.dir must be"),
	    "relative documents.dir fails");
	ok(refused("documents = { dir = \"/srv/../etc\"; };\n", NULL),
	    "documents.dir with .. fails");
	ok(refused("documents = { nginx_prefix = \"/_files\"; };\n", "documents.nginx_prefix must be"),
	    "documents.nginx_prefix without the closing slash fails");
	ok(refused("documents = { nginx_prefix = \"//evil/\"; };\n", NULL),
	    "documents.nginx_prefix starting with // fails");

	/* Private networks an outgoing request may reach all the same. */
	ok(load("", &c, err, sizeof(err)) == 0 && c.ical.allow.n == 0 &&
	    c.webhooks.allow.n == 0 && !allowed(&c.ical.allow, "127.0.0.1"),
	    "allow_addresses: none by default");
	cfg_free(&c);
	ok(load("ical = { allow_addresses = \"127.0.0.2, 10.1.0.0/16 fd00:1::/64\"; };\n"
	    "webhooks = { allow_addresses = \"192.168.7.9/31\"; };\n", &c, err,
	    sizeof(err)) == 0 && c.ical.allow.n == 3 && c.webhooks.allow.n == 1,
	    "allow_addresses load");
	ok(allowed(&c.ical.allow, "127.0.0.2") && !allowed(&c.ical.allow, "127.0.0.1") &&
	    !allowed(&c.ical.allow, "127.0.0.3"), "...a lone address is itself only");
	ok(allowed(&c.ical.allow, "10.1.255.254") && !allowed(&c.ical.allow, "10.2.0.1"),
	    "...a /16 is its network");
	ok(allowed(&c.ical.allow, "fd00:1::5") && !allowed(&c.ical.allow, "fd00:2::5"),
	    "...IPv6 networks too");
	ok(allowed(&c.ical.allow, "::ffff:127.0.0.2") &&
	    !allowed(&c.ical.allow, "::ffff:127.0.0.1"),
	    "...an IPv4-mapped IPv6 address counts as its IPv4");
	ok(allowed(&c.webhooks.allow, "192.168.7.8") &&
	    !allowed(&c.webhooks.allow, "192.168.7.10") && !allowed(&c.webhooks.allow,
	    "127.0.0.2"), "...a /31 holds two addresses; each group has its own list");
	ok(webhook_url_problem("https://127.0.0.2/feed.ics", 0, &c.ical.allow) == NULL &&
	    webhook_url_problem("https://[::ffff:127.0.0.2]/x", 0, &c.ical.allow) == NULL,
	    "...a URL on a listed address may be saved");
	ok(webhook_url_problem("https://127.0.0.1/feed.ics", 0, &c.ical.allow) != NULL &&
	    webhook_url_problem("http://127.0.0.2/feed.ics", 0, &c.ical.allow) != NULL &&
	    webhook_url_problem("https://127.0.0.2/feed.ics", 0, NULL) != NULL,
	    "...one on another private address, over http, or with no list may not");
	cfg_free(&c);
	ok(refused("\nical = { allow_addresses = \"10.0.0.0/33\"; };\n",
	    ":2: ical.allow_addresses must list IP addresses"), "a /33 fails, with the line");
	ok(refused("webhooks = { allow_addresses = \"intranet.example\"; };\n",
	    "webhooks.allow_addresses must list"), "a host name fails");
	ok(refused("ical = { allow_addresses = \"10.0.0.1/\"; };\n", NULL),
	    "an empty prefix fails");

	unlink(path);
	ok(cfg_load(path, &c, err, sizeof(err)) < 0 && strstr(err, "cannot read") != NULL,
	    "missing file fails with a message");
	cfg_free(&c);
	return tap_done();
}

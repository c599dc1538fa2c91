/* porch — SPDX-License-Identifier: MIT
 * porchctl's mail commands: the outbox sender (one pass or a loop until SIGTERM, which
 * also runs porchctl purge every hour), the outbox listing, requeueing a failed mail,
 * and a test mail to check the relay.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "mail.h"
#include "porchctl.h"
#include "store.h"
#include "store_outbox.h"
#include "store_purge.h"

volatile sig_atomic_t porchctl_stop_requested;

static void
on_stop(int sig)
{
	(void)sig;
	porchctl_stop_requested = 1;
}

void
porchctl_catch_stop(void)
{
	struct sigaction sa;

	/* No SA_RESTART: a stop ends a nap at once. A pass holds the signals but
	 * between deliveries, so the one in hand is always finished and marked. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void
porchctl_nap(long ms)
{
	struct timespec slice = { 0, 100 * 1000000L };

	for (long done = 0; done < ms && !porchctl_stop_requested; done += 100)
		nanosleep(&slice, NULL);
}

/* The loop's housekeeping (porchctl purge) runs at start and then this often. */
#define PURGE_EVERY_SECONDS	3600

static time_t
monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* One purge pass for the loop, logged; a failure waits for the next pass. */
static void
loop_purge(const struct cfg *c, struct arena *a)
{
	struct purge_counts n;

	if (porchctl_purge_pass(c, a, &n) != DB_OK)
		log_warn("outbox: purge: %s", store_last_error());
	else if (n.sessions + n.links + n.mail > 0)
		log_info("outbox: purge: %llu sessions, %llu links, %llu sent mails, "
		    "%llu throttle records removed",
		    (unsigned long long)n.sessions, (unsigned long long)n.links,
		    (unsigned long long)n.mail, (unsigned long long)n.throttle);
	arena_reset(a);
}

static int
outbox_send(const struct cfg *c, struct arena *a, int loop)
{
	struct mail_pass_stats st;
	time_t purged_at = 0;
	int rc, failing = 0, purged = 0;

	porchctl_catch_stop();
	mail_files_dir(c->documents.dir);
	log_open("porchctl", c->log_syslog, c->log_level);
	if (loop)
		log_info("outbox: sender started, a pass every %d s", c->smtp.poll_seconds);
	for (;;) {
		if (loop && (!purged ||
		    monotonic_seconds() - purged_at >= PURGE_EVERY_SECONDS)) {
			loop_purge(c, a);
			purged_at = monotonic_seconds();
			purged = 1;
		}
		rc = mail_send_pass(&c->smtp, a, &porchctl_stop_requested, &st);
		arena_reset(a);
		if (!loop) {
			if (rc != DB_OK)
				return porchctl_fail_db("outbox send", rc);
			printf("sent %u, deferred %u, failed %u\n", st.sent, st.deferred,
			    st.failed);
			return PORCHCTL_OK;
		}
		if (rc != DB_OK && !failing)
			log_warn("outbox: %s; trying again every %d s", store_last_error(),
			    c->smtp.poll_seconds);
		else if (rc == DB_OK && failing)
			log_info("outbox: the database answers again");
		failing = rc != DB_OK;
		if (st.sent + st.deferred + st.failed > 0)
			log_info("outbox: pass done: sent %u, deferred %u, failed %u", st.sent,
			    st.deferred, st.failed);
		porchctl_nap(c->smtp.poll_seconds * 1000L);
		if (porchctl_stop_requested)
			break;
	}
	log_info("outbox: sender stopped");
	return PORCHCTL_OK;
}

static int
outbox_list(struct arena *a, int all)
{
	struct outbox_entry *e;
	size_t n;
	int rc;

	if ((rc = store_outbox_list(a, all, &e, &n)) != DB_OK)
		return porchctl_fail_db("outbox list", rc);
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)e[i].id,
		    e[i].status, (long long)e[i].attempts,
		    e[i].next_attempt != NULL ? e[i].next_attempt : "-", e[i].tenant,
		    e[i].to_addr, e[i].subject, e[i].last_error);
	return PORCHCTL_OK;
}

static int
outbox_retry(struct arena *a, const char *arg)
{
	long long id;
	int rc, found;

	if (parse_int(arg, 1, INT64_MAX, &id) < 0) {
		fprintf(stderr, "porchctl: \"%s\" is not an outbox id\n", arg);
		return PORCHCTL_USAGE;
	}
	if ((rc = store_outbox_requeue_failed(a, id, &found)) != DB_OK)
		return porchctl_fail_db("outbox retry", rc);
	if (!found) {
		fprintf(stderr, "porchctl: no failed mail %lld (see: porchctl outbox list)\n",
		    id);
		return PORCHCTL_FAIL;
	}
	printf("mail %lld queued again\n", id);
	return PORCHCTL_OK;
}

int
porchctl_outbox(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "send") == 0 &&
	    (argc == 2 || (argc == 3 && strcmp(argv[2], "--loop") == 0)))
		return outbox_send(c, a, argc == 3);
	if (argc >= 2 && strcmp(argv[1], "list") == 0 &&
	    (argc == 2 || (argc == 3 && strcmp(argv[2], "--all") == 0)))
		return outbox_list(a, argc == 3);
	if (argc == 3 && strcmp(argv[1], "retry") == 0)
		return outbox_retry(a, argv[2]);
	fprintf(stderr, "usage: porchctl outbox send [--loop] | list [--all] | retry ID\n");
	return PORCHCTL_USAGE;
}

int
porchctl_mail(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	const char *name = "", *problem;
	char host[256], date[40];
	struct buf body;
	int64_t id;
	int rc;

	if (argc == 5 && strcmp(argv[3], "--name") == 0) {
		name = argv[4];
		argc -= 2;
	}
	if (argc != 3 || strcmp(argv[1], "test") != 0) {
		fprintf(stderr, "usage: porchctl mail test ADDRESS [--name NAME]\n");
		return PORCHCTL_USAGE;
	}
	/* The address is not echoed: it may hold the control characters refused. */
	if ((problem = mail_addr_problem(argv[2])) != NULL) {
		fprintf(stderr, "porchctl: mail test: %s; nothing was queued\n", problem);
		return PORCHCTL_USAGE;
	}
	if ((problem = mail_text_problem(name)) != NULL) {
		fprintf(stderr, "porchctl: mail test: the name: %s; nothing was queued\n",
		    problem);
		return PORCHCTL_USAGE;
	}
	if (gethostname(host, sizeof(host)) != 0 || !utf8_valid(host, strlen(host)))
		snprintf(host, sizeof(host), "(unknown)");
	host[sizeof(host) - 1] = '\0';
	mail_date((int64_t)time(NULL), date, sizeof(date));
	buf_init(&body, 512);
	buf_printf(&body,
	    "This is a test mail from porch, queued with \"porchctl mail test\"\n"
	    "on %s at %s.\n"
	    "\n"
	    "It reached you through the relay smtp://%s:%d from the outbox.\n"
	    "Non-ASCII check: café, naïve, 10 €, ✓\n", host, date, c->smtp.host,
	    c->smtp.port);
	rc = mail_enqueue_id(a, 0, argv[2], name, "porch test mail ✓", body.data, &id);
	buf_free(&body);
	if (rc == MAIL_INVALID) {
		fprintf(stderr, "porchctl: mail test: the mail cannot be sent; nothing was "
		    "queued\n");
		return PORCHCTL_USAGE;
	}
	if (rc != DB_OK)
		return porchctl_fail_db("mail test", rc);
	printf("test mail %lld to %s queued; porchctl outbox send delivers it\n",
	    (long long)id, argv[2]);
	return PORCHCTL_OK;
}

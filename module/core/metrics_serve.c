/* porch — SPDX-License-Identifier: MIT
 * The metrics endpoint: a process of porchd's master (like a worker, never root)
 * that answers "GET /metrics" in the Prometheus text format on metrics.listen, a
 * TCP address of its own that the web servers never pass on: each porchd host is
 * scraped directly, and nothing of it is reachable through a tenant's host name.
 * One connection at a time, each bounded by a short timeout; the counters come from
 * the block the workers share (metrics.c), the queues from MariaDB at each scrape.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "metrics.h"
#include "metrics_serve.h"
#include "password.h"
#include "store_metrics.h"

#define METRICS_TIMEOUT_S	5
#define METRICS_REQUEST_MAX	4096

/* The gauges read at each scrape: workers, argon2 work, the senders' queues. */
static void
gauges(const struct cfg *cfg, struct buf *b)
{
	static const struct {
		const char	*name;
		const char	*help;
	} queue_help[] = {
		{ "outbox", "mail queued or being sent" },
		{ "webhooks", "events active webhook endpoints have not had yet" },
		{ "ical", "iCal import URLs due for a sync" },
	};
	struct store_queue *qs = NULL;
	struct arena a;
	size_t n = 0;
	int rc;

	buf_printf(b, "# HELP porch_workers Worker processes porchd keeps running.\n"
	    "# TYPE porch_workers gauge\nporch_workers %d\n", cfg->workers);
	buf_printf(b, "# HELP porch_argon2_in_flight Password hashes running now.\n"
	    "# TYPE porch_argon2_in_flight gauge\nporch_argon2_in_flight %d\n",
	    password_gate_busy());
	buf_printf(b, "# HELP porch_argon2_max_concurrent The cap on hashes at once.\n"
	    "# TYPE porch_argon2_max_concurrent gauge\nporch_argon2_max_concurrent %d\n",
	    password_gate_cap());

	memset(&a, 0, sizeof(a));
	rc = store_metrics_queues(&a, &qs, &n);
	buf_printf(b, "# HELP porch_db_up Whether this scrape could read the queues "
	    "from MariaDB.\n# TYPE porch_db_up gauge\nporch_db_up %d\n", rc == DB_OK);
	if (rc == DB_OK) {
		buf_puts(b, "# HELP porch_queue_depth What waits for a sender, over every "
		    "tenant: ");
		for (size_t i = 0; i < NELEM(queue_help); i++)
			buf_printf(b, "%s%s (%s)", i > 0 ? ", " : "", queue_help[i].name,
			    queue_help[i].help);
		buf_puts(b, ".\n# TYPE porch_queue_depth gauge\n");
		for (size_t i = 0; i < n; i++)
			if (strcmp(qs[i].name, "outbox_failed") != 0)
				buf_printf(b, "porch_queue_depth{queue=\"%s\"} %lld\n",
				    qs[i].name, (long long)qs[i].depth);
		buf_puts(b, "# HELP porch_queue_oldest_seconds How long the oldest of "
		    "each queue has waited.\n# TYPE porch_queue_oldest_seconds gauge\n");
		for (size_t i = 0; i < n; i++)
			if (strcmp(qs[i].name, "outbox_failed") != 0)
				buf_printf(b, "porch_queue_oldest_seconds{queue=\"%s\"} %lld\n",
				    qs[i].name, (long long)qs[i].oldest);
		for (size_t i = 0; i < n; i++)
			if (strcmp(qs[i].name, "outbox_failed") == 0)
				buf_printf(b, "# HELP porch_outbox_failed Mail given up after "
				    "smtp.max_attempts.\n# TYPE porch_outbox_failed gauge\n"
				    "porch_outbox_failed %lld\n", (long long)qs[i].depth);
	}
	arena_free(&a);
}

static void
answer(int fd, const char *status, const char *type, const struct buf *body,
    int head)
{
	struct buf out;
	size_t off = 0;

	buf_init(&out, 256 + (head ? 0 : body->len));
	buf_printf(&out, "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	    "Cache-Control: no-store\r\nConnection: close\r\n\r\n", status, type,
	    body->len);
	if (!head)
		buf_put(&out, body->data, body->len);
	while (off < out.len) {
		ssize_t w = write(fd, out.data + off, out.len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	buf_free(&out);
}

/* Reads the request head (up to a blank line) and answers it. */
static void
serve_one(const struct cfg *cfg, int fd)
{
	struct timeval tv = { 1, 0 };
	char req[METRICS_REQUEST_MAX + 1];
	uint64_t deadline = now_ms() + METRICS_TIMEOUT_S * 1000;
	size_t len = 0;
	struct buf body;
	int head;

	/* Each read waits a second at the most, the whole request METRICS_TIMEOUT_S:
	 * a client that trickles bytes cannot hold the one connection served. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	tv.tv_sec = METRICS_TIMEOUT_S;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (len < METRICS_REQUEST_MAX) {
		ssize_t r;

		if (now_ms() > deadline)
			return;
		r = read(fd, req + len, METRICS_REQUEST_MAX - len);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			return;
		len += (size_t)r;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL || strstr(req, "\n\n") != NULL)
			break;
	}
	req[len] = '\0';
	buf_init(&body, 8192);
	head = strncmp(req, "HEAD ", 5) == 0;
	if (strncmp(req, "GET ", 4) != 0 && !head) {
		buf_puts(&body, "method not allowed\n");
		answer(fd, "405 Method Not Allowed", "text/plain; charset=utf-8", &body, 0);
	} else if (strncmp(req + (head ? 5 : 4), "/metrics ", 9) != 0 &&
	    strncmp(req + (head ? 5 : 4), "/metrics?", 9) != 0) {
		buf_puts(&body, "not found: the metrics are at /metrics\n");
		answer(fd, "404 Not Found", "text/plain; charset=utf-8", &body, head);
	} else {
		metrics_render(&body);
		gauges(cfg, &body);
		answer(fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8", &body,
		    head);
	}
	buf_free(&body);
}

void
metrics_serve(const struct cfg *cfg, int listen_fd)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;	/* nothing to finish: a stop ends it at once */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(0);
	db_configure(&cfg->db);
	for (;;) {
		struct pollfd pf = { .fd = listen_fd, .events = POLLIN };
		int fd;

		if (poll(&pf, 1, -1) < 0 || !(pf.revents & POLLIN))
			continue;
		if ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
			if (errno == EMFILE || errno == ENFILE)
				usleep(100000);
			continue;
		}
		serve_one(cfg, fd);
		close(fd);
	}
}

/* porch — SPDX-License-Identifier: MIT
 * The worker loop. The worker accepts connections itself (poll on the listening socket
 * and a self-pipe, then accept4) and hands each to libfcgi, so a stop signal wakes an
 * idle worker at once and never cuts a request short.
 */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <openssl/rand.h>

#include "api.h"
#include "db.h"
#include "handlers.h"
#include "local.h"
#include "log.h"
#include "metrics.h"
#include "req.h"
#include "router.h"
#include "session.h"
#include "store_rights.h"
#include "tenant.h"
#include "upload.h"
#include "worker.h"

static volatile sig_atomic_t stopping;
static int wake[2] = { -1, -1 };

static void
on_stop(int sig)
{
	int saved = errno;

	stopping = 1;
	/* A full pipe means the worker is awake already. */
	(void)!write(wake[1], "x", 1);
	errno = saved;
}

static void
signals_setup(void)
{
	struct sigaction sa;
	sigset_t all;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	/* Restart interrupted reads and writes: a stop must not break a request. */
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
}

/* Request ids: a random per-worker prefix and a counter, 16 hex digits. */
static void
request_id(char out[17])
{
	static unsigned char prefix[4];
	static uint32_t counter;
	unsigned char raw[8];

	if (counter == 0 && RAND_bytes(prefix, sizeof(prefix)) != 1)
		memset(prefix, 0, sizeof(prefix));
	counter++;
	memcpy(raw, prefix, 4);
	raw[4] = (unsigned char)(counter >> 24);
	raw[5] = (unsigned char)(counter >> 16);
	raw[6] = (unsigned char)(counter >> 8);
	raw[7] = (unsigned char)counter;
	hex_encode(raw, sizeof(raw), out);
}

/*
 * Copies s for a log line: printable ASCII kept, other bytes as \xNN, the path of a
 * token link (/t/, /invite/, /reset/) or a calendar feed (/ical/) cut after its
 * prefix (the token is a secret), at most max bytes.
 */
static void
log_safe(struct buf *b, const char *s, size_t max)
{
	static const char *const secret[] = { "/t/", "/invite/", "/reset/", "/ical/" };
	size_t start = b->len;

	for (size_t i = 0; i < NELEM(secret); i++)
		if (strncmp(s, secret[i], strlen(secret[i])) == 0) {
			buf_puts(b, secret[i]);
			buf_puts(b, "...");
			return;
		}
	for (; *s != '\0' && b->len - start < max; s++) {
		unsigned char c = (unsigned char)*s;

		if (c > 0x20 && c < 0x7f && c != '\\')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "\\x%02x", c);
	}
}

/* The Allow header of a 405: the methods of allow, HEAD with GET. */
static void
allow_header(struct resp *p, unsigned allow)
{
	static const struct { enum method m; const char *names; } order[] = {
		{ METHOD_GET, "GET, HEAD" }, { METHOD_POST, "POST" },
		{ METHOD_PUT, "PUT" }, { METHOD_DELETE, "DELETE" },
	};
	char v[64] = "";
	size_t len = 0;

	/* At most "GET, HEAD, POST, PUT, DELETE": the buffer always holds it. */
	for (size_t i = 0; i < NELEM(order); i++)
		if (allow & METHOD_BIT(order[i].m))
			len += (size_t)snprintf(v + len, sizeof(v) - len, "%s%s",
			    len > 0 ? ", " : "", order[i].names);
	resp_header(p, "Allow", v);
}

/*
 * Routes r; returns 0 when the handler wrote the page, else the error status.
 * kept: the session may be taken as the worker kept it (ROUTE_KEPT).
 */
static int
dispatch(struct req *r, struct resp *p, unsigned *allow, int kept)
{
	const struct route *rt;
	int status, rc;

	/* The host the server routed on must be the one the client asked for. */
	if (r->host[0] != '\0' && r->http_host[0] != '\0' &&
	    strcmp(r->host, r->http_host) != 0)
		return 400;
	if ((status = router_find(r->path, r->method, &rt, allow)) != 0)
		return status;
	if (rt->flags & ROUTE_TENANT) {
		if (r->host[0] == '\0')
			return 404;
		rc = tenant_for_host(r->host, r->cfg->tenant_cache_seconds, &r->tenant);
		if (rc != DB_OK)
			return status_for_db(rc);
		if (r->tenant == NULL)
			return 404;
		/* Times and money in the tenant's formats (a user's own zone below). */
		local_use(r->tenant->time_zone, r->tenant->number_format);
		/* From here on even an error page is the tenant's. */
		if (!(rt->flags & ROUTE_API))
			p->site = page_site(r);
		/* The API: a key, not a session; no CSRF, no pages' guards. */
		if (rt->flags & ROUTE_API)
			return (status = api_gate(r, p)) != PAGE_GO ? status : rt->fn(r, p);
		kept = kept && (rt->flags & ROUTE_KEPT) && (r->method == METHOD_GET ||
		    r->method == METHOD_HEAD);
		if ((rc = sess_load(r, kept)) != DB_OK)
			return status_for_db(rc);
		if (r->session != NULL)
			local_use_zone(r->session->row.time_zone);
		/*
		 * A form with a file: its fields (the CSRF token first) and the file,
		 * read only once the route's role admits the visitor, so no one else
		 * makes porch receive a file.
		 */
		if (r->multipart && !(rt->flags & ROUTE_UPLOAD))
			return 415;
		if (r->multipart && ((status = route_guard(r, p, rt)) != PAGE_GO ||
		    (status = upload_read(r)) != 0))
			return status;
		if (r->method == METHOD_POST &&
		    (status = csrf_check(r, (rt->flags & ROUTE_PRESESSION) != 0)) != 0)
			return status;
		/*
		 * Half-way through MFA, a session opens only its next step, sign-out and
		 * a fresh sign-in: nothing a user could skip to.
		 */
		if (r->session != NULL && !sess_signed_in(r)) {
			const char *step = r->session->row.mfa == MFA_ENROL ? "/mfa/enrol" :
			    "/login/mfa";

			if (strcmp(r->path, step) != 0 && strcmp(r->path, "/logout") != 0 &&
			    !(r->method == METHOD_POST && (strcmp(r->path, "/login") == 0 ||
			    strcmp(r->path, "/staff/login") == 0))) {
				resp_redirect(p, 303, step);
				return 0;
			}
		}
		/*
		 * A one-time password must be replaced before anything else — by the
		 * user: staff viewing as the user may not change it (account.c).
		 */
		if (sess_signed_in(r) && r->session->row.must_change_password &&
		    r->session->row.impersonator_id == 0 &&
		    strcmp(r->path, "/account/password") != 0 &&
		    strcmp(r->path, "/logout") != 0) {
			resp_redirect(p, 303, "/account/password");
			return 0;
		}
		/* Staff pages: the role each one needs, from the route table. */
		if ((status = route_guard(r, p, rt)) != PAGE_GO)
			return status;
	}
	return rt->fn(r, p);
}

/* An error found before the route looked its tenant up (an unknown path, a
 * malformed request): the page is still the tenant's when the host names one. */
static void
error_site(struct req *r, struct resp *p)
{
	const struct tenant *t;

	/* Never for a host the client did not ask for (the two hosts disagree). */
	if (p->site != NULL || r->api || r->host == NULL || r->host[0] == '\0' ||
	    r->http_host == NULL || strcmp(r->host, r->http_host) != 0 ||
	    tenant_for_host(r->host, r->cfg->tenant_cache_seconds, &t) != DB_OK ||
	    t == NULL)
		return;
	r->tenant = t;
	p->site = page_site(r);
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void
serve(struct req *r, struct resp *p, FCGX_Request *fr, const struct cfg *cfg)
{
	static const char *const checked[] = {
		[DB_CHECK_TWIN] = "twin", [DB_CHECK_ALONE] = "alone",
		[DB_CHECK_FAILED] = "again",
	};
	const char *session = NULL;
	unsigned allow = 0;
	struct buf line;
	size_t bytes;
	int status;
	uint64_t start_us = now_us();

	r->start_ms = now_ms();
	db_statements_reset();
	db_check_reset();
	local_use(NULL, NUMFMT_DEFAULT);	/* nothing of the last request's viewer */
	rights_outcome_reset();
	request_id(r->id);
	resp_reset(p);
	p->req_id = r->id;
	p->site = NULL;
	if ((status = req_load(r, fr, cfg)) == 0) {
		status = dispatch(r, p, &allow, 1);
		/*
		 * A page made with the session as the worker kept it stands only once
		 * its check held; else it is dropped and made again from the session
		 * as the database has it now.
		 */
		if (db_check_state() != DB_CHECK_NONE) {
			if (sess_settle(r) != DB_OK) {
				resp_reset(p);
				p->site = NULL;
				allow = 0;
				db_check_reset();
				local_use(NULL, NUMFMT_DEFAULT);
				rights_outcome_reset();
				status = dispatch(r, p, &allow, 0);
				session = checked[DB_CHECK_FAILED];
			} else
				session = checked[db_check_state()];
		}
	}
	upload_discard(r);	/* a form's file no handler kept */
	if (status != 0) {
		if (r->api)
			api_error_status(r, p, status);
		else {
			error_site(r, p);
			resp_error(r, p, status);
		}
		if (status == 405)
			allow_header(p, allow);
	}
	bytes = resp_send(r, p, fr);
	metrics_request(r->path, p->status, now_us() - start_us);

	buf_init(&line, 256);
	buf_printf(&line, "req=%s status=%d method=%s host=", r->id, p->status,
	    r->method_name);
	log_safe(&line, r->host != NULL && r->host[0] ? r->host : "-", 100);
	buf_puts(&line, " path=");
	log_safe(&line, r->path, 200);
	/* Where a portal visitor's rights came from: kept, read, moved. */
	if (rights_outcome_get() != NULL)
		buf_printf(&line, " rights=%s", rights_outcome_get());
	/* A session taken as kept: checked in the page's first statement (twin),
	 * on its own, or found changed and the page made again. */
	if (session != NULL)
		buf_printf(&line, " session=%s", session);
	buf_printf(&line, " bytes=%zu ms=%llu sql=%lu", bytes,
	    (unsigned long long)(now_ms() - r->start_ms), db_statements());
	log_info("%s", line.data);
	buf_free(&line);
	req_reset(r);
}

void
worker_run(const struct cfg *cfg, int listen_fd)
{
	FCGX_Request fr;
	struct req r;
	struct resp p;

	if (pipe(wake) < 0) {
		log_error("worker: pipe: %s", strerror(errno));
		_exit(1);
	}
	signals_setup();
	/* A master killed outright takes its workers along, as if it had stopped. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		stopping = 1;
	db_configure(&cfg->db);
#ifdef M_MXFAST
	/* No fast bins: glibc's per-thread cache takes the small chunks a request
	 * frees by the thousand (jansson's nodes), and with fast bins each free of a
	 * chunk next to the heap's top, or each large allocation (a statement's
	 * buffer for a batch's rows), first consolidated them all: a sixth of a
	 * worker's time in a batch load (docs/BENCHMARKS.md). */
	mallopt(M_MXFAST, 0);
#endif
	FCGX_Init();
	/* listen_sock -1: libfcgi never accepts by itself; see below. */
	FCGX_InitRequest(&fr, -1, 0);
	memset(&r, 0, sizeof(r));
	resp_init(&p);

	while (!stopping) {
		if (fr.ipcFd < 0) {
			struct pollfd pf[2] = {
				{ .fd = listen_fd, .events = POLLIN },
				{ .fd = wake[0], .events = POLLIN },
			};
			int fd;

			if (poll(pf, 2, -1) < 0 || (pf[1].revents & POLLIN))
				continue;
			if (!(pf[0].revents & POLLIN))
				continue;
			fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0) {
				/* Another worker took it (EAGAIN), or a transient error. */
				if (errno == EMFILE || errno == ENFILE) {
					log_error("accept: %s", strerror(errno));
					usleep(100000);
				}
				continue;
			}
			/*
			 * Hand the connection to libfcgi: with ipcFd set it reads the
			 * request from it instead of accepting; keepConnection stops
			 * FCGX_Accept_r's opening FCGX_Finish_r from closing it.
			 */
			fr.ipcFd = fd;
			fr.keepConnection = 1;
		}
		if (FCGX_Accept_r(&fr) < 0) {
			fr.ipcFd = -1;
			continue;
		}
		serve(&r, &p, &fr, cfg);
		FCGX_Finish_r(&fr);
	}
	if (fr.ipcFd >= 0)
		close(fr.ipcFd);
	db_close();
	_exit(0);
}

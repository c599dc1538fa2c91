/* porch — SPDX-License-Identifier: MIT
 * The benchmark's flood (tests/bench/run.sh): bad sign-ins posted to one tenant's
 * /login at a fixed rate, open loop (a slow answer does not slow the flood), each
 * with a new login as credential stuffing does, for a bounded time and at most
 * CONNS requests in flight (beyond that a tick is skipped and counted). Each request
 * is a new connection to 127.0.0.1:PORT. With SPREAD > 0 the requests come from
 * SPREAD source addresses in turn (127.1.0.0 upwards; Linux answers all of 127/8
 * on the loopback), as a flood from many machines would: no one address is failing
 * often enough to be throttled. Written in C so that the flood's own CPU cost, on
 * the machine it shares with porch, stays small next to what it costs porch.
 * Prints "sent N skipped N statuses CODExN,..." when done or on SIGINT/SIGTERM.
 * Usage: flood PORT HOST COOKIE CSRF RATE CONNS SECONDS SPREAD
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024

struct conn {
	int fd;			/* -1: free */
	int sent;		/* the request is written; now reading */
	size_t len;		/* request length */
	char status[4];		/* the answer's status code, "000" until read */
	size_t got;		/* bytes of the status line read so far */
	char req[1024];
};

static volatile sig_atomic_t stop;
static struct conn conns[MAX_CONNS];
static long statuses[1000];

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Percent-encode s into out (form encoding), at most n bytes with the NUL. */
static void
enc(const char *s, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s != '\0' && o + 4 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
}

static void
finish(int ep, struct conn *c)
{
	int code = atoi(c->status);

	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	statuses[code >= 0 && code < 1000 ? code : 0]++;
}

int
main(int argc, char **argv)
{
	char csrf[256], body[512];
	struct epoll_event ev, evs[64];
	long rate, nconns, spread, sent = 0, skipped = 0, inflight = 0, i;
	double seconds, start, interval, next;
	int port, ep, n, k;

	if (argc != 9) {
		fprintf(stderr, "usage: flood PORT HOST COOKIE CSRF RATE CONNS SECONDS SPREAD\n");
		return 2;
	}
	port = atoi(argv[1]);
	rate = atol(argv[5]);
	nconns = atol(argv[6]);
	seconds = atof(argv[7]);
	spread = atol(argv[8]);
	if (port <= 0 || rate <= 0 || nconns <= 0 || nconns > MAX_CONNS || seconds <= 0 ||
	    spread < 0 || spread > 65536) {
		fprintf(stderr, "flood: bad arguments\n");
		return 2;
	}
	enc(argv[4], csrf, sizeof(csrf));
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if ((ep = epoll_create1(0)) < 0) {
		perror("flood: epoll_create1");
		return 1;
	}
	for (i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	start = now();
	interval = 1.0 / (double)rate;
	next = start;
	while (!stop && now() - start < seconds) {
		double t = now();
		int wait_ms;

		/* Every tick that is due: a new request, or a skip when CONNS are busy. */
		while (t >= next) {
			struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
			struct conn *c = NULL;
			int blen;

			next += interval;
			if (inflight >= nconns) {
				skipped++;
				continue;
			}
			for (i = 0; i < MAX_CONNS && c == NULL; i++)
				if (conns[i].fd < 0)
					c = &conns[i];
			sent++;
			blen = snprintf(body, sizeof(body),
			    "csrf=%s&login=guess%ld%%40%s&password=not+the+password+%ld",
			    csrf, sent, argv[2], sent);
			c->len = (size_t)snprintf(c->req, sizeof(c->req),
			    "POST /login HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n"
			    "Content-Type: application/x-www-form-urlencoded\r\n"
			    "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
			    argv[2], argv[3], blen, body);
			memcpy(c->status, "000", 4);
			c->got = 0;
			c->sent = 0;
			if ((c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0) {
				statuses[0]++;
				continue;
			}
			if (spread > 0) {
				long a = sent % spread;
				struct sockaddr_in from = { .sin_family = AF_INET };

				from.sin_addr.s_addr = htonl(0x7f010000u | (uint32_t)a);
				if (bind(c->fd, (struct sockaddr *)&from, sizeof(from)) < 0) {
					close(c->fd);
					c->fd = -1;
					statuses[0]++;
					continue;
				}
			}
			to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			if (connect(c->fd, (struct sockaddr *)&to, sizeof(to)) < 0 &&
			    errno != EINPROGRESS) {
				close(c->fd);
				c->fd = -1;
				statuses[0]++;
				continue;
			}
			ev.events = EPOLLOUT;
			ev.data.ptr = c;
			epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
			inflight++;
		}
		wait_ms = (int)((next - now()) * 1000);
		n = epoll_wait(ep, evs, 64, wait_ms > 0 ? wait_ms : 0);
		for (k = 0; k < n; k++) {
			struct conn *c = evs[k].data.ptr;
			char buf[16384];
			ssize_t r;

			if (!c->sent) {
				/* Connected (or failed): the request fits in one write. */
				if (write(c->fd, c->req, c->len) != (ssize_t)c->len) {
					finish(ep, c);
					inflight--;
					continue;
				}
				c->sent = 1;
				ev.events = EPOLLIN;
				ev.data.ptr = c;
				epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
				continue;
			}
			while ((r = read(c->fd, buf, sizeof(buf))) > 0) {
				/* "HTTP/1.1 200 ...": the status is bytes 9 to 11. */
				for (i = 0; i < r && c->got < 12; i++, c->got++)
					if (c->got >= 9)
						c->status[c->got - 9] = buf[i];
			}
			if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
				finish(ep, c);
				inflight--;
			}
		}
	}
	printf("sent %ld skipped %ld statuses ", sent, skipped);
	for (i = 0, k = 0; i < 1000; i++)
		if (statuses[i] > 0)
			printf("%s%03ldx%ld", k++ ? "," : "", i, statuses[i]);
	printf("\n");
	return 0;
}

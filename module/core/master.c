/* porch — SPDX-License-Identifier: MIT
 * The master process. It never serves a request: it opens the socket, forks workers,
 * replaces those that die, swaps in a new generation on SIGHUP (the socket stays open,
 * so no request is refused) and drains them on SIGTERM. Started as root it stays root
 * (to re-read a config only root may read, and to remove its socket) while every
 * worker drops to the config's user before serving (priv.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "master.h"
#include "metrics.h"
#include "metrics_serve.h"
#include "password.h"
#include "priv.h"
#include "util.h"
#include "worker.h"

/* A worker that dies sooner than this after its start is restarted with a pause. */
#define CRASH_LOOP_MS	1000

struct slot {
	pid_t		 pid;
	uint64_t	 started;	/* ms */
	uint64_t	 respawn_at;	/* ms; 0 = none due */
};

struct retiree {
	pid_t		 pid;
	uint64_t	 deadline;	/* SIGKILL after this, ms */
};

static struct {
	struct cfg	*cfg;
	struct priv	 priv;		/* the account workers switch to */
	int		 fd;
	struct slot	*slots;
	int		 nslots;
	struct retiree	*old;
	int		 nold, capold;
	int		 metrics_fd;	/* metrics.listen's socket, or -1 */
	struct slot	 metrics;	/* the process answering it */
} m;

static int
listen_unix(const struct cfg *cfg, const char *path, int *created)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_error("%s: listen: socket path too long", cfg->path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	/* A socket file left by a porchd that did not stop cleanly: remove it, unless a
	 * live porchd still answers on it. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		log_error("%s: another porchd is listening there", path);
		close(fd);
		return -1;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		log_error("%s: bind: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	*created = 1;
	if (chmod(path, (mode_t)cfg->socket_mode) < 0)
		log_warn("%s: chmod: %s", path, strerror(errno));
	if (cfg->socket_group[0] != '\0') {
		struct group *g = getgrnam(cfg->socket_group);

		if (g == NULL || chown(path, (uid_t)-1, g->gr_gid) < 0)
			log_warn("%s: cannot give the socket to group %s", path,
			    cfg->socket_group);
	}
	return fd;
}

static int
listen_tcp(const char *spec, const char *warning)
{
	struct addrinfo hints, *res = NULL;
	const char *colon = strrchr(spec, ':');
	char host[256];
	int fd = -1, on = 1, rc;

	if (colon == NULL || (size_t)(colon - spec) >= sizeof(host))
		return -1;
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	if (host[0] == '[') {		/* [::1]:9000 */
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, colon + 1, &hints, &res)) != 0) {
		log_error("listen %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	if ((fd = socket(res->ai_family, SOCK_STREAM, 0)) >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (bind(fd, res->ai_addr, res->ai_addrlen) < 0) {
			log_error("listen %s: bind: %s", spec, strerror(errno));
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0 && strcmp(host, "127.0.0.1") != 0 && strcmp(host, "::1") != 0)
		log_warn("listening on %s: %s", spec, warning);
	freeaddrinfo(res);
	return fd;
}

int
master_listen(const struct cfg *cfg, int *created)
{
	int fd = -1, fl, acc = 0;
	socklen_t len = sizeof(acc);

	*created = 0;
	if (strncmp(cfg->listen, "unix:", 5) == 0)
		fd = listen_unix(cfg, cfg->listen + 5, created);
	else if (strncmp(cfg->listen, "fd:", 3) == 0) {
		long long n;

		if (parse_int(cfg->listen + 3, 0, 1024, &n) < 0) {
			log_error("%s: listen: bad descriptor \"%s\"", cfg->path, cfg->listen);
			return -1;
		}
		fd = (int)n;
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) < 0 || !acc) {
			log_error("listen fd:%d: not a listening socket (start porchd from "
			    "spawn-fcgi or systemd, or set listen to a path)", fd);
			return -1;
		}
		return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ? -1 : fd;
	} else
		fd = listen_tcp(cfg->listen, "FastCGI has no authentication; keep this "
		    "address reachable by the web servers alone");
	if (fd < 0)
		return -1;
	if (listen(fd, 1024) < 0) {
		log_error("listen: %s", strerror(errno));
		close(fd);
		return -1;
	}
	/* Non-blocking: several workers poll it and all but one lose each accept. */
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/*
 * Sets the argon2 cap the next generation of workers inherits (password.c):
 * argon2.max_concurrent, or for 0 a cap derived from the CPUs this process may run on.
 */
static int
gate_setup(const struct cfg *cfg)
{
	int cap = cfg->argon2.max_concurrent, cpus = 0;
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		cpus = CPU_COUNT(&set);
	if (cpus < 1)
		cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (cap == 0)
		cap = password_cap_auto(cfg->workers, cpus > 0 ? cpus : 1,
		    cfg->argon2.parallelism);
	if (password_gate_setup(cap) < 0) {
		log_error("argon2 cap: %s", strerror(errno));
		return -1;
	}
	log_info("at most %d argon2 hash%s at once (argon2.max_concurrent%s)", cap,
	    cap == 1 ? "" : "es", cfg->argon2.max_concurrent == 0 ? " auto" : "");
	return 0;
}

/* metrics.listen's socket: -1 when there is none or it cannot be opened (logged). */
static int
metrics_listen(const struct cfg *cfg)
{
	int fd;

	if (cfg->metrics_listen[0] == '\0')
		return -1;
	fd = listen_tcp(cfg->metrics_listen, "the metrics have no authentication; keep "
	    "this address reachable by the monitoring alone");
	if (fd < 0 || listen(fd, 16) < 0) {
		log_error("metrics: cannot listen on %s", cfg->metrics_listen);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	log_info("metrics on http://%s/metrics", cfg->metrics_listen);
	return fd;
}

static void
spawn(struct slot *s)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		s->respawn_at = now_ms() + CRASH_LOOP_MS;
		return;
	}
	if (pid == 0) {
		char err[256];

		/* Before anything is read from the socket; a worker never serves as root. */
		if (priv_drop(&m.priv, err, sizeof(err)) < 0) {
			log_error("worker %d: %s", (int)getpid(), err);
			_exit(1);
		}
		if (s == &m.metrics) {
			close(m.fd);
			metrics_serve(m.cfg, m.metrics_fd);
		}
		if (m.metrics_fd >= 0)
			close(m.metrics_fd);
		worker_run(m.cfg, m.fd);
	}
	s->pid = pid;
	s->started = now_ms();
	s->respawn_at = 0;
	log_info("%s %d started", s == &m.metrics ? "metrics process" : "worker",
	    (int)pid);
}

static void
spawn_all(void)
{
	m.nslots = m.cfg->workers;
	m.slots = xcalloc((size_t)m.nslots, sizeof(*m.slots));
	for (int i = 0; i < m.nslots; i++)
		spawn(&m.slots[i]);
	if (m.metrics_fd >= 0)
		spawn(&m.metrics);
}

/* Moves the current workers to the retiring list and asks them to finish. */
static void
retire_all(void)
{
	uint64_t deadline = now_ms() + (uint64_t)m.cfg->shutdown_timeout * 1000;

	for (int i = 0; i < m.nslots; i++) {
		if (m.slots[i].pid <= 0)
			continue;
		if (m.nold == m.capold) {
			m.capold = m.capold ? m.capold * 2 : 16;
			m.old = xrealloc(m.old, (size_t)m.capold * sizeof(*m.old));
		}
		m.old[m.nold].pid = m.slots[i].pid;
		m.old[m.nold].deadline = deadline;
		m.nold++;
		kill(m.slots[i].pid, SIGTERM);
	}
	free(m.slots);
	m.slots = NULL;
	m.nslots = 0;
	if (m.metrics.pid > 0) {
		kill(m.metrics.pid, SIGTERM);
		m.metrics.pid = 0;
		m.metrics.respawn_at = 0;
	}
}

static void
describe_exit(int status, char *out, size_t n)
{
	if (WIFEXITED(status))
		snprintf(out, n, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(out, n, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(out, n, "status %d", status);
}

static int
retiree_remove(pid_t pid)
{
	for (int i = 0; i < m.nold; i++)
		if (m.old[i].pid == pid) {
			m.old[i] = m.old[--m.nold];
			return 1;
		}
	return 0;
}

static void
reap(void)
{
	char how[64];
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		describe_exit(status, how, sizeof(how));
		if (retiree_remove(pid)) {
			log_info("worker %d exited (%s)", (int)pid, how);
			continue;
		}
		if (pid == m.metrics.pid) {
			log_warn("metrics process %d exited (%s); starting another",
			    (int)pid, how);
			m.metrics.pid = 0;
			m.metrics.respawn_at = now_ms() + CRASH_LOOP_MS;
			continue;
		}
		for (int s = 0; s < m.nslots; s++) {
			struct slot *sl = &m.slots[s];
			uint64_t now = now_ms();

			if (sl->pid != pid)
				continue;
			log_warn("worker %d exited (%s); starting another", (int)pid, how);
			metrics_count(METRIC_WORKER_RESTART);
			sl->pid = 0;
			sl->respawn_at = now - sl->started < CRASH_LOOP_MS ?
			    now + CRASH_LOOP_MS : now;
		}
	}
}

static void
tick(void)
{
	uint64_t now = now_ms();

	for (int i = 0; i < m.nslots; i++)
		if (m.slots[i].pid == 0 && m.slots[i].respawn_at != 0 &&
		    now >= m.slots[i].respawn_at)
			spawn(&m.slots[i]);
	if (m.metrics.pid == 0 && m.metrics.respawn_at != 0 && now >= m.metrics.respawn_at)
		spawn(&m.metrics);
	for (int i = 0; i < m.nold; i++)
		if (now >= m.old[i].deadline) {
			log_warn("worker %d did not finish in time; killing it",
			    (int)m.old[i].pid);
			kill(m.old[i].pid, SIGKILL);
			m.old[i].deadline = now + 60000;
		}
}

static void
reload(void)
{
	struct cfg *fresh = xcalloc(1, sizeof(*fresh)), *old;
	struct priv priv;
	char err[512];
	const char *problem;

	log_info("reloading %s", m.cfg->path);
	if (cfg_load(m.cfg->path, fresh, err, sizeof(err)) < 0 ||
	    priv_resolve(fresh, &priv, err, sizeof(err)) < 0) {
		log_error("reload failed, keeping the running configuration: %s", err);
		cfg_free(fresh);
		free(fresh);
		return;
	}
	if (strcmp(fresh->listen, m.cfg->listen) != 0) {
		log_warn("listen changed to \"%s\": this takes a restart; still listening "
		    "on \"%s\"", fresh->listen, m.cfg->listen);
		free(fresh->listen);
		fresh->listen = xstrdup(m.cfg->listen);
	}
	if (strcmp(fresh->metrics_listen, m.cfg->metrics_listen) != 0) {
		log_warn("metrics.listen changed to \"%s\": this takes a restart; still "
		    "on \"%s\"", fresh->metrics_listen, m.cfg->metrics_listen);
		free(fresh->metrics_listen);
		fresh->metrics_listen = xstrdup(m.cfg->metrics_listen);
	}
	log_open("porchd", fresh->log_syslog, fresh->log_level);
	if ((problem = priv_file_problem(fresh->path)) != NULL)
		log_warn("%s %s", fresh->path, problem);
	m.priv = priv;
	/* New generation first, then the old one drains: the socket never lacks a
	 * worker. The old workers have their own copy of the old cfg (fork), so the
	 * master's is freed as soon as their deadline is set. */
	retire_all();
	old = m.cfg;
	m.cfg = fresh;
	cfg_free(old);
	free(old);
	/* The gate exists already: this only sets the new generation's cap. */
	(void)gate_setup(m.cfg);
	spawn_all();
}

static void
shutdown_all(const char *why)
{
	log_info("shutting down (%s)", why);
	retire_all();
	while (m.nold > 0) {
		sigset_t set;
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		sigemptyset(&set);
		sigaddset(&set, SIGCHLD);
		sigtimedwait(&set, NULL, &ts);
		reap();
		tick();
	}
}

int
master_run(struct cfg *cfg, const struct priv *priv, int listen_fd, int created)
{
	sigset_t set;
	FILE *pf = NULL;

	m.cfg = cfg;
	m.priv = *priv;
	m.fd = listen_fd;
	/* Before any fork: every process adds to the same counters. */
	if (metrics_setup() < 0)
		log_warn("metrics: %s; each process counts alone", strerror(errno));
	m.metrics_fd = metrics_listen(cfg);
	if (gate_setup(cfg) < 0) {
		if (created && strncmp(cfg->listen, "unix:", 5) == 0)
			unlink(cfg->listen + 5);
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (cfg->pid_file[0] != '\0') {
		if ((pf = fopen(cfg->pid_file, "w")) == NULL)
			log_warn("%s: %s", cfg->pid_file, strerror(errno));
		else {
			fprintf(pf, "%d\n", (int)getpid());
			fclose(pf);
		}
	}
	log_info("porchd %s listening on %s with %d workers", PACKAGE_VERSION,
	    cfg->listen, cfg->workers);
	if (m.priv.drop)
		log_info("workers serve as user %s (uid %u), group %s (gid %u)",
		    m.priv.user, (unsigned)m.priv.uid, m.priv.group, (unsigned)m.priv.gid);
	spawn_all();

	for (;;) {
		struct timespec ts = { 0, 250 * 1000 * 1000 };
		int sig = sigtimedwait(&set, NULL, &ts);

		if (sig == SIGCHLD)
			reap();
		else if (sig == SIGHUP)
			reload();
		else if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT) {
			shutdown_all(sig == SIGINT ? "SIGINT" : sig == SIGQUIT ? "SIGQUIT" :
			    "SIGTERM");
			break;
		}
		tick();
	}
	if (created && strncmp(m.cfg->listen, "unix:", 5) == 0)
		unlink(m.cfg->listen + 5);
	if (m.cfg->pid_file[0] != '\0')
		unlink(m.cfg->pid_file);
	log_info("stopped");
	return 0;
}

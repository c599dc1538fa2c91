/* porch — SPDX-License-Identifier: MIT
 * Password hashing with argon2id (libargon2), the cap on argon2 work running at once
 * across porchd's workers, and the rules for new passwords: length alone, counted in
 * characters, never truncated.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <argon2.h>
#include <openssl/rand.h>

#include "log.h"
#include "metrics.h"
#include "password.h"
#include "util.h"

/*
 * The gate: cap slots, slot i being a write lock on byte i of one memory file the
 * master creates before it forks the workers. A worker takes a slot with a
 * non-blocking fcntl() lock and gives it back by unlocking. Such locks belong to the
 * process, so the kernel drops them when a worker dies, however it dies: a worker
 * killed while hashing leaks no slot, and the master keeps no count to repair. A new
 * generation (SIGHUP) shares the file with the one draining; it gets the new cap.
 */
static struct {
	int	 fd;		/* -1: no gate, no cap */
	int	 cap;
	int	 held;		/* the slot this process holds, or -1 */
} gate = { -1, 0, -1 };

/*
 * The nice value of the thread that runs argon2. At 10 a hash competing with a page
 * for a CPU gets about a tenth of it: pages keep their pace under a flood of sign-ins,
 * and a sign-in on a saturated machine takes about ten times as long, not for ever
 * (at 19 it would be seventy times).
 */
#define PASSWORD_NICE	10

int
password_gate_setup(int cap)
{
	if (cap < 1) {
		errno = EINVAL;
		return -1;
	}
	if (gate.fd < 0 && (gate.fd = memfd_create("porch-argon2", MFD_CLOEXEC)) < 0)
		return -1;
	gate.cap = cap;
	return 0;
}

/* cmd (F_SETLK, F_GETLK) on slot's byte with a lock of type; *fl as fcntl left it. */
static int
slot_fcntl(int slot, int cmd, short type, struct flock *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
	fl->l_start = slot;
	fl->l_len = 1;
	return fcntl(gate.fd, cmd, fl);
}

static int
slot_lock(int slot, short type)
{
	struct flock fl;

	return slot_fcntl(slot, F_SETLK, type, &fl);
}

int
password_gate_enter(void)
{
	int first;

	if (gate.fd < 0 || gate.held >= 0)
		return 0;
	/* Start at a slot of one's own, so workers rarely try the same locks. */
	first = (int)(getpid() % gate.cap);
	for (int i = 0; i < gate.cap; i++) {
		int slot = (first + i) % gate.cap;

		if (slot_lock(slot, F_WRLCK) == 0) {
			gate.held = slot;
			return 0;
		}
		if (errno != EAGAIN && errno != EACCES) {
			/* The cap guards availability, not secrets: hash uncapped. */
			log_warn("argon2 gate: %s; hashing without the cap", strerror(errno));
			return 0;
		}
	}
	return PASSWORD_BUSY;
}

void
password_gate_leave(void)
{
	if (gate.fd < 0 || gate.held < 0)
		return;
	if (slot_lock(gate.held, F_UNLCK) < 0)
		log_warn("argon2 gate: unlock: %s", strerror(errno));
	gate.held = -1;
}

/* Slots other processes hold now (F_GETLK sees only others' locks): the metrics
 * endpoint's argon2 work in flight. Exact even after a worker died hashing. */
int
password_gate_busy(void)
{
	int busy = 0;

	if (gate.fd < 0)
		return 0;
	for (int i = 0; i < 256; i++) {
		struct flock fl;

		if (slot_fcntl(i, F_GETLK, F_WRLCK, &fl) == 0 && fl.l_type != F_UNLCK)
			busy++;
	}
	return busy;
}

/* The cap the current generation of workers was given. */
int
password_gate_cap(void)
{
	return gate.cap;
}

int
password_cap_auto(int workers, int cpus, int parallelism)
{
	int cap = cpus / (2 * (parallelism > 0 ? parallelism : 1));

	if (cap > workers - 1)
		cap = workers - 1;
	return cap < 1 ? 1 : cap;
}

/*
 * Common passwords long enough to pass the length rule; compared without regard to
 * case. Not a substitute for a long passphrase, a floor under the worst choices.
 */
static const char *const blocklist[] = {
	"123456789012", "1234567890123", "12345678901234", "123456123456",
	"111111111111", "000000000000", "123123123123", "112233445566",
	"password1234", "password12345", "password123456", "passwordpassword",
	"qwertyuiopas", "qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y",
	"1qaz2wsx3edc", "q1w2e3r4t5y6", "asdfghjkl123", "zxcvbnm12345",
	"iloveyou1234", "iloveyouiloveyou", "welcome12345", "letmein12345",
	"abc123abc123", "abcdefghijkl", "abcd1234abcd", "monkey123456",
	"dragon123456", "football1234", "baseball1234", "sunshine1234",
	"princess1234", "starwars1234", "superman1234", "trustno1trustno1",
	"changeme1234", "changemenow!", "administrator", "adminadmin123",
	"correcthorsebatterystaple", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234",
	"qazwsxedcrfv", "1234qwerasdf", "password!123", "welcomewelcome",
	"portalpassword", "mypassword123", "secretpassword", "letmeinletmein",
};

static int
blocked(const char *pw)
{
	for (size_t i = 0; i < NELEM(blocklist); i++)
		if (strcasecmp(pw, blocklist[i]) == 0)
			return 1;
	return 0;
}

const char *
password_problem(const char *pw)
{
	size_t n;

	if (!utf8_valid(pw, strlen(pw)))
		return "The password contains characters that are not allowed.";
	n = utf8_chars(pw);
	if (n < PASSWORD_MIN_CHARS)
		return "The password must be at least 12 characters long.";
	if (n > PASSWORD_MAX_CHARS)
		return "The password must be at most 128 characters long.";
	if (blocked(pw))
		return "This password is too common. Please choose another one.";
	return NULL;
}

/* One argon2 call: a hash (encoded == NULL) or a verification. */
struct a2call {
	const struct cfg_argon2	*c;
	const char		*pw;
	const unsigned char	*salt;
	size_t			 saltlen;
	char			*out;
	size_t			 outlen;
	const char		*encoded;
	int			 rc;		/* ARGON2_OK or an argon2 error */
};

static void
a2call_do(struct a2call *a)
{
	if (a->encoded != NULL)
		a->rc = argon2id_verify(a->encoded, a->pw, strlen(a->pw));
	else
		a->rc = argon2id_hash_encoded((uint32_t)a->c->t_cost,
		    (uint32_t)a->c->m_cost, (uint32_t)a->c->parallelism, a->pw,
		    strlen(a->pw), a->salt, a->saltlen, 32, a->out, a->outlen);
}

static void *
a2call_thread(void *arg)
{
	/* The nice value is per thread on Linux: this one alone yields (and the
	 * threads argon2 starts for parallelism > 1 inherit it). */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), PASSWORD_NICE);
	a2call_do(arg);
	return NULL;
}

/*
 * Runs a within a slot of the gate, in a thread of low CPU priority, and waits for
 * it: argon2 gets mostly the CPU that pages leave idle, and a sign-in is slower only
 * while the machine is busy. 0 or PASSWORD_BUSY.
 */
static int
a2call(struct a2call *a)
{
	pthread_t t;
	int err;

	if (password_gate_enter() != 0) {
		metrics_count(METRIC_ARGON2_BUSY);
		return PASSWORD_BUSY;
	}
	if ((err = pthread_create(&t, NULL, a2call_thread, a)) == 0)
		pthread_join(t, NULL);
	else {
		log_warn("argon2: no thread (%s); hashing at normal priority",
		    strerror(err));
		a2call_do(a);
	}
	password_gate_leave();
	return 0;
}

int
password_hash(const struct cfg_argon2 *c, const char *pw, char *out, size_t outlen)
{
	unsigned char salt[16];
	struct a2call a = { c, pw, salt, sizeof(salt), out, outlen, NULL, 0 };

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	if (a2call(&a) == PASSWORD_BUSY)
		return PASSWORD_BUSY;
	return a.rc == ARGON2_OK ? 0 : -1;
}

int
password_check(const char *encoded, const char *pw)
{
	struct a2call a = { NULL, pw, NULL, 0, NULL, 0, encoded, 0 };

	if (a2call(&a) == PASSWORD_BUSY)
		return PASSWORD_BUSY;
	return a.rc == ARGON2_OK ? PASSWORD_MATCH : PASSWORD_WRONG;
}

int
password_needs_rehash(const struct cfg_argon2 *c, const char *encoded)
{
	char want[64];

	snprintf(want, sizeof(want), "$argon2id$v=19$m=%d,t=%d,p=%d$", c->m_cost,
	    c->t_cost, c->parallelism);
	return strncmp(encoded, want, strlen(want)) != 0;
}

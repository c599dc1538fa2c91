/* porch — SPDX-License-Identifier: MIT
 * The counters behind the metrics endpoint (metrics.h), in one block of memory that
 * porchd's master maps shared and anonymous before it forks: workers, the metrics
 * process and the master itself add to it with relaxed atomic adds, so the numbers
 * are those of the whole porchd, over SIGHUP reloads and worker restarts. A process
 * that never called metrics_setup() counts in a private copy.
 */
#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "metrics.h"

/* Route families, by path: the first entry that matches names it. An entry ending
 * in "/" matches what starts with it; any other the path itself and what is below. */
static const struct {
	const char	*prefix;
	const char	*family;
} families[] = {
	{ "/healthz", "health" },
	{ "/api/", "api" },
	{ "/ical/", "ical" },
	{ "/login", "auth" },
	{ "/staff/login", "auth" },
	{ "/logout", "auth" },
	{ "/mfa", "auth" },
	{ "/reset", "auth" },
	{ "/invite", "auth" },
	{ "/t/", "auth" },
	{ "/account", "account" },
	{ "/staff", "staff" },
	{ "/impersonate", "staff" },
	{ "/portal", "portal" },
};
#define FAM_HOME	NELEM(families)		/* "/" */
#define FAM_OTHER	(NELEM(families) + 1)	/* anything else: mostly 404s */
#define NFAM		(NELEM(families) + 2)

/* The statuses porchd answers; anything else counts as "other". */
static const int statuses[] = {
	200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409, 410, 413, 415,
	422, 429, 500, 501, 502, 503, 504,
};
#define NSTATUS		(NELEM(statuses) + 1)

/* Latency buckets' upper bounds, in microseconds (and as Prometheus writes them). */
static const struct {
	uint64_t	 us;
	const char	*le;
} buckets[] = {
	{ 5000, "0.005" }, { 10000, "0.01" }, { 25000, "0.025" }, { 50000, "0.05" },
	{ 100000, "0.1" }, { 250000, "0.25" }, { 500000, "0.5" }, { 1000000, "1" },
	{ 2500000, "2.5" }, { 5000000, "5" }, { 10000000, "10" },
};
#define NBUCKET		NELEM(buckets)

struct metrics_block {
	uint64_t	 counter[METRIC__MAX];
	uint64_t	 requests[NFAM][NSTATUS];
	uint64_t	 bucket[NFAM][NBUCKET];	/* not cumulative: one bucket each */
	uint64_t	 sum_us[NFAM];
	uint64_t	 count[NFAM];
};

static struct metrics_block private_block;
static struct metrics_block *mb = &private_block;

static const struct {
	const char	*name;
	const char	*help;
} counters[METRIC__MAX] = {
	[METRIC_DB_ERROR] = { "porch_db_errors_total",
	    "Statements that failed (answered 500)." },
	[METRIC_DB_GONE] = { "porch_db_unavailable_total",
	    "Statements or connections refused because MariaDB was unreachable." },
	[METRIC_DB_BUSY] = { "porch_db_conflicts_total",
	    "Deadlocks, lock wait timeouts and certification conflicts." },
	[METRIC_DB_RECONNECT] = { "porch_db_reconnects_total",
	    "Connections to MariaDB made again after one was lost." },
	[METRIC_DB_RETRY] = { "porch_db_retries_total",
	    "Transactions run again after a conflict." },
	[METRIC_ARGON2_BUSY] = { "porch_argon2_refused_total",
	    "Password checks refused with 503 because argon2.max_concurrent hashes ran." },
	[METRIC_WORKER_RESTART] = { "porch_worker_restarts_total",
	    "Workers that died and were replaced by the master." },
};

static void
add(uint64_t *p, uint64_t n)
{
	__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

static uint64_t
get(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

int
metrics_setup(void)
{
	void *p;

	if (mb != &private_block)
		return 0;
	p = mmap(NULL, sizeof(*mb), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		return -1;
	memcpy(p, &private_block, sizeof(*mb));
	mb = p;
	return 0;
}

void
metrics_count(enum metric m)
{
	if ((unsigned)m < METRIC__MAX)
		add(&mb->counter[m], 1);
}

static size_t
family_index(const char *path)
{
	if (strcmp(path, "/") == 0)
		return FAM_HOME;
	for (size_t i = 0; i < NELEM(families); i++) {
		const char *p = families[i].prefix;
		size_t n = strlen(p);

		if (strncmp(path, p, n) != 0)
			continue;
		if (p[n - 1] == '/' || path[n] == '\0' || path[n] == '/')
			return i;
	}
	return FAM_OTHER;
}

static const char *
family_name(size_t f)
{
	return f == FAM_HOME ? "home" : f == FAM_OTHER ? "other" : families[f].family;
}

const char *
metrics_family(const char *path)
{
	return family_name(family_index(path != NULL ? path : ""));
}

void
metrics_request(const char *path, int status, uint64_t us)
{
	size_t f = family_index(path != NULL ? path : ""), s = NSTATUS - 1, b;

	for (size_t i = 0; i < NELEM(statuses); i++)
		if (statuses[i] == status) {
			s = i;
			break;
		}
	add(&mb->requests[f][s], 1);
	for (b = 0; b < NBUCKET && us > buckets[b].us; b++)
		;
	if (b < NBUCKET)
		add(&mb->bucket[f][b], 1);
	add(&mb->sum_us[f], us);
	add(&mb->count[f], 1);
}

void
metrics_render(struct buf *b)
{
	buf_puts(b, "# HELP porch_requests_total Requests answered, by route family and "
	    "status.\n# TYPE porch_requests_total counter\n");
	for (size_t f = 0; f < NFAM; f++)
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t v = get(&mb->requests[f][s]);

			if (v == 0)
				continue;
			buf_printf(b, "porch_requests_total{family=\"%s\",", family_name(f));
			if (s < NELEM(statuses))
				buf_printf(b, "status=\"%d\"}", statuses[s]);
			else
				buf_puts(b, "status=\"other\"}");
			buf_printf(b, " %llu\n", (unsigned long long)v);
		}

	buf_puts(b, "# HELP porch_request_duration_seconds Time porchd took per request, "
	    "by route family.\n# TYPE porch_request_duration_seconds histogram\n");
	for (size_t f = 0; f < NFAM; f++) {
		uint64_t n = get(&mb->count[f]), cum = 0, sum = get(&mb->sum_us[f]);
		const char *name = family_name(f);

		if (n == 0)
			continue;
		for (size_t i = 0; i < NBUCKET; i++) {
			cum += get(&mb->bucket[f][i]);
			buf_printf(b, "porch_request_duration_seconds_bucket{family=\"%s\","
			    "le=\"%s\"} %llu\n", name, buckets[i].le, (unsigned long long)cum);
		}
		buf_printf(b, "porch_request_duration_seconds_bucket{family=\"%s\","
		    "le=\"+Inf\"} %llu\n", name, (unsigned long long)n);
		buf_printf(b, "porch_request_duration_seconds_sum{family=\"%s\"} "
		    "%llu.%06llu\n", name, (unsigned long long)(sum / 1000000),
		    (unsigned long long)(sum % 1000000));
		buf_printf(b, "porch_request_duration_seconds_count{family=\"%s\"} %llu\n",
		    name, (unsigned long long)n);
	}

	for (size_t i = 0; i < METRIC__MAX; i++)
		buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n",
		    counters[i].name, counters[i].help, counters[i].name,
		    counters[i].name, (unsigned long long)get(&mb->counter[i]));
}

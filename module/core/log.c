/* porch — SPDX-License-Identifier: MIT
 * Process-wide logging to stderr or syslog: one line per event, no partial writes.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static const char *log_ident = "porch";
static int log_syslog;
static enum log_level log_min = LOG_LVL_INFO;

static const char *const level_names[LOG_LVL__MAX] = {
	"debug", "info", "warn", "error",
};

void
log_open(const char *ident, int to_syslog, enum log_level min)
{
	if (log_syslog && !to_syslog)
		closelog();
	log_ident = ident;
	log_syslog = to_syslog;
	log_min = min;
	if (to_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int
log_level_parse(const char *name, enum log_level *out)
{
	for (int i = 0; i < LOG_LVL__MAX; i++)
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const int prio[LOG_LVL__MAX] = {
		LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR,
	};
	char line[2048];
	va_list ap;
	int n, m;

	if (lvl < log_min)
		return;
	va_start(ap, fmt);
	if (log_syslog) {
		vsnprintf(line, sizeof(line), fmt, ap);
		syslog(prio[lvl], "%s", line);
		va_end(ap);
		return;
	}
	n = snprintf(line, sizeof(line), "%s[%d]: %s%s", log_ident, (int)getpid(),
	    lvl >= LOG_LVL_WARN ? level_names[lvl] : "",
	    lvl >= LOG_LVL_WARN ? ": " : "");
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write(2) so lines from several workers never interleave. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

/* porch — SPDX-License-Identifier: MIT
 * Process-wide logging to stderr or syslog. Callers never pass secrets here.
 */
#ifndef PORCH_LOG_H
#define PORCH_LOG_H

enum log_level {
	LOG_LVL_DEBUG,
	LOG_LVL_INFO,
	LOG_LVL_WARN,
	LOG_LVL_ERROR,
	LOG_LVL__MAX
};

/* ident is "porchd" or "porchctl"; to_syslog selects syslog(3) over stderr. */
void	log_open(const char *ident, int to_syslog, enum log_level min);
int	log_level_parse(const char *name, enum log_level *out);
void	log_msg(enum log_level lvl, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_error(...)	log_msg(LOG_LVL_ERROR, __VA_ARGS__)

#endif

// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"

static const char *log_ident = "rproc-tools";
static enum log_target log_target = LOG_TARGET_STDERR;
static int log_priority = LOG_WARNING;
static unsigned int log_errors;

static const char *const prio_names[] = {
	[LOG_EMERG] = "emerg",
	[LOG_ALERT] = "alert",
	[LOG_CRIT] = "crit",
	[LOG_ERR] = "err",
	[LOG_WARNING] = "warning",
	[LOG_NOTICE] = "notice",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

void log_open(const char *ident, enum log_target target, int priority)
{
	log_ident = ident;
	log_priority = priority;
	log_target_set(target);
}

void log_target_set(enum log_target target)
{
	if (log_target == LOG_TARGET_SYSLOG && target != LOG_TARGET_SYSLOG)
		closelog();
	if (target == LOG_TARGET_SYSLOG && log_target != LOG_TARGET_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_CONS, LOG_DAEMON);
	log_target = target;
}

void log_close(void)
{
	if (log_target == LOG_TARGET_SYSLOG)
		closelog();
	log_target = LOG_TARGET_STDERR;
}

void log_priority_set(int priority)
{
	if (priority < LOG_EMERG)
		priority = LOG_EMERG;
	if (priority > LOG_DEBUG)
		priority = LOG_DEBUG;
	log_priority = priority;
}

/* Accepts the syslog names ("err", "warning", "info", "debug", ...) or 0-7. */
int log_priority_from_string(const char *s)
{
	size_t i;

	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	for (i = 0; i < sizeof(prio_names) / sizeof(prio_names[0]); i++)
		if (strcasecmp(s, prio_names[i]) == 0)
			return (int)i;
	if (strcasecmp(s, "error") == 0)
		return LOG_ERR;
	if (strcasecmp(s, "warn") == 0)
		return LOG_WARNING;
	return -EINVAL;
}

int log_target_from_string(const char *s)
{
	if (strcmp(s, "stderr") == 0)
		return LOG_TARGET_STDERR;
	if (strcmp(s, "syslog") == 0)
		return LOG_TARGET_SYSLOG;
	return -EINVAL;
}

unsigned int log_error_count_get(void)
{
	return log_errors;
}

void log_vprintf(int prio, const char *fmt, va_list ap)
{
	if (prio <= LOG_ERR)
		log_errors++;
	if (prio > log_priority)
		return;
	if (log_target == LOG_TARGET_SYSLOG) {
		vsyslog(prio, fmt, ap);
		return;
	}
	fprintf(stderr, "%s: %s: ", log_ident, prio <= LOG_ERR ? "error" :
		prio == LOG_WARNING ? "warning" : prio_names[prio]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void log_printf(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(prio, fmt, ap);
	va_end(ap);
}

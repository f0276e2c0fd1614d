/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The one logging path of the project's programs: stderr (which udev captures
 * for the helper it runs) or syslog, filtered by a syslog priority.
 */
#ifndef RPROC_LOG_H
#define RPROC_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <syslog.h>

#include "macro.h"

enum log_target {
	LOG_TARGET_STDERR,
	LOG_TARGET_SYSLOG,
};

void log_open(const char *ident, enum log_target target, int priority);
void log_close(void);
void log_priority_set(int priority);
void log_target_set(enum log_target target);
int log_priority_from_string(const char *s);
int log_target_from_string(const char *s);
/* Messages of priority LOG_ERR or worse so far, logged or filtered. */
unsigned int log_error_count_get(void);

void log_printf(int prio, const char *fmt, ...) _printf_(2, 3);
void log_vprintf(int prio, const char *fmt, va_list ap) _printf_(2, 0);

#define ERR(...)	log_printf(LOG_ERR, __VA_ARGS__)
#define WRN(...)	log_printf(LOG_WARNING, __VA_ARGS__)
#define INF(...)	log_printf(LOG_INFO, __VA_ARGS__)
#ifdef ENABLE_DEBUG
#define DBG(...)	log_printf(LOG_DEBUG, __VA_ARGS__)
#else
/* Compiled out, but the arguments are still type-checked. */
#define DBG(...)	do { if (0) log_printf(LOG_DEBUG, __VA_ARGS__); } while (0)
#endif

#endif

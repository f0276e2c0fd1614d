/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Strict parsers for numbers and names read from untrusted text. */
#ifndef RPROC_STRPARSE_H
#define RPROC_STRPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decimal or 0x-prefixed hex, no sign, no blanks, no overflow. A decimal
 * number has no leading zero ("0" alone excepted): "0100" is refused, being
 * octal 64 to C and strtoull() and 100 to a decimal reader. Hex digits after
 * "0x" may start with zeros ("0x0100" is 256).
 */
int strparse_u64(const char *s, uint64_t *v);
int strparse_u32(const char *s, uint32_t *v);
/* As strparse_u64, with an optional K, M or G suffix (powers of 1024). */
int strparse_size(const char *s, uint64_t *v);
/*
 * Seconds as a decimal number with at most 3 decimals ("2", "0.5", "1.25"),
 * in milliseconds: the same rules as strparse_u64 for the integer part, no
 * exponent, no hex, no "inf" or "nan" (all of which strtod() takes).
 */
int strparse_seconds_ms(const char *s, uint64_t *ms);
/* 1 to 63 characters of [A-Za-z0-9_.-], not starting with '.' or '-'. */
bool strparse_name_is_valid(const char *s);
/* Copy s into buf with control and non-ASCII bytes as \xNN, for logging untrusted text. */
const char *strparse_escape(const char *s, char *buf, size_t len);

#endif

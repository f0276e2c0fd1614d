// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "strparse.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Parses a prefix of s; *end points after the digits. strtoull is not used:
 * it accepts blanks, signs and silently wraps negative numbers. */
static int parse_u64_prefix(const char *s, uint64_t *v, const char **end)
{
	unsigned int base = 10;
	uint64_t r = 0;
	const char *p = s;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (digit_value(*p) >= (int)base)
		return -EINVAL;
	/*
	 * "0100": 64 to strtoull(.., 0) and C, 100 to a decimal reader.
	 * Neither guess is safe in a config someone wrote for the other.
	 */
	if (base == 10 && p[0] == '0' && digit_value(p[1]) < 10)
		return -EINVAL;
	while ((d = digit_value(*p)) < (int)base) {
		if (r > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		r = r * base + (uint64_t)d;
		p++;
	}
	*v = r;
	*end = p;
	return 0;
}

int strparse_u64(const char *s, uint64_t *v)
{
	const char *end;
	uint64_t r;
	int err;

	err = parse_u64_prefix(s, &r, &end);
	if (err < 0)
		return err;
	if (*end != '\0')
		return -EINVAL;
	*v = r;
	return 0;
}

int strparse_u32(const char *s, uint32_t *v)
{
	uint64_t r;
	int err;

	err = strparse_u64(s, &r);
	if (err < 0)
		return err;
	if (r > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)r;
	return 0;
}

int strparse_size(const char *s, uint64_t *v)
{
	const char *end;
	unsigned int shift = 0;
	uint64_t r;
	int err;

	err = parse_u64_prefix(s, &r, &end);
	if (err < 0)
		return err;
	switch (*end) {
	case '\0':
		break;
	case 'K': case 'k':
		shift = 10;
		break;
	case 'M': case 'm':
		shift = 20;
		break;
	case 'G': case 'g':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (shift && end[1] != '\0')
		return -EINVAL;
	if (shift && r > (UINT64_MAX >> shift))
		return -ERANGE;
	*v = r << shift;
	return 0;
}

int strparse_seconds_ms(const char *s, uint64_t *ms)
{
	const char *end;
	uint64_t sec, frac = 0;
	unsigned int i;
	int err;

	/* the integer part is decimal: no "0x", whatever strparse_u64 takes */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return -EINVAL;
	err = parse_u64_prefix(s, &sec, &end);
	if (err < 0)
		return err;
	if (*end == '.') {
		end++;
		for (i = 0; i < 3; i++) {
			frac *= 10;
			if (*end >= '0' && *end <= '9')
				frac += (uint64_t)(*end++ - '0');
			else if (i == 0)
				return -EINVAL;	/* "1." */
		}
	}
	if (*end != '\0')
		return -EINVAL;
	if (sec > (UINT64_MAX - frac) / 1000)
		return -ERANGE;
	*ms = sec * 1000 + frac;
	return 0;
}

bool strparse_name_is_valid(const char *s)
{
	size_t i;

	if (s[0] == '\0' || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i >= 63)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

const char *strparse_escape(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	if (len == 0)
		return "";
	for (; *s && o + 5 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '\\') {
			snprintf(buf + o, len - o, "\\x%02x", c);
			o += 4;
		} else {
			buf[o++] = (char)c;
		}
	}
	if (*s && o + 3 < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

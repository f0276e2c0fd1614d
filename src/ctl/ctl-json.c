// SPDX-License-Identifier: LGPL-2.1-or-later
/* JSON strings: names come from sysfs and firmware, so every byte is escaped as needed. */
#include "ctl.h"

void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			/* control bytes, and bytes that are not ASCII (they need
			 * not be UTF-8): \u00XX, so the output is valid JSON */
			if (*p < 0x20 || *p >= 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void json_key(FILE *f, const char *key)
{
	json_string(f, key);
	fputs(": ", f);
}

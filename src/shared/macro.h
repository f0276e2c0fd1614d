/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef RPROC_MACRO_H
#define RPROC_MACRO_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define _printf_(a, b)	__attribute__((format(printf, a, b)))

#endif

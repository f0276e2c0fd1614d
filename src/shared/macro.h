/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef RPROC_MACRO_H
#define RPROC_MACRO_H

#include <stdlib.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define _printf_(a, b)	__attribute__((format(printf, a, b)))
#define _cleanup_(f)	__attribute__((cleanup(f)))
#define _unused_	__attribute__((unused))
#define _must_check_	__attribute__((warn_unused_result))

/* Hand a _cleanup_ pointer over to someone else: the cleanup then sees NULL. */
#define TAKE_PTR(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })

static inline void freep(void *p)
{
	free(*(void **)p);
}
#define _cleanup_free_ _cleanup_(freep)

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

#endif

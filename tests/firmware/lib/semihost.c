/*
 * semihost.c - console and exit through Arm semihosting
 *
 * Every call is one sh_call() (<arch>/sh-call.S).  Nothing here keeps
 * more state than the two ":tt" handles, so the firmware stays usable
 * from exception handlers.
 */
#include <stdarg.h>
#include <stdbool.h>

#include "format.h"
#include "semihost.h"

static int out_handle, err_handle;
static bool out_open, err_open;

static size_t sh_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Returns the handle, or -1 (the specification's failure value). */
int sh_open(const char *name, int mode)
{
	uintptr_t block[3] = {
		(uintptr_t)name, (uintptr_t)mode, sh_strlen(name),
	};

	return (int)sh_call(SYS_OPEN, (uintptr_t)block);
}

void sh_writec(char c)
{
	sh_call(SYS_WRITEC, (uintptr_t)&c);
}

void sh_write0(const char *s)
{
	sh_call(SYS_WRITE0, (uintptr_t)s);
}

/* Returns the number of bytes NOT written, as SYS_WRITE does. */
size_t sh_write(int handle, const void *buf, size_t len)
{
	uintptr_t block[3] = { (uintptr_t)handle, (uintptr_t)buf, len };

	return (size_t)sh_call(SYS_WRITE, (uintptr_t)block);
}

/*
 * If the host ignores an exit (no semihosting, or a debugger that lets
 * the core go on), sleep rather than return into code that cannot cope.
 */
static __attribute__((noreturn)) void sh_park(void)
{
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

/*
 * SYS_EXIT_EXTENDED takes a block {reason, subcode} on every CPU, which
 * makes it the one exit that carries a status on AArch32 and RV32 too.
 */
void sh_exit(int code)
{
	uintptr_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)code };

	sh_call(SYS_EXIT_EXTENDED, (uintptr_t)block);
	sh_park();
}

/*
 * The original SYS_EXIT, for hosts without the extension: only "stopped
 * normally", i.e. status 0.  32-bit cores pass the reason itself, 64-bit
 * ones a block {reason, subcode}.
 */
void sh_exit_basic(void)
{
#if UINTPTR_MAX == 0xffffffffu
	sh_call(SYS_EXIT, ADP_STOPPED_APPLICATION_EXIT);
#else
	uintptr_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, 0 };

	sh_call(SYS_EXIT, (uintptr_t)block);
#endif
	sh_park();
}

static int sh_tt(int *handle, bool *open, int mode)
{
	if (!*open) {
		*handle = sh_open(":tt", mode);
		*open = true;
	}
	return *handle;
}

int sh_stdout(void)
{
	return sh_tt(&out_handle, &out_open, SH_MODE_W);
}

int sh_stderr(void)
{
	return sh_tt(&err_handle, &err_open, SH_MODE_A);
}

void sh_puts(const char *s)
{
	int h = sh_stdout();

	if (h >= 0)
		sh_write(h, s, sh_strlen(s));
}

int sh_printf(const char *fmt, ...)
{
	char buf[FMT_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (sh_stdout() >= 0)
		sh_write(sh_stdout(), buf, (size_t)n);
	return n;
}

/*
 * A fault inside the report (say, semihosting is off and the trap itself
 * faults) must not loop through the handler forever: the second entry
 * parks.
 */
void sh_trap_exit(const char *msg)
{
	static volatile bool in_trap;

	if (in_trap)
		sh_park();
	in_trap = true;
	sh_puts(msg);
	sh_exit(SH_EXIT_TRAP);
}

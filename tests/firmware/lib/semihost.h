/*
 * semihost.h - Arm semihosting calls of the test firmware
 *
 * The calls and their parameter blocks follow the "Semihosting for AArch32
 * and AArch64" specification; RISC-V uses the same calls.  The trap itself
 * (bkpt 0xab, hlt #0xf000, or the RISC-V ebreak sequence) is sh_call() in
 * <arch>/sh-call.S.  Parameter blocks are arrays of register-sized words,
 * so uintptr_t on every CPU.
 *
 * The firmware writes its console output through a ":tt" handle opened
 * for writing, not with SYS_WRITE0: QEMU sends SYS_WRITE0/SYS_WRITEC to
 * its semihosting console (stderr unless told otherwise), while a ":tt"
 * opened "w" is the host's stdout.
 */
#ifndef FW_SEMIHOST_H
#define FW_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

#define SYS_OPEN		0x01
#define SYS_WRITEC		0x03
#define SYS_WRITE0		0x04
#define SYS_WRITE		0x05
#define SYS_EXIT		0x18
#define SYS_EXIT_EXTENDED	0x20

/* SYS_EXIT reason of a normal end; its subcode is the exit status */
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

/* SYS_OPEN modes (fopen strings in the specification's order) */
#define SH_MODE_R		0	/* "r": ":tt" is stdin */
#define SH_MODE_W		4	/* "w": ":tt" is stdout */
#define SH_MODE_A		8	/* "a": ":tt" is stderr */

/* exit status of a firmware stopped by an exception (see sh_trap_exit) */
#define SH_EXIT_TRAP		3

/* the trap: op in r0/x0/a0, param in r1/x1/a1, result in r0/x0/a0 */
intptr_t sh_call(uintptr_t op, uintptr_t param);

int sh_open(const char *name, int mode);
void sh_writec(char c);
void sh_write0(const char *s);
size_t sh_write(int handle, const void *buf, size_t len);
__attribute__((noreturn)) void sh_exit(int code);
__attribute__((noreturn)) void sh_exit_basic(void);

/* ":tt" opened for writing, once; -1 if the host refused */
int sh_stdout(void);
int sh_stderr(void);

void sh_puts(const char *s);
__attribute__((format(printf, 1, 2))) int sh_printf(const char *fmt, ...);

/* what crt0's exception handlers call: print @msg, exit SH_EXIT_TRAP */
__attribute__((noreturn)) void sh_trap_exit(const char *msg);

#endif /* FW_SEMIHOST_H */

/*
 * crt0.S - startup code for the AArch64 test firmware
 *
 * Entered at EL1 (or EL2) at the ELF entry point, as qemu virt does for
 * an ELF given to -kernel.  Secondary cores park.  The C code is built
 * with -mgeneral-regs-only, so FP/SIMD access need not be enabled.
 *
 * The vector base register of the current EL points at a table whose
 * every entry reports "fault: trap" through semihosting and exits 3, so
 * that a QEMU run that takes an exception (an external abort, an
 * undefined instruction) ends deterministically.  main's return value is
 * the exit status, passed to sh_exit().
 */
	.section .text.start, "ax"
	.globl	_start
	.type	_start, %function
_start:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cbnz	x0, 5f

	adrp	x0, __stack_top
	add	x0, x0, :lo12:__stack_top
	mov	sp, x0

	/* CurrentEL holds the EL in bits [3:2]: EL1, or EL2/EL3 if so booted */
	adrp	x1, trap_vectors
	add	x1, x1, :lo12:trap_vectors
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.eq	7f
	b.hi	8f
	msr	vbar_el1, x1
	b	9f
7:	msr	vbar_el2, x1
	b	9f
8:	msr	vbar_el3, x1
9:	isb

	/* copy .data from its load address unless it already runs there */
	adrp	x0, __data_load
	add	x0, x0, :lo12:__data_load
	adrp	x1, __data_start
	add	x1, x1, :lo12:__data_start
	adrp	x2, __data_end
	add	x2, x2, :lo12:__data_end
	cmp	x0, x1
	b.eq	2f
1:	cmp	x1, x2
	b.hs	2f
	ldr	w3, [x0], #4
	str	w3, [x1], #4
	b	1b

	/* zero .bss: the loader may have done it, a bootloader may not */
2:	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
3:	cmp	x1, x2
	b.hs	4f
	str	wzr, [x1], #4
	b	3b

4:	bl	main
	bl	sh_exit			/* w0: main's return value */
5:	wfe
	b	5b
	.size	_start, . - _start

	/*
	 * 16 entries of 0x80 bytes ({current EL with SP0, current EL with
	 * SPx, lower EL AArch64, lower EL AArch32} x {sync, IRQ, FIQ,
	 * SError}); the table is 2 KiB aligned.  The faulting context stays
	 * in ELR/ESR/FAR and on the stack for a debugger; sh_trap_exit()
	 * does not return.
	 */
	.section .text.vectors, "ax"
	.balign	0x800
	.type	trap_vectors, %function
trap_vectors:
	.rept	16
	b	trap_entry
	.balign	0x80
	.endr
	.size	trap_vectors, . - trap_vectors

trap_entry:
	adrp	x0, trap_msg
	add	x0, x0, :lo12:trap_msg
	bl	sh_trap_exit
	b	trap_entry

	.section .rodata.crt0, "a"
trap_msg:
	.asciz	"fault: trap\n"

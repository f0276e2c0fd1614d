/*
 * crt0.S - startup code for the AArch64 test firmware
 *
 * Entered at EL1 (or EL2) at the ELF entry point, as qemu virt does for
 * an ELF given to -kernel.  Secondary cores park.  The C code is built
 * with -mgeneral-regs-only, so FP/SIMD access need not be enabled.
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
5:	wfe
	b	5b
	.size	_start, . - _start

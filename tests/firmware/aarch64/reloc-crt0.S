/*
 * reloc-crt0.S - startup of the reloc test firmware (AArch64)
 *
 * Unlike crt0.S it needs no linker-script symbol, so that it links with
 * ld -r alone: the stack is a .bss array of its own, and the loader (the
 * reloc plugin, or elf for the oracle) has placed .data at its run address
 * and zeroed .bss. Entered at _start, the boot address the plugin reports.
 * FP/SIMD is enabled at EL1: the generated code reads quadwords (ldr q,
 * R_AARCH64_LDST128_ABS_LO12_NC).
 */
	.section .text.reloc_start, "ax", %progbits
	.globl	_start
	.type	_start, %function
_start:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cbnz	x0, 5f

	adrp	x0, reloc_stack_top
	add	x0, x0, :lo12:reloc_stack_top
	mov	sp, x0

	adrp	x1, reloc_vectors
	add	x1, x1, :lo12:reloc_vectors
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.eq	7f
	b.hi	8f
	msr	vbar_el1, x1
	mov	x0, #(3 << 20)		/* CPACR_EL1.FPEN: no trap at EL0/EL1 */
	msr	cpacr_el1, x0
	b	9f
7:	msr	vbar_el2, x1
	b	9f
8:	msr	vbar_el3, x1
9:	isb

	bl	main
	bl	sh_exit			/* w0: main's return value */
5:	wfe
	b	5b
	.size	_start, . - _start

	/* 16 entries of 0x80 bytes, the table 2 KiB aligned (as crt0.S) */
	.section .text.reloc_vectors, "ax", %progbits
	.balign	0x800
	.type	reloc_vectors, %function
reloc_vectors:
	.rept	16
	b	reloc_trap
	.balign	0x80
	.endr
	.size	reloc_vectors, . - reloc_vectors

reloc_trap:
	adrp	x0, reloc_trap_msg
	add	x0, x0, :lo12:reloc_trap_msg
	bl	sh_trap_exit
	b	reloc_trap

	.section .rodata.reloc_crt0, "a"
reloc_trap_msg:
	.asciz	"fault: trap\n"

	.section .bss.reloc_stack, "aw", %nobits
	.balign	16
	.space	4096
reloc_stack_top:

/*
 * reloc-crt0.S - startup of the reloc test firmware (Cortex-M4, Thumb-2)
 *
 * Unlike crt0.S it needs no linker-script symbol, so that it links with
 * ld -r alone: the stack is a .bss array of its own, and the loader (the
 * reloc plugin, or elf for the oracle) has placed .data at its run address
 * and zeroed .bss. The core takes SP and PC from the vector table.
 */
	.syntax	unified
	.thumb

	.section .vectors, "a"
	.balign	4
	.globl	__vectors
__vectors:
	.4byte	reloc_stack_top
	.4byte	_start
	.rept	14
	.4byte	reloc_fault
	.endr

	.section .text.reloc_start, "ax", %progbits
	.balign	2
	.globl	_start
	.thumb_func
	.type	_start, %function
_start:
	bl	main
	bl	sh_exit
	.size	_start, . - _start

	.thumb_func
	.type	reloc_fault, %function
reloc_fault:
	movs	r0, #3
	bl	sh_exit
	.size	reloc_fault, . - reloc_fault

	.section .bss.reloc_stack, "aw", %nobits
	.balign	8
	.space	4096
reloc_stack_top:

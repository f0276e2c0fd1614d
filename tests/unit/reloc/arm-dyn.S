/*
 * arm-dyn.S - a shared object whose dynamic relocations are the ARM types
 * only a dynamic linker applies: R_ARM_GLOB_DAT (the GOT entry of a
 * preemptible variable, loaded through the GOT), R_ARM_JUMP_SLOT (calls
 * through the PLT, to an ARM and to a Thumb function), R_ARM_ABS32 (words
 * holding global addresses, one with an addend in the place) and
 * R_ARM_RELATIVE (words holding local addresses). ARM state (Cortex-R5):
 * GNU ld builds ARM PLT entries. tests/sim/reloc.sh links it -shared at 0
 * and at the address the reloc plugin places it, and compares.
 */
	.syntax unified
	.arm
	.text
	.globl	get, callee, tcallee
	.type	get, %function
	.type	callee, %function
get:
	push	{r4, lr}
	ldr	r4, .Lgot
.Lpic:	add	r4, pc, r4
	ldr	r0, .Lgvar
	ldr	r0, [r4, r0]
	bl	callee(PLT)
	bl	tcallee(PLT)
	pop	{r4, pc}
	.balign	4
.Lgot:	.word	_GLOBAL_OFFSET_TABLE_ - (.Lpic + 8)
.Lgvar:	.word	gvar(GOT)
callee:
	bx	lr

	.thumb
	.type	tcallee, %function
	.thumb_func
tcallee:
	bx	lr

	.data
	.balign	4
	.globl	gvar
gvar:	.word	lvar + 8
lvar:	.word	gvar
	.word	get
	.word	lvar
	.word	tcallee
	.word	gvar + 4

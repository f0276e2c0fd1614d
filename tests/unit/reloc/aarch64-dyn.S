/*
 * aarch64-dyn.S - a shared object whose dynamic relocations are GLOB_DAT
 * (a GOT entry of a preemptible variable), JUMP_SLOT (a call through the
 * PLT), RELATIVE (a pointer to a local) and ABS64 (a pointer to a global).
 */
	.text
	.globl	get, callee
	.type	get, %function
	.type	callee, %function
get:
	adrp	x0, :got:gvar
	ldr	x0, [x0, :got_lo12:gvar]
	bl	callee
	ret
callee:
	ret

	.data
	.balign	8
	.globl	gvar
gvar:	.quad	lvar + 8
lvar:	.quad	gvar
	.quad	get
	.quad	lvar

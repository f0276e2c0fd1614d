/*
 * riscv-dyn.S - a shared object whose dynamic relocations are R_RISCV_64
 * (R_RISCV_32 on RV32: a GOT entry of a preemptible variable, and a
 * pointer to a global),
 * JUMP_SLOT (a call through the PLT) and RELATIVE (a pointer to a local).
 */
	.text
	.globl	get, callee
	.type	get, @function
	.type	callee, @function
get:
	la	a0, gvar
	call	callee
	ret
callee:
	ret

#if __riscv_xlen == 64
#define PTR .dword
#else
#define PTR .word
#endif
	.data
	.balign	8
	.globl	gvar
gvar:	PTR	lvar + 8
lvar:	PTR	gvar
	PTR	get
	PTR	lvar

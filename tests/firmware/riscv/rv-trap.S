/*
 * rv-trap.S - machine-mode trap entries for the interrupt-driven images
 *
 * rv_trap_direct (mtvec direct mode): saves the registers the calling
 * convention lets a C function clobber, calls
 *	unsigned long rv_trap(unsigned long mcause, unsigned long mepc)
 * writes its return value to mepc, restores, mret.
 *
 * rv_vectors (mtvec vectored mode, 256-byte aligned): one 32-bit jump per
 * cause; 3, 7 and 11 (the machine software, timer and external
 * interrupts) go to entries that call rv_vector(cause) and mret to the
 * interrupted instruction, the others (exceptions use entry 0) to
 * rv_trap_direct. The table's jumps must be 4 bytes: no RVC here.
 */
#if __riscv_xlen == 64
#define STORE	sd
#define LOAD	ld
#define WORD	8
#else
#define STORE	sw
#define LOAD	lw
#define WORD	4
#endif
#define FRAME	(16 * WORD)

	/* an image defines the ones it uses (an unused one is never called) */
	.weak	rv_trap, rv_vector

	.option	push
	.option	norvc
	.option	arch, +zicsr

	.macro	save
	addi	sp, sp, -FRAME
	STORE	ra, 0 * WORD(sp)
	STORE	t0, 1 * WORD(sp)
	STORE	t1, 2 * WORD(sp)
	STORE	t2, 3 * WORD(sp)
	STORE	a0, 4 * WORD(sp)
	STORE	a1, 5 * WORD(sp)
	STORE	a2, 6 * WORD(sp)
	STORE	a3, 7 * WORD(sp)
	STORE	a4, 8 * WORD(sp)
	STORE	a5, 9 * WORD(sp)
	STORE	a6, 10 * WORD(sp)
	STORE	a7, 11 * WORD(sp)
	STORE	t3, 12 * WORD(sp)
	STORE	t4, 13 * WORD(sp)
	STORE	t5, 14 * WORD(sp)
	STORE	t6, 15 * WORD(sp)
	.endm

	.macro	restore
	LOAD	ra, 0 * WORD(sp)
	LOAD	t0, 1 * WORD(sp)
	LOAD	t1, 2 * WORD(sp)
	LOAD	t2, 3 * WORD(sp)
	LOAD	a0, 4 * WORD(sp)
	LOAD	a1, 5 * WORD(sp)
	LOAD	a2, 6 * WORD(sp)
	LOAD	a3, 7 * WORD(sp)
	LOAD	a4, 8 * WORD(sp)
	LOAD	a5, 9 * WORD(sp)
	LOAD	a6, 10 * WORD(sp)
	LOAD	a7, 11 * WORD(sp)
	LOAD	t3, 12 * WORD(sp)
	LOAD	t4, 13 * WORD(sp)
	LOAD	t5, 14 * WORD(sp)
	LOAD	t6, 15 * WORD(sp)
	addi	sp, sp, FRAME
	.endm

	.section .text.rv_trap_direct, "ax"
	.balign	4
	.globl	rv_trap_direct
	.type	rv_trap_direct, @function
rv_trap_direct:
	save
	csrr	a0, mcause
	csrr	a1, mepc
	call	rv_trap
	csrw	mepc, a0
	restore
	mret
	.size	rv_trap_direct, . - rv_trap_direct

	.macro	vector n
	.type	rv_vector_\n, @function
rv_vector_\n:
	save
	li	a0, \n
	call	rv_vector
	restore
	mret
	.size	rv_vector_\n, . - rv_vector_\n
	.endm

	.section .text.rv_vectors, "ax"
	.balign	256
	.globl	rv_vectors
	.type	rv_vectors, @object
rv_vectors:
	.set	i, 0
	.rept	16
	.if	i == 3
	j	rv_vector_3
	.elseif	i == 7
	j	rv_vector_7
	.elseif	i == 11
	j	rv_vector_11
	.else
	j	rv_trap_direct
	.endif
	.set	i, i + 1
	.endr
	.size	rv_vectors, . - rv_vectors

	vector	3
	vector	7
	vector	11

	.option	pop

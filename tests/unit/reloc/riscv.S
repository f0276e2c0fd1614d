/*
 * riscv.S - every RISC-V relocation type the reloc plugin handles, as the
 * assembler writes them (with relaxation on, so RELAX and ALIGN appear).
 * reloc-oracle.sh assembles it for RV32 and RV64, links it with GNU ld
 * --no-relax at a few placements and checks that the back end gives the
 * bytes ld gave. Sections: .text and .farcode (code, +-1 MiB apart), .data
 * (pc-relative targets), .lowdata (absolute %hi/%lo targets), .diffs
 * (label differences: ADD/SUB/SET), .debug_frame (SET6/SUB6 from CFI).
 */
	.cfi_sections .debug_frame
	.option rvc

	.text
	.globl	_start
	.type	_start, @function
_start:
	.cfi_startproc
	/* HI20, LO12_I, LO12_S (absolute); addends that round up and down */
	lui	a0, %hi(abs_word)
	addi	a0, a0, %lo(abs_word)
	lw	a1, %lo(abs_word + 0x7ff)(a0)
	sw	a1, %lo(abs_word + 0x800)(a0)
	lui	a2, %hi(abs_word + 0x800)
	.cfi_adjust_cfa_offset 16
	/* PCREL_HI20 with PCREL_LO12_I and _S; an addend on the lo part */
.Lpc1:	auipc	a0, %pcrel_hi(near_word)
	addi	a0, a0, %pcrel_lo(.Lpc1)
	lw	a1, %pcrel_lo(.Lpc1)(a0)
.Lpc2:	auipc	a3, %pcrel_hi(near_word + 0x900)
	sw	a1, %pcrel_lo(.Lpc2)(a3)
.Lpc3:	auipc	a4, %pcrel_hi(far_fn)
	jalr	ra, %pcrel_lo(.Lpc3)(a4)
	.cfi_adjust_cfa_offset 16
	/* CALL (call), CALL_PLT (tail, call to a global), a weak undefined */
	call	far_fn
	tail	far_global
	call	weak_fn
	/* gas 2.40 writes CALL_PLT for call too: R_RISCV_CALL by hand */
	.reloc	., R_RISCV_CALL, far_fn + 4
	auipc	ra, 0
	jalr	ra, 0(ra)
	/* BRANCH, JAL forwards and backwards */
	beq	a0, a1, far_fn
	bne	a0, a1, _start
	jal	ra, far_fn
	j	_start
	/* RVC_BRANCH, RVC_JUMP */
	c.beqz	a0, .Lnear
	c.bnez	a1, _start
	c.j	.Lnear
	.cfi_remember_state
	c.nop
	/* ALIGN: padding the assembler emitted so that it ends aligned */
	.balign	4
.Lnear:	c.nop
	.cfi_restore_state
	ret
	.cfi_endproc
	.size	_start, . - _start

	.section .farcode, "ax", @progbits
	.globl	far_global
far_fn:
	.cfi_startproc
	addi	sp, sp, -16
	.cfi_def_cfa_offset 16
	c.beqz	a0, 1f
	j	_start
1:	call	_start
	addi	sp, sp, 16
	.cfi_def_cfa_offset 0
far_global:
	ret
	.cfi_endproc

	.data
	.balign	8
near_word:
	.word	0x11223344
	.word	abs_word		/* R_RISCV_32 */
	.word	abs_word + 6		/* RV64: R_RISCV_32 of a low address */
#if __riscv_xlen == 64
	.dword	near_word + 0x123456	/* R_RISCV_64 */
	.dword	weak_data		/* weak undefined: 0 */
#endif
	.word	far_fn - .		/* R_RISCV_32_PCREL */
	.space	0x1000

	.section .lowdata, "aw", @progbits
	.balign	8
abs_word:
	.word	0x55667788
	.space	0x1000

	/*
	 * Label differences in code: ADD/SUB pairs. (SET_ULEB128/SUB_ULEB128
	 * need gas 2.41: "non-constant .uleb128 is not supported" before.)
	 */
	.section .diffs, "a", @progbits
	.byte	.Lnear - _start		/* ADD8, SUB8 */
	.half	.Lnear - .Lpc1		/* ADD16, SUB16 */
	.word	.Lnear - _start		/* ADD32, SUB32 */
	.dword	.Lnear - _start + 3	/* ADD64, SUB64 */
	/* what CFI and .eh_frame carry; gas picks them itself only there */
	.reloc	., R_RISCV_SET8, .Lnear
	.byte	0
	.reloc	., R_RISCV_SET16, far_fn + 2
	.half	0
	.reloc	., R_RISCV_SET32, near_word
	.word	0
	.reloc	., R_RISCV_32_PCREL, far_fn
	.word	0

	.weak	weak_fn
	.weak	weak_data

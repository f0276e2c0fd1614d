/*
 * aarch64.S - the AArch64 relocation types the reloc plugin handles, as the
 * assembler writes them. reloc-oracle.sh assembles it (little and big
 * endian), links it with GNU ld at a few placements and checks that the
 * back end gives the bytes ld gave. Sections: .text, .nearcode (targets of
 * the short branches), .farcode (+-128 MiB calls), .data and .lowdata.
 */
	.text
	.globl	_start
	.type	_start, %function
_start:
	/* ADR_PREL_PG_HI21 (and _NC), ADD_ABS_LO12_NC, LDSTn_ABS_LO12_NC */
	adrp	x0, data8
	add	x0, x0, :lo12:data8
	ldrb	w1, [x0, :lo12:data8 + 1]
	adrp	x2, :pg_hi21_nc:data16
	ldrh	w1, [x2, :lo12:data16]
	ldr	w1, [x2, :lo12:data32]
	ldr	x1, [x2, :lo12:data64]
	ldr	q1, [x2, :lo12:data128]
	str	x1, [x2, :lo12:data64 + 8]
	adrp	x3, low_word + 0x1234
	/* ADR_PREL_LO21, LD_PREL_LO19 */
	adr	x4, near_fn
	ldr	x5, near_lit
	/* CALL26, JUMP26; a weak undefined call becomes a NOP */
	bl	far_fn
	bl	weak_fn
	b	far_fn
	/* CONDBR19 (b.cond, cbz), TSTBR14 */
	b.eq	near_fn
	cbnz	x0, near_fn
	tbz	x1, #3, near_fn
	tbnz	w1, #31, near_fn
	/* MOVW_UABS_G0..G3, checked and _NC */
	movz	x6, #:abs_g3:low_word
	movk	x6, #:abs_g2_nc:low_word
	movk	x6, #:abs_g1_nc:low_word
	movk	x6, #:abs_g0_nc:low_word
	movz	x7, #:abs_g1:low_word
	movz	x7, #:abs_g0:low_word
	movz	x7, #:abs_g2:low_word
	ret
	.size	_start, . - _start

	.section .nearcode, "ax", %progbits
	.globl	near_fn
near_fn:
	b.ne	_start + 8
	ret
	.balign	8
near_lit:
	.quad	0x0123456789abcdef
	.hword	_start - .		/* PREL16 */

	.section .farcode, "ax", %progbits
far_fn:
	bl	_start
	b	_start + 4
	ret

	.data
	.balign	16
data8:	.byte	1, 2, 3, 4
	.balign	2
data16:	.hword	0x1234
	.balign	4
data32:	.word	0x12345678
	.balign	8
data64:	.quad	0x1122334455667788
	.quad	0
	.balign	16
data128: .quad	1, 2
	/* ABS64/32/16, PREL64/32/16 */
	.quad	far_fn + 0x10
	.quad	weak_data
	.word	low_word
	.word	data8 - 0x100
	.hword	low_word + 0x10
	.quad	far_fn - .
	.word	_start - .
	.word	low_word - .

	.section .lowdata, "aw", %progbits
	.balign	16
low_word:
	.quad	0x0102030405060708
	.space	0x2000

	.weak	weak_fn
	.weak	weak_data

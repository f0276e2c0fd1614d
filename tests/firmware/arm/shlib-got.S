/*
 * shlib-got.S - shlib_got_anchor, in libshlib-demo.so's data: its own
 * distance from the library's GOT origin (_GLOBAL_OFFSET_TABLE_, the r9 of
 * -msingle-pic-base), fixed at link time. Data and GOT move together, so
 * the address of this core's copy (which the application finds through its
 * own GOT) minus the value is this core's GOT: no relocation involved.
 * (A word holding _GLOBAL_OFFSET_TABLE_ itself would not do: ld treats that
 * symbol as absolute and emits no dynamic relocation for it.)
 */
	.data
	.balign	4
	.globl	shlib_got_anchor
	.type	shlib_got_anchor, %object
	.size	shlib_got_anchor, 4
shlib_got_anchor:
	.word	shlib_got_anchor(GOTOFF)

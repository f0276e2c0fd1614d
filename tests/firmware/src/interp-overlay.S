/*
 * interp-overlay.S - .interp of the overlay firmware: "overlay"
 *
 * The kernel hands firmware with a PT_INTERP to user space, and
 * rproc-loader picks the plugin the string names (ld/overlay.ld).
 */
	.section .interp, "a"
	.asciz	"overlay"

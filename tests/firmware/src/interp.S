/*
 * interp.S - extra headers for the hello-interp variant
 *
 * .interp names the loader plugin ("elf") the way PT_INTERP names ld.so
 * for programs; the kernel hands such firmware to user space.
 *
 * .note.rproc only exists so that hello-interp.ld can end the program
 * header table with a PT_NOTE: loaders must not assume the last program
 * header is a PT_LOAD.  Its contents mean nothing to any loader.
 */
	.section .interp, "a"
	.asciz	"elf"

	.section .note.rproc, "a"
	.balign	4
	.4byte	2f - 1f		/* namesz */
	.4byte	4f - 3f		/* descsz */
	.4byte	1		/* type */
1:	.asciz	"rproc-tools"
2:	.balign	4
3:	.4byte	1		/* desc: test note version */
4:

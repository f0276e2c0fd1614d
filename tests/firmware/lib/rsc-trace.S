/*
 * rsc-trace.S - resource table with one trace buffer
 *
 * The table of every kit firmware without rpmsg: one RSC_TRACE entry for
 * trace_buf (trace.c).  Makefile.fw assembles it once per firmware with
 * TRACE_NAME set to "<firmware>-trace", the entry's name.
 *
 * Written in assembly because the RSC_TRACE entry needs the address of
 * trace_buf in a 32-bit field: C cannot truncate an address in a static
 * initializer on 64-bit targets, while the assembler emits a 32-bit
 * absolute relocation the linker checks for overflow.
 *
 * Layout: struct resource_table with one offset, then one
 * struct fw_rsc_hdr + struct fw_rsc_trace (see rsc_table.h): 68 bytes.
 */
#include "rsc_table.h"
#include "trace.h"

#ifndef TRACE_NAME
#error "TRACE_NAME (a quoted string) must name the trace buffer"
#endif

	.section .resource_table, "aw"
	.balign	4
	.globl	resource_table
	.type	resource_table, %object
resource_table:
	.4byte	RSC_TABLE_VERSION		/* ver */
	.4byte	1				/* num */
	.4byte	0, 0				/* reserved[2] */
	.4byte	trace_rsc - resource_table	/* offset[0] */

trace_rsc:
	.4byte	RSC_TRACE			/* fw_rsc_hdr.type */
	.4byte	trace_buf			/* da: run address */
	.4byte	TRACE_LEN			/* len */
	.4byte	0				/* reserved */
1:	.asciz	TRACE_NAME			/* name[32] */
	.fill	FW_RSC_NAME_LEN - (. - 1b), 1, 0
	.size	resource_table, . - resource_table

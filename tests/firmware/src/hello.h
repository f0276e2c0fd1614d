/*
 * hello.h - what hello.c and its resource table (hello-rsc.S) share
 */
#ifndef HELLO_H
#define HELLO_H

/* size of the trace buffer announced by the RSC_TRACE entry */
#define HELLO_TRACE_LEN		1024

/* initial value of hello_magic; proves .data reached its run address */
#define HELLO_MAGIC		0x48454c4f	/* "HELO" */

#endif /* HELLO_H */

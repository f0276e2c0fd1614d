/*
 * hello.h - constants of the hello firmware
 */
#ifndef HELLO_H
#define HELLO_H

/* initial value of hello_magic; proves .data reached its run address */
#define HELLO_MAGIC		0x48454c4f	/* "HELO" */

#endif /* HELLO_H */

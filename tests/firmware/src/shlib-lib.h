/* shlib-lib.h - the interface of libshlib-demo.so (src/shlib-lib.c) */
#ifndef FW_SHLIB_LIB_H
#define FW_SHLIB_LIB_H

extern int shlib_scale;
/*
 * Its distance from the library's GOT (arm/shlib-got.S): the address of
 * this core's copy minus it is what r9 must hold when the library is called.
 */
extern const long shlib_got_anchor;

int shlib_step(int x);
int shlib_calls(void);
int shlib_sum(void);
const char *shlib_name(void);

#endif

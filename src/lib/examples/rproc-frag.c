/*
 * rproc-frag PROCESSOR SERVICE: one 4 KiB message, more than the MTU,
 * through an echo service, fragmented and put together again (the echo
 * sends every fragment back as it came, so it needs no part in it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rproc/rproc.h>

int main(int argc, char **argv)
{
    static unsigned char tx[4096], rx[4096];
    struct rproc_processor *proc;
    struct rproc_ctx *ctx;
    struct rproc_ept *ept;
    size_t len, i;
    int err;

    if (argc != 3) {
        fprintf(stderr, "usage: rproc-frag PROCESSOR SERVICE\n");
        return 2;
    }
    for (i = 0; i < sizeof(tx); i++)
        tx[i] = (unsigned char)(i * 7);
    if ((err = rproc_ctx_new(NULL, NULL, &ctx)) < 0)
        goto out;
    if ((err = rproc_processor_new(ctx, argv[1], &proc)) < 0)
        goto unref_ctx;
    /* both sides opt in: every message carries the fragment header */
    err = rproc_ept_open(proc, argv[2], RPROC_ADDR_ANY, RPROC_EPT_FRAGMENTS, &ept);
    if (err < 0)
        goto unref_proc;
    printf("MTU %u, messages up to %zu bytes\n", rproc_ept_get_mtu(ept),
           rproc_ept_get_max_message(ept));
    err = rproc_ept_send(ept, tx, sizeof(tx), 1000);
    if (err == 0)
        err = rproc_ept_recv(ept, rx, sizeof(rx), &len, 1000);
    /* -EBADMSG: a fragment was lost; the message is dropped whole */
    if (err == 0 && (len != sizeof(tx) || memcmp(rx, tx, len) != 0))
        err = -EIO;
    if (err == 0)
        printf("%zu bytes echoed unchanged\n", len);
    rproc_ept_unref(ept);
unref_proc:
    rproc_processor_unref(proc);
unref_ctx:
    rproc_ctx_unref(ctx);
out:
    if (err < 0) {
        fprintf(stderr, "rproc-frag: %s\n", strerror(-err));
        return 1;
    }
    return 0;
}

/*
 * rproc-batch PROCESSOR SERVICE: 16 messages to an echo service in one
 * call, their echoes taken in as few calls as they come in.
 */
#include <stdio.h>
#include <string.h>

#include <rproc/rproc.h>

#define N 16

int main(int argc, char **argv)
{
    struct rproc_msg msgs[N];
    char tx[N][16], rx[N][512];
    struct rproc_processor *proc;
    struct rproc_ctx *ctx;
    struct rproc_ept *ept;
    size_t done, got = 0, i;
    int err;

    if (argc != 3) {
        fprintf(stderr, "usage: rproc-batch PROCESSOR SERVICE\n");
        return 2;
    }
    if ((err = rproc_ctx_new(NULL, NULL, &ctx)) < 0)
        goto out;
    if ((err = rproc_processor_new(ctx, argv[1], &proc)) < 0)
        goto unref_ctx;
    if ((err = rproc_ept_open(proc, argv[2], RPROC_ADDR_ANY, 0, &ept)) < 0)
        goto unref_proc;

    for (i = 0; i < N; i++) {
        snprintf(tx[i], sizeof(tx[i]), "message %zu", i);
        msgs[i] = (struct rproc_msg){ .buf = tx[i], .len = strlen(tx[i]),
                                      .addr = RPROC_ADDR_ANY };
    }
    /* all 16, or as many as there were transmit buffers for */
    err = rproc_ept_send_batch(ept, msgs, N, &done, 1000);
    if (err < 0)
        goto unref_ept;
    printf("sent %zu in one call\n", done);

    while (got < done) {
        size_t n;

        for (i = 0; i < N; i++)
            msgs[i] = (struct rproc_msg){ .buf = rx[i], .size = sizeof(rx[i]) };
        err = rproc_ept_recv_batch(ept, msgs, done - got, &n, 1000);
        if (err < 0)
            goto unref_ept;
        for (i = 0; i < n; i++)
            printf("echo %zu: %.*s\n", got + i, (int)msgs[i].len, rx[i]);
        got += n;
    }
unref_ept:
    rproc_ept_unref(ept);
unref_proc:
    rproc_processor_unref(proc);
unref_ctx:
    rproc_ctx_unref(ctx);
out:
    if (err < 0) {
        fprintf(stderr, "rproc-batch: %s\n", strerror(-err));
        return 1;
    }
    return 0;
}

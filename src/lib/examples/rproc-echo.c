/*
 * rproc-echo PROCESSOR SERVICE TEXT: send TEXT to a service that echoes,
 * wait for the answer with poll(2) on the endpoint's fd, print it.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <rproc/rproc.h>

int main(int argc, char **argv)
{
    struct rproc_processor *proc;
    struct rproc_ctx *ctx;
    struct rproc_ept *ept;
    struct pollfd p;
    char buf[512];
    size_t len;
    int err, rc = 1;

    if (argc != 4) {
        fprintf(stderr, "usage: rproc-echo PROCESSOR SERVICE TEXT\n");
        return 2;
    }
    err = rproc_ctx_new(NULL, NULL, &ctx);
    if (err < 0)
        goto out;
    err = rproc_processor_new(ctx, argv[1], &proc);
    if (err < 0)
        goto unref_ctx;
    /* the service's device, or an endpoint made for it */
    err = rproc_ept_open(proc, argv[2], RPROC_ADDR_ANY, 0, &ept);
    if (err < 0)
        goto unref_proc;
    err = rproc_ept_send(ept, argv[3], strlen(argv[3]), 1000);
    if (err < 0)
        goto unref_ept;
    /* the fd in an event loop: POLLIN when a message is queued */
    p.fd = rproc_ept_get_fd(ept);
    p.events = POLLIN;
    if (poll(&p, 1, 1000) != 1) {
        fprintf(stderr, "no answer in 1 s\n");
        goto unref_ept;
    }
    err = rproc_ept_recv(ept, buf, sizeof(buf), &len, 0);
    if (err == 0) {
        printf("%.*s\n", (int)len, buf);
        rc = 0;
    }
unref_ept:
    rproc_ept_unref(ept);
unref_proc:
    rproc_processor_unref(proc);
unref_ctx:
    rproc_ctx_unref(ctx);
out:
    if (err < 0)
        fprintf(stderr, "rproc-echo: %s\n", strerror(-err));
    return rc;
}

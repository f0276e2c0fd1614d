/* rproc-list: every processor, its state and firmware, and its services. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/rproc.h>

int main(void)
{
    struct rproc_processor **procs;
    struct rproc_service **svcs;
    struct rproc_ctx *ctx;
    enum rproc_state state;
    size_t nprocs, nsvcs, i, j;
    char *fw;
    int err;

    err = rproc_ctx_new(NULL, NULL, &ctx);
    if (err < 0) {
        fprintf(stderr, "rproc_ctx_new: %s\n", strerror(-err));
        return 1;
    }
    err = rproc_processor_list(ctx, &procs, &nprocs);
    if (err < 0) {
        fprintf(stderr, "rproc_processor_list: %s\n", strerror(-err));
        rproc_ctx_unref(ctx);
        return 1;
    }
    for (i = 0; i < nprocs; i++) {
        if (rproc_processor_get_state(procs[i], &state) < 0 ||
            rproc_processor_get_firmware(procs[i], &fw) < 0)
            continue;
        printf("%s (%s): %s, %s\n", rproc_processor_get_name(procs[i]),
               rproc_processor_get_device(procs[i]),
               rproc_state_to_string(state), fw);
        free(fw);
        if (rproc_service_list(procs[i], &svcs, &nsvcs) < 0)
            continue;
        for (j = 0; j < nsvcs; j++)
            printf("  %s at 0x%x\n", rproc_service_get_name(svcs[j]),
                   rproc_service_get_dst(svcs[j]));
        rproc_service_list_free(svcs, nsvcs);
    }
    rproc_processor_list_free(procs, nprocs);
    rproc_ctx_unref(ctx);
    return 0;
}

/* A plugin without the descriptor symbol: faulty. */
int rproc_loader_plugin_v0;
int rproc_loader_plugin_v0 = 1;

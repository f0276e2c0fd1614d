// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reference for bench-load.sh: copy BYTES bytes of FILE (from the page
 * cache) into fresh memory, as a loader must, and print the median time of
 * RUNS copies in seconds. Fresh pages each run: the loader's memories are
 * new tmpfs pages too, so both pay the page faults.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"


int main(int argc, char **argv)
{
	double t[64];
	struct stat st;
	size_t bytes;
	int fd, runs, i;
	void *src;

	if (argc != 4) {
		fprintf(stderr, "usage: bench-memcpy FILE BYTES RUNS\n");
		return 2;
	}
	bytes = strtoull(argv[2], NULL, 0);
	runs = atoi(argv[3]);
	if (runs < 1 || runs > 64)
		return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0 || (size_t)st.st_size < bytes) {
		perror(argv[1]);
		return 1;
	}
	src = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (src == MAP_FAILED)
		return 1;
	for (i = 0; i < runs; i++) {
		double t0 = bench_now();
		void *dst = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (dst == MAP_FAILED)
			return 1;
		memcpy(dst, src, bytes);
		t[i] = bench_now() - t0;
		munmap(dst, bytes);
	}
	qsort(t, runs, sizeof(t[0]), bench_cmp);
	printf("%.6f\n", t[runs / 2]);
	return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Thread CPU time of one "round" of pread(fd, buf, 0) over N kept-open cgroupfs files, as the collector does,
// without the JVM: the floor of a collection round. One idle extra thread makes fdget() take the multi-threaded
// path, as in the JVM. Used for docs/benchmarks.md, section "Collector".
//
//   mkdir -p /sys/fs/cgroup/{unified,memory,cpuacct}/zprobe/c{0..999}      (root, hybrid host)
//   gcc -O2 -pthread -o /tmp/read-cost scripts/bench/cgroupfs-read-cost.c
//   /tmp/read-cost 1000 1000 unified/zprobe/c%d/cpu.stat memory/zprobe/c%d/memory.usage_in_bytes
//   /tmp/read-cost 1000 1000 cpuacct/zprobe/c%d/cpuacct.usage memory/zprobe/c%d/memory.usage_in_bytes
//   /tmp/read-cost 1000 1000 unified/zprobe/c%d/cpu.stat
//   rmdir /sys/fs/cgroup/{unified,memory,cpuacct}/zprobe/c[0-9]* /sys/fs/cgroup/{unified,memory,cpuacct}/zprobe
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double thread_cpu_micros(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void *idle(void *unused) {
    (void) unused;
    pause();
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s cgroups rounds pattern... (patterns relative to /sys/fs/cgroup, %%d = index)\n",
                argv[0]);
        return 2;
    }
    const int n = atoi(argv[1]);
    const int rounds = atoi(argv[2]);
    const int files = argc - 3;
    int *fds = malloc(sizeof(int) * n * files);
    char path[512];
    char buf[4096];
    pthread_t thread;
    pthread_create(&thread, NULL, idle, NULL);
    for (int i = 0; i < n; i++) {
        for (int f = 0; f < files; f++) {
            char pattern[400];
            snprintf(pattern, sizeof pattern, "/sys/fs/cgroup/%s", argv[3 + f]);
            snprintf(path, sizeof path, pattern, i);
            if ((fds[i * files + f] = open(path, O_RDONLY)) < 0) {
                perror(path);
                return 1;
            }
        }
    }
    double total = 0;
    for (int r = 0; r < rounds; r++) {
        const double start = thread_cpu_micros();
        for (int i = 0; i < n * files; i++) {
            if (pread(fds[i], buf, sizeof buf, 0) <= 0) {
                perror("pread");
                return 1;
            }
        }
        total += thread_cpu_micros() - start;
    }
    printf("%d cgroups x %d files: %.0f us thread CPU per round (mean of %d rounds)\n", n, files, total / rounds,
           rounds);
    return 0;
}

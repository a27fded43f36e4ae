/* benchrun: runs one command, its standard output sent to /dev/null,
 * and prints "MICROSECONDS MAX_RSS_KIB" for it on one line.
 *
 *   benchrun COMMAND [ARG...]
 *
 * The bench scripts time each run with it (bench/common.sh). Timing the
 * command from the shell with date(1) around time(1) added about 4 ms
 * of starting those two programs to every run, as much as a 1 MB
 * resolve takes a third of; here the clock is read next to the spawn
 * and the wait. posix_spawn starts the command without a copy of this
 * process's memory, so the peak RSS reported is the command's own.
 * Exit status: the command's (128 + signal when killed), 127 when it
 * could not be started, 2 for a usage error. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: benchrun COMMAND [ARG...]\n", stderr);
        return 2;
    }
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0 ||
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) != 0) {
        fputs("benchrun: out of memory\n", stderr);
        return 2;
    }
    long long t0 = now_us();
    pid_t pid;
    int err = posix_spawnp(&pid, argv[1], &fa, NULL, argv + 1, environ);
    if (err != 0) {
        fprintf(stderr, "benchrun: %s: %s\n", argv[1], strerror(err));
        return 127;
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("benchrun: wait4");
            return 2;
        }
    }
    long long t1 = now_us();
    printf("%lld %ld\n", t1 - t0, ru.ru_maxrss);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 2;
}

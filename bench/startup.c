/*
 * startup.c: how long commands take to start and end, as whole
 * processes, measured in turn so that a noisy machine slows them alike.
 *
 *   bench/startup [-n RUNS] COMMAND [ARG]... [-- COMMAND [ARG]...]...
 *
 * Runs each command RUNS times (default 200), one after another in
 * rounds (A B C A B C ...), with standard output to /dev/null, after
 * one untimed round; prints for each the median, 10th and 90th
 * percentile of its wall time (CLOCK_MONOTONIC from posix_spawn to
 * waitpid) in milliseconds.  A command that exits non-zero is reported
 * and ends the measurement: a failing run would be timed as a fast one.
 * bench/empty, a C program that returns at once, is the floor the
 * kernel and the dynamic loader set on this machine.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One run of argv; its wall time in ms, or -1 when it failed. */
static double
run_once(char **argv, posix_spawn_file_actions_t *fa)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid_t pid;
	if (posix_spawnp(&pid, argv[0], fa, NULL, argv, environ)) {
		perror(argv[0]);
		return -1;
	}
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "startup: %s exited with status %d\n", argv[0],
		        WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return (double)(b.tv_sec - a.tv_sec) * 1e3 +
	       (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

int
main(int argc, char **argv)
{
	int runs = 200, i = 1;
	if (i + 1 < argc && !strcmp(argv[i], "-n")) {
		runs = atoi(argv[i + 1]);
		i += 2;
	}
	if (i >= argc || runs < 1) {
		fprintf(stderr, "usage: bench/startup [-n RUNS] COMMAND [ARG]... "
		                "[-- COMMAND [ARG]...]...\n");
		return 2;
	}
	/* Split the rest at each "--" into the commands' argv. */
	char **cmds[32];
	int n = 0;
	cmds[n++] = argv + i;
	for (int k = i; k < argc; k++)
		if (!strcmp(argv[k], "--")) {
			argv[k] = NULL;
			if (n == 32 || k + 1 >= argc) {
				fprintf(stderr, "startup: at most 32 commands, "
				                "none empty\n");
				return 2;
			}
			cmds[n++] = argv + k + 1;
		}
	double *t = malloc(sizeof *t * (size_t)runs * (size_t)n);
	posix_spawn_file_actions_t fa;
	if (!t || posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0))
		return 1;
	for (int c = 0; c < n; c++)
		if (run_once(cmds[c], &fa) < 0)
			return 1;
	for (int r = 0; r < runs; r++)
		for (int c = 0; c < n; c++)
			if ((t[c * runs + r] = run_once(cmds[c], &fa)) < 0)
				return 1;
	printf("%9s %9s %9s  command (%d runs each, in turn)\n", "median_ms",
	       "p10_ms", "p90_ms", runs);
	for (int c = 0; c < n; c++) {
		double *v = t + c * runs;
		qsort(v, (size_t)runs, sizeof *v, cmp_double);
		printf("%9.3f %9.3f %9.3f ", v[runs / 2], v[runs / 10],
		       v[runs * 9 / 10]);
		for (char **a = cmds[c]; *a; a++)
			printf(" %s", *a);
		putchar('\n');
	}
	posix_spawn_file_actions_destroy(&fa);
	free(t);
	return 0;
}

/*
 * timeit.c: runs a command and reports its wall time and peak memory.
 *
 *   bench/timeit [-o OUT] [-t SECONDS] COMMAND [ARG]...
 *
 * The command's standard output goes to OUT (default /dev/null); its
 * standard error is inherited.  When it ends, one line goes to standard
 * output:
 *
 *   SECONDS MAXRSS_KB STATUS
 *
 * SECONDS is wall time (CLOCK_MONOTONIC), MAXRSS_KB the child's peak
 * resident set (getrusage RUSAGE_CHILDREN), STATUS its exit status, or
 * "timeout" when it ran longer than -t SECONDS and was killed, or
 * "signal N".  timeit exits 0 unless it could not run the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void
on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (child > 0)
		kill(child, SIGKILL);
}

int
main(int argc, char **argv)
{
	const char *out = "/dev/null";
	unsigned limit = 0;
	int c;
	while ((c = getopt(argc, argv, "+o:t:")) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 't':
			limit = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: timeit [-o OUT] [-t SECONDS] "
			                "COMMAND [ARG]...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: timeit [-o OUT] [-t SECONDS] COMMAND "
		                "[ARG]...\n");
		return 2;
	}
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0) {
		fprintf(stderr, "timeit: %s: %s\n", out, strerror(errno));
		return 2;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	child = fork();
	if (child < 0) {
		fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return 2;
	}
	if (child == 0) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "timeit: %s: %s\n", argv[optind],
		        strerror(errno));
		_exit(127);
	}
	close(fd);
	if (limit)
		alarm(limit);
	int status;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "timeit: waitpid: %s\n", strerror(errno));
			return 2;
		}
	alarm(0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
	              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (timed_out)
		printf("%.6f %ld timeout\n", secs, ru.ru_maxrss);
	else if (WIFSIGNALED(status))
		printf("%.6f %ld signal%d\n", secs, ru.ru_maxrss,
		       WTERMSIG(status));
	else
		printf("%.6f %ld %d\n", secs, ru.ru_maxrss, WEXITSTATUS(status));
	return 0;
}

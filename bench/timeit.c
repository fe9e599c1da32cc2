/*
 * timeit.c: runs a command and reports its wall time and peak memory.
 *
 *   bench/timeit [-m] [-o OUT] [-t SECONDS] COMMAND [ARG]...
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
 *
 * With -m a fourth field follows: PEAK_ANON_KB, the largest RssAnon of
 * /proc/PID/status seen while polling every 10 ms (the heap and other
 * private memory, without the file pages a store maps or caches; 0 when
 * /proc cannot be read).  Polling waits for SIGCHLD with a timeout, so
 * the end of the command is seen at once and SECONDS stays exact.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

/* The RssAnon line of /proc/PID/status in kB, or -1 if unreadable. */
static long
rss_anon_kb(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long kb = -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "RssAnon:", 8)) {
			kb = strtol(line + 8, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/* Waits for the child, sampling its RssAnon every 10 ms; returns the
 * peak seen.  SIGCHLD is blocked by the caller before the fork, so the
 * exit cannot slip between a sample and the wait. */
static long
wait_polling(int *status)
{
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	const struct timespec tick = {0, 10 * 1000 * 1000};
	long peak = 0;
	for (;;) {
		long kb = rss_anon_kb(child);
		if (kb > peak)
			peak = kb;
		pid_t r = waitpid(child, status, WNOHANG);
		if (r == child)
			return peak;
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "timeit: waitpid: %s\n", strerror(errno));
			exit(2);
		}
		/* EAGAIN (the tick) and EINTR (SIGALRM) both mean: sample again. */
		sigtimedwait(&chld, NULL, &tick);
	}
}

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
	bool poll_anon = false;
	int c;
	while ((c = getopt(argc, argv, "+mo:t:")) != -1) {
		switch (c) {
		case 'm':
			poll_anon = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			limit = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: timeit [-m] [-o OUT] [-t SECONDS] "
			                "COMMAND [ARG]...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: timeit [-m] [-o OUT] [-t SECONDS] "
		                "COMMAND [ARG]...\n");
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
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (poll_anon)
		sigprocmask(SIG_BLOCK, &chld, &old);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	child = fork();
	if (child < 0) {
		fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return 2;
	}
	if (child == 0) {
		if (poll_anon)
			sigprocmask(SIG_SETMASK, &old, NULL);
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
	int status = 0;
	long peak_anon = 0;
	if (poll_anon)
		peak_anon = wait_polling(&status);
	else
		while (waitpid(child, &status, 0) < 0)
			if (errno != EINTR) {
				fprintf(stderr, "timeit: waitpid: %s\n",
				        strerror(errno));
				return 2;
			}
	alarm(0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
	              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (timed_out)
		printf("%.6f %ld timeout", secs, ru.ru_maxrss);
	else if (WIFSIGNALED(status))
		printf("%.6f %ld signal%d", secs, ru.ru_maxrss, WTERMSIG(status));
	else
		printf("%.6f %ld %d", secs, ru.ru_maxrss, WEXITSTATUS(status));
	if (poll_anon)
		printf(" %ld", peak_anon);
	putchar('\n');
	return 0;
}

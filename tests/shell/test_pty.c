/* test_pty.c: drives the kg shell through a pseudo-terminal, as a person
 * at a keyboard would: prompts, continuation prompts, history across
 * runs, tab completion, Ctrl-C, the pager.
 *
 * Waits for output have a generous limit only so that a broken shell
 * fails the test instead of hanging it; nothing asserts how fast kg is.
 */
#include "config.h"
#include "../tap.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef PATIENCE_MS
#define PATIENCE_MS 60000
#endif

typedef struct {
	int fd;
	pid_t pid;
	char buf[1 << 20];
	size_t len;
	size_t mark; /* expect() looks after this */
} term;

static const char *kg;
static char dir[256];
static char store[512], big[512];

static int
term_start(term *t, const char *store_dir, const char *pager)
{
	memset(t, 0, sizeof *t);
	t->fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (t->fd < 0 || grantpt(t->fd) || unlockpt(t->fd))
		return -1;
	const char *slave = ptsname(t->fd);
	if (!slave)
		return -1;
	struct winsize ws = {24, 80, 0, 0};
	t->pid = fork();
	if (t->pid < 0)
		return -1;
	if (t->pid == 0) {
		setsid();
		int s = open(slave, O_RDWR);
		if (s < 0)
			_exit(127);
		ioctl(s, TIOCSCTTY, 0);
		ioctl(s, TIOCSWINSZ, &ws);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		if (s > 2)
			close(s);
		close(t->fd);
		setenv("TERM", "dumb", 1);
		setenv("INPUTRC", "/dev/null", 1);
		if (pager)
			setenv("PAGER", pager, 1);
		else
			setenv("PAGER", "", 1);
		execl(kg, kg, "-s", store_dir, (char *)NULL);
		_exit(127);
	}
	return 0;
}

static void
term_send(term *t, const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = write(t->fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads output for up to `ms`; returns 0 on end of output. */
static int
term_pump(term *t, int ms)
{
	struct pollfd p = {t->fd, POLLIN, 0};
	int n = poll(&p, 1, ms);
	if (n <= 0)
		return 1;
	if (t->len + 4096 >= sizeof t->buf) {
		/* Keep the recent half. */
		size_t keep = sizeof t->buf / 2;
		memmove(t->buf, t->buf + t->len - keep, keep);
		t->mark = t->mark > t->len - keep ? t->mark - (t->len - keep) : 0;
		t->len = keep;
	}
	ssize_t r = read(t->fd, t->buf + t->len, sizeof t->buf - t->len - 1);
	if (r <= 0)
		return 0;
	t->len += (size_t)r;
	t->buf[t->len] = '\0';
	return 1;
}

/* Waits for `s` in the output after the mark; moves the mark past it. */
static int
term_expect_for(term *t, const char *s, int ms)
{
	long end = now_ms() + ms;
	for (;;) {
		char *hit = strstr(t->buf + t->mark, s);
		if (hit) {
			t->mark = (size_t)(hit - t->buf) + strlen(s);
			return 1;
		}
		long left = end - now_ms();
		if (left <= 0)
			return 0;
		if (!term_pump(t, (int)(left < 200 ? left : 200)))
			return strstr(t->buf + t->mark, s) != NULL;
	}
}

static int
term_expect(term *t, const char *s)
{
	int ok = term_expect_for(t, s, PATIENCE_MS);
	if (!ok) {
		size_t from = t->len > 400 ? t->len - 400 : 0;
		printf("# waited for [%s]; the screen ends with:\n# [", s);
		for (size_t i = from; i < t->len; i++)
			putchar(t->buf[i] == '\n' ? '|' : t->buf[i]);
		printf("]\n");
	}
	return ok;
}

/* Waits for the shell to exit; returns its status, or -1. */
static int
term_end(term *t)
{
	long end = now_ms() + PATIENCE_MS;
	int status = -1;
	while (now_ms() < end) {
		term_pump(t, 100);
		pid_t p = waitpid(t->pid, &status, WNOHANG);
		if (p == t->pid)
			break;
	}
	if (waitpid(t->pid, NULL, WNOHANG) == 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, &status, 0);
		status = -1;
	}
	close(t->fd);
	return status;
}

static int
sh(const char *cmd)
{
	int rc = system(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static int
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static term t;

static void
test_prompts(void)
{
	TAP_OK(term_start(&t, store, NULL) == 0, "kg starts on a pty");
	TAP_OK(term_expect(&t, "Enter .help for help."), "banner");
	TAP_OK(term_expect(&t, "kg> "), "prompt");
	term_send(&t, ".prefix ex: <http://example.org/>\r");
	term_send(&t, "SELECT ?s ?l\r");
	TAP_OK(term_expect(&t, "...> "), "continuation prompt");
	term_send(&t, "WHERE {\r");
	TAP_OK(term_expect(&t, " {> "), "continuation prompt shows the open {");
	term_send(&t, "?s a ex:City ; rdfs:label ?l } ORDER BY ?l;\r");
	TAP_OK(term_expect(&t, "ex:hama"), "three-line SELECT runs, with prefixed names");
	TAP_OK(term_expect(&t, "\xe2\x94\x82"), "as a box table");
	TAP_OK(term_expect(&t, "2 rows"), "with a row count");
	TAP_OK(term_expect(&t, "kg> "), "prompt again");
	term_send(&t, "SELECT ?x WHERE { BIND(\"\"\"a;\r");
	TAP_OK(term_expect(&t, "\"\"\"> "), "continuation prompt shows a long string");
	term_send(&t, "b\"\"\" AS ?x) };\r");
	TAP_OK(term_expect(&t, "1 row"), "long string holding ';' runs");
	term_send(&t, "SELECT ?l WHERE { ?s a ex:City ; rdfs:label ?l }\r\r");
	TAP_OK(term_expect(&t, "2 rows"), "a blank line ends a statement");
	term_send(&t, "SELECT ?x WHERE {\r ?x ?p ?o FILTER(?x = ) };\r");
	TAP_OK(term_expect(&t, "expected an expression"), "a syntax error is shown");
	TAP_OK(term_expect(&t, "kg> "), "and the shell goes on");
	term_send(&t, "garbage here\x03");
	TAP_OK(term_expect(&t, "^C"), "Ctrl-C at the prompt");
	term_send(&t, "ASK {};\r");
	TAP_OK(term_expect(&t, "true"), "clears the line");
	term_send(&t, "SELECT ?l WHERE {\r\x03");
	TAP_OK(term_expect(&t, "kg> "), "Ctrl-C in a statement: primary prompt");
	term_send(&t, "ASK {};\r");
	TAP_OK(term_expect(&t, "true"), "and the statement is dropped");
#ifdef HAVE_READLINE
	term_send(&t, ".he\t\t");
	TAP_OK(term_expect(&t, ".headers") && term_expect(&t, ".help"),
	       ".he<TAB><TAB> lists .headers and .help");
	term_send(&t, "l\t");
	TAP_OK(term_expect(&t, ".help "), "and .hel<TAB> completes to .help");
	term_send(&t, "\r");
	TAP_OK(term_expect(&t, ".who-captured PLACE"), ".help lists the commands");
	term_send(&t, "SELECT ?x WHERE { ?x a kg:Captu\t");
	TAP_OK(term_expect(&t, "kg:Capture "), "completes a prefixed class name");
	term_send(&t, "};\r");
	TAP_OK(term_expect(&t, "3 rows"), "and the completed query runs");
	term_send(&t, ".und\t");
	TAP_OK(term_expect(&t, ".undo "), ".und<TAB> completes to .undo");
	term_send(&t, "\r");
	TAP_OK(term_expect(&t, "nothing to undo"), "and .undo runs");
	term_send(&t, ".aso\t");
	TAP_OK(term_expect(&t, ".asof "), ".aso<TAB> completes to .asof");
	term_send(&t, "2024-12-05\r");
	TAP_OK(term_expect(&t, "sem:hasLatestBeginTimeStamp"),
	       "and .asof prints its SPARQL");
#else
	for (int i = 0; i < 9; i++)
		TAP_OK(1, "# SKIP completion needs a line editor");
#endif
	term_send(&t, ".timeline HTS\r");
	TAP_OK(term_expect(&t, "sem:hasActor kgr:hts"), ".timeline prints its SPARQL");
	TAP_OK(term_expect(&t, "Dadikh") && term_expect(&t, "Aleppo") &&
	       term_expect(&t, "Hama"), ".timeline of HTS lists its captures "
	       "in date order");
	term_expect(&t, "kg> ");
	term_send(&t, "\x04");
	TAP_OK(term_end(&t) == 0, "Ctrl-D exits with status 0");
}

static void
test_history(void)
{
	char path[600], line[4096] = "";
	snprintf(path, sizeof path, "%s/history", dir);
	unlink(path);
	term_start(&t, store, NULL);
	term_expect(&t, "kg> ");
	term_send(&t, "SELECT ?l WHERE {\r ?s a <http://example.org/City> ;\r"
	              " rdfs:label ?l } ORDER BY DESC(?l);\r");
	TAP_OK(term_expect(&t, "2 rows"), "first run: a multi-line query");
	term_send(&t, ".quit\r");
	TAP_OK(term_end(&t) == 0, ".quit exits with status 0");
	FILE *f = fopen(path, "r");
	if (f && !fgets(line, sizeof line, f))
		line[0] = '\0';
	TAP_STR(line, "SELECT ?l WHERE {\\n ?s a <http://example.org/City> ;\\n"
	        " rdfs:label ?l } ORDER BY DESC(?l);\n",
	        "the history file keeps the statement as one entry");
	if (f)
		fclose(f);
#ifdef HAVE_READLINE
	term_start(&t, store, NULL);
	term_expect(&t, "kg> ");
	term_send(&t, "\x1b[A\x1b[A");
	TAP_OK(term_expect(&t, "DESC(?l)"), "second run: up arrow recalls it");
	term_send(&t, "\r");
	TAP_OK(term_expect(&t, "Homs") && term_expect(&t, "Hama") &&
	       term_expect(&t, "2 rows"), "and it runs again");
	term_send(&t, ".exit\r");
	term_end(&t);
#else
	TAP_OK(1, "# SKIP recalling history needs a line editor");
	TAP_OK(1, "# SKIP recalling history needs a line editor");
#endif
}

/* `query` runs long; `what` names it in the test descriptions. */
static void
test_interrupt_on(const char *spec, const char *query, const char *what)
{
#ifndef HAVE_READLINE
	/* Without a line editor the terminal echoes the query before kg
	 * reads it, and a Ctrl-C then would flush it unread: there is no
	 * sign to wait for. */
	for (int i = 0; i < 4; i++)
		TAP_OK(1, "# SKIP Ctrl-C during a query is tested with readline");
	return;
#endif
	term_start(&t, spec, NULL);
	term_expect(&t, "kg> ");
	term_send(&t, query);
	term_send(&t, "\r");
	/* The line break after the echo says readline took the line: a ^C
	 * before it would (rightly) throw the line away instead. */
	term_expect(&t, "};\r\n");
	/* The ^C may land before the query starts; then it only clears
	 * the (empty) line, so send it until the query says it stopped. */
	int stopped = 0;
	for (int i = 0; i < 10 && !stopped; i++) {
		term_send(&t, "\x03");
		stopped = term_expect_for(&t, "interrupted", PATIENCE_MS / 10);
	}
	TAP_OK(stopped, "Ctrl-C interrupts %s", what);
	TAP_OK(term_expect(&t, "kg> "), "the prompt comes back");
	term_send(&t, "ASK { ?s ?p ?o };\r");
	TAP_OK(term_expect(&t, "true"), "the shell is still alive");
	term_send(&t, ".quit\r");
	TAP_OK(term_end(&t) == 0, "and quits normally");
}

static void
test_interrupt(const char *query, const char *what)
{
	test_interrupt_on(big, query, what);
}

/* Completion's look-up on an endpoint that answers only after 20 s:
 * the prompt comes back after the look-up timeout, and Ctrl-C stops
 * the look-up sooner.  `.prefix` needs no request, so its answer shows
 * when the shell reads keys again. */
static void
test_slow_lookup(const char *slow)
{
#ifdef HAVE_READLINE
	setenv("KG_LOOKUP_TIMEOUT", "2", 1);
	term_start(&t, slow, NULL);
	term_expect(&t, "kg> ");
	term_send(&t, "SELECT * WHERE { ?x a kg:Cap");
	term_expect(&t, "kg:Cap");
	long t0 = now_ms();
	term_send(&t, "\t\x15.prefix\r");
	int back = term_expect_for(&t, "PREFIX kg:", 15000);
	long took = now_ms() - t0;
	TAP_OK(back, "Tab on a slow endpoint gives the prompt back after "
	       "the look-up timeout (%ld ms; the endpoint takes 20 s)", took);
	term_send(&t, ".quit\r");
	term_end(&t);

	/* A timeout longer than the endpoint's 20 s: only Ctrl-C can
	 * bring the prompt back sooner. */
	setenv("KG_LOOKUP_TIMEOUT", "60", 1);
	term_start(&t, slow, NULL);
	term_expect(&t, "kg> ");
	term_send(&t, "SELECT * WHERE { ?x a kg:Cap");
	term_expect(&t, "kg:Cap");
	term_send(&t, "\t");
	/* Time for readline to take the Tab and start the look-up: a ^C
	 * before that would only clear the line. */
	for (long until = now_ms() + 1000; now_ms() < until;)
		term_pump(&t, 100);
	t0 = now_ms();
	term_send(&t, "\x03");
	term_send(&t, "\x15.prefix\r");
	back = term_expect_for(&t, "PREFIX kg:", 15000);
	took = now_ms() - t0;
	TAP_OK(back, "Ctrl-C stops completion's look-up (%ld ms)", took);
	term_send(&t, ".quit\r");
	TAP_OK(term_end(&t) == 0, "and the shell quits normally");
	unsetenv("KG_LOOKUP_TIMEOUT");
#else
	for (int i = 0; i < 3; i++)
		TAP_OK(1, "# SKIP completion needs a line editor");
	(void)slow;
#endif
}

/* The shell on a SPARQL endpoint (tests/remote/endpoint.sh starts one
 * with the bundled graph and passes its URL): the same commands,
 * completion and Ctrl-C as on a local store. */
static void
test_endpoint(const char *url, const char *slow)
{
	TAP_OK(term_start(&t, url, NULL) == 0, "kg starts on an endpoint");
	TAP_OK(term_expect(&t, "kg> "), "prompt");
	term_send(&t, ".who-captured Hama\r");
	TAP_OK(term_expect(&t, "kgr:hts") && term_expect(&t, "2024-12-05"),
	       ".who-captured Hama on the endpoint");
	TAP_OK(term_expect(&t, "kg> "), "prompt again");
#ifdef HAVE_READLINE
	term_send(&t, "SELECT ?x WHERE { ?x a kg:Captu\t");
	TAP_OK(term_expect(&t, "kg:Capture "), "completes a class name");
	term_send(&t, "} LIMIT 3;\r");
	TAP_OK(term_expect(&t, "3 rows"), "and the completed query runs there");
	term_send(&t, "SELECT ?x WHERE { ?x sem:hasPla\t");
	TAP_OK(term_expect(&t, "sem:hasPlace "), "completes a property name");
	term_send(&t, "?y } LIMIT 2;\r");
	TAP_OK(term_expect(&t, "2 rows"), "and that query runs there too");
#else
	for (int i = 0; i < 4; i++)
		TAP_OK(1, "# SKIP completion needs a line editor");
#endif
	term_send(&t, ".describe kgr:hts\r");
	TAP_OK(term_expect(&t, "kg:partOf") && term_expect(&t, "incoming"),
	       ".describe on the endpoint");
	term_expect(&t, "kg> ");
	term_send(&t, ".schema\r");
	TAP_OK(term_expect(&t, "classes, in a sample of") &&
	       term_expect(&t, "kg:Capture") &&
	       term_expect(&t, "properties, in a sample of") &&
	       term_expect(&t, "kg:partOf"),
	       ".schema on the endpoint counts a sample, and says so");
	term_expect(&t, "kg> ");
	term_send(&t, "\x04");
	TAP_OK(term_end(&t) == 0, "Ctrl-D exits with status 0");
	if (slow) {
		test_slow_lookup(slow);
		test_interrupt_on(slow, "ASK { ?s ?p ?o };",
		                  "a request to a slow endpoint");
	}
}

static void
test_pager(void)
{
	char pager[600], marker[600];
	snprintf(marker, sizeof marker, "%s/paged", dir);
	snprintf(pager, sizeof pager, "%s/pager.sh", dir);
	FILE *f = fopen(pager, "w");
	if (f) {
		fprintf(f, "#!/bin/sh\ntouch '%s'\ncat >/dev/null\n", marker);
		fclose(f);
	}
	chmod(pager, 0755);
	term_start(&t, big, pager);
	term_expect(&t, "kg> ");
	term_send(&t, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3;\r");
	TAP_OK(term_expect(&t, "3 rows") && term_expect(&t, "kg> "),
	       "short output on the screen");
	TAP_OK(!exists(marker), "short output does not use the pager");
	term_send(&t, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 100;\r");
	TAP_OK(term_expect(&t, "kg> "), "tall output");
	TAP_OK(exists(marker), "tall output goes through $PAGER");
	term_send(&t, ".quit\r");
	term_end(&t);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	kg = getenv("KG");
	const char *srcdir = getenv("srcdir");
	if (!kg) {
		printf("1..0 # SKIP KG is not set\n");
		return 0;
	}
	if (!srcdir)
		srcdir = ".";
	if (getenv("KG_PTY_ENDPOINT")) {
		snprintf(dir, sizeof dir, "%s/kg-pty.XXXXXX",
		         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(dir)) {
			printf("Bail out! no temporary directory\n");
			return 1;
		}
		char env[600];
		snprintf(env, sizeof env, "%s/history", dir);
		setenv("KG_HISTORY", env, 1);
		signal(SIGPIPE, SIG_IGN);
		test_endpoint(getenv("KG_PTY_ENDPOINT"), getenv("KG_PTY_SLOW"));
		char rm[400];
		snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
		sh(rm);
		return tap_done();
	}
	snprintf(dir, sizeof dir, "%s/kg-pty.XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		printf("1..0 # SKIP no temporary directory\n");
		return 0;
	}
	char env[600], cmd[4096];
	snprintf(env, sizeof env, "%s/history", dir);
	setenv("KG_HISTORY", env, 1);
	snprintf(env, sizeof env, "%s/home", dir);
	setenv("HOME", env, 1);
	snprintf(store, sizeof store, "%s/store", dir);
	snprintf(big, sizeof big, "%s/big", dir);
	/* A small store, and a bigger one for slow and tall queries. */
	snprintf(cmd, sizeof cmd,
	         "'%s' -q -s '%s' load -d '%s/tests/data/small.ttl' "
	         "'%s/ontology/kg.ttl' '%s/tests/shell/events.ttl' && "
	         "i=0; while [ $i -lt 2000 ]; do "
	         "echo \"<http://example.org/s$i> <http://example.org/p> \\\"$i\\\" .\"; "
	         "i=$((i + 1)); done >'%s/big.nt' && "
	         "'%s' -q -s '%s' load -d '%s/big.nt'",
	         kg, store, srcdir, srcdir, srcdir, dir, kg, big, dir);
	if (sh(cmd)) {
		printf("Bail out! cannot make the test stores\n");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	test_prompts();
	test_history();
	test_interrupt("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f };",
	               "a long query");
	/* An aggregate reads every row before its first result, inside
	 * the engine: the interrupt must reach in there. */
	test_interrupt("SELECT (COUNT(*) AS ?n) "
	               "WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f };",
	               "a long aggregate");
	test_pager();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	sh(cmd);
	return tap_done();
}

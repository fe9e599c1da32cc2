/* pager.c: showing a result taller than the terminal through $PAGER. */
#include "pager.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int
terminal_rows(void)
{
	struct winsize ws;
	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_row > 0)
		return ws.ws_row;
	const char *lines = getenv("LINES");
	return lines && atoi(lines) > 0 ? atoi(lines) : 24;
}

void
repl_page(const char *text, size_t len)
{
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	const char *pager = getenv("PAGER");
	if (!pager)
		pager = "less -FRX";
	if (*pager && lines >= (size_t)terminal_rows()) {
		fflush(stdout);
		/* A pager that quits early must not kill the shell. */
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		FILE *p = popen(pager, "w");
		if (p) {
			fwrite(text, 1, len, p);
			pclose(p);
			signal(SIGPIPE, old);
			return;
		}
		signal(SIGPIPE, old);
	}
	fwrite(text, 1, len, stdout);
}

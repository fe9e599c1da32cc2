/* interrupt.c: Ctrl-C stops the running query, not the shell. */
#include "shell.h"
#include "lineedit.h"

#include <signal.h>
#include <string.h>

/* The store whose query Ctrl-C should stop; a plain pointer is read
 * atomically on every platform kg runs on. */
static kg_db *volatile busy_db;
static volatile sig_atomic_t sigint_exits;

static void
on_sigint(int sig)
{
	kg_db *db = busy_db;
	if (db) {
		kg_db_interrupt(db);
	} else if (sigint_exits) {
		signal(sig, SIG_DFL);
		raise(sig);
	} else {
		repl_line_sigint();
	}
}

void
repl_set_busy(kg_db *db)
{
	busy_db = db;
}

static struct sigaction old_action;

void
repl_interrupt_start(int interactive)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, &old_action);
	/* In a script, Ctrl-C between queries ends the run. */
	sigint_exits = !interactive;
}

void
repl_interrupt_end(void)
{
	sigaction(SIGINT, &old_action, NULL);
}

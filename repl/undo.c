/* undo.c: .undo: the change sets of the shell's last update requests,
 * kept so that their inverse can be applied later. */
#include "shell.h"

#include <stdlib.h>
#include <string.h>

/* How many requests .undo can go back; older change sets are dropped. */
#define UNDO_MAX 100

void
repl_undo_push(repl_shell *sh, kg_changes *c)
{
	if (sh->n_undo == UNDO_MAX) {
		kg_changes_free(sh->undo[0]);
		memmove(sh->undo, sh->undo + 1, (UNDO_MAX - 1) * sizeof *sh->undo);
		sh->n_undo--;
	}
	kg_changes **u = realloc(sh->undo, (sh->n_undo + 1) * sizeof *u);
	if (!u) {
		kg_changes_free(c);
		fprintf(stderr, "kg: out of memory: this request cannot be "
		                "undone\n");
		return;
	}
	sh->undo = u;
	sh->undo[sh->n_undo++] = c;
}

int
repl_undo(repl_shell *sh)
{
	if (!sh->n_undo) {
		fprintf(sh->out, "nothing to undo\n");
		return 0;
	}
	if (repl_reopen(sh, 1))
		return 1;
	kg_changes *c = sh->undo[sh->n_undo - 1];
	kg_update_stats us = {0};
	kg_status st = kg_db_revert(sh->db, c, &us);
	if (st)
		repl_db_error(sh, st, NULL);
	int rc = repl_reopen(sh, 0);
	if (st)
		return 1;
	kg_changes_free(c);
	sh->n_undo--;
	repl_forget_names(sh);
	fprintf(sh->out, "undone: %llu added, %llu removed\n",
	        (unsigned long long)us.added, (unsigned long long)us.removed);
	return rc;
}

void
repl_undo_free(repl_shell *sh)
{
	for (size_t i = 0; i < sh->n_undo; i++)
		kg_changes_free(sh->undo[i]);
	free(sh->undo);
	sh->undo = NULL;
	sh->n_undo = 0;
}

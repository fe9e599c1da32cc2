/* pager.h: the shell's pager, as psql has one. */
#ifndef KG_REPL_PAGER_H
#define KG_REPL_PAGER_H

#include <stddef.h>

/* Writes `text` to stdout, through $PAGER (default "less -FRX") when it
 * has more lines than the terminal; PAGER="" never pages. */
void repl_page(const char *text, size_t len);

#endif

/* complete.c: tab completion for the shell, from the command table, the
 * SPARQL keywords, the declared prefixes and the names in the store. */
#include "shell.h"
#include "buf.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const keywords[] = {
	"ADD", "ALL", "ASK", "AS", "ASC", "BASE", "BIND", "BOUND", "BY",
	"CLEAR", "COALESCE", "CONSTRUCT", "CONTAINS", "COPY", "COUNT",
	"CREATE", "DATA", "DATATYPE", "DEFAULT", "DELETE", "DESC", "DESCRIBE",
	"DISTINCT", "DROP", "FILTER", "FROM", "GRAPH", "GROUP", "HAVING", "IF",
	"IN", "INSERT", "INTO", "IRI", "ISBLANK", "ISIRI", "ISLITERAL", "LANG",
	"LANGMATCHES", "LCASE", "LIMIT", "LOAD", "MAX", "MIN", "MOVE", "NAMED",
	"NOT", "OFFSET", "OPTIONAL", "ORDER", "PREFIX", "REDUCED", "REGEX",
	"SAMPLE", "SELECT", "SILENT", "STR", "STRSTARTS", "SUM", "TO", "UCASE",
	"UNION", "USING", "VALUES", "WHERE", "WITH", "YEAR",
};

typedef struct {
	char **v;
	size_t n, cap;
} list;

static void
add(list *l, const char *s, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == len && !strncmp(l->v[i], s, len))
			return;
	if (kg_grow(&l->v, &l->cap, l->n + 2, sizeof *l->v))
		return;
	if ((l->v[l->n] = strndup(s, len)))
		l->n++;
	l->v[l->n] = NULL;
}

/* The IRIs of the store's classes, properties and subjects, looked up
 * once per session (and again after a .load).  An endpoint may hold
 * billions of subjects: there only classes and properties, a few
 * thousand of each, within the look-up timeout; Ctrl-C stops the
 * look-up and a later Tab tries again, while a timeout or an error
 * leaves the endpoint's names out until the next .connect. */
static void
load_names(repl_shell *sh)
{
	static const char *const queries[] = {
		"SELECT DISTINCT ?x WHERE { ?s a ?x }",
		"SELECT DISTINCT ?x WHERE { ?s ?x ?o }",
		"SELECT DISTINCT ?x WHERE { ?x ?p ?o }",
	};
	static const char *const remote_queries[] = {
		"SELECT DISTINCT ?x WHERE { ?s a ?x } LIMIT 2000",
		"SELECT DISTINCT ?x WHERE { ?s ?x ?o } LIMIT 2000",
	};
	int remote = kg_db_is_remote(sh->db);
	const char *const *qs = remote ? remote_queries : queries;
	size_t n_qs = remote ? sizeof remote_queries / sizeof *remote_queries
	                     : sizeof queries / sizeof *queries;
	double deadline = cli_now() + repl_lookup_timeout(sh);
	int interrupted = 0;
	list l = {NULL, 0, 0};
	if (remote)
		repl_set_busy(sh->db);
	for (size_t q = 0; q < n_qs && !interrupted; q++) {
		if (remote) {
			double left = deadline - cli_now();
			if (left < 0.01)
				break;
			repl_limit_requests(sh, left);
		}
		kg_results *r;
		kg_status st = kg_db_query(sh->db, qs[q], NULL, &r);
		if (st) {
			interrupted = st == KG_ERR_INTERRUPTED;
			continue;
		}
		while (!(st = kg_results_next(r))) {
			const kg_term *t = kg_results_get(r, 0);
			if (t && t->kind == KG_TERM_IRI && l.n < 100000) {
				/* add() dedupes in O(n); sort once instead. */
				if (kg_grow(&l.v, &l.cap, l.n + 2, sizeof *l.v))
					break;
				if ((l.v[l.n] = strdup(t->value)))
					l.n++;
			}
		}
		interrupted = st == KG_ERR_INTERRUPTED;
		kg_results_free(r);
	}
	if (remote) {
		repl_set_busy(NULL);
		repl_limit_requests(sh, 0);
	}
	if (interrupted) {
		for (size_t i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		return;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, cli_cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (k && !strcmp(l.v[k - 1], l.v[i]))
			free(l.v[i]);
		else
			l.v[k++] = l.v[i];
	}
	sh->names = l.v ? l.v : calloc(1, sizeof *sh->names);
	sh->n_names = k;
}

void
repl_forget_names(repl_shell *sh)
{
	for (size_t i = 0; i < sh->n_names; i++)
		free(sh->names[i]);
	free(sh->names);
	sh->names = NULL;
	sh->n_names = 0;
}

static void
complete_files(list *l, const char *word, size_t len)
{
	const char *slash = NULL;
	for (size_t i = 0; i < len; i++)
		if (word[i] == '/')
			slash = word + i;
	char dir[4096];
	size_t dlen = slash ? (size_t)(slash - word) + 1 : 0;
	snprintf(dir, sizeof dir, "%.*s", dlen ? (int)dlen : 1,
	         dlen ? word : ".");
	const char *base = word + dlen;
	size_t blen = len - dlen;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_name[0] == '.' && (!blen || base[0] != '.'))
			continue;
		if (strncmp(e->d_name, base, blen))
			continue;
		char path[8192], full[8192];
		snprintf(full, sizeof full, "%s%s%s", dir,
		         dlen ? "" : "/", e->d_name);
		DIR *sub = opendir(full);
		snprintf(path, sizeof path, "%.*s%s%s", (int)dlen, word, e->d_name,
		         sub ? "/" : "");
		if (sub)
			closedir(sub);
		add(l, path, strlen(path));
	}
	closedir(d);
}

static void
complete_sparql(repl_shell *sh, list *l, const char *word, size_t len)
{
	for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
		if (len && !strncasecmp(keywords[i], word, len))
			add(l, keywords[i], strlen(keywords[i]));
	if (!sh->db)
		return;
	size_t n = kg_db_prefix_count(sh->db);
	for (size_t i = 0; i < n; i++) {
		const char *p, *iri;
		char buf[256];
		if (kg_db_prefix_at(sh->db, i, &p, &iri))
			continue;
		snprintf(buf, sizeof buf, "%s:", p);
		if (!strncmp(buf, word, len))
			add(l, buf, strlen(buf));
	}
	/* Names only once a prefix is typed: the list would be too long. */
	if (!memchr(word, ':', len))
		return;
	if (!sh->names)
		load_names(sh);
	for (size_t i = 0; i < sh->n_names; i++) {
		char buf[1024];
		if (kg_db_compact_iri(sh->db, sh->names[i], buf, sizeof buf) &&
		    !strncmp(buf, word, len))
			add(l, buf, strlen(buf));
	}
}

char **
repl_complete(void *ctx, const char *line, size_t start, size_t end)
{
	repl_shell *sh = ctx;
	list l = {NULL, 0, 0};
	const char *word = line + start;
	size_t len = end - start;
	const char *first = line + strspn(line, " \t");
	if (*first == '.' && first == word) {
		for (size_t i = 0; i < repl_n_commands; i++) {
			char buf[64];
			snprintf(buf, sizeof buf, ".%s", repl_commands[i].name);
			if (!strncmp(buf, word, len))
				add(&l, buf, strlen(buf));
		}
	} else if (*first == '.') {
		size_t n = strcspn(first + 1, " \t");
		for (size_t i = 0; i < repl_n_commands; i++) {
			const repl_command *c = &repl_commands[i];
			if (strlen(c->name) != n || strncmp(c->name, first + 1, n))
				continue;
			if (c->file_args)
				complete_files(&l, word, len);
			else if (!strcmp(c->args, "on|off")) {
				if (!strncmp("on", word, len))
					add(&l, "on", 2);
				if (!strncmp("off", word, len))
					add(&l, "off", 3);
			} else if (!strcmp(c->name, "help")) {
				for (size_t j = 0; j < repl_n_commands; j++)
					if (!strncmp(repl_commands[j].name, word, len))
						add(&l, repl_commands[j].name,
						    strlen(repl_commands[j].name));
			} else if (!strcmp(c->name, "mode")) {
				static const char *const modes[] = {
					"table", "csv", "tsv", "json", "xml",
					"turtle", "line",
				};
				for (size_t j = 0; j < 7; j++)
					if (!strncmp(modes[j], word, len))
						add(&l, modes[j], strlen(modes[j]));
			} else {
				complete_sparql(sh, &l, word, len);
			}
		}
	} else {
		complete_sparql(sh, &l, word, len);
	}
	return l.v;
}

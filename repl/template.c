/* template.c: filling the shell's SPARQL templates with escaped terms. */
#include "template.h"
#include "buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *s;
	size_t len, cap;
	int failed;
} text;

static void
put(text *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (kg_grow(&t->s, &t->cap, t->len + n + 1, 1)) {
		t->failed = 1;
		return;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static int
is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The length of the IRIREF starting at the '<' of `s`, or 0 when that
 * '<' is the less-than operator. */
static size_t
iriref_len(const char *s)
{
	size_t i = 1;
	while (s[i] && (unsigned char)s[i] > 0x20 && !strchr("<>\"{}|^`\\", s[i]))
		i++;
	return s[i] == '>' ? i + 1 : 0;
}

/* The length of the string literal starting at `s` (a quote), long
 * strings ("""...""") included, up to the end of `s` if unclosed. */
static size_t
string_len(const char *s)
{
	char q = s[0];
	int triple = s[1] == q && s[2] == q;
	size_t i = triple ? 3 : 1;
	while (s[i]) {
		if (s[i] == '\\' && s[i + 1]) {
			i += 2;
			continue;
		}
		if (s[i] == q && (!triple || (s[i + 1] == q && s[i + 2] == q)))
			return i + (triple ? 3 : 1);
		if (!triple && s[i] == '\n')
			return i;
		i++;
	}
	return i;
}

char *
repl_template_fill(const char *tmpl, const repl_param *params, size_t n,
                   const char **unknown)
{
	if (unknown)
		*unknown = NULL;
	/* Leading comment lines say what the template is for. */
	const char *s = tmpl;
	while (*s == '#' || *s == '\n') {
		const char *nl = strchr(s, '\n');
		s = nl ? nl + 1 : s + strlen(s);
	}
	size_t end = strlen(s);
	while (end && isspace((unsigned char)s[end - 1]))
		end--;
	text t = {NULL, 0, 0, 0};
	put(&t, "", 0);
	size_t i = 0;
	while (i < end && !t.failed) {
		size_t k = 0;
		if (s[i] == '#')
			k = strcspn(s + i, "\n");
		else if (s[i] == '"' || s[i] == '\'')
			k = string_len(s + i);
		else if (s[i] == '<')
			k = iriref_len(s + i);
		else if (s[i] == '?')
			for (k = 1; is_name_char(s[i + k]); k++)
				;
		if (k) {
			k = k < end - i ? k : end - i;
			put(&t, s + i, k);
			i += k;
			continue;
		}
		if (s[i] != '$') {
			put(&t, s + i, 1);
			i++;
			continue;
		}
		size_t len = 1;
		while (is_name_char(s[i + len]))
			len++;
		size_t p = 0;
		while (p < n && (strlen(params[p].name) != len - 1 ||
		                 strncmp(params[p].name, s + i + 1, len - 1)))
			p++;
		if (p == n) {
			if (unknown)
				*unknown = s + i + 1;
			free(t.s);
			return NULL;
		}
		put(&t, params[p].term, strlen(params[p].term));
		i += len;
	}
	if (t.failed) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

char *
repl_term_iri(const char *iri)
{
	text t = {NULL, 0, 0, 0};
	put(&t, "<", 1);
	for (const unsigned char *c = (const unsigned char *)iri; *c; c++) {
		if (*c <= 0x20 || strchr("<>\"{}|^`\\", *c)) {
			char hex[4];
			snprintf(hex, sizeof hex, "%%%02X", *c);
			put(&t, hex, 3);
		} else {
			put(&t, (const char *)c, 1);
		}
	}
	put(&t, ">", 1);
	if (t.failed) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

char *
repl_term_literal(const char *s, const char *datatype)
{
	text t = {NULL, 0, 0, 0};
	put(&t, "\"", 1);
	for (; *s; s++) {
		const char *esc = *s == '"' ? "\\\"" : *s == '\\' ? "\\\\"
		                : *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : NULL;
		if (esc)
			put(&t, esc, 2);
		else
			put(&t, s, 1);
	}
	put(&t, "\"", 1);
	if (datatype) {
		put(&t, "^^", 2);
		put(&t, datatype, strlen(datatype));
	}
	if (t.failed) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

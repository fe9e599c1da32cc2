/* scanner.c: the shell's statement scanner (see scanner.h). */
#include "scanner.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum {
	SC_CODE,
	SC_COMMENT,
	SC_IRI,
	SC_QUOTES,      /* after 1 or 2 quotes: empty, short or long string? */
	SC_STRING,      /* 'short' or "short" */
	SC_LONG         /* '''long''' or """long""" */
};

void
repl_scan_init(repl_scanner *s)
{
	memset(s, 0, sizeof *s);
	s->state = SC_CODE;
	s->line_blank = 1;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* Characters that cannot occur in an IRIREF: after '<' they show that
 * the '<' was a less-than operator, not the start of an IRI. */
static int
not_in_iri(char c)
{
	return (unsigned char)c <= 0x20 || strchr("<\"{}|^`\\", c) != NULL;
}

static void
push(repl_scanner *s, char c)
{
	if (s->depth < REPL_SCAN_DEPTH)
		s->open[s->depth] = c;
	s->depth++;
}

/* One character in code.  Returns 1 when it ends the statement. */
static int
code_char(repl_scanner *s, char c)
{
	switch (c) {
	case '#':
		s->state = SC_COMMENT;
		return 0;
	case '<':
		s->state = SC_IRI;
		break;
	case '"':
	case '\'':
		s->state = SC_QUOTES;
		s->quote = c;
		s->quotes = 1;
		break;
	case '{':
	case '(':
	case '[':
		push(s, c);
		break;
	case '}':
	case ')':
	case ']':
		/* An unbalanced closer is the parser's business, not ours. */
		if (s->depth)
			s->depth--;
		break;
	case ';':
		if (!s->depth) {
			s->has_code = 1;
			return 1;
		}
		break;
	default:
		if (is_space(c))
			return 0;
		break;
	}
	s->has_code = 1;
	return 0;
}

size_t
repl_scan(repl_scanner *s, const char *text, size_t len)
{
	size_t i = 0;
	if (s->complete)
		return 0;
	while (i < len) {
		char c = text[i];
		switch (s->state) {
		case SC_CODE:
			if (c == '\n' && s->line_blank && s->has_code) {
				/* A blank line ends the statement. */
				s->complete = 1;
				return i + 1;
			}
			if (code_char(s, c)) {
				s->complete = 1;
				return i + 1;
			}
			break;
		case SC_COMMENT:
			if (c == '\n')
				s->state = SC_CODE;
			break;
		case SC_IRI:
			if (c == '>') {
				s->state = SC_CODE;
			} else if (not_in_iri(c)) {
				/* It was "less than": look at c again as code. */
				s->state = SC_CODE;
				continue;
			}
			break;
		case SC_QUOTES:
			if (c == s->quote && s->quotes == 1) {
				s->quotes = 2;
			} else if (c == s->quote) {
				s->state = SC_LONG;
				s->quotes = 0;
			} else if (s->quotes == 2) {
				/* "" was an empty string. */
				s->state = SC_CODE;
				continue;
			} else {
				s->state = SC_STRING;
				continue;
			}
			break;
		case SC_STRING:
			if (s->escape)
				s->escape = 0;
			else if (c == '\\')
				s->escape = 1;
			else if (c == s->quote || c == '\n')
				/* A short string cannot span lines; ending it at
				 * the newline keeps a stray quote from swallowing
				 * the rest of the input. */
				s->state = SC_CODE;
			break;
		case SC_LONG:
			if (s->escape) {
				s->escape = 0;
				s->quotes = 0;
			} else if (c == '\\') {
				s->escape = 1;
				s->quotes = 0;
			} else if (c == s->quote) {
				if (++s->quotes == 3)
					s->state = SC_CODE;
			} else {
				s->quotes = 0;
			}
			break;
		}
		if (c == '\n')
			s->line_blank = 1;
		else if (!is_space(c))
			s->line_blank = 0;
		i++;
	}
	return i;
}

int
repl_scan_complete(const repl_scanner *s)
{
	return s->complete;
}

int
repl_scan_has_code(const repl_scanner *s)
{
	return s->has_code;
}

int
repl_scan_is_open(const repl_scanner *s)
{
	return s->depth > 0 || (s->state != SC_CODE && s->state != SC_COMMENT);
}

const char *
repl_scan_describe(const repl_scanner *s, char *buf, size_t size)
{
	if (!size)
		return buf;
	buf[0] = '\0';
	if (s->state == SC_STRING || s->state == SC_LONG ||
	    (s->state == SC_QUOTES && s->quotes == 1)) {
		int n = s->state == SC_LONG ? 3 : 1;
		for (int i = 0; i < n && (size_t)i + 1 < size; i++) {
			buf[i] = s->quote;
			buf[i + 1] = '\0';
		}
		return buf;
	}
	if (s->state == SC_IRI) {
		if (size > 1) {
			buf[0] = '<';
			buf[1] = '\0';
		}
		return buf;
	}
	size_t known = s->depth < REPL_SCAN_DEPTH ? s->depth : REPL_SCAN_DEPTH;
	size_t n = known < size - 1 ? known : size - 1;
	memcpy(buf, s->open + known - n, n);
	buf[n] = '\0';
	return buf;
}

/* Skips white space and # comments. */
static const char *
skip_space(const char *p)
{
	for (;;) {
		while (*p && strchr(" \t\r\n", *p))
			p++;
		if (*p != '#')
			return p;
		while (*p && *p != '\n')
			p++;
	}
}

static size_t
word_len(const char *p)
{
	size_t n = 0;
	while (isalpha((unsigned char)p[n]))
		n++;
	return n;
}

int
repl_is_update(const char *text)
{
	static const char *const keywords[] = {
		"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD",
		"MOVE", "COPY", "WITH",
	};
	const char *p = skip_space(text);
	for (;;) {
		size_t n = word_len(p);
		int base = n == 4 && !strncasecmp(p, "BASE", 4);
		int prefix = n == 6 && !strncasecmp(p, "PREFIX", 6);
		if (!base && !prefix) {
			for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
				if (n == strlen(keywords[i]) &&
				    !strncasecmp(p, keywords[i], n))
					return 1;
			return 0;
		}
		/* BASE <iri>, PREFIX name: <iri> */
		p = skip_space(p + n);
		if (prefix)
			p = skip_space(p + strcspn(p, ": \t\r\n<") +
			               (p[strcspn(p, ": \t\r\n<")] == ':'));
		if (*p != '<')
			return 0;
		p += strcspn(p, ">");
		if (*p)
			p++;
		p = skip_space(p);
	}
}

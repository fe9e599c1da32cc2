/* lexer.h: the tokens of SPARQL 1.1 (section 19.8 of the Query spec).
 *
 * The lexer is pure: it reads a NUL-terminated text and keeps its
 * position, line and column; it allocates only its two value buffers.
 * Keywords come out as KG_TOK_WORD and the parser matches them without
 * regard to case.  Signs are separate tokens: the parser joins a `+` or
 * `-` to a number written right after it where the grammar has a signed
 * literal.
 */
#ifndef KG_SPARQL_LEXER_H
#define KG_SPARQL_LEXER_H

#include "buf.h"

#include <stddef.h>

typedef enum {
	KG_TOK_EOF,
	KG_TOK_ERROR,     /* message in the lexer's `err` */
	KG_TOK_IRIREF,    /* value: the IRI, \u escapes decoded */
	KG_TOK_PNAME_NS,  /* value: the prefix, without ':' */
	KG_TOK_PNAME_LN,  /* value: prefix NUL local (local unescaped) */
	KG_TOK_BLANK,     /* value: the label */
	KG_TOK_VAR,       /* value: the name */
	KG_TOK_LANGTAG,   /* value: the tag */
	KG_TOK_INTEGER,   /* value: the lexical form */
	KG_TOK_DECIMAL,
	KG_TOK_DOUBLE,
	KG_TOK_STRING,    /* value: decoded, may hold NUL bytes */
	KG_TOK_NIL,       /* ( ) */
	KG_TOK_ANON,      /* [ ] */
	KG_TOK_WORD,      /* a keyword, or `a`, true, false */
	KG_TOK_LBRACE,
	KG_TOK_RBRACE,
	KG_TOK_LPAREN,
	KG_TOK_RPAREN,
	KG_TOK_LBRACKET,
	KG_TOK_RBRACKET,
	KG_TOK_SEMI,
	KG_TOK_COMMA,
	KG_TOK_DOT,
	KG_TOK_PLUS,
	KG_TOK_MINUS,
	KG_TOK_STAR,
	KG_TOK_SLASH,
	KG_TOK_BANG,
	KG_TOK_CARET,
	KG_TOK_DTYPE,     /* ^^ */
	KG_TOK_PIPE,
	KG_TOK_QUESTION,
	KG_TOK_EQ,
	KG_TOK_NE,
	KG_TOK_LT,
	KG_TOK_GT,
	KG_TOK_LE,
	KG_TOK_GE,
	KG_TOK_AND,
	KG_TOK_OR
} kg_sparql_tok;

typedef struct {
	kg_sparql_tok type;
	size_t start, len; /* the token's bytes in the text */
	int line, col;     /* 1-based; col counts characters */
	const char *val;   /* decoded value; borrowed, see kg_sparql_lex() */
	size_t val_len;
} kg_sparql_token;

typedef struct {
	const char *text;
	size_t pos;
	int line, col;
	int which;      /* buffer of the next token's value */
	kg_buf val[2];
	int nomem;
	char err[160];
	int err_line, err_col;
} kg_sparql_lexer;

/* Starts lexing `text`, which must outlive the lexer. */
void kg_sparql_lexer_init(kg_sparql_lexer *lx, const char *text);

/* Frees the value buffers. */
void kg_sparql_lexer_clear(kg_sparql_lexer *lx);

/* Reads the next token into `tok`.  Its value stays valid until the
 * second call after this one.  On KG_TOK_ERROR, `err`, `err_line` and
 * `err_col` say why and where (nomem set when memory ran out). */
kg_sparql_tok kg_sparql_lex(kg_sparql_lexer *lx, kg_sparql_token *tok);

/* A name for a token type ("IRI", "'{'", ...), for messages. */
const char *kg_sparql_tok_name(kg_sparql_tok t);

#endif

/* json.h: a small JSON reader for the documents a SPARQL endpoint sends
 * (SPARQL 1.1 Query Results JSON).  A document is read into a tree of
 * nodes held in one arena, except the elements of one long array (the
 * solutions), which a hook takes one at a time; kg needs nothing more,
 * and writing ~300 lines beats a dependency that the plugin split would
 * have to carry too. */
#ifndef KG_REMOTE_JSON_H
#define KG_REMOTE_JSON_H

#include <stddef.h>

typedef enum {
	KG_JSON_NULL,
	KG_JSON_FALSE,
	KG_JSON_TRUE,
	KG_JSON_NUMBER,
	KG_JSON_STRING,
	KG_JSON_ARRAY,
	KG_JSON_OBJECT
} kg_json_type;

typedef struct kg_json kg_json;
struct kg_json {
	kg_json_type type;
	char *str;      /* STRING: the decoded UTF-8 text; NUMBER: its text */
	char *key;      /* a member of an OBJECT: its name; else NULL */
	kg_json *child; /* ARRAY, OBJECT: the first element or member */
	kg_json *next;  /* the next sibling */
};

typedef struct kg_json_doc kg_json_doc;

/*
 * Parses `text` (`len` bytes).  Returns a new document (free with
 * kg_json_free), or NULL with a message in `err` (size `errsize`) such
 * as "line 3: expected ':'".
 */
kg_json_doc *kg_json_parse(const char *text, size_t len, char *err,
                           size_t errsize);
void kg_json_free(kg_json_doc *doc);

/*
 * A hook of kg_json_parse_each(), called with each element of the array
 * as soon as it is read, while the document is still being read
 * (kg_json_root(doc) is the top object, with the members read so far).
 * Returns 1 when it has taken what it needs from the element: its
 * nodes are then reused, and it is not in the tree.  0: the element and
 * the rest of the array go in the tree, the hook is not called again.
 * -1: the parse fails, with the message the hook wrote in the parse's
 * `err`.
 */
typedef int (*kg_json_each)(void *ctx, const kg_json_doc *doc,
                            const kg_json *elem);

/*
 * As kg_json_parse(), but the elements of the array at
 * root.outer.inner (e.g. results.bindings) go to `each` one at a time,
 * so that a long array never sits in the tree whole.
 */
kg_json_doc *kg_json_parse_each(const char *text, size_t len,
                                const char *outer, const char *inner,
                                kg_json_each each, void *ctx, char *err,
                                size_t errsize);

/* The document's top value (never NULL). */
const kg_json *kg_json_root(const kg_json_doc *doc);

/* The member `key` of an object, or NULL (also when `obj` is NULL or no
 * object). */
const kg_json *kg_json_get(const kg_json *obj, const char *key);

/* The string of a STRING node, or NULL. */
const char *kg_json_string(const kg_json *v);

#endif

/* dl.h: map a shared library with dlopen() and look up a table of its
 * functions, for the libraries kg uses only on some paths (libcurl for
 * kg/remote/http.c, libmicrohttpd for kg serve), so that the kg binary
 * does not link them and its start-up maps none of them. */
#ifndef KG_DL_H
#define KG_DL_H

#include <stddef.h>

/* One function to look up: where its pointer goes and how big that
 * pointer is (function pointers are copied, ISO C cannot cast a void *
 * to one). */
typedef struct {
	const char *name;
	void *fn;
	size_t size;
} kg_dl_sym;

#define KG_DL_SYM(field, name) {(name), &(field), sizeof(field)}

/* Tries each of files[0..n_files) in turn and, in the first that loads,
 * looks up every symbol of syms.  Returns the handle (mapped for the
 * life of the process; nothing to free), or NULL with a message naming
 * `what` (the library and its Debian package, say) and dlerror()'s
 * reason in why[0..why_size). */
void *kg_dl_load(const char *const *files, size_t n_files,
                 const kg_dl_sym *syms, size_t n_syms, const char *what,
                 char *why, size_t why_size);

#endif

/* dl.c: dlopen a library and fill a table of its functions, with one
 * message saying which library is missing or lacks what (dl.h). */
#include "dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

void *
kg_dl_load(const char *const *files, size_t n_files, const kg_dl_sym *syms,
           size_t n_syms, const char *what, char *why, size_t why_size)
{
	void *h = NULL;
	for (size_t i = 0; !h && i < n_files; i++)
		h = dlopen(files[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, why_size, "%s could not be loaded: %s", what,
		         dlerror());
		return NULL;
	}
	for (size_t i = 0; i < n_syms; i++) {
		/* POSIX lets dlsym's result be read as a function pointer. */
		void *sym = dlsym(h, syms[i].name);
		if (!sym) {
			snprintf(why, why_size, "%s lacks a function kg needs: %s",
			         what, dlerror());
			dlclose(h);
			return NULL;
		}
		memcpy(syms[i].fn, &sym, syms[i].size);
	}
	return h;
}

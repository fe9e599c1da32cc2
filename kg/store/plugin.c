/* plugin.c: loading the Redland plugin (plugin.h) the first time a db
 * needs it.
 *
 * The one piece of global state in libkg: the plugin is mapped once per
 * process and stays mapped, so its table, or why it could not be
 * loaded, is kept beside a pthread_once guard (two threads with a db
 * each may need it at the same moment; dlopen itself is thread-safe but
 * the table must be filled once).  Which file: a kg that runs from its
 * build tree (tests run uninstalled) takes the plugin built beside it,
 * any other the one installed in $(pkglibdir); the library reads no
 * environment variable to decide.
 */
#include "store/plugin.h"
#include "store/backend.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KG_PKGLIBDIR
#define KG_PKGLIBDIR "/usr/local/lib/kg"
#endif

static pthread_once_t loaded = PTHREAD_ONCE_INIT;
static const kg_plugin_ops *plugin_ops;
static char plugin_path[PATH_MAX + 64];
static char plugin_why[512];

static kg_status
host_verror(kg_db *db, kg_status st, const char *file, int line, int col,
            const char *fmt, va_list ap)
{
	return kg_db_verror(db, st, file, line, col, fmt, ap);
}

static const kg_plugin_host host = {
	KG_PLUGIN_ABI, sizeof(kg_db), sizeof(kg_store), host_verror,
	kg_db_begin,
};

/* Whether this program runs from kg's build tree. */
static int
uninstalled(void)
{
#ifdef KG_BUILDDIR
	char exe[PATH_MAX], top[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0 || !realpath(KG_BUILDDIR, top))
		return 0;
	exe[n] = '\0';
	size_t t = strlen(top);
	return !strncmp(exe, top, t) && exe[t] == '/';
#else
	return 0;
#endif
}

/* Maps the plugin at `path` and fills plugin_ops, or says why not. */
static void
try_plugin(const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(plugin_why, sizeof plugin_why, "%s", dlerror());
		return;
	}
	/* ISO C has no cast from void * to a function pointer; POSIX
	 * guarantees dlsym's result can be read as one. */
	kg_plugin_entry_fn entry;
	void *sym = dlsym(h, KG_PLUGIN_ENTRY);
	if (!sym) {
		snprintf(plugin_why, sizeof plugin_why, "%s", dlerror());
		dlclose(h);
		return;
	}
	memcpy(&entry, &sym, sizeof entry);
	plugin_ops = entry(&host);
	if (!plugin_ops) {
		snprintf(plugin_why, sizeof plugin_why,
		         "it was built for another version of kg");
		dlclose(h);
	}
	/* Otherwise mapped for the life of the process. */
}

static void
load_plugin(void)
{
	char installed[sizeof plugin_path];
	snprintf(installed, sizeof installed, "%s/%s", KG_PKGLIBDIR,
	         KG_PLUGIN_FILE);
#ifdef KG_BUILDDIR
	char built[sizeof plugin_path];
	snprintf(built, sizeof built, "%s/kg/store/%s", KG_BUILDDIR,
	         KG_PLUGIN_FILE);
	/* A kg from the build tree takes the plugin built with it; a copy
	 * of it elsewhere, never installed, falls back to that one too. */
	const char *first = uninstalled() ? built : installed;
	const char *second = first == built ? installed : built;
#else
	const char *first = installed, *second = NULL;
#endif
	snprintf(plugin_path, sizeof plugin_path, "%s", first);
	try_plugin(first);
	if (plugin_ops || !second || access(first, F_OK) == 0)
		return;
	char why[sizeof plugin_why];
	memcpy(why, plugin_why, sizeof why);
	try_plugin(second);
	if (plugin_ops)
		snprintf(plugin_path, sizeof plugin_path, "%s", second);
	else if (access(second, F_OK))
		memcpy(plugin_why, why, sizeof why); /* the first one's */
	else
		snprintf(plugin_path, sizeof plugin_path, "%s", second);
}

const kg_plugin_ops *
kg_plugin(kg_db *db, const char *what)
{
	pthread_once(&loaded, load_plugin);
	if (!plugin_ops)
		kg_db_error(db, KG_ERR_UNSUPPORTED, NULL, 0, 0,
		            "cannot load Redland support (%s): %s; needed for %s",
		            plugin_path, plugin_why, what);
	return plugin_ops;
}

/* helpers.h: what several C unit tests need besides tap.h: a temporary
 * data file, and the number of rows a query gives. */
#ifndef KG_TEST_HELPERS_H
#define KG_TEST_HELPERS_H

#include "kg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A new file holding `text`, named ...XXXXXX`suffix` in $TMPDIR (or
 * /tmp); the caller unlinks and frees the returned path. */
static inline char *
write_tmp(const char *suffix, const char *text)
{
	const char *dir = getenv("TMPDIR");
	size_t n = strlen(dir ? dir : "/tmp") + strlen(suffix) + 32;
	char *path = malloc(n);
	if (!path)
		abort();
	snprintf(path, n, "%s/kg-test-XXXXXX%s", dir ? dir : "/tmp", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

/* The number of rows of query q on db, or -1 when it fails. */
static inline long
count(kg_db *db, const char *q)
{
	kg_results *r;
	if (kg_db_query(db, q, NULL, &r))
		return -1;
	long n = 0;
	while (kg_results_next(r) == KG_OK)
		n++;
	kg_results_free(r);
	return n;
}

#endif

/* files.c: static files: the web explorer at / from the web directory,
 * and the JavaScript libraries Debian installs (libjs-leaflet,
 * libjs-codemirror) at /lib/leaflet/ and /lib/codemirror/.  A path with
 * a ".." segment is refused, so nothing outside those folders is
 * reachable. */
#include "srv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
type_of(const char *path)
{
	static const char *const types[][2] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".geojson", "application/geo+json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
		{".rq", "application/sparql-query"},
		{".ttl", "text/turtle; charset=utf-8"},
		{".map", "application/json"},
	};
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcmp(dot, types[i][0]))
				return types[i][1];
	return "application/octet-stream";
}

/* Whether a segment of `path` is "..". */
static int
climbs(const char *path)
{
	for (const char *p = path; (p = strstr(p, "..")); p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '/' || !p[2]))
			return 1;
	return 0;
}

/* The page at / when no explorer is installed. */
static void
no_explorer(srv *s, srv_request *rq)
{
	srv_buf_printf(&rq->out,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>kg</title></head>\n<body><h1>kg</h1>\n"
		"<p>The web explorer is not installed (no web directory; give "
		"one with <code>kg serve --web DIR</code>).</p>\n"
		"<p>The SPARQL endpoint is <a href=\"/sparql\">%s/sparql</a>: "
		"send a query as <code>?query=</code>, or GET it alone for the "
		"service description.</p>\n</body></html>\n", s->base_url);
	rq->status = 200;
	rq->type = "text/html; charset=utf-8";
}

/* Opens `root` + `rel` for the reply; 0 when there is no such file. */
static int
send_file(srv_request *rq, const char *root, const char *rel)
{
	char path[8192];
	int n = snprintf(path, sizeof path, "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof path - sizeof "/index.html")
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd >= 0 && !fstat(fd, &sb) && S_ISDIR(sb.st_mode)) {
		close(fd);
		strcat(path, "/index.html");
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return 0;
	}
	rq->file_fd = fd;
	rq->file_size = (size_t)sb.st_size;
	rq->status = 200;
	rq->type = type_of(path);
	return 1;
}

void
srv_files(srv *s, srv_request *rq)
{
	if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD")) {
		rq->allow = "GET, HEAD, OPTIONS";
		srv_reply_text(rq, 405, "%s is not allowed on %s", rq->method,
		               rq->path);
		return;
	}
	const char *path = rq->path;
	if (climbs(path)) {
		srv_reply_text(rq, 403, "%s: a path may not climb out of the "
		               "folders served", path);
		return;
	}
	const char *libs = s->o->lib_dir ? s->o->lib_dir
	                                 : "/usr/share/javascript";
	static const char *const lib[] = {"leaflet", "codemirror"};
	for (size_t i = 0; i < sizeof lib / sizeof lib[0]; i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "/lib/%s/", lib[i]);
		if (strncmp(path, prefix, strlen(prefix)))
			continue;
		char root[4200];
		snprintf(root, sizeof root, "%s/%s", libs, lib[i]);
		if (!send_file(rq, root, path + strlen(prefix)))
			srv_reply_text(rq, 404, "%s: no such file", path);
		return;
	}
	if (!*s->web_dir) {
		if (!strcmp(path, "/") || !strcmp(path, "/index.html"))
			no_explorer(s, rq);
		else
			srv_reply_text(rq, 404, "%s: no such file", path);
		return;
	}
	if (!send_file(rq, s->web_dir, path + 1) &&
	    (!*s->web_gen_dir || !send_file(rq, s->web_gen_dir, path + 1)))
		srv_reply_text(rq, 404, "%s: no such file", path);
}

#!/usr/bin/python3
# fixture.py: a misbehaving SPARQL endpoint on loopback, for the tests of
# kg's HTTP client (tests/remote/errors.sh).  Each path behaves one way:
#
#   /ok         a small SELECT answer (JSON), or true for ASK
#   /fail       HTTP 500 with a two-line message
#   /slow       answers only after 5 s (/slowN: after N s)
#   /malformed  200 with a broken JSON document
#   /busy       503 with Retry-After: 1 the first time, then /ok's answer
#   /graph      CONSTRUCT: two triples as N-Triples
#   /html       200 with a web page (text/html), as a server's home page
#
# Every request is appended to LOG as one JSON line (method, path,
# headers, body), so a test can see what kg sent.  The port is written
# to PORTFILE once the server listens.
#
#   fixture.py PORTFILE LOG
import http.server
import json
import os
import re
import socketserver
import sys
import threading
import time
import urllib.parse

portfile, logfile = sys.argv[1], sys.argv[2]
lock = threading.Lock()
busy_seen = set()

OK_SELECT = {
    "head": {"vars": ["s", "label", "n"]},
    "results": {"bindings": [
        {"s": {"type": "uri", "value": "http://example.org/a"},
         "label": {"type": "literal", "value": "caf\u00e9 \"A\"",
                   "xml:lang": "fr"},
         "n": {"type": "literal", "value": "42",
               "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
        {"s": {"type": "bnode", "value": "b0"}},
    ]},
}

NTRIPLES = (
    '<http://example.org/a> <http://example.org/p> "x\\ty"@en .\n'
    '_:b1 <http://example.org/q> "7"^^<http://www.w3.org/2001/XMLSchema#int> .\n'
)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def record(self, body):
        with lock, open(logfile, "a") as f:
            f.write(json.dumps({
                "method": self.command, "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body}) + "\n")

    def send(self, status, ctype, data, extra=()):
        data = data.encode() if isinstance(data, str) else data
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def answer(self, query):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/fail":
            self.send(500, "text/plain",
                      "Internal trouble: the store is on fire\n"
                      "(a second line kg does not show)\n")
        elif path.startswith("/slow"):
            time.sleep(int(path[5:] or 5))
            self.send(200, "application/sparql-results+json",
                      json.dumps({"boolean": True}))
        elif path == "/malformed":
            self.send(200, "application/sparql-results+json",
                      '{"head": {"vars": ["s"]}, "results": {"bindings": [')
        elif path == "/busy" and self.client_key() not in busy_seen:
            busy_seen.add(self.client_key())
            self.send(503, "text/plain", "busy, come back later\n",
                      [("Retry-After", "1")])
        elif path == "/graph":
            self.send(200, "application/n-triples", NTRIPLES)
        elif path == "/html":
            self.send(200, "text/html; charset=utf-8",
                      "<!DOCTYPE html>\n<html><head><title>Welcome</title>"
                      "</head><body><p>Our data</p></body></html>\n")
        elif path in ("/ok", "/busy"):
            if re.search(r"\bASK\b", query):
                self.send(200, "application/sparql-results+json",
                          json.dumps({"head": {}, "boolean": True}))
            else:
                self.send(200, "application/sparql-results+json; charset=utf-8",
                          json.dumps(OK_SELECT))
        else:
            self.send(404, "text/plain", "no such endpoint\n")

    def client_key(self):
        # One 503 per distinct query text, so tests can run side by side.
        return self.path + str(self.headers.get("Content-Length"))

    def do_GET(self):
        self.record(None)
        qs = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.answer(qs.get("query", [""])[0])

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8", "replace")
        ctype = self.headers.get("Content-Type", "")
        form = {}
        if ctype.startswith("application/x-www-form-urlencoded"):
            form = urllib.parse.parse_qs(body)
            body = (form.get("query") or form.get("update") or [""])[0]
        self.record(body)
        if ctype.startswith("application/sparql-update") or "update" in form:
            self.send(204, "text/plain", "")
            return
        self.answer(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that gave up (kg's --timeout) is what /slow is for.
        pass


server = Server(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()

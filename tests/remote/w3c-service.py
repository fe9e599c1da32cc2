#!/usr/bin/python3
# w3c-service.py: the W3C SPARQL 1.1 Federated Query tests
# (rdf-tests sparql/sparql11/service/manifest.ttl) run by kg, with their
# endpoints on loopback.  The tests name endpoints such as
# http://example1.org/sparql; kg reaches them through this script as its
# HTTP proxy (http_proxy, which libcurl honours), and the script answers
# each endpoint's queries with rdflib over that endpoint's data file
# (qt:serviceData).  Nothing leaves the machine.  Prints TAP; the answer
# is compared with the test's .srx as a multiset of solutions.  Not part
# of `make check` (the suite lives outside the tree, as for `make
# conformance`):
#
#   KG=./repl/kg tests/remote/w3c-service.py ../shared/conformance/rdf-tests/sparql/sparql11/service
import http.server
import io
import json
import os
import socketserver
import subprocess
import sys
import threading
import urllib.parse

import rdflib
from rdflib.namespace import Namespace
from rdflib.query import Result

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RDF = rdflib.RDF

suite = os.path.abspath(sys.argv[1])
kg = os.environ.get("KG", "./repl/kg")
graphs = {}  # endpoint URL -> rdflib.Graph, for the test being run


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, ctype, data):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def run(self, query):
        # As a proxy, the request line holds the whole URL.
        p = urllib.parse.urlsplit(self.path)
        g = graphs.get("%s://%s%s" % (p.scheme, p.netloc, p.path))
        if g is None:
            self.reply(404, "text/plain", b"no such endpoint\n")
            return
        try:
            data = g.query(query).serialize(format="json")
            self.reply(200, "application/sparql-results+json", data)
        except Exception as e:  # the endpoint's own error, as a 400
            self.reply(400, "text/plain", str(e).encode() + b"\n")

    def do_GET(self):
        qs = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.run(qs.get("query", [""])[0])

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8")
        if self.headers.get("Content-Type", "").startswith(
                "application/x-www-form-urlencoded"):
            body = urllib.parse.parse_qs(body).get("query", [""])[0]
        self.run(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def solutions(result):
    """A result as a sorted list of solutions (blank nodes as _)."""
    out = []
    for row in result.bindings:
        sol = []
        for var, term in row.items():
            t = "_" if isinstance(term, rdflib.BNode) else term.n3()
            sol.append((str(var), t))
        out.append(tuple(sorted(sol)))
    return sorted(out)


server = Server(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
proxy = "http://127.0.0.1:%d" % server.server_address[1]
# A nested SERVICE (service03) is the first endpoint's to run: rdflib
# sends it with urllib, which finds the same proxy here.
os.environ["http_proxy"] = proxy
os.environ["no_proxy"] = ""

m = rdflib.Graph()
m.parse(os.path.join(suite, "manifest.ttl"), format="turtle")
tests = sorted(m.subjects(RDF.type, MF.QueryEvaluationTest), key=str)
n = failed = 0
for t in tests:
    name = str(m.value(t, MF.name))
    action = m.value(t, MF.action)
    query = str(m.value(action, QT.query)).replace("file://", "")
    data = m.value(action, QT.data)
    graphs.clear()
    for sd in m.objects(action, QT.serviceData):
        g = rdflib.Graph()
        g.parse(str(m.value(sd, QT.data)).replace("file://", ""),
                format="turtle")
        graphs[str(m.value(sd, QT.endpoint))] = g
    args = [kg, "-s", "memory", "-t", "20", "query", "-o", "json"]
    if data is not None:
        args += ["-D", str(data).replace("file://", "")]
    args += ["-f", query]
    env = dict(os.environ, http_proxy=proxy, no_proxy="")
    p = subprocess.run(args, capture_output=True, env=env, timeout=120)
    want = Result.parse(open(str(m.value(t, MF.result)).replace("file://", ""),
                             "rb"), format="xml")
    n += 1
    why = ""
    if p.returncode:
        why = p.stderr.decode(errors="replace").strip()
    else:
        got = Result.parse(io.BytesIO(p.stdout), format="json")
        if solutions(got) != solutions(want):
            why = "got %s, want %s" % (solutions(got), solutions(want))
    print("%s %d - %s (%s)" % ("not ok" if why else "ok", n, name,
                                os.path.basename(query)))
    if why:
        failed += 1
        print("#   " + why[:400].replace("\n", "\n#   "))
print("1..%d" % n)
sys.exit(1 if failed else 0)

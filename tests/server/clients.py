#!/usr/bin/python3
# clients.py: real SPARQL clients, unchanged, against kg serve:
# SPARQLWrapper (SELECT as JSON and XML, ASK, CONSTRUCT) and rdflib's
# SPARQLStore and SPARQLUpdateStore (a query and an update round trip).
# Starts `kg serve --writable` on a free port of 127.0.0.1 and always
# stops it.  TAP on stdout.
import os
import subprocess
import sys
import tempfile
import time

from SPARQLWrapper import SPARQLWrapper, JSON, XML, TURTLE
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

KG = os.environ["KG"]
n = 0
failed = 0


def ok(cond, what):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, what), flush=True)
    if not cond:
        failed += 1


def check(what, fn):
    """ok() on fn()'s truth; an exception fails the check and says why."""
    try:
        ok(fn(), what)
    except Exception as e:  # noqa: BLE001 - any failure is the test's
        ok(False, "%s (%s: %s)" % (what, type(e).__name__, e))


tmp = tempfile.mkdtemp(prefix="kg-clients.")
data = os.path.join(tmp, "d.ttl")
with open(data, "w") as f:
    f.write('@prefix ex: <http://example.org/> .\n'
            'ex:a ex:name "Alice" ; ex:knows ex:b .\n'
            'ex:b ex:name "Bob" .\n')
store = os.path.join(tmp, "store")
subprocess.run([KG, "-q", "-s", store, "load", "--graph",
                "http://example.org/g", data], check=True)
out = open(os.path.join(tmp, "out"), "w+")
log = open(os.path.join(tmp, "log"), "w")
server = subprocess.Popen([KG, "serve", "-s", store, "--writable",
                           "--listen", "127.0.0.1:0"], stdout=out,
                          stderr=log)
try:
    url = None
    for _ in range(600):
        out.seek(0)
        line = out.readline()
        if line.startswith("kg: serving"):
            url = line.split(" at ")[1].split("/ (")[0] + "/sparql"
            break
        if server.poll() is not None:
            break
        time.sleep(0.1)
    ok(url is not None, "kg serve started (%s)" % url)

    def select(fmt):
        w = SPARQLWrapper(url)
        w.setQuery("SELECT ?name WHERE { ?p <http://example.org/name> "
                   "?name } ORDER BY ?name")
        w.setReturnFormat(fmt)
        return w.query().convert()

    check("SPARQLWrapper SELECT, JSON",
          lambda: [b["name"]["value"] for b in
                   select(JSON)["results"]["bindings"]] == ["Alice", "Bob"])
    check("SPARQLWrapper SELECT, XML",
          lambda: [e.firstChild.nodeValue for e in
                   select(XML).getElementsByTagName("literal")]
          == ["Alice", "Bob"])

    def ask():
        w = SPARQLWrapper(url)
        w.setQuery("ASK { ?s <http://example.org/knows> ?o }")
        w.setReturnFormat(JSON)
        return w.query().convert()["boolean"] is True
    check("SPARQLWrapper ASK", ask)

    def construct():
        w = SPARQLWrapper(url)
        w.setQuery("CONSTRUCT { ?s <http://example.org/label> ?n } "
                   "WHERE { ?s <http://example.org/name> ?n }")
        w.setReturnFormat(TURTLE)
        g = rdflib.Graph()
        g.parse(data=w.query().convert(), format="turtle")
        return len(g) == 2 and (rdflib.URIRef("http://example.org/a"),
                                rdflib.URIRef("http://example.org/label"),
                                rdflib.Literal("Alice")) in g
    check("SPARQLWrapper CONSTRUCT as Turtle", construct)

    def construct_default():
        # SPARQLWrapper's default for a graph is RDF/XML, which it
        # hands back parsed: an rdflib Graph.
        w = SPARQLWrapper(url)
        w.setQuery("CONSTRUCT { ?s <http://example.org/label> ?n } "
                   "WHERE { ?s <http://example.org/name> ?n }")
        g = w.query().convert()
        return isinstance(g, rdflib.Graph) and len(g) == 2 and (
            rdflib.URIRef("http://example.org/a"),
            rdflib.URIRef("http://example.org/label"),
            rdflib.Literal("Alice")) in g
    check("SPARQLWrapper CONSTRUCT with its default format (RDF/XML)",
          construct_default)

    def store_query():
        s = SPARQLStore(url)
        rows = list(s.query("SELECT ?o WHERE { <http://example.org/a> "
                            "<http://example.org/knows> ?o }"))
        s.close()
        return [str(r[0]) for r in rows] == ["http://example.org/b"]
    check("rdflib SPARQLStore query", store_query)

    def store_construct():
        # SPARQLStore asks for a graph as RDF/XML alone.
        s = SPARQLStore(url)
        g = s.query("CONSTRUCT { ?s <http://example.org/label> ?n } "
                    "WHERE { ?s <http://example.org/name> ?n }").graph
        s.close()
        return len(g) == 2
    check("rdflib SPARQLStore CONSTRUCT (RDF/XML)", store_construct)

    def round_trip():
        s = SPARQLUpdateStore(url, url)
        s.update('INSERT DATA { GRAPH <http://example.org/new> { '
                 '<http://example.org/c> <http://example.org/name> '
                 '"Carol" } }')
        rows = list(s.query('SELECT ?n WHERE { GRAPH <http://example.org/'
                            'new> { ?s <http://example.org/name> ?n } }'))
        s.close()
        return [str(r[0]) for r in rows] == ["Carol"]
    check("rdflib SPARQLUpdateStore update, then query", round_trip)

    def graph_api():
        s = SPARQLUpdateStore(url, url)
        g = rdflib.Graph(s, identifier=rdflib.URIRef("http://example.org/api"))
        g.add((rdflib.URIRef("http://example.org/d"),
               rdflib.URIRef("http://example.org/name"),
               rdflib.Literal("Dan")))
        found = list(g.objects(rdflib.URIRef("http://example.org/d"),
                               rdflib.URIRef("http://example.org/name")))
        s.close()
        return [str(o) for o in found] == ["Dan"]
    check("rdflib Graph over SPARQLUpdateStore: add, then read", graph_api)
finally:
    server.terminate()
    try:
        rc = server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        rc = server.wait()
    ok(rc == 0, "the server stops on SIGTERM with exit 0 (%s)" % rc)
    subprocess.run(["rm", "-rf", tmp])
print("1..%d" % n)
sys.exit(1 if failed else 0)

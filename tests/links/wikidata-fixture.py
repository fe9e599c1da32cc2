#!/usr/bin/python3
# wikidata-fixture.py: a small slice of Wikidata, in Wikidata's own
# modelling, for the reference table's linked items, so that `kg links`
# can be tested against `kg serve` on loopback and never the internet.
#
#   wikidata-fixture.py REFERENCE.ttl CLASSES.ttl > fixture.nt
#
# Everything is derived from the reference table (data/reference.ttl)
# and the class table (data/links/classes.ttl), nothing written in:
#   - each row's item: its label as rdfs:label and schema:name in English
#     and German (the Latin-script names of these places and groups are
#     the same in both), each kg:nameInArticle as an English
#     skos:altLabel, the row's coordinates as wdt:P625
#     "Point(LONG LAT)"^^geo:wktLiteral;
#   - wdt:P31 by the row's kind: a place is a village (wd:Q532), which
#     is wdt:P279 a human settlement (in the class table), so the
#     superclass walk is exercised; an actor an organization, a person
#     a human, an event a military operation (all in the class table);
#   - every class of the class table with its English label.
# Planted disagreements (a redirect, a deletion, a moved point, a wrong
# class) are made by the tests on a copy, with SPARQL Update.
import sys

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

KG = Namespace("https://kg.example.org/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SCHEMA = Namespace("http://schema.org/")
WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")

ref = Graph().parse(sys.argv[1], format="turtle")
classes = Graph().parse(sys.argv[2], format="turtle")

out = Graph()
village = WD.Q532
settlement = WD.Q486972
by_kind = {"place": village, "actor": WD.Q43229, "person": WD.Q5,
           "event": WD.Q645883}
fits = {(str(k), c) for c, k in classes.subject_objects(KG.fitsKind)}
for kind, cls in by_kind.items():
    if cls != village and (kind, cls) not in fits:
        sys.exit(f"wikidata-fixture.py: {cls} is no longer a {kind} class")
if ("place", settlement) not in fits:
    sys.exit("wikidata-fixture.py: human settlement is no longer a place")

for row in ref.subjects(RDF.type, KG.ReferenceEntry):
    item = ref.value(row, KG.wikidataItem)
    if item is None:
        continue
    label = ref.value(row, RDFS.label)
    for lang in ("en", "de"):
        out.add((item, RDFS.label, Literal(str(label), lang=lang)))
        out.add((item, SCHEMA.name, Literal(str(label), lang=lang)))
    for name in ref.objects(row, KG.nameInArticle):
        out.add((item, SKOS.altLabel, Literal(str(name), lang="en")))
    out.add((item, WDT.P31, by_kind[str(ref.value(row, KG.entityKind))]))
    lat = ref.value(row, KG.referenceLat)
    lon = ref.value(row, KG.referenceLong)
    if lat is not None and lon is not None:
        out.add((item, WDT.P625, Literal(f"Point({lon} {lat})",
                                         datatype=WKT)))

out.add((village, RDFS.label, Literal("village", lang="en")))
out.add((village, WDT.P279, settlement))
for cls, label in classes.subject_objects(RDFS.label):
    out.add((cls, RDFS.label, label))

sys.stdout.write(out.serialize(format="nt"))

# 1% DELETE: every triple of the events of 51 days out of 5114 (gen's dates
# are uniform, so about 1% of the events at any size).  kg load puts each
# file in a named graph and an update's WHERE sees the default graph only,
# hence GRAPH ?g, which Oxigraph reads the same way.
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { GRAPH ?g { ?e ?p ?o } }
WHERE {
  GRAPH ?g {
    ?e sem:hasTimeStamp ?d .
    FILTER(?d >= "2016-03-01"^^xsd:date && ?d < "2016-04-21"^^xsd:date)
    ?e ?p ?o .
  }
}

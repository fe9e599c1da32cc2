# One-triple INSERT DATA: the cost of a small write (start, store open, commit).
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA { <https://kg.example.org/id/event/bench-insert> rdfs:label "bench insert"@en }

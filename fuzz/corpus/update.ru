WITH <http://g> DELETE { ?s ?p ?o } INSERT { ?s ?p "new" } WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s a ?c } } ; CLEAR SILENT DEFAULT

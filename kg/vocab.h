/* vocab.h: the IRIs of the vocabularies the library itself interprets,
 * defined once for every layer. */
#ifndef KG_VOCAB_H
#define KG_VOCAB_H

#define KG_XSD "http://www.w3.org/2001/XMLSchema#"
#define KG_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define KG_RDF_TYPE KG_RDF "type"
#define KG_RDF_LANGSTRING KG_RDF "langString"

#endif

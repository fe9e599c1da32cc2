# Control intervals: who held which place from when to when, computed from
# the changes of control, the withdrawals and the prior control in the
# store into the graph <https://kg.example.org/graph/control>.  kg runs
# every data/rules/*.ru when it creates the default store, and `kg rules`
# runs them again on any store (after a `kg load`).  The rule, and what it
# cannot infer, are in doc/ontology.md ("Control intervals").
#
# A place's history is a list of steps: each change of control (the side
# that gained it, the side that lost it), each withdrawal that is not part
# of a change of the same place (it ends a hold and names no new holder),
# and the prior control (a hold since before the offensive).  Steps are
# ordered by their earliest day (a prior control by its kg:asOf day); on
# the same day, a step that took the place from the side another step gave
# it to comes after that step.  The steps pattern is written out for each
# use, since SPARQL cannot name a subquery; the data is in named graphs
# (kg load puts each file in one) and an Update's WHERE matches only the
# default graph, hence GRAPH ?g.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX kg: <https://kg.example.org/ontology#>

CLEAR SILENT GRAPH <https://kg.example.org/graph/control> ;

# 1. A step that gives a side the place starts an interval: it begins
# within the step's days and ends within the next step's, or is open.  A
# prior control's interval has no begin.
INSERT {
  GRAPH <https://kg.example.org/graph/control> {
    ?i a kg:ControlInterval ;
       kg:controlledPlace ?aPlace ;
       kg:holder ?aGained ;
       kg:justifiedBy ?a , ?n ;
       sem:hasEarliestBeginTimeStamp ?aEarliest ;
       sem:hasLatestBeginTimeStamp ?aLatest ;
       sem:hasEarliestEndTimeStamp ?nEarliest ;
       sem:hasLatestEndTimeStamp ?nLatest ;
       kg:extentShare ?share ;
       kg:extentQualifier ?qualifier .
  }
}
WHERE {
  {
    SELECT (?s AS ?a) (?place AS ?aPlace) (?gained AS ?aGained)
           (?lost AS ?aLost) (?earliest AS ?aEarliest)
           (?latest AS ?aLatest) (?key AS ?aKey)
    WHERE {
      {
        {
          GRAPH ?g1 {
            ?s a kg:ChangeOfControl ;
               kg:placeTaken ?place ;
               kg:gainedBy ?gained .
            OPTIONAL { ?s kg:lostBy ?lost }
          }
        }
        UNION
        {
          GRAPH ?g1 { ?s a kg:Withdrawal ; kg:origin ?place . }
          FILTER NOT EXISTS {
            GRAPH ?g2 { ?s kg:partOfChange ?c }
            GRAPH ?g3 { ?c kg:placeTaken ?place }
          }
        }
        OPTIONAL { GRAPH ?g4 { ?s sem:hasTimeStamp ?day } }
        OPTIONAL { GRAPH ?g5 { ?s sem:hasBeginTimeStamp ?begin } }
        OPTIONAL { GRAPH ?g6 { ?s sem:hasEarliestBeginTimeStamp ?eb } }
        OPTIONAL { GRAPH ?g7 { ?s sem:hasLatestEndTimeStamp ?le } }
        OPTIONAL { GRAPH ?g8 { ?s kg:deadline ?deadline } }
        BIND(COALESCE(?day, ?begin, ?eb) AS ?earliest)
        BIND(COALESCE(?day, ?le, ?deadline, ?earliest) AS ?latest)
        BIND(?earliest AS ?key)
      }
      UNION
      {
        GRAPH ?g1 {
          ?s a kg:PriorControl ;
             kg:controlledPlace ?place ;
             kg:holder ?gained ;
             kg:asOf ?key .
        }
      }
    }
  }
  FILTER(BOUND(?aGained))
  OPTIONAL {
    {
      SELECT (?s AS ?n) (?place AS ?nPlace) (?gained AS ?nGained)
             (?lost AS ?nLost) (?earliest AS ?nEarliest)
             (?latest AS ?nLatest) (?key AS ?nKey)
      WHERE {
        {
          {
            GRAPH ?g1 {
              ?s a kg:ChangeOfControl ;
                 kg:placeTaken ?place ;
                 kg:gainedBy ?gained .
              OPTIONAL { ?s kg:lostBy ?lost }
            }
          }
          UNION
          {
            GRAPH ?g1 { ?s a kg:Withdrawal ; kg:origin ?place . }
            FILTER NOT EXISTS {
              GRAPH ?g2 { ?s kg:partOfChange ?c }
              GRAPH ?g3 { ?c kg:placeTaken ?place }
            }
          }
          OPTIONAL { GRAPH ?g4 { ?s sem:hasTimeStamp ?day } }
          OPTIONAL { GRAPH ?g5 { ?s sem:hasBeginTimeStamp ?begin } }
          OPTIONAL { GRAPH ?g6 { ?s sem:hasEarliestBeginTimeStamp ?eb } }
          OPTIONAL { GRAPH ?g7 { ?s sem:hasLatestEndTimeStamp ?le } }
          OPTIONAL { GRAPH ?g8 { ?s kg:deadline ?deadline } }
          BIND(COALESCE(?day, ?begin, ?eb) AS ?earliest)
          BIND(COALESCE(?day, ?le, ?deadline, ?earliest) AS ?latest)
          BIND(?earliest AS ?key)
        }
        UNION
        {
          GRAPH ?g1 {
            ?s a kg:PriorControl ;
               kg:controlledPlace ?place ;
               kg:holder ?gained ;
               kg:asOf ?key .
          }
        }
      }
    }
    FILTER(?nPlace = ?aPlace && ?n != ?a && (?aKey < ?nKey || (?aKey = ?nKey && BOUND(?aGained) && BOUND(?nLost) && ?aGained = ?nLost)))
    FILTER NOT EXISTS {
      {
        SELECT (?s AS ?m) (?place AS ?mPlace) (?gained AS ?mGained)
               (?lost AS ?mLost) (?earliest AS ?mEarliest)
               (?latest AS ?mLatest) (?key AS ?mKey)
        WHERE {
          {
            {
              GRAPH ?g1 {
                ?s a kg:ChangeOfControl ;
                   kg:placeTaken ?place ;
                   kg:gainedBy ?gained .
                OPTIONAL { ?s kg:lostBy ?lost }
              }
            }
            UNION
            {
              GRAPH ?g1 { ?s a kg:Withdrawal ; kg:origin ?place . }
              FILTER NOT EXISTS {
                GRAPH ?g2 { ?s kg:partOfChange ?c }
                GRAPH ?g3 { ?c kg:placeTaken ?place }
              }
            }
            OPTIONAL { GRAPH ?g4 { ?s sem:hasTimeStamp ?day } }
            OPTIONAL { GRAPH ?g5 { ?s sem:hasBeginTimeStamp ?begin } }
            OPTIONAL { GRAPH ?g6 { ?s sem:hasEarliestBeginTimeStamp ?eb } }
            OPTIONAL { GRAPH ?g7 { ?s sem:hasLatestEndTimeStamp ?le } }
            OPTIONAL { GRAPH ?g8 { ?s kg:deadline ?deadline } }
            BIND(COALESCE(?day, ?begin, ?eb) AS ?earliest)
            BIND(COALESCE(?day, ?le, ?deadline, ?earliest) AS ?latest)
            BIND(?earliest AS ?key)
          }
          UNION
          {
            GRAPH ?g1 {
              ?s a kg:PriorControl ;
                 kg:controlledPlace ?place ;
                 kg:holder ?gained ;
                 kg:asOf ?key .
            }
          }
        }
      }
      FILTER(?mPlace = ?aPlace && ?m != ?a && ?m != ?n &&
             (?aKey < ?mKey || (?aKey = ?mKey && BOUND(?aGained) && BOUND(?mLost) && ?aGained = ?mLost)) &&
             (?mKey < ?nKey || (?mKey = ?nKey && BOUND(?mGained) && BOUND(?nLost) && ?mGained = ?nLost)))
    }
  }
  OPTIONAL { GRAPH ?gx { ?a kg:extentShare ?share } }
  OPTIONAL { GRAPH ?gq { ?a kg:extentQualifier ?qualifier } }
  BIND(IRI(CONCAT(STR(?a), "/held")) AS ?i)
} ;

# 2. Where no step comes before a change of control (no prior control is
# recorded), the side that lost it held the place before it, since a time
# not known.  A withdrawal alone says nothing of who held the place.
INSERT {
  GRAPH <https://kg.example.org/graph/control> {
    ?i a kg:ControlInterval ;
       kg:controlledPlace ?ePlace ;
       kg:holder ?eLost ;
       kg:justifiedBy ?e ;
       sem:hasEarliestEndTimeStamp ?eEarliest ;
       sem:hasLatestEndTimeStamp ?eLatest .
  }
}
WHERE {
  {
    SELECT (?s AS ?e) (?place AS ?ePlace) (?gained AS ?eGained)
           (?lost AS ?eLost) (?earliest AS ?eEarliest)
           (?latest AS ?eLatest) (?key AS ?eKey)
    WHERE {
      {
        {
          GRAPH ?g1 {
            ?s a kg:ChangeOfControl ;
               kg:placeTaken ?place ;
               kg:gainedBy ?gained .
            OPTIONAL { ?s kg:lostBy ?lost }
          }
        }
        UNION
        {
          GRAPH ?g1 { ?s a kg:Withdrawal ; kg:origin ?place . }
          FILTER NOT EXISTS {
            GRAPH ?g2 { ?s kg:partOfChange ?c }
            GRAPH ?g3 { ?c kg:placeTaken ?place }
          }
        }
        OPTIONAL { GRAPH ?g4 { ?s sem:hasTimeStamp ?day } }
        OPTIONAL { GRAPH ?g5 { ?s sem:hasBeginTimeStamp ?begin } }
        OPTIONAL { GRAPH ?g6 { ?s sem:hasEarliestBeginTimeStamp ?eb } }
        OPTIONAL { GRAPH ?g7 { ?s sem:hasLatestEndTimeStamp ?le } }
        OPTIONAL { GRAPH ?g8 { ?s kg:deadline ?deadline } }
        BIND(COALESCE(?day, ?begin, ?eb) AS ?earliest)
        BIND(COALESCE(?day, ?le, ?deadline, ?earliest) AS ?latest)
        BIND(?earliest AS ?key)
      }
      UNION
      {
        GRAPH ?g1 {
          ?s a kg:PriorControl ;
             kg:controlledPlace ?place ;
             kg:holder ?gained ;
             kg:asOf ?key .
        }
      }
    }
  }
  FILTER(BOUND(?eGained) && BOUND(?eLost) && BOUND(?eEarliest))
  FILTER NOT EXISTS {
    {
      SELECT (?s AS ?x) (?place AS ?xPlace) (?gained AS ?xGained)
             (?lost AS ?xLost) (?earliest AS ?xEarliest)
             (?latest AS ?xLatest) (?key AS ?xKey)
      WHERE {
        {
          {
            GRAPH ?g1 {
              ?s a kg:ChangeOfControl ;
                 kg:placeTaken ?place ;
                 kg:gainedBy ?gained .
              OPTIONAL { ?s kg:lostBy ?lost }
            }
          }
          UNION
          {
            GRAPH ?g1 { ?s a kg:Withdrawal ; kg:origin ?place . }
            FILTER NOT EXISTS {
              GRAPH ?g2 { ?s kg:partOfChange ?c }
              GRAPH ?g3 { ?c kg:placeTaken ?place }
            }
          }
          OPTIONAL { GRAPH ?g4 { ?s sem:hasTimeStamp ?day } }
          OPTIONAL { GRAPH ?g5 { ?s sem:hasBeginTimeStamp ?begin } }
          OPTIONAL { GRAPH ?g6 { ?s sem:hasEarliestBeginTimeStamp ?eb } }
          OPTIONAL { GRAPH ?g7 { ?s sem:hasLatestEndTimeStamp ?le } }
          OPTIONAL { GRAPH ?g8 { ?s kg:deadline ?deadline } }
          BIND(COALESCE(?day, ?begin, ?eb) AS ?earliest)
          BIND(COALESCE(?day, ?le, ?deadline, ?earliest) AS ?latest)
          BIND(?earliest AS ?key)
        }
        UNION
        {
          GRAPH ?g1 {
            ?s a kg:PriorControl ;
               kg:controlledPlace ?place ;
               kg:holder ?gained ;
               kg:asOf ?key .
          }
        }
      }
    }
    FILTER(?xPlace = ?ePlace && ?x != ?e && (?xKey < ?eKey || (?xKey = ?eKey && BOUND(?xGained) && BOUND(?eLost) && ?xGained = ?eLost)))
  }
  BIND(IRI(CONCAT(STR(?e), "/before")) AS ?i)
}

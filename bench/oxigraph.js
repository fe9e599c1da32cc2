#!/usr/bin/env node
// oxigraph.js: the same measurements as bench/run.sh, on Oxigraph for
// comparison.  Oxigraph here is the `oxigraph` npm package: Rust compiled
// to WebAssembly, running under node, with an in-memory store.  It is not
// the native Oxigraph server; label its figures as such.
//
//   node bench/oxigraph.js RUNS FILE.nt QUERY.rq...
//
// Set NODE_PATH to a directory holding node_modules/oxigraph (see
// bench/README).  Prints lines "load SECONDS TRIPLES" then, per query,
// "query NAME MEDIAN_SECONDS ROWS" (or "query NAME error MESSAGE"), and
// finally "maxrss_kb N" (the process's peak resident set).
'use strict';
const fs = require('fs');
const path = require('path');
const ox = require('oxigraph');

const [runsArg, file, ...queries] = process.argv.slice(2);
const runs = Math.max(1, parseInt(runsArg, 10) || 3);
const now = () => Number(process.hrtime.bigint()) / 1e9;

const store = new ox.Store();
let t0 = now();
store.load(fs.readFileSync(file, 'utf8'), {
  format: 'application/n-triples',
  to_graph_name: ox.namedNode('https://kg.example.org/graph/bench'),
});
console.log(`load ${(now() - t0).toFixed(6)} ${store.size}`);

for (const q of queries) {
  const name = path.basename(q, '.rq');
  const text = fs.readFileSync(q, 'utf8');
  const times = [];
  let rows = 0;
  try {
    for (let i = 0; i < runs; i++) {
      t0 = now();
      // The union of all graphs as the default graph, as in kg/librdf.
      const r = store.query(text, { use_default_graph_as_union: true });
      rows = Array.isArray(r) ? r.length : 1;
      times.push(now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`query ${name} ${times[(times.length - 1) >> 1].toFixed(6)} ${rows}`);
  } catch (e) {
    console.log(`query ${name} error ${String(e.message || e).split('\n')[0]}`);
  }
}
console.log(`maxrss_kb ${process.resourceUsage().maxRSS}`);

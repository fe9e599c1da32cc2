#!/usr/bin/env node
// oxigraph.js: the same measurements as bench/run.sh, on Oxigraph for
// comparison.  Oxigraph here is the `oxigraph` npm package: Rust compiled
// to WebAssembly, running under node, with an in-memory store.  It is not
// the native Oxigraph server; label its figures as such.
//
//   node bench/oxigraph.js RUNS FILE.nt [--append MORE.nt] FILE.rq|FILE.ru...
//
// Set NODE_PATH to a directory holding node_modules/oxigraph (bench/run.sh
// installs one).  FILE.nt is loaded into one named graph; each .rq is a
// query run RUNS times over the union of the graphs (as kg reads them);
// each .ru is an update and --append a second load into its own graph,
// each also RUNS times, every run from the state right after the first
// load (the store is rebuilt, untimed, when a run changed it).  Prints
//   load SECONDS TRIPLES
//   query NAME MEDIAN_SECONDS ROWS         (or: query NAME error MESSAGE)
//   update NAME MEDIAN_SECONDS CHANGE      (CHANGE: quads added - removed)
//   append MEDIAN_SECONDS CHANGE
//   maxrss_kb N                            (the node process's peak RSS)
'use strict';
const fs = require('fs');
const path = require('path');
const ox = require('oxigraph');

const args = process.argv.slice(2);
const runs = Math.max(1, parseInt(args.shift(), 10) || 3);
const file = args.shift();
let appendFile = null;
const scripts = [];
while (args.length) {
  const a = args.shift();
  if (a === '--append')
    appendFile = args.shift();
  else
    scripts.push(a);
}
const now = () => Number(process.hrtime.bigint()) / 1e9;
const median = (v) => v.sort((a, b) => a - b)[(v.length - 1) >> 1];
const firstLine = (e) => String((e && e.message) || e).split('\n')[0];

const text = fs.readFileSync(file, 'utf8');
function loadBase() {
  const s = new ox.Store();
  s.load(text, {
    format: 'application/n-triples',
    to_graph_name: ox.namedNode('https://kg.example.org/graph/bench'),
  });
  return s;
}

let t0 = now();
let store = loadBase();
console.log(`load ${(now() - t0).toFixed(6)} ${store.size}`);
const baseSize = store.size;
let dirty = false;

// Runs `change` RUNS times, each on the base state; returns the median
// time and the change in size of the first run.
function timeChange(change) {
  const times = [];
  let delta = 0;
  for (let i = 0; i < runs; i++) {
    if (dirty) {
      // WebAssembly memory never shrinks: free the old store before
      // building the next, or a 1M run grows towards wasm32's 4 GB.
      store.free();
      store = loadBase();
      dirty = false;
    }
    t0 = now();
    change(store);
    times.push(now() - t0);
    dirty = true;
    if (i === 0)
      delta = store.size - baseSize;
  }
  return [median(times), delta];
}

// One untimed query first: node compiles the WebAssembly lazily, and the
// first query would otherwise pay for it.
store.query('ASK {}');

for (const f of scripts.filter((s) => s.endsWith('.rq'))) {
  const name = path.basename(f, '.rq');
  const q = fs.readFileSync(f, 'utf8');
  const times = [];
  let rows = 0;
  try {
    for (let i = 0; i < runs; i++) {
      t0 = now();
      const r = store.query(q, { use_default_graph_as_union: true });
      rows = Array.isArray(r) ? r.length : 1;
      times.push(now() - t0);
    }
    console.log(`query ${name} ${median(times).toFixed(6)} ${rows}`);
  } catch (e) {
    console.log(`query ${name} error ${firstLine(e)}`);
  }
}

for (const f of scripts.filter((s) => s.endsWith('.ru'))) {
  const name = path.basename(f, '.ru');
  const u = fs.readFileSync(f, 'utf8');
  try {
    const [t, delta] = timeChange((s) => s.update(u));
    console.log(`update ${name} ${t.toFixed(6)} ${delta}`);
  } catch (e) {
    console.log(`update ${name} error ${firstLine(e)}`);
  }
}

if (appendFile) {
  const more = fs.readFileSync(appendFile, 'utf8');
  const [t, delta] = timeChange((s) => s.load(more, {
    format: 'application/n-triples',
    to_graph_name: ox.namedNode('https://kg.example.org/graph/append'),
  }));
  console.log(`append ${t.toFixed(6)} ${delta}`);
}
console.log(`maxrss_kb ${process.resourceUsage().maxRSS}`);

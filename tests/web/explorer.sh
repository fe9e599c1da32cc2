#!/bin/sh
# The explorer in a real browser: starts `kg serve` on a free loopback port
# over the bundled graph and drives the page with headless Chromium through
# puppeteer-core (tests/web/explorer.js); the counts it checks come from
# `kg query`; tests/server/server-lib.sh starts and stops the server.
# puppeteer-core is installed from npm on first use into
# $KG_TEST_NODE_MODULES (default ~/.cache/kg-test), outside the tree.
# The screenshot lands in the build directory: tests/web/explorer.png.
cache=${KG_TEST_NODE_MODULES:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/kg-test}
. "$srcdir/tests/lib.sh"
build=${KG_BUILDDIR:-.}
PUPPETEER=puppeteer-core@24.43.1

# Chromium, Node and npm are in bootstrap's packages: their absence fails.
for tool in node npm; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "Bail out! $tool is missing (./bootstrap installs it)"; exit 1; }
done
[ -x "${KG_TEST_CHROMIUM:-/usr/bin/chromium}" ] ||
	{ echo "Bail out! chromium is missing (./bootstrap installs it)"; exit 1; }
if [ ! -d "$cache/node_modules/puppeteer-core" ]; then
	mkdir -p "$cache" &&
		npm install --prefix "$cache" --no-audit --no-fund --no-save \
			"$PUPPETEER" >"$T/npm.log" 2>&1 ||
		{ sed 's/^/# /' "$T/npm.log"; echo "Bail out! npm install $PUPPETEER failed"; exit 1; }
fi

# The page's folder: the build's web/ in a build in the source tree; in
# another folder the generated files (examples.json, prefixes.json) are in
# the build and the rest in the source, so gather both in one folder.
web="$build/web"
if [ ! -f "$web/index.html" ]; then
	web="$T/web"
	mkdir -p "$web"
	for f in "$KG_DATADIR"/web/*; do
		case $f in *.json) ;; *) ln -s "$f" "$web/" ;; esac
	done
	ln -s "$build"/web/*.json "$web/"
fi

# The page's prefixes are kg's own.
echo .prefix | "$KG" -q -s memory >"$T/prefixes" 2>&1
node -e 'for (const p of require(process.argv[1]))
	console.log(`PREFIX ${p.prefix}: <${p.iri}>`)' "$web/prefixes.json" >"$T/page-prefixes"
cmp -s "$T/prefixes" "$T/page-prefixes"
ok $? "web/prefixes.json lists kg's predeclared prefixes"

S="$T/store"
run "$KG" -q -s "$S" load "$KG_DATADIR"/data/*.ttl "$KG_DATADIR"/ontology/*.ttl
expect_rc 0 "load the bundled graph"
count() {
	"$KG" -q -s "$S" query -o tsv "$1" | sed -n '2s/^"\{0,1\}\([0-9]*\).*/\1/p'
}
places=$(count 'SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p geo:lat ?lat ; geo:long ?long }')
events=$(count 'SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event .
	{ ?e sem:hasTimeStamp ?t } UNION { ?e sem:hasEarliestBeginTimeStamp ?t }
	UNION { ?e sem:hasLatestEndTimeStamp ?t } UNION { ?e sem:hasLatestBeginTimeStamp ?t } }')
[ "${places:-0}" -gt 0 ] && [ "${events:-0}" -gt 0 ]
ok $? "kg query counts $places places with coordinates and $events dated events"

. "$srcdir/tests/server/server-lib.sh"
start_server explorer -s "$S" --web "$web"
test -n "$URL"
ok $? "kg serve listens ($URL)"

# The browser's own TAP lines, renumbered into this script's plan.
mkdir -p "$build/tests/web"
NODE_PATH="$cache/node_modules" node "$srcdir/tests/web/explorer.js" \
	"$URL/" "$places" "$events" "$build/tests/web/explorer.png" \
	>"$T/browser" 2>&1
browser=$?
while IFS= read -r line; do
	case $line in
	"ok "*) ok 0 "${line#ok [0-9]* - }" ;;
	"not ok "*) ok 1 "${line#not ok [0-9]* - }" ;;
	"1.."*) ;;
	*) echo "# $line" ;;
	esac
done <"$T/browser"
ok "$browser" "the browser session ends cleanly"
done_testing

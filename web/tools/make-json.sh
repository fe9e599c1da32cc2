#!/bin/sh
# make-json.sh: the explorer's two generated data files, so that the page
# keeps no copy of its own of what kg and data/examples already say.
#
#   make-json.sh examples FILE.rq... > examples.json
#       the competency questions: [{"name", "title", "query"}], the title
#       from each file's first comment line
#   make-json.sh prefixes kg/prefix.c > prefixes.json
#       kg's predeclared prefixes, read from the table in kg/prefix.c
#       (its macros resolved): [{"prefix", "iri"}]
set -eu
LC_ALL=C
export LC_ALL

json_string='
function js(s) {
	gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s);
	gsub(/\r/, "", s);
	return "\"" s "\""
}'

case ${1:-} in
examples)
	shift
	printf '['
	sep=
	for f in "$@"; do
		name=$(basename "$f" .rq)
		printf '%s\n' "$sep"
		awk -v name="$name" "$json_string"'
			title == "" && /^#/ { t = $0; sub(/^#[ \t]*/, "", t); title = t }
			{ q = q $0 "\n" }
			END { if (title == "") title = name
			      printf "{\"name\": %s, \"title\": %s, \"query\": %s}", js(name), js(title), js(q) }
		' "$f" | awk 'BEGIN { ORS = "" } { if (NR > 1) print "\\n"; print }'
		sep=,
	done
	printf '\n]\n'
	;;
prefixes)
	awk "$json_string"'
		BEGIN { printf "[" }
		/^#define KG_NS_[A-Z_]+ "/ { v = $3; gsub(/"/, "", v); macro[$2] = v }
		/^static const char \*const builtin\[\]/ { inside = 1; next }
		inside && /^};/ { inside = 0 }
		inside && /^[ \t]*\{/ {
			line = $0; gsub(/[{},]/, " ", line); split(line, f, " ")
			name = f[1]; iri = f[2]; gsub(/"/, "", name)
			if (iri ~ /^"/) gsub(/"/, "", iri); else iri = macro[iri]
			printf "%s\n{\"prefix\": %s, \"iri\": %s}", sep, js(name), js(iri); sep = ","
		}
		END { printf "\n]\n"; if (sep == "") exit 1 }' "$2"
	;;
*)
	echo "usage: make-json.sh examples FILE.rq... | make-json.sh prefixes PREFIX.C" >&2
	exit 2
	;;
esac

#!/bin/sh
# build.sh: builds kg's libFuzzer targets with clang into $OUT (default
# fuzz/out).  Needs clang and libFuzzer (Debian 12: apt-get install clang
# libclang-rt-14-dev) and the Redland development packages.  fuzz_load
# parses through the Redland plugin that `make` builds in the tree
# (kg/store/kg-redland.so), so build kg first.
#   sh fuzz/build.sh            # all targets
#   CC=clang-14 OUT=/tmp/fz sh fuzz/build.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
CC=${CC:-clang}
OUT=${OUT:-$here/out}
SAN=${SAN:-fuzzer,address,undefined}
mkdir -p "$OUT"

CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
 -fsanitize=$SAN -fno-sanitize-recover=undefined \
 -I$top/kg -I$top/repl -DKG_DATADIR=\"/nonexistent\" \
 -DKG_BUILDDIR=\"$top\" \
 $(pkg-config --cflags redland raptor2 rasqal nettle libpcre2-8 lmdb)"
LIBS="$(pkg-config --libs redland raptor2 rasqal nettle libpcre2-8 lmdb) -lunistring -lpthread"

# the library's C sources, as Makefile.am lists them
srcs=$(sed -n '/^kg_libkg_a_SOURCES/,/[^\\]$/p' "$top/Makefile.am" |
	tr ' \t\\' '\n\n\n' | grep '\.c$' | sed "s|^|$top/|" | tr '\n' ' ')
[ -n "$srcs" ] || { echo "build.sh: no sources in Makefile.am" >&2; exit 1; }

set -x
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz_sparql" "$here/fuzz_sparql.c" $srcs $LIBS
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz_eval" "$here/fuzz_eval.c" $srcs $LIBS
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz_scanner" "$here/fuzz_scanner.c" "$top/repl/scanner.c"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fuzz_csv" "$here/fuzz_csv.c" "$top/kg/store/csv.c" \
	"$top/kg/buf.c"
if [ -f "$here/fuzz_load.c" ]; then
	# shellcheck disable=SC2086
	$CC $CFLAGS -o "$OUT/fuzz_load" "$here/fuzz_load.c" $srcs $LIBS
fi

#!/bin/sh
# layers.sh: the folders of kg/ are layers, and each reaches the next only
# through its door (doc/architecture.md).  Redland, Raptor and Rasqal
# headers are included in kg/store/ alone; the engine does not include
# the store's private body; nothing includes a renderer's private header
# but the renderers.  The server (server/) sees libmicrohttpd in
# http.c alone and the library through kg.h alone.
. "${srcdir:-.}/tests/lib.sh"

top=${srcdir:-.}

# 1. Redland stays behind kg/store/.
bad=$(cd "$top" && grep -l -E '#[[:space:]]*include[[:space:]]*[<"](redland|librdf|raptor2?|rasqal|rdf_[a-z_]+)\.h[>"]' \
	kg/*.c kg/*.h kg/*/*.c kg/*/*.h repl/*.c repl/*.h 2>/dev/null |
	grep -v '^kg/store/' || true)
test -z "$bad"
ok $? "no Redland, Raptor or Rasqal header outside kg/store/${bad:+: $bad}"

# 2. No librdf call outside kg/store/ either (a header could be reached
# through another one).
bad=$(cd "$top" && grep -l -E '\b(librdf|raptor|rasqal)_[a-z_]+\(' \
	kg/*.c kg/*/*.c repl/*.c 2>/dev/null | grep -v '^kg/store/' || true)
test -z "$bad"
ok $? "no Redland call outside kg/store/${bad:+: $bad}"

# 2b. Inside kg/store/, only the Redland plugin's files (kg-redland.so,
# loaded when needed: kg/store/plugin.h) include Redland, so that libkg
# links none of it.
bad=$(cd "$top" && grep -l -E '#[[:space:]]*include[[:space:]]*[<"](redland|librdf|raptor2?|rasqal|rdf_[a-z_]+)\.h[>"]' \
	kg/store/*.c kg/store/*.h kg/store/*/*.c kg/store/*/*.h 2>/dev/null |
	grep -v -E '^kg/store/(rl\.h|rl_[a-z]+\.c|statements\.[ch]|log\.c|node\.[ch]|redland_module\.[ch])$' || true)
test -z "$bad"
ok $? "in kg/store/ only the plugin's files include Redland${bad:+: $bad}"

# 3. Only kg/store/ sees the store's body.
bad=$(cd "$top" && grep -l '"store/backend.h"' kg/*.[ch] kg/*/*.[ch] 2>/dev/null |
	grep -v '^kg/store/' || true)
test -z "$bad"
ok $? "store/backend.h included only in kg/store/${bad:+: $bad}"

# 4. The renderers' shared header stays among the renderers.
bad=$(cd "$top" && grep -l -E '"render/(term|formats)\.h"' kg/*.[ch] kg/*/*.[ch] 2>/dev/null |
	grep -v '^kg/render/' || true)
test -z "$bad"
ok $? "render/ headers included only in kg/render/${bad:+: $bad}"

# 5. libmicrohttpd stays behind server/http.c, and the server reaches
# the library through kg.h alone.
bad=$(cd "$top" && grep -l -E '#[[:space:]]*include[[:space:]]*[<"]microhttpd\.h[>"]' \
	kg/*.[ch] kg/*/*.[ch] repl/*.[ch] server/*.[ch] 2>/dev/null |
	grep -v '^server/http\.c$' || true)
test -z "$bad"
ok $? "microhttpd.h included only in server/http.c${bad:+: $bad}"
bad=$(cd "$top" && grep -l -E '#[[:space:]]*include[[:space:]]*"[^"]*(db|buf|results|vocab|store/[a-z_]+|sparql/[a-z_]+|render/[a-z_]+|update/[a-z_]+)\.h"' \
	server/*.[ch] 2>/dev/null || true)
test -z "$bad"
ok $? "server/ includes no private header of the library${bad:+: $bad}"

# 6. Every libcurl call is in kg/remote/http.c (http.h says why).
bad=$(cd "$top" && grep -l -E '(#[[:space:]]*include[[:space:]]*<curl/|\bcurl_[a-z_]+\()' \
	kg/*.[ch] kg/*/*.[ch] repl/*.[ch] 2>/dev/null |
	grep -v '^kg/remote/http\.c$' || true)
test -z "$bad"
ok $? "libcurl only in kg/remote/http.c${bad:+: $bad}"

done_testing

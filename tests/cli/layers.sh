#!/bin/sh
# layers.sh: the folders of kg/ are layers, and each reaches the next only
# through its door (doc/architecture.md).  Redland, Raptor and Rasqal
# headers are included in kg/store/ alone; the engine does not include
# the store's private body; nothing includes a renderer's private header
# but the renderers.
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

# 5. Every libcurl call is in kg/remote/http.c (http.h says why).
bad=$(cd "$top" && grep -l -E '(#[[:space:]]*include[[:space:]]*<curl/|\bcurl_[a-z_]+\()' \
	kg/*.[ch] kg/*/*.[ch] repl/*.[ch] 2>/dev/null |
	grep -v '^kg/remote/http\.c$' || true)
test -z "$bad"
ok $? "libcurl only in kg/remote/http.c${bad:+: $bad}"

done_testing

# The folders of src/ form layers (src/README): a file includes headers of
# its own folder and of the folders before it, never of one after it.
order="base style model math import pdf epub cli"
rank() { i=0; for d in $order; do [ "$d" = "$1" ] && { echo $i; return; }; i=$((i+1)); done; echo 99; }
bad=0
for f in "$TOP"/src/*/*.[ch]; do
	dir=$(basename "$(dirname "$f")"); r=$(rank "$dir")
	for inc in $(sed -n 's|^#include "\([a-z_]*\)/.*|\1|p' "$f" | sort -u); do
		ri=$(rank "$inc")
		# pdf and epub are peers: neither uses the other
		if [ "$ri" -gt "$r" ] || { [ "$inc" != "$dir" ] && [ "$ri" = "$r" ]; } ||
		   { [ "$dir" = epub ] && [ "$inc" = pdf ]; } || { [ "$dir" = pdf ] && [ "$inc" = epub ]; }; then
			echo "FAIL layers: ${f#"$TOP"/} includes $inc/"; bad=1
		fi
	done
done
[ $bad = 0 ] && echo "ok layers: every include goes down the layers of src/README"
# no two modules need each other, however indirectly: a module (x.c and
# x.h) that includes another's header comes after it (tsort finds loops)
loops=$(for f in "$TOP"/src/*/*.[ch]; do
	m=$(basename "${f%.*}")
	sed -n 's|^#include "[a-z_]*/\([a-z_]*\)\.h".*|\1|p' "$f" | while read -r i; do
		[ "$i" != "$m" ] && echo "$m $i"
	done
done | sort -u | tsort 2>&1 >/dev/null | sed -n 's/^tsort: \([a-z_]*\)$/\1/p' | tr '\n' ' ')
if [ -n "$loops" ]; then
	echo "FAIL layers: modules include each other: $loops"; bad=1
else
	echo "ok layers: no include cycle between modules"
fi
# every source file is named in src/README
for f in "$TOP"/src/*/*.c; do
	n=$(basename "$f" .c)
	grep -q "^  $n[.]\|^  $n\.\[ch\]" "$TOP/src/README" || { echo "FAIL layers: src/README does not describe ${f#"$TOP"/}"; bad=1; }
done
[ $bad = 0 ] && echo "ok layers: src/README describes every source file"
true

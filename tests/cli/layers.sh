# The folders of src/ form layers (src/README): a file includes headers of
# its own folder and of the folders before it, never of one after it.
order="base style model import math pdf epub cli"
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
# every source file is named in src/README
for f in "$TOP"/src/*/*.c; do
	n=$(basename "$f" .c)
	grep -q "^  $n[.]\|^  $n\.\[ch\]" "$TOP/src/README" || { echo "FAIL layers: src/README does not describe ${f#"$TOP"/}"; bad=1; }
done
[ $bad = 0 ] && echo "ok layers: src/README describes every source file"
true

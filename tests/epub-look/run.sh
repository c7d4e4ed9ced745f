#!/bin/sh
# make epub-look: the sample EPUBs, in every style, as readers get them.
#   1. look.mjs: Debian's Chromium renders each chapter (screenshots in
#      $OUT/shots) and its computed styles are held against the style file
#      and the PDF's decisions;
#   2. ace.mjs: DAISY's Ace checks each EPUB's accessibility (reports in
#      $OUT/ace); no violation may remain.
# Exit status 1 when any check failed, 2 when the checks could not run.
# Needs `make epub-look-deps` (chromium, node packages in $NODE_DIR).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
NODE_DIR=${NODE_DIR:-$BUILD/node}
GALLEY=${GALLEY:-$BUILD/galley}
# the styles' values as galley resolves them (style.mjs)
STYLE_DUMP=${STYLE_DUMP:-$BUILD/style-dump}
OUT=$BUILD/epub-look
STYLES="brief magazine"
HERE=$TOP/tests/epub-look
export NODE_DIR STYLE_DUMP

for need in "$GALLEY" "$STYLE_DUMP" "$NODE_DIR/node_modules/.bin/ace-puppeteer" /usr/bin/chromium; do
	[ -x "$need" ] || { echo "epub-look: $need is missing: run make epub-look-deps" >&2; exit 2; }
done

cd "$TOP" || exit 2
rm -rf "$OUT"
mkdir -p "$OUT/epub" "$OUT/book" "$OUT/ace" "$OUT/home"
# Chromium's crash database and Ace's logs go to the build tree, not $HOME
export XDG_CONFIG_HOME="$OUT/home/config" XDG_CACHE_HOME="$OUT/home/cache" \
	XDG_STATE_HOME="$OUT/home/state"
# fixed dates: the same EPUBs every run
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1741910400}
books=
for style in $STYLES; do
	"$GALLEY" -q -j 2 -t epub -s "$style" -o "$OUT/epub/$style/" "$TOP/samples/" ||
		{ echo "epub-look: galley failed on the samples in style $style" >&2; exit 2; }
	for epub in "$OUT/epub/$style"/*.epub; do
		name=$(basename "$epub" .epub)
		dir=$OUT/book/$style/$name
		python3 -m zipfile -e "$epub" "$dir" || exit 2
		books="$books $style=$dir"
	done
done

echo "== reading engine: $(/usr/bin/chromium --version 2>/dev/null)"
# shellcheck disable=SC2086  # one argument per book
node "$HERE/look.mjs" styles "$OUT" $books
look=$?

echo "== accessibility: Ace by DAISY"
# two at a time: each Ace run starts its own Chromium
ls "$OUT"/epub/*/*.epub | PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium \
	xargs -P 2 -I{} sh -c '
		epub=$1; style=$(basename "$(dirname "$epub")"); name=$(basename "$epub" .epub)
		dir=$2/ace/$style-$name
		"$3/node_modules/.bin/ace-puppeteer" -f -o "$dir" "$epub" >"$dir.log" 2>&1 ||
			echo "ace-puppeteer failed on $epub (see $dir.log)" >&2
	' sh {} "$OUT" "$NODE_DIR"
node "$HERE/ace.mjs" "$OUT/ace" "$OUT"/epub/*/*.epub
ace=$?

echo "== report: $OUT/look.txt, $OUT/ace.txt; screenshots: $OUT/shots/"
# one closing line for both halves
tail -n 1 "$OUT/look.txt" "$OUT/ace.txt" 2>/dev/null |
	sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' |
	awk '{ p += $1; f += $2 } END { printf "epub-look: %d passed, %d failed\n", p, f }'
if [ $look = 2 ] || [ $ace = 2 ]; then
	exit 2
fi
[ $look = 0 ] && [ $ace = 0 ]

#!/bin/sh
# make corpus: convert every file of ../shared/corpus and ../shared/corpus2
# (or of the folders in $CORPORA) to PDF and EPUB and report, per file:
# exit status, warnings, epubcheck errors/warnings, and text fidelity
# (../shared/tools/fidelity.py) of both outputs. Exits non-zero when a
# corpus folder is missing or any file fails (exit status, epubcheck
# errors or warnings), after printing the whole table. A file that reads
# an external entity whose file is not in the corpus, or holds an
# XInclude without a fallback whose target is not in the corpus, cannot
# be converted whole: it passes when galley refuses it and says which
# part it could not read (an incomplete output with exit 0 would be the
# failure).
PYTHON=python3; [ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
TOP=$(cd "$(dirname "$0")/.." && pwd)
GALLEY=${GALLEY:-$TOP/build/galley}
CORPORA=${CORPORA:-"$TOP/../shared/corpus $TOP/../shared/corpus2"}
FIDELITY=${FIDELITY:-$TOP/../shared/tools/fidelity.py}
OUT=${OUT:-$TOP/build/corpus}
EPUBCHECK="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /usr/share/java/epubcheck.jar"
missing=0
for c in $CORPORA; do
	[ -d "$c" ] || { echo "corpus.sh: no corpus folder $c" >&2; missing=1; }
done
[ $missing = 0 ] || exit 1
rm -rf "$OUT"; mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=1700000000

# Every input (a book's main file may end in .docbook), one line each as
# CORPUS-FOLDER<TAB>RELATIVE-PATH
for c in $CORPORA; do
	c=$(cd "$c" && pwd)
	(cd "$c" && find . \( -name '*.xml' -o -name '*.docbook' \)) | sort |
	while read -r rel; do printf '%s\t%s\n' "$c" "${rel#./}"; done
done >"$OUT/all"
# A file that another corpus file reads as an external parsed entity (a
# chapter of a book split into entity files) is converted as part of that
# book, not on its own: it cannot stand alone.
$PYTHON - "$OUT/all" "$OUT/incomplete" >"$OUT/list" 2>"$OUT/included" <<'PY'
import os, re, sys
incomplete = open(sys.argv[2], 'w', encoding='utf-8')
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
paths = [os.path.join(c, r) for c, r in rows]
lit = r'("[^"]*"|\'[^\']*\')'
decl = re.compile(r'<!ENTITY\s+[^\s%]\S*\s+(?:SYSTEM\s+|PUBLIC\s+' + lit + r'\s+)' + lit +
                  r'(\s+NDATA)?')
included = {}
for p in paths:
    with open(p, 'rb') as f:
        text = f.read().decode('utf-8', 'replace')
    start = re.search(r'<!DOCTYPE[^\[>]*\[', text)
    end = start and re.search(r'\]\s*>', text[start.end():])
    subset = text[start.end():start.end() + end.start()] if end else ''
    for m in decl.finditer(subset):
        sysid = m.group(2)[1:-1]
        if m.group(3) or '://' in sysid:
            continue
        name = re.match(r'<!ENTITY\s+(\S+)', m.group(0)).group(1)
        target = os.path.join(os.path.dirname(p), sysid)
        if not os.path.exists(target) and '&%s;' % name in text[start.end() + end.end():]:
            incomplete.write(p + '\n')
        included.setdefault(os.path.normpath(os.path.join(os.path.dirname(p), sysid)), p)
# an XInclude without a fallback whose target (relative to the file
# that holds it) is not there: galley refuses the file (the output would
# lack that part)
try:
    from lxml import etree
    XIS = ('{http://www.w3.org/2001/XInclude}', '{http://www.w3.org/2003/XInclude}')
    def unread(p, inc, xi):
        href = inc.get('href') or ''
        return (inc.find(xi + 'fallback') is None and
                ('://' in href or not os.path.isfile(os.path.join(os.path.dirname(p), href))))
    for p in paths:
        root = etree.parse(p, etree.XMLParser(recover=True, resolve_entities=False,
                                              no_network=True, load_dtd=False)).getroot()
        if root is not None and any(unread(p, inc, xi) for xi in XIS
                                    for inc in root.iter(xi + 'include')):
            incomplete.write(p + '\n')
except ImportError:
    sys.exit('corpus.sh: python3-lxml is needed (make test-deps)')
for (c, r), p in zip(rows, paths):
    if os.path.normpath(p) in included:
        sys.stderr.write('%s/%s\t%s\n' % (os.path.basename(c), r,
                         os.path.relpath(included[os.path.normpath(p)], os.path.dirname(c))))
    else:
        print('%s\t%s' % (c, r))
PY

# name<TAB>input<TAB>output base, for every input to convert
while IFS='	' read -r c rel; do
	name=$(basename "$c")/$rel
	printf '%s\t%s\t%s\n' "$name" "$c/$rel" "$OUT/${name%.*}"
done <"$OUT/list" >"$OUT/jobs"

while IFS='	' read -r name x base; do
	mkdir -p "$(dirname "$base")"
	"$GALLEY" -o "$(dirname "$base")/" "$x" 2>"$base.log"
	echo $? >"$base.rc"
done <"$OUT/jobs"

# epubcheck, two at a time
find "$OUT" -name '*.epub' | xargs -P 2 -I{} sh -c "$EPUBCHECK {} >{}.check 2>&1"

printf '%-48s %4s %5s %7s %7s %8s %8s %8s %8s\n' file exit warn epubErr epubWrn pdfRecl pdfOrd epubRecl epubOrd >"$OUT/table.txt"
while IFS='	' read -r name x base; do
	rc=$(cat "$base.rc"); w=$(grep -c 'warning:' "$base.log")
	ee=- ew=- pr=- po=- er=- eo=-
	if [ -f "$base.epub.check" ]; then
		ee=$(grep -c '^ERROR\|^FATAL' "$base.epub.check"); ew=$(grep -c '^WARNING' "$base.epub.check")
	fi
	if [ -f "$base.pdf" ] && [ -f "$base.epub" ]; then
		$PYTHON "$FIDELITY" "$x" --pdf "$base.pdf" --epub "$base.epub" >"$base.fid" 2>&1
		pr=$(awk '/^pdf/ {split($2,a,"="); print a[2]}' "$base.fid"); po=$(awk '/^pdf/ {split($3,a,"="); print a[2]}' "$base.fid")
		er=$(awk '/^epub/ {split($2,a,"="); print a[2]}' "$base.fid"); eo=$(awk '/^epub/ {split($3,a,"="); print a[2]}' "$base.fid")
	fi
	if grep -qxF "$x" "$OUT/incomplete"; then
		# refused, naming the part it could not read
		{ [ "$rc" = 1 ] && grep -q 'is not read\|is not processed' "$base.log"; } ||
			echo "$name" >>"$OUT/failed"
		rc="$rc (refused: a part is not in the corpus)"
	else
		{ [ "$rc" = 0 ] && [ "$ee" = 0 ] && [ "$ew" = 0 ]; } || echo "$name" >>"$OUT/failed"
	fi
	printf '%-48s %4s %5s %7s %7s %8s %8s %8s %8s\n' "$name" "$rc" "$w" "$ee" "$ew" "$pr" "$po" "$er" "$eo" >>"$OUT/table.txt"
done <"$OUT/jobs"
cat "$OUT/table.txt"
while IFS='	' read -r name book; do
	echo "left out: $name (an external entity of $book, converted with it)"
done <"$OUT/included"
echo "outputs and logs in $OUT"
if [ -s "$OUT/failed" ]; then
	echo "corpus.sh: $(wc -l <"$OUT/failed") of $(wc -l <"$OUT/jobs") files failed" >&2
	exit 1
fi

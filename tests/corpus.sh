#!/bin/sh
# make corpus: convert every file of ../shared/corpus to PDF and EPUB and
# report, per file: exit status, warnings, epubcheck errors/warnings, and
# text fidelity (../shared/tools/fidelity.py) of both outputs.
PYTHON=python3; [ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
TOP=$(cd "$(dirname "$0")/.." && pwd)
GALLEY=${GALLEY:-$TOP/build/galley}
CORPUS=${CORPUS:-$TOP/../shared/corpus}
FIDELITY=$TOP/../shared/tools/fidelity.py
OUT=${OUT:-$TOP/build/corpus}
EPUBCHECK="java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /usr/share/java/epubcheck.jar"
rm -rf "$OUT"; mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=1700000000

find "$CORPUS" -name '*.xml' | sort >"$OUT/list"
while read -r x; do
	rel=${x#"$CORPUS/"}; base=$OUT/${rel%.xml}
	mkdir -p "$(dirname "$base")"
	"$GALLEY" -o "$(dirname "$base")/" "$x" 2>"$base.log"
	echo $? >"$base.rc"
done <"$OUT/list"

# epubcheck, two at a time
find "$OUT" -name '*.epub' | xargs -P 2 -I{} sh -c "$EPUBCHECK {} >{}.check 2>&1"

printf '%-48s %4s %5s %7s %7s %8s %8s %8s %8s\n' file exit warn epubErr epubWrn pdfRecl pdfOrd epubRecl epubOrd
fail=0
while read -r x; do
	rel=${x#"$CORPUS/"}; base=$OUT/${rel%.xml}
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
	[ "$rc" = 0 ] && [ "$ee" = 0 ] && [ "$ew" = 0 ] || fail=$((fail+1))
	printf '%-48s %4s %5s %7s %7s %8s %8s %8s %8s\n' "$rel" "$rc" "$w" "$ee" "$ew" "$pr" "$po" "$er" "$eo"
done <"$OUT/list" | tee "$OUT/table.txt"
echo "outputs and logs in $OUT"

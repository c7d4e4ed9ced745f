#!/bin/sh
# make typo: typographic figures (../shared/tools/typo.py) of galley's PDFs
# next to WeasyPrint's, given galley's own EPUB XHTML and CSS set justified
# with hyphens: auto on the same page, fonts and measure. Inputs: the
# samples, a 20-page brief, and twelve corpus articles, in the brief and
# the magazine style. Also the page builder's own account from the layout
# trace: widows and orphans, and the make-up's faults (headings stranded
# at a frame's foot, pages short of 75% before no forced break, lines off
# their leading or the baseline grid), which must all be 0.
PYTHON=python3; [ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
TOP=$(cd "$(dirname "$0")/.." && pwd)
GALLEY=${GALLEY:-$TOP/build/galley}
CORPUS=$TOP/../shared/corpus
TYPO=$TOP/../shared/tools/typo.py
T=$TOP/build/typo
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
dpkg -s weasyprint >/dev/null 2>&1 || { $SUDO apt-get update -qq; $SUDO apt-get install -y -qq --no-install-recommends weasyprint >/dev/null; }
rm -rf "$T"; mkdir -p "$T/in" "$T/g" "$T/m" "$T/w"
export SOURCE_DATE_EPOCH=1700000000
cp "$TOP"/samples/*.xml "$T/in/"
mkdir -p "$T/in/images" && cp "$TOP"/samples/images/* "$T/in/images/"
python3 "$TOP/tests/gen_briefs.py" "$TOP/samples/north-korea-china.xml" "$T" 0 "$T/in/twenty-pages.xml"
# a corpus article that is not there is a failure, named, not a skip
missing=0
for f in jats/elife-00666-kitchen-sink.xml jats/plos-pmed-1001186-lists-boxes.xml \
	 jats/pmc-annonc-mds526-oup.xml docbook/ldp-installfest-utf8-gfdl13.xml \
	 nitf/ap-nitf-climate-utf8.xml jats/plos-pone-0058242-tables-footnotes.xml \
	 docbook/ldp-i386-boot-code-tables-footnotes.xml jats/scielo-pt-tex-math-tables.xml \
	 jats/scielo-bakhtiniana-subarticles-pt.xml jats/elife-04490-many-tables.xml \
	 jats/pmc-bmc-microbiol-11-174-numeric-entities.xml jats/biorxiv-497502-preprint.xml; do
	if [ -f "$CORPUS/$f" ]; then
		cp "$CORPUS/$f" "$T/in/"
	else
		echo "FAIL typo: no $CORPUS/$f"; missing=1
	fi
done
[ -f "$TYPO" ] || { echo "FAIL typo: no $TYPO"; missing=1; }
"$GALLEY" -q -o "$T/g/" "$T/in/"*.xml
"$GALLEY" -q -s magazine -t pdf -o "$T/m/" "$T/in/"*.xml
# WeasyPrint gets galley's XHTML and CSS, justified and hyphenated, on
# the brief style's page (A4, the same margins: the measure centred)
cat >"$T/weasy.css" <<'CSS'
@page { size: A4; margin: 20mm 47.5mm 22mm 47.5mm; }
body { text-align: justify; hyphens: auto; }
CSS
for e in "$T"/g/*.epub; do
	n=$(basename "$e" .epub)
	mkdir -p "$T/w/$n" && (cd "$T/w/$n" && unzip -qo "$e")
	x=$(find "$T/w/$n" -name '*.xhtml' ! -name 'nav.xhtml' ! -name 'cover*' | sort | head -1)
	weasyprint -s "$T/weasy.css" "$x" "$T/w/$n.pdf" 2>/dev/null
done
printf '%-40s %s\n' "input" "figures"
for p in "$T"/g/*.pdf; do
	n=$(basename "$p" .pdf)
	echo "$n"
	for style in brief magazine; do
		pdf=$p; [ $style = magazine ] && pdf=$T/m/$n.pdf
		printf '  %-10s %s\n' "$style" "$($PYTHON "$TYPO" "$pdf" | cut -d' ' -f2-)"
		"$GALLEY" -q -s $style -t layout -o - "$T/in/$n.xml" 2>/dev/null |
			grep -E '^(summary|widows|orphans|stranded-headings|short-pages|off-leading)' |
			sed 's/^summary //' | tr '\n' ' ' | sed 's/^/    layout   /; s/ $/\n/'
	done
	[ -f "$T/w/$n.pdf" ] && echo "  weasyprint $($PYTHON "$TYPO" "$T/w/$n.pdf" | cut -d' ' -f2-)"
done | tee "$T/report.txt"
# the make-up's faults: every count 0
bad=$(grep -Eo '(stranded-headings|short-pages|off-leading) [1-9][0-9]*' "$T/report.txt" | wc -l)
if [ "$bad" = 0 ]; then
	echo "make-up: no stranded heading, short page or line off its leading"
else
	echo "FAIL make-up: $bad counts above 0 (see $T/report.txt)"
fi
[ "$missing" = 0 ] && [ "$bad" = 0 ]

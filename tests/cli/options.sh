# The command line as people coming from pandoc use it: an -o name that
# says the format, format names in any case, -h and -V, the lists,
# -M metadata, --toc, --print-style, --data-dir and a build moved
# elsewhere, "did you mean", the summary that ends a batch.
S=$TOP/samples
A=$S/north-korea-china.xml
H=$S/harbour-lights.xml
export SOURCE_DATE_EPOCH=1700000000
mkdir -p "$TMP/w" && cd "$TMP/w" || exit 1

# ---- -o NAME.pdf / NAME.epub: that format, as a file --------------------------
check "-o brief.pdf: exit 0" expect_status 0 "$GALLEY" -q -o brief.pdf "$A"
check "-o brief.pdf: a PDF file, not a directory" sh -c "test -f brief.pdf && head -c 5 brief.pdf | grep -q '%PDF-'"
check "-o brief.pdf: no EPUB beside it" sh -c "[ \$(ls | wc -l) = 1 ]"
check "-o brief.epub: an EPUB file" sh -c "'$GALLEY' -q -o brief.epub '$A' && test -f brief.epub && unzip -p brief.epub mimetype | grep -qx application/epub+zip"
check "-o NAME.PDF: the extension in any case" sh -c "'$GALLEY' -q -o upper.PDF '$A' && head -c 5 upper.PDF | grep -q '%PDF-'"
check "-o NAME.pdf: the same bytes as -t pdf -o NAME.pdf" sh -c "'$GALLEY' -q -t pdf -o t.pdf '$A' && cmp brief.pdf t.pdf"
check "-t epub -o NAME.pdf: exit 2" expect_status 2 "$GALLEY" -t epub -o wrong.pdf "$A"
check "-t epub -o NAME.pdf: says why" grep -q "error: -o wrong.pdf names a pdf file, but -t asks for epub" "$TMP/err"
check "-t both -o NAME.pdf: exit 2" expect_status 2 "$GALLEY" -t both -o wrong.pdf "$A"
check "-o NAME.pdf with two inputs: exit 2" expect_status 2 "$GALLEY" -o two.pdf "$A" "$H"
check "-o NAME.pdf with two inputs: names the way out" grep -q "names one pdf file, but there are 2 inputs: give a directory (-o DIR/), or bind them into one with --collection" "$TMP/err"
check "refusals write nothing" sh -c "test ! -e wrong.pdf && test ! -e two.pdf"
check "-o NAME.pdf/ is a directory" sh -c "'$GALLEY' -q -o slash.pdf/ '$A' && test -f slash.pdf/north-korea-china.pdf && test -f slash.pdf/north-korea-china.epub"
check "-o NAME.pdf that is a directory stays one" sh -c "mkdir -p isdir.pdf && '$GALLEY' -q -o isdir.pdf '$A' '$H' && test -f isdir.pdf/harbour-lights.epub"
check "-o NAME.dump: the model dump" sh -c "'$GALLEY' -o m.dump '$A' && grep -q '^format article' m.dump"
check "collection -o NAME.pdf: only that PDF" sh -c "mkdir -p co && '$GALLEY' -q --collection 'Daily Brief' -o co/day.pdf '$A' '$H' && [ \"\$(ls co)\" = day.pdf ] && head -c 5 co/day.pdf | grep -q '%PDF-'"
check "collection named from its title" sh -c "mkdir -p cn && cd cn && '$GALLEY' -q --collection 'Daily Brief: 3 May' '$A' '$H' && [ \"\$(ls | tr '\\n' ' ')\" = 'daily-brief-3-may.epub daily-brief-3-may.pdf ' ]"
check "collection -o NAME.epub with -t pdf: exit 2" expect_status 2 "$GALLEY" --collection T -t pdf -o c.epub "$A" "$H"

# ---- standard input --------------------------------------------------------------
check "- without -o: exit 2" expect_status 2 "$GALLEY" - <"$A"
check "- without -o: says what to give" grep -q "needs -o: a file (-o brief.pdf), a directory (-o out/ writes out/stdin.pdf and out/stdin.epub), or - with one format" "$TMP/err"
check "- with -o DIR/: stdin.pdf and stdin.epub" sh -c "'$GALLEY' -q -o in/ - <'$A' && test -s in/stdin.pdf && test -s in/stdin.epub"
check "- with -o NAME.epub" sh -c "'$GALLEY' -q -o s.epub - <'$A' && unzip -l s.epub >/dev/null"

# ---- format names ----------------------------------------------------------------
check "-t epub3 is epub" sh -c "'$GALLEY' -q -t epub3 -o a3/ '$A' && test -s a3/north-korea-china.epub && [ \$(ls a3 | wc -l) = 1 ]"
check "-t PDF,EPUB: any case" sh -c "'$GALLEY' -q -t PDF,Epub -o up/ '$A' && test -s up/north-korea-china.pdf && test -s up/north-korea-china.epub"
check "-t Both" sh -c "'$GALLEY' -q -t Both -o bo/ '$A' && [ \$(ls bo | wc -l) = 2 ]"
for f in JATS jats DocBook NITF NewsML-G2 native Article nlm; do
	check "-f $f is known" sh -c "'$GALLEY' -q --check -f '$f' '$A' 2>/dev/null; [ \$? != 2 ]"
done
printf '<article><title>T</title><para>x</para></article>\n' > db.xml
check "-f DocBook reads as docbook" sh -c "'$GALLEY' -q -f DocBook -t dump -o - db.xml | head -1 | grep -qx 'format docbook'"
check "-f DocBook refuses a native article" sh -c "! '$GALLEY' -q -f DocBook -t dump -o - '$A' 2>err.txt && grep -q 'looks like galley' err.txt"
check "-t pfd: exit 2, did you mean pdf" sh -c "'$GALLEY' -t pfd '$A' 2>&1 | grep -q \"unknown output format 'pfd' (pdf, epub, dump, layout, both); did you mean 'pdf'?\""
check "-f jast: did you mean jats" sh -c "'$GALLEY' -f jast '$A' 2>&1 | grep -q \"did you mean 'jats'?\""

# ---- -h, -V, lists ------------------------------------------------------------------
check "-h: exit 0" expect_status 0 "$GALLEY" -h
check "-h is --help" sh -c "'$GALLEY' --help | cmp -s - '$TMP/out'"
check "-V: exit 0" expect_status 0 "$GALLEY" -V
check "-V is --version" grep -q '^galley [0-9]' "$TMP/out"
check "--list-input-formats: the format table, one per line" sh -c "[ \"\$('$GALLEY' --list-input-formats | tr '\\n' ' ')\" = 'article jats docbook nitf newsml newsml1 ' ]"
check "--list-output-formats" sh -c "[ \"\$('$GALLEY' --list-output-formats | tr '\\n' ' ')\" = 'pdf epub dump layout ' ]"
check "--list-styles: the styles folder" sh -c "[ \"\$('$GALLEY' --list-styles | tr '\\n' ' ')\" = 'brief magazine ' ]"
mkdir -p dd/styles dd/fonts
cp "$TOP/styles/brief.ini" dd/styles/ && cp "$TOP/fonts/fonts.conf" dd/fonts/
printf '[style]\ninherit = brief\n[page]\ncolumns = 2\n' >dd/styles/wide.ini
check "--list-styles with --data-dir, after it" sh -c "[ \"\$('$GALLEY' --list-styles --data-dir dd | tr '\\n' ' ')\" = 'brief wide ' ]"
check "--list-styles with GALLEY_DATA" sh -c "[ \"\$(GALLEY_DATA=dd '$GALLEY' --list-styles | tr '\\n' ' ')\" = 'brief wide ' ]"
mkdir -p here xdg/galley/styles
printf '[body]\nfont-size = 12pt\n' >here/mine.ini
printf '[body]\nfont-size = 11pt\n' >xdg/galley/styles/user.ini
check "--list-styles: also ./ and \$XDG_DATA_HOME/galley/styles, as -s searches" sh -c "cd here && [ \"\$(XDG_DATA_HOME='$PWD/xdg' '$GALLEY' --list-styles | tr '\\n' ' ')\" = 'brief magazine mine user ' ]"

# ---- options that are wrong ------------------------------------------------------------
check "--tocc: exit 2" expect_status 2 "$GALLEY" --tocc "$A"
check "--tocc: did you mean --toc" grep -q "^galley: error: unknown option '--tocc'; did you mean '--toc'?\$" "$TMP/err"
check "--colection=x: did you mean --collection" sh -c "'$GALLEY' --colection=x '$A' 2>&1 | grep -q \"unknown option '--colection'; did you mean '--collection'?\""
check "--frobnicate: no guess" sh -c "'$GALLEY' --frobnicate '$A' 2>&1 | grep -q \"unknown option '--frobnicate'\$\""
check "--help=x: exit 2" expect_status 2 "$GALLEY" --help=x
check "--help=x: takes no value, not unknown option '-'" sh -c "grep -q \"^galley: error: option '--help' takes no value\$\" '$TMP/err' && ! grep -q \"option '-'\" '$TMP/err'"
check "--quiet=1 names --quiet, not -q" sh -c "'$GALLEY' --quiet=1 '$A' 2>&1 | grep -q \"option '--quiet' takes no value\""
check "--list: ambiguous, names the three" sh -c "'$GALLEY' --list 2>&1 | grep -q \"option '--list' is ambiguous: --list-styles, --list-input-formats, --list-output-formats\""
check "-Z: unknown option '-Z'" sh -c "'$GALLEY' -Z '$A' 2>&1 | grep -q \"unknown option '-Z'\""
check "--toc -Zq: still '-Z'" sh -c "'$GALLEY' --toc -Zq '$A' 2>&1 | grep -q \"^galley: error: unknown option '-Z'\$\""
check "--resource-path that does not exist: exit 2" expect_status 2 "$GALLEY" --resource-path no/such/dir -t dump -o - "$A"
check "--resource-path that does not exist: says so" grep -q "error: --resource-path no/such/dir: No such file or directory" "$TMP/err"
check "--resource-path that is a file: exit 2" expect_status 2 "$GALLEY" --resource-path "$A" -t dump -o - "$A"

# ---- styles: did you mean --------------------------------------------------------------
check "-s magzine: exit 2" expect_status 2 "$GALLEY" -s magzine "$A"
check "-s magzine: did you mean magazine" grep -q "no style named 'magzine'.*; did you mean 'magazine'?" "$TMP/err"
printf '[body]\nfont-colour = #333333\n' >colour.ini
check "a style key misspelt: exit 2" expect_status 2 "$GALLEY" -s ./colour.ini -t dump -o - "$A"
check "a style key misspelt: did you mean color, at FILE:LINE" grep -q "^./colour.ini:2: error: unknown key 'font-colour' in \[body\]; did you mean 'color'?\$" "$TMP/err"

# ---- missing images name where they were looked for ---------------------------------------
mkdir -p site/art media
printf '<article><head><title>T</title></head><body><figure><img src="gone.png" alt="a"/></figure></body></article>\n' >site/art/fig.xml
check "missing image: the input's folder and --resource-path named" sh -c "'$GALLEY' --resource-path media -t dump -o fig.dump site/art/fig.xml 2>&1 | grep -q \"warning: image 'gone.png': file not found (looked in site/art/ and media) \[missing-image\]\""
check "missing image under --strict: the same places" sh -c "'$GALLEY' --strict -t dump -o fig.dump site/art/fig.xml 2>&1 | grep -q \"error: image 'gone.png': file not found (looked in site/art/) \[missing-image\]\""

# ---- -M: metadata over the source's, in both outputs ---------------------------------------
M="-M title=Replaced -M author=Ann -M author=Bob -M date=2024-02-03 -M language=de -M identifier=urn:isbn:9780000000000"
check "-M: exit 0" sh -c "'$GALLEY' -q $M -t dump -o meta.dump '$A'"
check "-M: the model has them" sh -c "grep -qx 'lang \"de\"' meta.dump && grep -qx 'identifier \"urn:isbn:9780000000000\"' meta.dump && grep -qx 'date \"2024-02-03\"' meta.dump && [ \"\$(grep '^author' meta.dump | tr '\\n' ' ')\" = 'author \"Ann\" author \"Bob\" ' ] && grep -q 'text \"Replaced\"' meta.dump"
check "-M: EPUB metadata" sh -c "'$GALLEY' -q $M -o meta.epub '$A' && unzip -p meta.epub '*.opf' >opf && grep -q '<dc:title>Replaced</dc:title>' opf && grep -q '<dc:language>de</dc:language>' opf && grep -q '>Ann</dc:creator>' opf && grep -q '>Bob</dc:creator>' opf && grep -q 'urn:isbn:9780000000000</dc:identifier>' opf"
check "-M: PDF metadata" sh -c "'$GALLEY' -q $M -o meta.pdf '$A' && pdfinfo meta.pdf >info && grep -q '^Title: *Replaced' info && grep -q '^Author: *Ann und Bob' info"
check "-M language=de: German labels" sh -c "'$GALLEY' -q -M language=de -t epub -o de.epub '$H' && unzip -p de.epub '*.xhtml' | grep -q 'Abbildung'"
check "-M lang= is language" sh -c "'$GALLEY' -q -M lang=fr -t dump -o - '$A' | grep -qx 'lang \"fr\"'"
check "-M titel=x: exit 2, did you mean title" sh -c "'$GALLEY' -M titel=x '$A' 2>&1 | grep -q \"not 'titel'; did you mean 'title'?\""
check "-M date=tomorrow: exit 2" expect_status 2 "$GALLEY" -M date=tomorrow "$A"
check "-M title: (no value): exit 2" expect_status 2 "$GALLEY" -M title= "$A"
check "-M with a collection: the collection's title page" sh -c "'$GALLEY' -q --collection 'Day' -M author=Desk -t pdf -o mc.pdf '$A' '$H' && pdfinfo mc.pdf | grep -q '^Author: *Desk'"
check "-M with a collection: the articles keep their own" sh -c "pdftotext mc.pdf - | grep -qi 'Naila Huseynova'"

# ---- --toc ------------------------------------------------------------------------------------
check "without --toc: brief's EPUB keeps nav out of the reading order" sh -c "'$GALLEY' -q -o notoc.epub '$H' && ! unzip -p notoc.epub '*.opf' | grep -q 'itemref idref=\"nav\"'"
check "--toc: the nav is read as the contents page" sh -c "'$GALLEY' -q --toc -o toc.epub '$H' && unzip -p toc.epub '*.opf' | grep -q 'itemref idref=\"nav\"' && unzip -p toc.epub '*nav.xhtml' | grep -q 'epub:type=\"toc\" href=\"nav.xhtml#toc\"'"
check "--toc in the report's options" sh -c "'$GALLEY' -q --toc -t dump -o t.dump --report toc.json '$A' && $PYTHON -c \"import json,sys; sys.exit(0 if json.load(open('toc.json'))['options']['toc'] is True else 1)\""

# ---- --print-style -----------------------------------------------------------------------------
check "--print-style brief: exit 0" expect_status 0 "$GALLEY" --print-style brief
check "--print-style: every section" sh -c "grep -qx '\[page\]' '$TMP/out' && grep -qx '\[body\]' '$TMP/out' && grep -qx '\[running-head\]' '$TMP/out'"
cp "$TMP/out" printed.ini
check "--print-style: loads again to the same values" sh -c "'$GALLEY' --print-style ./printed.ini | sed 1d >again && sed 1d printed.ini | cmp -s - again"
check "--print-style magazine: two columns" sh -c "'$GALLEY' --print-style magazine | grep -qx 'columns = 2'"
check "--print-style with --toc" sh -c "'$GALLEY' --toc --print-style brief | grep -qx 'toc = yes' && '$GALLEY' --print-style brief | grep -qx 'toc = no'"
check "--print-style magzine: exit 2, did you mean" sh -c "'$GALLEY' --print-style magzine 2>&1 >/dev/null | grep -q \"did you mean 'magazine'?\"; [ \$? = 0 ]"

# ---- a build copied elsewhere finds its data beside it ----------------------------------------------
mkdir -p pre/bin pre/share/galley/fonts moved
HERE=$(pwd -P)
cp "$GALLEY" pre/bin/galley
cp -R "$TOP/styles" "$TOP/schema" "$TOP/xml" pre/share/galley/
cp -R "$TOP/fonts/fonts.conf" "$TOP/fonts/cache" pre/share/galley/fonts/
check "a copy under PREFIX/bin: converts" expect_status 0 pre/bin/galley -q -o pre.pdf "$A"
check "a copy under PREFIX/bin: its data is PREFIX/share/galley" sh -c "pre/bin/galley -V | grep -qx \"data: $HERE/pre/share/galley\""
check "a copy under PREFIX/bin: --check finds the schema" expect_status 0 pre/bin/galley -q --check "$A"
cp "$GALLEY" moved/galley
# not when the machine has galley installed where this build would look
if [ ! -e /usr/local/share/galley/fonts/fonts.conf ]; then
	check "a copy without data: exit 1" expect_status 1 moved/galley -o moved.pdf "$A"
	check "a copy without data: says where it looked and how to point to it" sh -c "grep -q 'not in $HERE/moved/../share/galley, $HERE/moved/.., /usr/local/share/galley; name its folder with --data-dir DIR or GALLEY_DATA=DIR' '$TMP/err'"
	check "a copy without data: --check says so too" sh -c "moved/galley -q --check '$A' 2>&1 | grep -q 'name its folder with --data-dir DIR'"
fi
check "--data-dir DIR" expect_status 0 moved/galley -q --data-dir pre/share/galley -o moved.pdf "$A"
check "GALLEY_DATA=DIR" expect_status 0 env GALLEY_DATA=pre/share/galley moved/galley -q -o moved.epub "$A"
check "--data-dir wins over GALLEY_DATA" sh -c "GALLEY_DATA=/nonexistent moved/galley --data-dir pre/share/galley -V | grep -qx 'data: pre/share/galley'"
check "--data-dir that does not exist: exit 2" expect_status 2 "$GALLEY" --data-dir no/such/dir "$A"

# ---- the summary that ends a batch ------------------------------------------------------------------
mkdir -p batch
cp "$A" batch/a.xml; cp "$H" batch/b.xml; cp -R "$S/images" batch/
printf '<article>\n<head><title>x</title>\n</article>\n' >batch/c-bad.xml
printf '<article><head><title>T</title></head><body><p>a <blink>b</blink></p></body></article>\n' >batch/d-warn.xml
"$GALLEY" -t dump -o sum batch 2>sum.err
check "not a terminal: the last line sums the batch up" sh -c "tail -1 sum.err | grep -Eqx 'galley: 4 inputs, 3 converted, 1 failed, 1 warning, [0-9]+\.[0-9] s'"
check "-q: no summary" sh -c "! '$GALLEY' -q -t dump -o sum batch 2>&1 | grep -q 'inputs,'"
check "one input: no summary" sh -c "! '$GALLEY' -t dump -o one.dump '$A' 2>&1 | grep -q 'inputs,'"
# a native article's unknown element breaks the schema: --check fails it
check "--check: checked" sh -c "'$GALLEY' --check batch 2>&1 | tail -1 | grep -Eq '^galley: 4 inputs, 2 checked, 2 failed, 0 warnings, '"
check "--update: up to date" sh -c "rm -f sum/a.dump; '$GALLEY' --update -t dump -o sum batch 2>&1 | tail -1 | grep -Eq '^galley: 4 inputs, 1 converted, 2 up to date, 1 failed, 0 warnings, '"
check "collection: bound" sh -c "'$GALLEY' --collection Day -t dump -o day.dump batch 2>&1 | tail -1 | grep -Eq '^galley: 4 inputs, 3 bound, 1 failed, 1 warning, '"
check "--progress: the progress line gives way to the summary" sh -c "'$GALLEY' --progress -t dump -o sum batch 2>&1 | tail -c 200 | grep -Eq \"$(printf '\r\033')\\[Kgalley: 4 inputs, 3 converted, 1 failed, 1 warning, [0-9.]+ s\$\""

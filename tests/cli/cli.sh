# The command line's contract (DESIGN.md "Command line"): usage errors,
# messages, exit status, output names, standard input and output, atomic
# outputs under write failures, limits, dates.
S=$TOP/samples
A=$S/north-korea-china.xml
export SOURCE_DATE_EPOCH=1700000000
cd "$TMP" || exit 1

# ---- help, version --------------------------------------------------------
check "--help exits 0" expect_status 0 "$GALLEY" --help
check "--help names the options" grep -q -- '--shard=K/N' "$TMP/out"
check "--version exits 0" expect_status 0 "$GALLEY" --version
check "--version names the libraries" sh -c "grep -q '^galley ' '$TMP/out' && grep -q '^cairo ' '$TMP/out' && grep -q '^Pango ' '$TMP/out' && grep -q '^HarfBuzz ' '$TMP/out' && grep -q '^libxml2 ' '$TMP/out' && grep -q '^libzip ' '$TMP/out' && grep -q '^fonts' '$TMP/out'"

check "--hyphenation-cache into a missing directory: exit 1" expect_status 1 "$GALLEY" --hyphenation-cache "$TMP/no/such/dir"
check "its message names the file" grep -q 'error: cannot write .*/no/such/dir/' "$TMP/err"
check "--pdf-font-cache into a missing directory: exit 1" expect_status 1 "$GALLEY" --pdf-font-cache "$TMP/no/such/dir"
check "--pdf-font-cache names what it cannot write" grep -q "cannot write $TMP/no/such/dir/" "$TMP/err"

# ---- usage errors: exit 2, nothing written ---------------------------------
mkdir u && cd u || exit 1
check "no input: exit 2" expect_status 2 "$GALLEY"
check "usage message format" grep -q '^galley: error: ' "$TMP/err"
check "unknown option: exit 2" expect_status 2 "$GALLEY" --frobnicate "$A"
check "unknown short option: exit 2" expect_status 2 "$GALLEY" -Z "$A"
check "option without value: exit 2" expect_status 2 "$GALLEY" "$A" -o
check "unknown -t: exit 2" expect_status 2 "$GALLEY" -t docx "$A"
check "unknown -f: exit 2" expect_status 2 "$GALLEY" -f markdown "$A"
# --help, the usage error and the man page list the input formats of the
# table in src/import/pipeline.c
check "unknown -f: names every input format" grep -q "unknown input format 'markdown' (auto, article, jats, docbook, nitf, newsml, newsml1)\$" "$TMP/err"
check "--help: the same input formats" sh -c "'$GALLEY' --help | tr -s ' \\n' ' ' | grep -q -- '--from=FORMAT auto (default), article, jats, docbook, nitf, newsml, newsml1 '"
check "man page: names every input format" sh -c "
	'$GALLEY' -f markdown x 2>&1 | sed -n 's/.*(\\(.*\\))\$/\\1/p' | tr -d ' ' | tr ',' '\\n' | while read f; do
		grep -Eq \"^\\.BR? \$f( ,| \\.)?\$\" '$TOP/galley.1' || { echo missing \$f; exit 1; }
	done"
check "-j 0: exit 2" expect_status 2 "$GALLEY" -j 0 "$A"
check "-j x: exit 2" expect_status 2 "$GALLEY" -j x "$A"
check "--shard 0/3: exit 2" expect_status 2 "$GALLEY" --shard 0/3 "$A"
check "--shard 4/3: exit 2" expect_status 2 "$GALLEY" --shard 4/3 "$A"
check "--shard 1/0: exit 2" expect_status 2 "$GALLEY" --shard 1/0 "$A"
check "--shard x: exit 2" expect_status 2 "$GALLEY" --shard 1 "$A"
check "--limit unknown: exit 2" expect_status 2 "$GALLEY" --limit frobs=3 "$A"
check "--limit bad value: exit 2" expect_status 2 "$GALLEY" --limit pages=-1 "$A"
check "--limit without =: exit 2" expect_status 2 "$GALLEY" --limit pages "$A"
check "--paper unknown: exit 2" expect_status 2 "$GALLEY" --paper=tabloid-ish "$A"
check "--style missing: exit 2" expect_status 2 "$GALLEY" --style no-such-style "$A"
check "-o - with two formats: exit 2" expect_status 2 "$GALLEY" -o - "$A"
check "-o - with two inputs: exit 2" expect_status 2 "$GALLEY" -t dump -o - "$A" "$S/stadtwerke-solar.xml"
check "stdin without -o: exit 2" expect_status 2 "$GALLEY" -t dump - <"$A"
check "bad SOURCE_DATE_EPOCH: exit 2" sh -c "SOURCE_DATE_EPOCH=12ab '$GALLEY' -t dump '$A' >/dev/null 2>&1; [ \$? = 2 ]"
check "--collection without title: exit 2" expect_status 2 "$GALLEY" --collection= "$A"
check "--collection with --shard: exit 2" expect_status 2 "$GALLEY" --collection T --shard 1/2 "$A"
check "--collection, -o - and two formats: exit 2" expect_status 2 "$GALLEY" --collection T -o - "$A"
check "empty directory: exit 2" sh -c "mkdir -p '$TMP/empty'; '$GALLEY' '$TMP/empty' >/dev/null 2>&1; [ \$? = 2 ]"
check "output over its input: exit 2" sh -c "cp '$A' '$TMP/same.xml'; '$GALLEY' -t dump -o '$TMP/same.xml' '$TMP/same.xml' >/dev/null 2>&1; [ \$? = 2 ] && cmp -s '$A' '$TMP/same.xml'"
check "-o FILE with two formats: exit 2" sh -c "touch '$TMP/afile'; '$GALLEY' -o '$TMP/afile' '$A' >/dev/null 2>&1; [ \$? = 2 ]"
check "usage errors write nothing" sh -c "[ -z \"\$(ls -A '$TMP/u')\" ]"
cd "$TMP" || exit 1

# ---- messages and exit 1 ----------------------------------------------------
printf '<article>\n<head><title>T</title></head>\n<body><p>unclosed\n</body>\n</article>\n' >bad.xml
check "malformed input: exit 1" expect_status 1 "$GALLEY" -t dump -o bad.dump bad.xml
check "malformed input: FILE:LINE:COL: error:" grep -Eq '^bad\.xml:[0-9]+:[0-9]+: error: ' "$TMP/err"
check "malformed input: no output" test ! -e bad.dump
check "missing input: exit 1" expect_status 1 "$GALLEY" -t dump -o x.dump no-such.xml
check "missing input: FILE: error:" grep -q '^no-such\.xml: error: ' "$TMP/err"
printf '<article><head><title>T</title><frob>x</frob></head><body><p>a <blink>b</blink></p><blink>c</blink></body></article>\n' >warn.xml
check "warning: exit 0" expect_status 0 "$GALLEY" -t dump -o warn.dump warn.xml
check "warning: FILE:LINE:COL: warning: MESSAGE [code]" grep -Eq '^warn\.xml:[0-9]+(:[0-9]+)?: warning: .*\[[a-z-]+\]$' "$TMP/err"
check "warning: one per element name" sh -c "[ \$(grep -c 'blink' '$TMP/err') = 1 ]"
check "-q hides warnings" sh -c "'$GALLEY' -q -t dump -o warn.dump warn.xml 2>'$TMP/q'; [ ! -s '$TMP/q' ]"
check "--strict: warning fails" expect_status 1 "$GALLEY" --strict -t dump -o strict.dump warn.xml
check "--strict: printed as error" grep -q '^warn\.xml:.*: error: ' "$TMP/err"
check "--check writes nothing" sh -c "mkdir c && cd c && '$GALLEY' --check '$A' && [ -z \"\$(ls -A)\" ]"
check "--check on malformed: exit 1" expect_status 1 "$GALLEY" --check bad.xml

# ---- output names, stdout, stdin ---------------------------------------------
check "-o FILE: one input, one format" sh -c "'$GALLEY' -t dump -o one.out '$A' && test -s one.out"
check "-o DIR/: directory" sh -c "'$GALLEY' -t dump -o newdir/ '$A' && test -s newdir/north-korea-china.dump"
check "-o existing directory" sh -c "mkdir -p exist && '$GALLEY' -t dump -o exist '$A' && test -s exist/north-korea-china.dump"
check "default: current directory, both formats" sh -c "mkdir -p cur && cd cur && '$GALLEY' -q '$A' && test -s north-korea-china.pdf && test -s north-korea-china.epub"
check "-o -: standard output" sh -c "'$GALLEY' -t dump -o - '$A' >stdout.dump && cmp -s stdout.dump one.out"
check "stdin with -o" sh -c "'$GALLEY' -t dump -o stdin.dump - <'$A' && test -s stdin.dump"
check "-o - to /dev/full: exit 1" sh -c "'$GALLEY' -t dump -o - '$A' >/dev/full 2>'$TMP/full'; [ \$? = 1 ] && grep -q 'error: .*No space' '$TMP/full'"

# ---- atomic outputs -----------------------------------------------------------
mkdir at && echo previous >at/north-korea-china.dump
check "dump write fails: exit 1" sh -c "LD_PRELOAD='$FAULTS' GALLEY_FAULT_WRITE=1 '$GALLEY' -q -t dump -o at/ '$A'; [ \$? = 1 ]"
check "dump write fails: previous output kept" grep -qx previous at/north-korea-china.dump
check "dump write fails: no temporary file" no_temps at
# the disk fills at the first byte, within the sink's first write of
# 64 KiB, and past it (part of the file already written: the sample's PDF
# is about 80 KB); tests/cli/faults.c fills it under galley
for n in 1 30000 70000; do
	check "pdf write $n fails: exit 1" sh -c "echo previous >at/x.pdf; LD_PRELOAD='$FAULTS' GALLEY_FAULT_WRITE=$n '$GALLEY' -q -t pdf -o at/x.pdf '$S/harbour-lights.xml'; [ \$? = 1 ]"
	check "pdf write $n fails: previous kept" grep -qx previous at/x.pdf
	check "pdf write $n fails: no temporary file" no_temps at
done
check "epub write fails: previous kept" sh -c "echo previous >at/x.epub; LD_PRELOAD='$FAULTS' GALLEY_FAULT_WRITE=1 '$GALLEY' -q -t epub -o at/x.epub '$A'; [ \$? = 1 ] && grep -qx previous at/x.epub"
check "epub write fails: no temporary file" no_temps at
# the file is whole but cannot be made durable, or cannot be renamed over
# the previous output
check "fsync fails: exit 1, previous kept" sh -c "echo previous >at/x.pdf; LD_PRELOAD='$FAULTS' GALLEY_FAULT_FSYNC=1 '$GALLEY' -t pdf -o at/x.pdf '$S/harbour-lights.xml' 2>'$TMP/fs'; [ \$? = 1 ] && grep -qx previous at/x.pdf"
check "fsync fails: says so" grep -q '^at/x.pdf: error: cannot write: Input/output error' "$TMP/fs"
check "fsync fails: no temporary file" no_temps at
check "rename fails: exit 1, previous kept" sh -c "echo previous >at/x.pdf; LD_PRELOAD='$FAULTS' GALLEY_FAULT_RENAME=1 '$GALLEY' -q -t pdf -o at/x.pdf '$S/harbour-lights.xml'; [ \$? = 1 ] && grep -qx previous at/x.pdf"
check "rename fails: no temporary file" no_temps at
check "success replaces the output" sh -c "'$GALLEY' -q -t dump -o at/ '$A' && ! grep -qx previous at/north-korea-china.dump"
check "outputs are not private (umask)" sh -c "umask 022; '$GALLEY' -q -t dump -o perm.dump '$A' && ls -l perm.dump | grep -q '^-rw-r--r--'"
# a target that is no regular file is written in place: a rename over a
# pipe (or, as root, over /dev/null) would put a plain file in its place
# and leave its reader waiting
mkfifo pipe
(timeout 60 cat pipe >from-pipe) &
reader=$!
check "-o a FIFO: exit 0" expect_status 0 timeout 60 "$GALLEY" -q -t pdf -o pipe "$S/harbour-lights.xml"
wait $reader
check "-o a FIFO: the PDF comes through it" sh -c "head -c 5 from-pipe | grep -qx '%PDF-'"
check "-o a FIFO: it is still a FIFO" test -p pipe
check "-o a FIFO: no temporary file" no_temps .
check "unwritable output directory: exit 1" sh -c "'$GALLEY' -t dump -o /dev/null/sub/ '$A' 2>'$TMP/uw'; [ \$? = 1 ]"
check "unwritable output directory: message" grep -q 'error: ' "$TMP/uw"
if [ "$(id -u)" != 0 ]; then
	mkdir ro && chmod 555 ro
	check "read-only directory: exit 1" sh -c "'$GALLEY' -t dump -o ro/ '$A' 2>/dev/null; [ \$? = 1 ]"
	chmod 755 ro
fi

# ---- limits ---------------------------------------------------------------------
check "--limit input-bytes: exit 1" expect_status 1 "$GALLEY" --limit input-bytes=100 -t dump -o lim.dump "$A"
check "--limit input-bytes: message" grep -q 'limit' "$TMP/err"
check "--limit input-bytes on stdin" sh -c "'$GALLEY' --limit input-bytes=100 -t dump -o lim.dump - <'$A' 2>/dev/null; [ \$? = 1 ]"
check "--limit input-bytes=1M accepted" "$GALLEY" --limit input-bytes=1M -t dump -o lim.dump "$A"

# ---- dates and reproducibility --------------------------------------------------
check "same dump whatever TZ" sh -c "TZ=Asia/Tokyo '$GALLEY' -q -t dump -o tz1.dump '$A' && TZ=UTC '$GALLEY' -q -t dump -o tz2.dump '$A' && cmp -s tz1.dump tz2.dump"
mkdir r1 r2 r3
check "pdf+epub, TZ=UTC LC_ALL=C" sh -c "TZ=UTC LC_ALL=C '$GALLEY' -q -o r1/ '$S/harbour-lights.xml'"
check "pdf+epub, TZ=Asia/Tokyo LC_ALL=C.UTF-8" sh -c "TZ=Asia/Tokyo LC_ALL=C.UTF-8 '$GALLEY' -q -o r2/ '$S/harbour-lights.xml'"
check "pdf bytes identical across TZ" cmp r1/harbour-lights.pdf r2/harbour-lights.pdf
check "epub bytes identical across TZ" cmp r1/harbour-lights.epub r2/harbour-lights.epub
# without SOURCE_DATE_EPOCH the article's own date decides: still stable
D=$S/stadtwerke-solar.xml
check "no SOURCE_DATE_EPOCH: dated article stable" sh -c "unset SOURCE_DATE_EPOCH; TZ=Pacific/Kiritimati '$GALLEY' -q -t pdf -o r3/a.pdf '$D' && sleep 1 && TZ=America/Adak '$GALLEY' -q -t pdf -o r3/b.pdf '$D' && cmp -s r3/a.pdf r3/b.pdf"
check "no SOURCE_DATE_EPOCH: the article's date in the PDF" sh -c "unset SOURCE_DATE_EPOCH; pdfinfo -isodates r3/a.pdf | grep -q '^CreationDate: *2025-06-02T00:00:00'"
check "SOURCE_DATE_EPOCH wins over the article's date" sh -c "SOURCE_DATE_EPOCH=1700000000 '$GALLEY' -q -t pdf -o r3/c.pdf '$D' && pdfinfo -isodates r3/c.pdf | grep -q '^CreationDate: *2023-11-14T22:13:20'"

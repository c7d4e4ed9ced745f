# Hostile and broken input: each case asserts the exit status, the message,
# and that no output and no temporary file was left behind.
P=$TOP/tests/patho
mkdir -p "$TMP/in" "$TMP/o"
IN=$TMP/in

# bad CASE-NAME FILE: conversion must fail with exit 1, a located error,
# and leave nothing in the output directory
bad() {
	name=$1 f=$2; shift 2
	rm -rf "$TMP/o"; mkdir -p "$TMP/o"
	check "$name: exit 1" expect_status 1 timeout 20 "$GALLEY" -q -o "$TMP/o/" "$@" "$f"
	check "$name: located error" grep -Eq "^$f(:[0-9]+:[0-9]+)?: error: " "$TMP/err"
	check "$name: no output left" sh -c "[ -z \"\$(ls -A '$TMP/o')\" ]"
}
# warned CASE-NAME FILE CODE: converts (exit 0) with a warning [CODE]
warned() {
	name=$1 f=$2 code=$3; shift 3
	rm -rf "$TMP/o"; mkdir -p "$TMP/o"
	check "$name: exit 0" expect_status 0 timeout 20 "$GALLEY" -o "$TMP/o/" "$@" "$f"
	check "$name: warning [$code]" grep -q "warning: .*\[$code\]" "$TMP/err"
	check "$name: no temporary file" no_temps "$TMP/o"
}
ok() {
	name=$1 f=$2; shift 2
	rm -rf "$TMP/o"; mkdir -p "$TMP/o"
	check "$name: exit 0" expect_status 0 timeout 20 "$GALLEY" -q -o "$TMP/o/" "$@" "$f"
	check "$name: outputs written" sh -c "ls '$TMP/o' | grep -q pdf && ls '$TMP/o' | grep -q epub"
}
art() { # a native article with BODY as its body
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<article><head><title>T</title></head><body>%s</body></article>\n' "$1"
}

# ---- malformed XML ----
printf '<article><head><title>T</title></head><body><p>open</body></article>' >"$IN/unclosed.xml"
bad "unclosed tag" "$IN/unclosed.xml"
: >"$IN/empty.xml"
bad "empty file" "$IN/empty.xml"
head -c 4096 /dev/urandom >"$IN/binary.xml"
bad "binary file" "$IN/binary.xml"
art '<p>a long paragraph that is cut' | head -c 80 >"$IN/truncated.xml"
bad "truncated file" "$IN/truncated.xml"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<article><head><title>T\377\376</title></head><body/></article>\n' >"$IN/badutf8.xml"
bad "invalid UTF-8" "$IN/badutf8.xml"
printf '<article><head><title>T</title></head><body><p>a\000b</p></body></article>\n' >"$IN/nul.xml"
bad "NUL byte" "$IN/nul.xml"
printf '<article><head><title>T&#xD800;</title></head><body/></article>\n' >"$IN/surrogate.xml"
bad "surrogate escape" "$IN/surrogate.xml"
art '<p>&nosuchentity;</p>' >"$IN/undefined.xml"
bad "undefined entity" "$IN/undefined.xml"
python3 -c "print('<article><head><title>T</title></head><body>' + '<blockquote>' * 100000 + '</blockquote>' * 100000 + '</body></article>')" >"$IN/deep.xml"
bad "100,000 levels of nesting" "$IN/deep.xml"
python3 -c "print('<article><head><title>T</title></head><body><p>' + 'x' * (11 << 20) + '</p></body></article>')" >"$IN/bigtext.xml"
bad "11 MB text node" "$IN/bigtext.xml"
python3 -c "print('<article><head><title>T</title></head><body><p id=\"' + 'x' * (11 << 20) + '\">a</p></body></article>')" >"$IN/bigattr.xml"
bad "11 MB attribute" "$IN/bigattr.xml"
python3 -c "import sys; sys.stdout.write('<article><head><title>T</title></head><body>' + '<p>word word word word word word word word word</p>' * 1500000 + '</body></article>')" >"$IN/huge.xml"
bad "input over the byte limit" "$IN/huge.xml"
printf '<html><body><p>not an article</p></body></html>\n' >"$IN/html.xml"
bad "unknown vocabulary" "$IN/html.xml"

# ---- entities and DTDs ----
cat >"$IN/xxe.xml" <<'X'
<?xml version="1.0"?>
<!DOCTYPE article [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<article><head><title>T</title></head><body><p>&xxe;</p></body></article>
X
"$GALLEY" -q -t dump -o - "$IN/xxe.xml" >"$TMP/xxe.out" 2>&1
check "XXE file:// entity: nothing of /etc/passwd" sh -c "! grep -q 'root:' '$TMP/xxe.out'"
cat >"$IN/xxe2.xml" <<'X'
<?xml version="1.0"?>
<!DOCTYPE article SYSTEM "/etc/passwd">
<article><head><title>T</title></head><body><p>text</p></body></article>
X
ok "DOCTYPE pointing outside the catalog is skipped" "$IN/xxe2.xml"
cat >"$IN/net.xml" <<'X'
<?xml version="1.0"?>
<!DOCTYPE article SYSTEM "http://192.0.2.1/article.dtd">
<article><head><title>T</title></head><body><p>text</p></body></article>
X
ok "network DTD is never fetched" "$IN/net.xml"
cat >"$IN/laughs.xml" <<'X'
<?xml version="1.0"?>
<!DOCTYPE article [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<article><head><title>T</title></head><body><p>&g;</p></body></article>
X
bad "billion laughs" "$IN/laughs.xml"
cat >"$IN/loop.xml" <<'X'
<?xml version="1.0"?>
<!DOCTYPE article [ <!ENTITY a "&b;"> <!ENTITY b "&a;"> ]>
<article><head><title>T</title></head><body><p>&a;</p></body></article>
X
bad "recursive entity" "$IN/loop.xml"
cat >"$IN/xinclude.xml" <<'X'
<?xml version="1.0"?>
<article xmlns:xi="http://www.w3.org/2001/XInclude"><head><title>T</title></head>
<body><p>before</p><xi:include href="/etc/passwd" parse="text"/><p>after</p></body></article>
X
"$GALLEY" -t dump -o - "$IN/xinclude.xml" >"$TMP/xi.out" 2>&1
check "XInclude is not processed" sh -c "! grep -q 'root:' '$TMP/xi.out'"

# ---- resources outside the fence ----
mkdir -p "$IN/site/images" "$TMP/outside"
cp "$TOP/samples/images/tonnage.png" "$TMP/outside/secret.png"
cp "$TOP/samples/images/tonnage.png" "$IN/site/images/ok.png"
ln -sf "$TMP/outside/secret.png" "$IN/site/images/link.png"
fig() { art "<figure><img src=\"$1\" alt=\"alt text here\"/><caption>Cap</caption></figure>" >"$IN/site/$2.xml"; }
fig /etc/passwd abs;            warned "absolute image path" "$IN/site/abs.xml" missing-image
fig ../../outside/secret.png up; warned "image path escaping with .." "$IN/site/up.xml" missing-image
fig images/link.png symlink;    warned "symlink leading outside" "$IN/site/symlink.xml" missing-image
fig http://192.0.2.1/x.png url; warned "http image URL" "$IN/site/url.xml" missing-image
fig file:///etc/passwd fileurl; warned "file: image URL" "$IN/site/fileurl.xml" missing-image
fig images/none.png missing;    warned "missing image" "$IN/site/missing.xml" missing-image
check "missing image: placeholder keeps alt text in the EPUB" sh -c "unzip -p '$TMP/o/missing.epub' '*.xhtml' | grep -q 'alt text here'"
check "missing image: caption in the PDF" sh -c "pdftotext '$TMP/o/missing.pdf' - | grep -q Cap"
fig images/ok.png good;         ok "image inside the fence" "$IN/site/good.xml"
check "missing image is an error under --strict" expect_status 1 "$GALLEY" -q --strict -o "$TMP/o/" "$IN/site/missing.xml"
# a PNG that declares 50,000 x 50,000 pixels (only the header is real)
python3 - "$IN/site/images/bomb.png" <<'X'
import sys, struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 50000, 50000, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b'\0' * 1000)) + chunk(b'IEND', b''))
X
fig images/bomb.png bomb;       warned "PNG decompression bomb" "$IN/site/bomb.xml" missing-image
# a JPEG whose SOF claims 65,000 x 65,000
python3 - "$IN/site/images/bomb.jpg" <<'X'
import sys, struct
sof = b'\xff\xc0' + struct.pack('>HBHHB', 17, 8, 65000, 65000, 3) + b'\x01\x22\x00\x02\x11\x01\x03\x11\x01'
open(sys.argv[1], 'wb').write(b'\xff\xd8' + sof + b'\xff\xd9')
X
fig images/bomb.jpg jbomb;      warned "JPEG claiming gigapixels" "$IN/site/jbomb.xml" missing-image
printf '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><g id="a"><use xlink:href="#b"/></g><g id="b"><use xlink:href="#a"/></g></svg>' >"$IN/site/images/loop.svg"
fig images/loop.svg svgloop
check "SVG with recursive use: no crash or hang" sh -c "timeout 20 '$GALLEY' -q -o '$TMP/o/' '$IN/site/svgloop.xml'; [ \$? -lt 2 ]"
printf 'GIF89a\377\377\377\377' >"$IN/site/images/trunc.gif"
fig images/trunc.gif gif;      warned "truncated GIF" "$IN/site/gif.xml" missing-image

# ---- limits ----
art '<p>one</p><p>two</p><p>three</p><p>four</p>' >"$IN/four.xml"
bad "--limit nodes" "$IN/four.xml" --limit nodes=5
bad "--limit input-bytes" "$IN/four.xml" --limit input-bytes=50
python3 -c "print('<article><head><title>T</title></head><body>' + '<p>' + 'many words here ' * 4000 + '</p>' + '</body></article>')" >"$IN/pages.xml"
bad "--limit pages" "$IN/pages.xml" --limit pages=1 -t pdf
check "--limit with an unknown name is a usage error" expect_status 2 "$GALLEY" --limit frobs=1 "$IN/four.xml"

# a DocBook synopsis of 200 nested groups and 20,000 choices: written
# into its text at once and measured a few levels deep (word by word and
# at every level it took 15-30 s)
python3 -c "print('<refentry><refsynopsisdiv><cmdsynopsis><command>x</command>' + '<group>' * 200 + ''.join('<arg>-a%d</arg>' % i for i in range(20000)) + '</group>' * 200 + '</cmdsynopsis></refsynopsisdiv></refentry>')" >"$IN/synopsis.xml"
check "deep, wide synopsis converts" expect_status 0 timeout 20 "$GALLEY" -q -t dump -o "$TMP/synopsis.dump" "$IN/synopsis.xml"
check "deep, wide synopsis: every choice" grep -q '| -a19999\]' "$TMP/synopsis.dump"

# ---- outputs are never lost ----
mkdir -p "$TMP/keep"
"$GALLEY" -q -t pdf -o "$TMP/keep/a.pdf" "$TOP/samples/north-korea-china.xml"
cp "$TMP/keep/a.pdf" "$TMP/keep/a.orig"
check "write failure: exit 1" expect_status 1 env LD_PRELOAD="$FAULTS" GALLEY_FAULT_WRITE=3 "$GALLEY" -q -t pdf -o "$TMP/keep/a.pdf" "$TOP/samples/harbour-lights.xml"
check "write failure: previous output untouched" cmp "$TMP/keep/a.pdf" "$TMP/keep/a.orig"
check "write failure: no temporary file" no_temps "$TMP/keep"
check "full disk on stdout: exit 1" expect_status 1 sh -c "'$GALLEY' -q -t epub -o - '$TOP/samples/north-korea-china.xml' >/dev/full"
mkdir -p "$TMP/ro"; chmod 555 "$TMP/ro"
if [ "$(id -u)" != 0 ]; then
	check "unwritable output directory: exit 1" expect_status 1 "$GALLEY" -q -o "$TMP/ro/" "$TOP/samples/north-korea-china.xml"
else
	check "output under a regular file: exit 1" expect_status 1 "$GALLEY" -q -o "$TMP/keep/a.orig/x.pdf" "$TOP/samples/north-korea-china.xml"
fi
check "unwritable output: one clear message" sh -c "[ \$(grep -c 'error:' '$TMP/err') -ge 1 ]"
python3 -c "print('<article><head><title>T</title></head><body>' + ('<p>' + 'many words in a long text ' * 40 + '</p>') * 30 + '</body></article>')" >"$IN/slow.xml"
# the signal comes while the output is being written (tests/cli/faults.c
# stops the conversion there), not after a guessed time
LD_PRELOAD="$FAULTS" GALLEY_FAULT_CRASH=stall:slow.xml "$GALLEY" -q -o "$TMP/keep/" "$IN/slow.xml" 2>"$TMP/eslow" & pid=$!
wait_for grep -q '^galley-fault: stalled' "$TMP/eslow"
kill -TERM $pid 2>/dev/null; { wait $pid; } 2>/dev/null
check "SIGTERM mid-output: galley ends by the signal" test "$?" = 143
check "SIGTERM mid-output: no temporary file" no_temps "$TMP/keep"
check "SIGTERM mid-output: no output, the previous ones kept" sh -c "[ \"\$(ls '$TMP/keep' | tr '\\n' ' ')\" = 'a.orig a.pdf ' ]"

# ---- Unicode that breaks naive code ----
art "<p>e&#x301;&#x301;&#x301; n&#x303; 👩&#x200D;👩&#x200D;👧 &#x202E;reversed&#x202C; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‏עברית‎ العربية 漢字かな한글 🏳️‍🌈</p>" >"$IN/unicode.xml"
ok "combining marks, ZWJ, bidi controls, emoji, astral" "$IN/unicode.xml"
art '<section id="𝔰𝔢𝔠"><title>Astral id</title><p>See <xref to="𝔰𝔢𝔠"/>.</p></section>' >"$IN/astral-id.xml"
ok "astral characters in ids" "$IN/astral-id.xml"
cp "$IN/four.xml" "$IN/𝔫𝔞𝔪𝔢-ü.xml"
ok "astral characters in file names" "$IN/𝔫𝔞𝔪𝔢-ü.xml"
art "<p>$(python3 -c "print('x' * 5000)")</p><pre>$(python3 -c "print('y' * 3000)")</pre>" >"$IN/longword.xml"
ok "a word far wider than the measure" "$IN/longword.xml"
art '<table><tbody><tr>'"$(python3 -c "print('<td>cell</td>' * 200)")"'</tr></tbody></table>' >"$IN/wide.xml"
ok "a table with 200 columns" "$IN/wide.xml"

# ---- every vocabulary, malformed ----
printf '<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front><body><sec><p>x</sec></body></article>' >"$IN/jats.xml"
bad "malformed JATS" "$IN/jats.xml"
printf '<article><sect1><title>T</title><para>x</sect1></article>' >"$IN/docbook.xml"
bad "malformed DocBook 4" "$IN/docbook.xml"
printf '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><info><title>T</title></info><para>x</article>' >"$IN/db5.xml"
bad "malformed DocBook 5" "$IN/db5.xml"
printf '<nitf><head><title>T</title></head><body><body.content><p>x</body.content></body></nitf>' >"$IN/nitf.xml"
bad "malformed NITF" "$IN/nitf.xml"
printf '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet><newsItem><contentSet></newsItem></itemSet></newsMessage>' >"$IN/newsml.xml"
bad "malformed NewsML-G2" "$IN/newsml.xml"
for f in "$P"/*.xml; do
	[ -f "$f" ] || continue
	check "regression $(basename "$f"): no crash" sh -c "timeout 20 '$GALLEY' -q -o '$TMP/o/' '$f'; [ \$? -lt 2 ]"
done
# one paragraph of 200,000 words with links, emphasis and notes: the
# breaker and the page builder stay linear (make bench measures how
# fast); the generous timeout only catches a hang
python3 "$P/gen_paragraph.py" "$TOP/samples/north-korea-china.xml" 200000 "$IN/paragraph.xml" markup
check "one paragraph of 200,000 words: no hang" expect_status 0 timeout 600 "$GALLEY" -q -t pdf -o "$TMP/o/paragraph.pdf" "$IN/paragraph.xml"

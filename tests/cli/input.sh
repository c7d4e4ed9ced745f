# Input: --check with the schema, the input's encoding, sniffing,
# --strict. What the importers make of an input (entities through the
# catalog, located errors, leniency) is in tests/spec.
mkdir -p "$TMP/in"
IN=$TMP/in
CORPUS=$TOP/../shared/corpus

# ---- --check ----
for x in "$TOP"/samples/*.xml; do
	check "--check $(basename "$x")" expect_status 0 "$GALLEY" -q --check "$x"
done
cat >"$IN/invalid.xml" <<'X'
<article>
<head><title>T</title></head>
<body><p>a</p>
<list type="zigzag"><item>x</item></list>
<figure><caption>no image</caption></figure>
</body></article>
X
check "--check: schema violations fail" expect_status 1 "$GALLEY" --check "$IN/invalid.xml"
# they fail the check, so they are errors, as the exit status says
check "--check: violations are [schema] errors with a line" \
	grep -q "invalid.xml:4: error: .*\[schema\]" "$TMP/err"
check "--check: no violation is called a warning" sh -c "! grep -q 'warning:' '$TMP/err'"
check "--check: every violation reported" sh -c "[ \$(grep -c '\[schema\]' '$TMP/err') -ge 2 ]"
check "--check: each violation once, no count besides" sh -c "[ \$(grep -c 'error:' '$TMP/err') = \$(grep -c '\[schema\]' '$TMP/err') ]"
check "--check --strict: the same errors" sh -c "'$GALLEY' --check --strict '$IN/invalid.xml' 2>'$TMP/strict.err'; [ \$? = 1 ] && cmp -s '$TMP/err' '$TMP/strict.err'"
check "--check --report: violations are the input's errors" sh -c "'$GALLEY' -q --check --report '$TMP/check.json' '$IN/invalid.xml'; $PYTHON -c \"
import json, sys; r = json.load(open('$TMP/check.json'))['inputs'][0]
sys.exit(0 if r['status'] == 'error' and not r['warnings'] and all(e['code'] == 'schema' for e in r['errors']) else 1)\""

# ---- --check --strict finds what a conversion with --strict refuses ----
mkdir -p "$IN/img"
printf '<article><head><title>T</title></head><body><figure><img src="gone.png" alt="a map"/><caption>C</caption></figure></body></article>\n' >"$IN/img/noimg.xml"
printf '<article><head><title>T</title></head><body><p>See <xref to="nowhere"/>.</p></body></article>\n' >"$IN/img/nolink.xml"
printf '<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front><body><fig id="f"><graphic xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="gone.png"/></fig></body></article>\n' >"$IN/img/jats.xml"
for x in noimg nolink jats; do
	"$GALLEY" -q --strict -t dump -o "$TMP/$x.dump" "$IN/img/$x.xml" 2>/dev/null
	convert=$?
	"$GALLEY" -q --check --strict "$IN/img/$x.xml" 2>"$TMP/$x.check"
	check "--check --strict $x: fails as the conversion does ($convert)" test "$?" = "$convert" -a "$convert" = 1
done
check "--check --strict: the missing image named" grep -q "noimg.xml:.*error: image 'gone.png': file not found.*\[missing-image\]" "$TMP/noimg.check"
check "--check (not strict): a missing image is a warning, exit 0" expect_status 0 "$GALLEY" --check "$IN/img/noimg.xml"
check "--check: its warning says so" grep -q "warning: image 'gone.png'" "$TMP/err"
check "--check still writes nothing" sh -c "cd '$IN/img' && [ \$(ls | wc -l) = 3 ]"

# ---- encoding ----
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<article><head><title>Caf\351</title></head><body><p>na\357ve</p></body></article>\n' >"$IN/latin1.xml"
check "ISO-8859-1 input" expect_status 0 "$GALLEY" -q -t dump -o - "$IN/latin1.xml"
check "ISO-8859-1 text read right" grep -q "naïve" "$TMP/out"

# ---- sniffing ----
printf '<html><body/></html>\n' >"$IN/html.xml"
check "unknown vocabulary fails" expect_status 1 "$GALLEY" -q -t dump -o "$TMP/h.dump" "$IN/html.xml"
check "unknown vocabulary names the root element" grep -q "html.xml:1:1: error: .*<html>" "$TMP/err"

# ---- --strict: the native importer's leniency ends ----
printf '<article><head><title>T</title></head>\n<body><p>a <blink>b</blink> <blink>c</blink></p>\n<marquee>d</marquee></body></article>\n' >"$IN/unknown.xml"
check "unknown element is an error under --strict" expect_status 1 "$GALLEY" -q --strict -t dump -o "$TMP/s.dump" "$IN/unknown.xml"

# ---- every corpus file loads and imports ----
corpus_files "$CORPUS" jats docbook nitf
for x in $CORPUS_FILES; do
	check "--check corpus $(basename "$x")" expect_status 0 "$GALLEY" -q --check "$x"
done

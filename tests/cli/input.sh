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
check "--check: violations are [schema] warnings with a line" \
	grep -q "invalid.xml:4:.*warning: .*\[schema\]" "$TMP/err"
check "--check: every violation reported" sh -c "[ \$(grep -c '\[schema\]' '$TMP/err') -ge 2 ]"

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

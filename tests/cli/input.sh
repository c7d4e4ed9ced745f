# Input: safe loading through the catalog, sniffing, --check with the
# schema, located errors, the native importer's leniency.
mkdir -p "$TMP/in"
IN=$TMP/in
CORPUS=$TOP/../shared/corpus
# from a worktree under /work/wt the shared tree is one level further up
[ -d "$CORPUS" ] || CORPUS=$TOP/../../shared/corpus

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
check "schema-invalid input still converts" expect_status 0 "$GALLEY" -q -t dump -o "$TMP/inv.dump" "$IN/invalid.xml"

# ---- entities through the catalog ----
cat >"$IN/db4.xml" <<'X'
<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.2//EN"
  "http://www.oasis-open.org/docbook/xml/4.2/docbookx.dtd">
<article><title>Dashes</title><para>one&mdash;two&hellip; caf&eacute;</para></article>
X
check "DocBook 4 ISO entities" expect_status 0 "$GALLEY" -q -t dump -o - "$IN/db4.xml"
check "DocBook 4 entity text" grep -q "one—two… café" "$TMP/out"
cat >"$IN/jats.xml" <<'X'
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article><front><article-meta><title-group><article-title>Sums</article-title></title-group></article-meta></front>
<body><p>1&plus;1 &alpha; &szlig;&lsqb;x&rsqb; &mdash;</p></body></article>
X
check "JATS entities from our entity-only DTD" expect_status 0 "$GALLEY" -q -t dump -o - "$IN/jats.xml"
check "JATS entity text" grep -q "1+1 α ß\[x\] —" "$TMP/out"
printf '<?xml version="1.0"?>\n<article>\n<head><title>T</title></head>\n<body><p>x &nosuch; y</p></body></article>\n' >"$IN/undef.xml"
check "undefined entity fails" expect_status 1 "$GALLEY" -q -t dump -o "$TMP/u.dump" "$IN/undef.xml"
check "undefined entity: FILE:LINE:COL" grep -Eq "undef.xml:4:[0-9]+: error: .*nosuch" "$TMP/err"
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<article><head><title>Caf\351</title></head><body><p>na\357ve</p></body></article>\n' >"$IN/latin1.xml"
check "ISO-8859-1 input" expect_status 0 "$GALLEY" -q -t dump -o - "$IN/latin1.xml"
check "ISO-8859-1 text read right" grep -q "naïve" "$TMP/out"

# ---- sniffing ----
printf '<html><body/></html>\n' >"$IN/html.xml"
check "unknown vocabulary fails" expect_status 1 "$GALLEY" -q -t dump -o "$TMP/h.dump" "$IN/html.xml"
check "unknown vocabulary names the root element" grep -q "html.xml:1:1: error: .*<html>" "$TMP/err"

# ---- leniency of the native importer ----
printf '<article><head><title>T</title></head>\n<body><p>a <blink>b</blink> <blink>c</blink></p>\n<marquee>d</marquee></body></article>\n' >"$IN/unknown.xml"
check "unknown elements convert" expect_status 0 "$GALLEY" -t dump -o - "$IN/unknown.xml"
check "unknown element: text kept" grep -q 'text "a b c"' "$TMP/out"
check "unknown element: one warning per name" sh -c "[ \$(grep -c 'unknown element <blink>' '$TMP/err') = 1 ]"
check "unknown element: warning located" grep -q "unknown.xml:2:[0-9]*: warning: unknown element <blink> \[unknown-element\]" "$TMP/err"
check "unknown element is an error under --strict" expect_status 1 "$GALLEY" -q --strict -t dump -o "$TMP/s.dump" "$IN/unknown.xml"

# ---- every corpus file loads (and, with its importer built, imports) ----
if [ -d "$CORPUS" ]; then
	for x in "$CORPUS"/*/*.xml; do
		check "--check corpus $(basename "$x")" expect_status 0 "$GALLEY" -q --check "$x"
	done
fi

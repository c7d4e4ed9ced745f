# Files people already have: every DocBook DTD version, entities no DTD
# declares, books whose chapters are external entities, and make corpus.
IN=$TMP/in
mkdir -p "$IN/book/parts" "$IN/o"

# ---- DocBook 4.0 to 4.5 through the catalog, offline ----
for v in 4.0 4.1 4.1.2 4.2 4.3 4.4 4.5; do
	case $v in
	4.0) pub="-//Norman Walsh//DTD DocBk XML V4.0//EN" ;;
	*) pub="-//OASIS//DTD DocBook XML V$v//EN" ;;
	esac
	cat >"$IN/db$v.xml" <<X
<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "$pub"
  "http://www.oasis-open.org/docbook/xml/$v/docbookx.dtd">
<article><title>Dashes</title><para>one&mdash;two&hellip; caf&eacute;</para></article>
X
	check "DocBook $v loads" expect_status 0 "$GALLEY" -t dump -o - "$IN/db$v.xml"
	check "DocBook $v entities" grep -q "one—two… café" "$TMP/out"
	check "DocBook $v: no warning" test ! -s "$TMP/err"
done
# an error inside a DTD names the DTD, its line, and the input
printf '<!DOCTYPE article PUBLIC "-//OASIS//ELEMENTS DocBook XML Information Pool V4.1.2//EN" "dbpoolx.mod">\n<article/>\n' >"$IN/module.xml"
check "error in a DTD fails" expect_status 1 "$GALLEY" -q -t dump -o - "$IN/module.xml"
check "error in a DTD: the DTD's FILE:LINE:COL and the input" \
	grep -Eq "^/usr/share/xml/docbook/schema/dtd/4.1.2/dbpoolx.mod:632:[0-9]+: error: .*notation.class.*read for $IN/module.xml" "$TMP/err"

# ---- entities no DTD declares ----
cat >"$IN/kde.xml" <<'X'
<?xml version="1.0" ?>
<!DOCTYPE article PUBLIC "-//KDE//DTD DocBook XML V4.5-Based Variant V1.1//EN" "dtd/kdedbx45.dtd" [
  <!ENTITY % addindex "IGNORE">
]>
<article><title>The &kappname; Handbook</title>
<para>&kappname; is part of <ulink url="https://kde.org/&kde;">&kde;</ulink>.</para>
</article>
X
check "unavailable DTD: converts" expect_status 0 "$GALLEY" -t dump -o - "$IN/kde.xml"
check "unavailable DTD: one warning per name" test "$(grep -c 'warning: .*\[undefined-entity\]' "$TMP/err")" = 2
check "unavailable DTD: FILE:LINE:COL of the first use" \
	grep -q "kde.xml:5:21: warning: &kappname; is not defined, kept as text (the DTD \"dtd/kdedbx45.dtd\" was not read)" "$TMP/err"
check "unavailable DTD: the reference stays visible" grep -q 'text "The &kappname; Handbook"' "$TMP/out"
check "unavailable DTD: in attributes too" grep -q 'href="https://kde.org/&kde;"' "$TMP/out"
check "unavailable DTD: --strict fails" expect_status 1 "$GALLEY" --strict -q -t dump -o - "$IN/kde.xml"
printf '<article><title>T</title>\n<para>one&mdash;two&hellip; caf&eacute; &lsqb;x&rsqb;</para></article>\n' >"$IN/nodoctype.xml"
check "no DOCTYPE, standard entities: converts" expect_status 0 "$GALLEY" -t dump -o - "$IN/nodoctype.xml"
check "no DOCTYPE: resolved" grep -q 'one—two… café \[x\]' "$TMP/out"
check "no DOCTYPE: one warning" test "$(grep -c 'warning: ' "$TMP/err")" = 1
check "no DOCTYPE: at the first use" grep -q 'nodoctype.xml:2:10: warning: .*\[standard-entity\]' "$TMP/err"
check "no DOCTYPE: --strict fails" expect_status 1 "$GALLEY" --strict -q -t dump -o - "$IN/nodoctype.xml"

# ---- a book whose chapters are external entities ----
cat >"$IN/book/book.xml" <<'X'
<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN"
  "http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd" [
<!ENTITY app "<application>Galley</application>">
<!ENTITY intro SYSTEM "intro.xml">
<!ENTITY usage SYSTEM "parts/usage.xml">
]>
<article><title>Split</title>
&intro;
&usage;
</article>
X
printf '<sect1><title>Introduction</title><para>&app; reads &mdash; chapters.</para></sect1>\n' >"$IN/book/intro.xml"
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<sect1><title>Usage</title>\n<para>Caf\351 au lait.</para></sect1>\n' >"$IN/book/parts/usage.xml"
check "split book: converts" expect_status 0 "$GALLEY" -q -o "$IN/o/" "$IN/book/book.xml"
check "split book: PDF" test -s "$IN/o/book.pdf"
check "split book: every chapter" sh -c "'$GALLEY' -q -t dump -o - '$IN/book/book.xml' | grep -q 'text \"Galley reads — chapters.\"' &&
	'$GALLEY' -q -t dump -o - '$IN/book/book.xml' | grep -q 'text \"Café au lait.\"'"
check "split book: no warning" test ! -s "$TMP/err"
# a chapter that is not read fails the book, naming the entity and why
mv "$IN/book/parts/usage.xml" "$IN/book/usage.xml"
check "missing chapter fails" expect_status 1 "$GALLEY" -q -o "$IN/o/" "$IN/book/book.xml"
check "missing chapter: located, named, why" \
	grep -q "book.xml:10:1: error: the external entity &usage; (\"parts/usage.xml\") is not read: file not found" "$TMP/err"
sed 's#"parts/usage.xml"#"../usage.xml"#' "$IN/book/book.xml" >"$IN/book/out.xml"
check "chapter outside the folder fails" expect_status 1 "$GALLEY" -q -o "$IN/o/" "$IN/book/out.xml"
check "chapter outside: why" grep -q "&usage; (\"../usage.xml\") is not read: '..' may not leave" "$TMP/err"
sed 's#"parts/usage.xml"#"https://example.org/usage.xml"#' "$IN/book/book.xml" >"$IN/book/url.xml"
check "chapter by URL fails" expect_status 1 "$GALLEY" -q -o "$IN/o/" "$IN/book/url.xml"
check "chapter by URL: why" grep -q "is not read: URLs are not read" "$TMP/err"
# an error inside a chapter names the chapter file and its line
mkdir -p "$IN/book/parts"
printf '<sect1><title>Usage</title>\n<para>open</sect1>\n' >"$IN/book/parts/usage.xml"
check "broken chapter fails" expect_status 1 "$GALLEY" -q -o "$IN/o/" "$IN/book/book.xml"
check "broken chapter: its FILE:LINE:COL" grep -Eq "^$IN/book/parts/usage.xml:2:[0-9]+: error: .*&usage; of $IN/book/book.xml" "$TMP/err"

# ---- make corpus: both corpora, a failing file fails the run ----
check "corpus: a missing folder fails loudly" sh -c "CORPORA='$IN/book $TMP/nothing' OUT='$TMP/c' sh '$TOP/tests/corpus.sh' >'$TMP/c.out' 2>&1; test \$? != 0"
check "corpus: names the folder" grep -q "no corpus folder $TMP/nothing" "$TMP/c.out"
mkdir -p "$IN/c1/book" "$IN/c2"
cp "$IN/book/book.xml" "$IN/book/intro.xml" "$IN/c1/book/"
sed 's#parts/usage.xml#intro.xml#' "$IN/book/book.xml" >"$IN/c1/book/book.xml"
printf '<article><p>broken</article>\n' >"$IN/c2/bad.xml"
check "corpus: a failing file fails the run" sh -c "GALLEY='$GALLEY' CORPORA='$IN/c1 $IN/c2' OUT='$TMP/c' sh '$TOP/tests/corpus.sh' >'$TMP/c.out' 2>&1; test \$? = 1"
check "corpus: the whole table" sh -c "grep -q '^c1/book/book.xml  *0 ' '$TMP/c.out' && grep -q '^c2/bad.xml  *1 ' '$TMP/c.out'"
check "corpus: a chapter file goes with its book" grep -q "left out: c1/book/intro.xml (an external entity of c1/book/book.xml" "$TMP/c.out"

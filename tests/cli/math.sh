# Formulas from the command line: set as mathematics in the PDF (text
# extraction finds no TeX-like markers, Formula tags carry /Alt), MathML
# in the EPUB (TeX-only formulas converted, with their TeX as alttext),
# and TeX that does not read kept as its source with one warning.
export SOURCE_DATE_EPOCH=1700000000

# ---- the math-heavy corpus files: no formula linearised in the PDF ----
# A linearised formula copies out with _ and ^ (x_i, e^{-x}) or ˆ for a
# hat; set as mathematics it shows none. The article's own text may hold
# some (code, addresses): the PDF's text has no more of them than the
# model's text nodes.
C1=$(shared_dir corpus)
C2=$(shared_dir corpus2)
markers() { grep -o '[_^ˆ]' | wc -l; }
for f in "$C1/jats/elife-00666-kitchen-sink.xml" "$C1/jats/plos-pone-0118342-mathml-greek.xml" \
	 "$C1/jats/scielo-pt-tex-math-tables.xml" "$C1/docbook/pandoc-docbook-reader-db44-mathml.xml" \
	 "$C2/jats/scielo-tight-binding-heavy-mathml-pt.xml" "$C2/jats/elife-14093-phyllotaxis-heavy-mathml.xml" \
	 "$C2/jats/joss-inara-example-tex-math-alternatives.xml"; do
	b=$(basename "$f" .xml)
	if [ ! -f "$f" ]; then
		echo "FAIL math corpus: $f missing"
		continue
	fi
	"$GALLEY" -q -t pdf -o "$TMP/$b.pdf" "$f" 2>/dev/null
	in_text=$("$GALLEY" -t dump -o - "$f" 2>/dev/null | grep '^ *text "' | markers)
	in_pdf=$(pdftotext "$TMP/$b.pdf" - 2>/dev/null | markers)
	check "math corpus: $b has formulas set, not linearised ($in_pdf markers, text has $in_text)" \
		test "$in_pdf" -le "$in_text"
	# no piece of a formula ends past its page's widest line of text:
	# an inline one breaks after its operators, one too wide is scaled
	"$GALLEY" -q -t layout -o "$TMP/$b.layout" "$f" 2>/dev/null
	awk 'function w(s) { sub(/.* w=/, "", s); sub(/ .*/, "", s); return s + 0 }
	     function page() { for (i = 0; i < n; i++) if (m[i] > edge + 0.5) print m[i] - edge
			       n = 0; edge = 0 }
	     /^page / { page() }
	     /^  line / { if ($2 + w($0) > edge) edge = $2 + w($0) }
	     /^  math / { m[n++] = $2 + w($0) }
	     END { page() }' "$TMP/$b.layout" >"$TMP/$b.over"
	check "math corpus: $b has no formula past the measure" test ! -s "$TMP/$b.over"
done
check "math corpus: a formula copies out as its characters, in order" sh -c \
	"pdftotext '$TMP/plos-pone-0118342-mathml-greek.pdf' - | grep -q 'ξ′ = ξ₀ + ds ⋅ η̂'"
check "math corpus: the typewriter's quote in MathML is a prime (H′)" sh -c \
	"$GALLEY -q -t pdf -o '$TMP/amazon.pdf' '$C2/jats/scielo-amazon-landcover-mixed-element-citations.xml' &&
	 pdftotext '$TMP/amazon.pdf' - | grep -q '^J = H′/H′ₘₐₓ$'"

# ---- one article: PDF tags and text, EPUB MathML, the fallback ----
cat >"$TMP/m.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:mml="http://www.w3.org/1998/Math/MathML"><front><article-meta>
<title-group><article-title>Formulas</article-title></title-group></article-meta></front>
<body><p>Inline <inline-formula><tex-math>\hat{x} + y_i^2</tex-math></inline-formula> and
<inline-formula><mml:math><mml:msqrt><mml:mi>a</mml:mi></mml:msqrt></mml:math></inline-formula>;
bad <inline-formula><tex-math>\frobnicate{x}</tex-math></inline-formula> and again
<inline-formula><tex-math>\frobnicate{y}</tex-math></inline-formula>.</p>
<disp-formula id="e1"><label>(1)</label><tex-math>x = \frac{-b \pm \sqrt{b^2-4ac}}{2a}</tex-math></disp-formula>
</body></article>
EOF
check "math: converts" expect_status 0 "$GALLEY" -o "$TMP/" "$TMP/m.xml"
check "math: one warning for the construct, both outputs" \
	test "$(grep -c 'math-tex' "$TMP/err")" = 1
check "math: the warning names the construct" grep -q 'unsupported TeX command \\frobnicate' "$TMP/err"
pdftotext "$TMP/m.pdf" "$TMP/m.txt"
check "math pdf: an accent copies out as a combining mark" grep -q 'x̂' "$TMP/m.txt"
check "math pdf: scripts copy out as small characters" grep -q 'yᵢ²' "$TMP/m.txt"
check "math pdf: no TeX of a formula that reads" sh -c "! grep -q 'hat\\|frac' '$TMP/m.txt'"
check "math pdf: TeX that does not read is its source" grep -q 'frobnicate{x}' "$TMP/m.txt"
check "math pdf: the label" grep -q '(1)' "$TMP/m.txt"
check "math pdf: a display formula reads in one line, in order" \
	grep -q -x -F 'x = (−b ± √(b² − 4ac)) / (2a)' "$TMP/m.txt"
# (the article has no figure: every /Alt is a formula's)
check "math pdf: three Formula elements with /Alt" \
	test "$(qpdf --qdf --object-streams=disable "$TMP/m.pdf" - | grep -a -c '/Alt <feff')" = 3
check "math pdf: the Alt is the linear text" sh -c \
	"qpdf --qdf --object-streams=disable '$TMP/m.pdf' - | grep -a -q '/Alt <feff00780020003d'"
check "math pdf: TeX that does not read is a Formula too, its source the /Alt" sh -c \
	"qpdf --qdf --object-streams=disable '$TMP/m.pdf' - | grep -a -q -F '/Alt (\\\\frobnicate{x})'"
unzip -p "$TMP/m.epub" OEBPS/text.xhtml >"$TMP/m.xhtml"
check "math epub: TeX became MathML with alttext" \
	grep -q '<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="\\hat{x} + y_i^2">' "$TMP/m.xhtml"
check "math epub: the display formula as a block" grep -q 'display="block"' "$TMP/m.xhtml"
check "math epub: TeX that does not read is code" grep -q '<code class="tex">\\frobnicate{x}</code>' "$TMP/m.xhtml"
check "math epub: declared mathml" sh -c "unzip -p '$TMP/m.epub' OEBPS/content.opf | grep -q 'properties=\"mathml\"'"
check "math epub: epubcheck" sh -c "$EPUBCHECK '$TMP/m.epub' >'$TMP/ec.out' 2>&1"

# ---- an arrow: over a letter a vector's mark, under lim "tends to" ----
cat >"$TMP/arrow.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta><title-group><article-title>Arrows</article-title></title-group></article-meta></front>
<body><p>The speed <inline-formula><tex-math>\vec{v} = \lim_{n \to \infty} v_n</tex-math></inline-formula> holds.</p></body></article>
EOF
"$GALLEY" -q -t pdf -o "$TMP/arrow.pdf" "$TMP/arrow.xml"
pdftotext "$TMP/arrow.pdf" "$TMP/arrow.txt"
check "math pdf: an arrow accent copies out as its combining mark" grep -q 'v⃗' "$TMP/arrow.txt"
check "math pdf: an arrow under lim copies out as an arrow" grep -q 'lim n → ∞' "$TMP/arrow.txt"
cat >"$TMP/limits.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta><title-group><article-title>Limits</article-title></title-group></article-meta></front>
<body><p>The sum:</p><disp-formula><tex-math>S = \sum_{i=1}^{n} x_i^2 + \frac{a+b}{c_k}</tex-math></disp-formula></body></article>
EOF
"$GALLEY" -q -t pdf -o "$TMP/limits.pdf" "$TMP/limits.xml"
check "math pdf: limits and a fraction read on the formula's line, no marks" sh -c "
	pdftotext '$TMP/limits.pdf' - | grep -q -x -F 'S = ∑ i = 1 n xᵢ² + (a + b) / cₖ'"
check "math pdf: the reading leaves every glyph in marked content" \
	python3 "$TOP/tests/pdfmarked.py" "$TMP/limits.pdf"
# a fraction in running text: the reading stands on the line, across the
# formula, so the words after it follow it (pdftotext's default mode
# puts a reading squeezed into one of the fraction's lines elsewhere)
cat >"$TMP/tide.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta><title-group><article-title>Tides</article-title></title-group></article-meta></front>
<body><p>The height at time <inline-formula><tex-math>t</tex-math></inline-formula> follows <inline-formula><tex-math>h = \frac{H}{2}\left(1 - \cos\frac{\pi t}{T}\right)</tex-math></inline-formula>, the rule of twelfths in smooth form, which every harbour master knows by heart and few can derive.</p></body></article>
EOF
"$GALLEY" -q -t pdf -o "$TMP/tide.pdf" "$TMP/tide.xml"
check "math pdf: the words after an inline fraction read after it" sh -c "
	pdftotext '$TMP/tide.pdf' - | grep -q -F 'The height at time t follows h = (H / 2)(1 − cos ((π t) / T)), the rule of twelfths'"
check "math pdf: and every glyph of it is in marked content" \
	python3 "$TOP/tests/pdfmarked.py" "$TMP/tide.pdf"

# ---- a long inline formula: broken after its operators, read in order ----
cat >"$TMP/long.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta><title-group><article-title>Dues</article-title></title-group></article-meta></front>
<body><p>The harbour authority would publish the figures on Thursday: the dues add up to <inline-formula><tex-math>S = a_{1} + a_{2} + a_{3} + a_{4} + a_{5} + a_{6} + a_{7} + a_{8} + a_{9} + a_{10} + a_{11} + a_{12} + a_{13} + a_{14} + a_{15} + a_{16} + a_{17} + a_{18} + a_{19} + a_{20} + a_{21} + a_{22} + a_{23} + a_{24}</tex-math></inline-formula>, which the council would rather not pay.</p></body></article>
EOF
"$GALLEY" -q -t layout -o "$TMP/long.layout" "$TMP/long.xml"
"$GALLEY" -q -t pdf -o "$TMP/long.pdf" "$TMP/long.xml"
# the last piece of the formula on each of its lines but the last
awk '/^  math/ { if (y != "" && $3 != y) print last; y = $3; last = $NF }' \
	"$TMP/long.layout" >"$TMP/long.ends"
check "math: a long inline formula is broken across lines" test -s "$TMP/long.ends"
check "math: each of its lines ends with an operator" sh -c \
	"! grep -v -x -e '\"+\"' -e '\"=\"' '$TMP/long.ends'"
check "math: one Formula element holds all its pieces" \
	test "$(grep -c '<Formula>' "$TMP/long.layout")" = 1
sum="S="
for i in $(seq 1 24); do sum="${sum}a$i"; [ "$i" -lt 24 ] && sum="$sum+"; done
# each piece copies out as its reading (a₁₀): the same characters once
# NFKC-folded
check "math: and it copies out in order" sh -c "pdftotext '$TMP/long.pdf' - |
	python3 -c 'import sys, unicodedata; print(unicodedata.normalize(\"NFKC\", sys.stdin.read()))' |
	tr -d ' \n' | grep -q '$sum'"

# ---- a formula breaks rather than leave a line looser than TeX would ----
# (badness 200, r = 1.26): the tolerance that suits text alone kept it
# whole with the line before it at r = 1.36
cat >"$TMP/vector.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta><title-group><article-title>Dues</article-title></title-group></article-meta></front>
<body><p>In this note we set down the harbour board met on a grey morning to weigh the cost of dredging the channel with the vector <inline-formula><tex-math>R^t = \{r_1^t, r_2^t, \dots, r_N^t\}</tex-math></inline-formula>, where each entry is a position.</p></body></article>
EOF
"$GALLEY" -q -t layout -o "$TMP/vector.layout" "$TMP/vector.xml"
check "math: no line looser than TeX's tolerance next to a formula that breaks" sh -c \
	"! grep '^  line' '$TMP/vector.layout' | grep -o ' r=[0-9.]*' | awk -F= '\$2 > 1.26 { bad = 1 } END { exit !bad }'"
check "math: the formula breaks after its relation" sh -c \
	"awk '/^  math/ { if (y != \"\" && \$3 != y) print last; y = \$3; last = \$NF }' '$TMP/vector.layout' | grep -q -x '\"=\"'"

# ---- a ragged paragraph: its formulas keep their size ----
# A ragged line is set at its natural width, so the breaker must not
# count on shrinking a formula's spaces: the line would overflow and its
# formula be scaled down to fit (trace: scale=).
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<article><front><article-meta><title-group>'
	printf '<article-title>Sites</article-title></title-group></article-meta></front>\n<body><p>'
	i=1
	while [ $i -le 30 ]; do
		n=$(( (i * 7) % 6 + 2 ))
		printf 'the harbour sites tested here ' | cut -d' ' -f1-$n | tr -d '\n'
		printf ' <inline-formula><tex-math>\\{0, \\ldots, K - %d\\}</tex-math></inline-formula> ' $i
		i=$((i + 1))
	done
	printf 'in all.</p></body></article>\n'
} >"$TMP/ragged.xml"
for st in brief magazine; do
	printf '[style]\ninherit = %s\n[body]\nalign = left\nhyphenate = no\n' $st >"$TMP/ragged-$st.ini"
	"$GALLEY" -q -s "$TMP/ragged-$st.ini" -t layout -o "$TMP/ragged-$st.layout" "$TMP/ragged.xml"
	check "math: a ragged $st paragraph's formulas are not scaled" \
		sh -c "grep -q '^  math' '$TMP/ragged-$st.layout' && ! grep -q 'scale=' '$TMP/ragged-$st.layout'"
done

# ---- no page break just before a display formula ----
# TeX's \predisplaypenalty of 10000: the lines that lead into a display
# go with it to the next page rather than end the page before it. The
# lead-in paragraph ends at every height of a page in turn.
n=1
apart=""
while [ $n -le 24 ]; do
	{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<article><front><article-meta><title-group>'
	printf '<article-title>Tides</article-title></title-group></article-meta></front><body>\n'
	i=0
	while [ $i -lt $n ]; do
		printf '<p>The harbour board met on a grey morning to weigh the cost of dredging the channel again, and the pilots said the bar had moved since the spring tides.</p>\n'
		i=$((i + 1))
	done
	printf '<p>The heights over the day follow the matrix of the twelve stations, which reads:</p>\n'
	printf '<disp-formula><tex-math>H = \\begin{pmatrix} a_1 &amp; b_1 \\\\ a_2 &amp; b_2 \\\\ a_3 &amp; b_3 \\\\ a_4 &amp; b_4 \\\\ '
	printf 'a_5 &amp; b_5 \\\\ a_6 &amp; b_6 \\\\ a_7 &amp; b_7 \\\\ a_8 &amp; b_8 \\end{pmatrix}</tex-math></disp-formula>\n'
	printf '<p>After it the text goes on.</p></body></article>\n'
	} >"$TMP/pd.xml"
	"$GALLEY" -q -t layout -o "$TMP/pd.layout" "$TMP/pd.xml"
	awk '/^page /{ p++ } /reads:"/{ a = p } /^  math /{ if (!m) m = p } END { exit !(a == m && m) }' \
		"$TMP/pd.layout" || apart="$apart $n"
	n=$((n + 1))
done
check "math: a display formula keeps the line that leads into it (apart:$apart)" test -z "$apart"

# ---- a table of labelled rows: every label at the margin, on its row ----
cat >"$TMP/labels.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:mml="http://www.w3.org/1998/Math/MathML"><front><article-meta><title-group><article-title>Labels</article-title></title-group></article-meta></front>
<body><p>Two numbered equations in one table:</p>
<disp-formula><mml:math display="block"><mml:mtable><mml:mlabeledtr><mml:mtd><mml:mtext>(4.1)</mml:mtext></mml:mtd><mml:mtd><mml:mi>a</mml:mi><mml:mo>=</mml:mo><mml:mi>b</mml:mi></mml:mtd></mml:mlabeledtr><mml:mlabeledtr><mml:mtd><mml:mtext>(4.2)</mml:mtext></mml:mtd><mml:mtd><mml:mi>c</mml:mi><mml:mo>=</mml:mo><mml:mi>d</mml:mi></mml:mtd></mml:mlabeledtr></mml:mtable></mml:math></disp-formula>
</body></article>
EOF
"$GALLEY" -q -t pdf -o "$TMP/labels.pdf" "$TMP/labels.xml"
"$GALLEY" -q -t layout -o "$TMP/labels.layout" "$TMP/labels.xml"
check "math: every labelled row shows its label" sh -c \
	"pdftotext '$TMP/labels.pdf' - | grep -q '(4.1)' && pdftotext '$TMP/labels.pdf' - | grep -q '(4.2)'"
check "math: each label on its row's baseline" sh -c \
	"awk '/^  math / { y[n++] = \$3 } END { exit !(n == 4 && y[0] == y[1] && y[2] == y[3] && y[2] > y[0]) }' '$TMP/labels.layout'"

# ---- a table of equations taller than a page: split between its rows ----
# set whole it ran off the page's foot, its last rows lost
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<article><front><article-meta><title-group>'
	printf '<article-title>Tall</article-title></title-group></article-meta></front><body>\n'
	printf '<p>The sixty stations, each with its own fraction:</p>\n<disp-formula><tex-math>\\begin{gathered}'
	i=1
	while [ $i -le 60 ]; do
		printf 'x_{%d} = \\frac{%d}{%d + y} \\\\ ' $i $i $((i + 1))
		i=$((i + 1))
	done
	printf '\\end{gathered}</tex-math></disp-formula>\n<p>After it the text goes on.</p></body></article>\n'
} >"$TMP/tall.xml"
"$GALLEY" -q -t layout -o "$TMP/tall.layout" "$TMP/tall.xml"
"$GALLEY" -q -t pdf -o "$TMP/tall.pdf" "$TMP/tall.xml"
check "math: a table taller than a page goes on over the next" \
	test "$(grep -c '^page ' "$TMP/tall.layout")" -ge 2
check "math: none of its rows runs into the foot margin (A4, 22 mm)" sh -c \
	"awk '/^  math / { y = \$3; d = \$0; sub(/.* d=/, \"\", d); if (y + d > 841.9 - 62.3) bad = 1 } END { exit bad }' '$TMP/tall.layout'"
check "math: each of its rows a line of its own" test "$(grep -c '^  math ' "$TMP/tall.layout")" = 60
check "math: and the last copies out" sh -c "pdftotext '$TMP/tall.pdf' - | grep -q 'x₆₀'"

# ---- --strict: the warning is an error ----
check "math: --strict fails on TeX that does not read" expect_status 1 "$GALLEY" --strict -t pdf -o "$TMP/s.pdf" "$TMP/m.xml"
check "math: --strict names it" grep -q 'math-tex' "$TMP/err"

# ---- the style names the math font ----
printf '[style]\ninherit = brief\n[page]\nmath-font = No Such Math\n' >"$TMP/nomath.ini"
check "math: a missing math font sets formulas as text" expect_status 0 "$GALLEY" -s "$TMP/nomath.ini" -t pdf -o "$TMP/n.pdf" "$TMP/m.xml"
check "math: and says so" grep -q 'math font No Such Math is not installed' "$TMP/err"

# ---- the math test sheet through the whole pipeline ----
# (tests/data/math-sheet.xml is tests/math_sheet_jats.py's article of
# tests/data/math-sheet.txt)
check "math sheet: the article is the sheet's" sh -c \
	"$PYTHON '$TOP/tests/math_sheet_jats.py' '$TOP/tests/data/math-sheet.txt' | cmp -s - '$TOP/tests/data/math-sheet.xml'"
check "math sheet: converts without a warning" expect_status 0 "$GALLEY" -t layout -o "$TMP/sheet.layout" "$TOP/tests/data/math-sheet.xml"
check "math sheet: no warning" test ! -s "$TMP/err"
check "math sheet: all 71 formulas set" test "$(grep -c '^  <Formula>' "$TMP/sheet.layout")" = 71

# ---- a batch's outputs are those of its inputs converted one by one ----
# The first input opens a fallback face for ▸ (Noto Sans Mono) that also
# has ²; the second's ² must still come from fontconfig's first choice,
# as when it is converted alone.
mkdir -p "$TMP/fb"
printf '<article xmlns:mml="http://www.w3.org/1998/Math/MathML"><front><article-meta><title-group><article-title>A</article-title></title-group></article-meta></front><body><p>See <inline-formula><mml:math><mml:mi>x</mml:mi><mml:mo>\342\226\270</mml:mo><mml:mi>y</mml:mi></mml:math></inline-formula>.</p></body></article>\n' >"$TMP/fb/a.xml"
printf '<article xmlns:mml="http://www.w3.org/1998/Math/MathML"><front><article-meta><title-group><article-title>B</article-title></title-group></article-meta></front><body><p>Area <inline-formula><mml:math><mml:mi>m\302\262</mml:mi></mml:math></inline-formula> here.</p></body></article>\n' >"$TMP/fb/b.xml"
"$GALLEY" -q -j 1 -t layout -o "$TMP/fb/alone/" "$TMP/fb/b.xml"
"$GALLEY" -q -j 1 -t layout -o "$TMP/fb/batch/" "$TMP/fb/a.xml" "$TMP/fb/b.xml"
check "math: a fallback face does not depend on the input before" cmp -s "$TMP/fb/alone/b.layout" "$TMP/fb/batch/b.layout"
"$GALLEY" -q -j 1 -t pdf -o "$TMP/fb/sheet/" "$TOP/tests/data/math-sheet.xml" "$TOP/samples/harbour-lights.xml"
"$GALLEY" -q -j 1 -t pdf -o "$TMP/fb/one/" "$TOP/samples/harbour-lights.xml"
check "math: a sample after the math sheet in a batch is the sample alone" \
	cmp -s "$TMP/fb/sheet/harbour-lights.pdf" "$TMP/fb/one/harbour-lights.pdf"

# ---- a formula's text where text is read: title, outline, contents ----
printf '<article xmlns:mml="http://www.w3.org/1998/Math/MathML"><front><article-meta><title-group><article-title>Energy of <inline-formula><mml:math><mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:math></inline-formula> fields</article-title></title-group></article-meta></front><body><sec><title>On <inline-formula><tex-math>a_i</tex-math></inline-formula> terms</title><p>Text.</p></sec></body></article>\n' >"$TMP/mt.xml"
check "math: the title's formula in the PDF's title" sh -c \
	"'$GALLEY' -q -t pdf -o '$TMP/mt.pdf' '$TMP/mt.xml' && pdfinfo '$TMP/mt.pdf' | grep -q 'Title: *Energy of x² fields'"
check "math: the heading's formula in the model as linear text" sh -c \
	"'$GALLEY' -q -t dump -o - '$TMP/mt.xml' | grep -q 'math text=\"aᵢ\" tex='"

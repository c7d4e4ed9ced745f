# Right-to-left text: an Arabic article (a Latin first word, numbers, a
# list, a table, a quote, a note, an English section), a Hebrew paragraph
# in an English article, an Arabic article in JATS set in two columns, and
# a collection of both. The layout trace, the copied-out text and the
# EPUB's markup say where each line starts and in which direction.
export SOURCE_DATE_EPOCH=1700000000
cat >"$TMP/ar.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xml:lang="ar" id="ar-port">
  <head>
    <title>ميناء صغير يعيد بناء شبكته الكهربائية</title>
    <author>مريم عكاشة</author>
    <date>2025-03-14</date>
  </head>
  <body>
    <p>Port Ellery ميناء صغير على الساحل الغربي، وقد تحول خلال خمس سنوات فقط إلى مثال يحتذى به في استخدام الطاقة المتجددة. لم يلاحظ كثير من سكان المدينة التغيير، فالرافعات<fn>المولد القديم معروض اليوم في المتحف البحري.</fn> ما زالت تعمل والعبارات ما زالت تبحر وسوق السمك يفتح أبوابه في الخامسة صباحا كما كان يفعل دائما.</p>
    <p>ارتفعت حمولة البضائع بنسبة 35% بين عامي 2021 و2024، من 3.1 مليون طن إلى 4.2 مليون طن، وتغطي التوربينات الآن 92% من حاجة الميناء إلى الكهرباء.</p>
    <section id="sec-tides">
      <title>الطاقة من المضيق</title>
      <p>يحمل المضيق، وهو قناة لا يزيد عرضها على 400 متر، مياه الخليج كلها مرتين في اليوم.</p>
      <list type="ordered">
        <item>قياس التيار لمدة عامين قبل تركيب أي شفرة.</item>
        <item>تركيب أحد عشر توربينا في المضيق.</item>
      </list>
      <table>
        <caption>حمولة البضائع بملايين الأطنان</caption>
        <thead><tr><th>السنة</th><th>الحمولة</th><th>ملاحظة</th></tr></thead>
        <tbody>
          <tr><td>2019</td><td>3.1</td><td>قبل التحول</td></tr>
          <tr><td>2024</td><td>4.2</td><td>رقم قياسي</td></tr>
        </tbody>
      </table>
      <blockquote>
        <p>لم نكن نسعى إلى أن نكون نموذجا لأحد، كنا نريد فقط أن نتوقف عن دفع ثمن الديزل.</p>
        <attribution>روث ألدر</attribution>
      </blockquote>
    </section>
    <section xml:lang="en">
      <title>In English</title>
      <p>This section is in English inside the Arabic article.</p>
    </section>
  </body>
</article>
EOF
cat >"$TMP/he.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xml:lang="en" id="he-port">
  <head><title>Harbour lights</title><author>Miriam Okafor</author></head>
  <body>
    <p>When the harbour authority switched off its last diesel generator in the spring of 2021, few people in town noticed.</p>
    <p>The port of Ashdod published a summary of the project in Hebrew:</p>
    <p xml:lang="he">הנמל הקטן הפך בתוך חמש שנים בלבד למודל של אנרגיה מתחדשת. התורבינות בערוץ מספקות היום 92% מצריכת החשמל של הנמל, והמטען שעבר בו עלה ל־4.2 מיליון טון בשנת 2024.</p>
    <p>The figures suggest they have done rather more than that.</p>
  </body>
</article>
EOF
cat >"$TMP/arj.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xml:lang="ar" article-type="research-article"><front><article-meta>
<title-group><article-title>المد والجزر في الموانئ الصغيرة</article-title></title-group>
</article-meta></front><body>
<sec><title>مقدمة</title>
<p>DNA يحمل المعلومات الوراثية في جميع الكائنات الحية، وقد درس الباحثون تأثير المد والجزر على 12 ميناء صغيرا بين عامي 2019 و2024، ووجدوا أن الطاقة المتجددة تغطي اليوم أكثر من نصف حاجتها.</p>
<p>وتبلغ سرعة التيار في ذروته 3.2 متر في الثانية، وهي سرعة تكفي لتدوير توربين قطره 18 مترا بكامل طاقته.</p>
</sec></body></article>
EOF

# the page: A4, the brief's 70 mm inner and 25 mm outer margins, the
# text block centred between them (47.5 mm either side) whichever way
# the article runs
AR_RIGHT=460.6
EN_RIGHT=460.6
LEFT=134.6
# Of the first trace line (line X Y "TEXT" w=W) holding $1 in file $2:
# its x, its right end x + w, its text.
field() { awk -v pat="$1" -v f="$3" '/^  line / && index($0, pat) {
	match($0, / w=[-0-9.]+/); w = substr($0, RSTART + 3, RLENGTH - 3)
	t = $0; sub(/^[^"]*"/, "", t); sub(/" w=.*/, "", t)
	if (f == "x") print $2; else if (f == "r") printf "%.1f\n", $2 + w; else print t
	exit }' "$2"; }
lx() { field "$1" "$2" x; }
lr() { field "$1" "$2" r; }
lt() { field "$1" "$2" t; }
# near A B: |A - B| < 0.3; gt A B: A > B; ends TEXT SUFFIX
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(a != "" && d < 0.3 && d > -0.3) }'; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 > b + 0) }'; }
ends() { case $1 in *"$2") return 0;; esac; return 1; }
# the x of each list label; the bar of the first quote; the footnote
# rule's right end
labels_x() { awk '/<Lbl>/ { getline; print $2 }' "$1"; }
quote_bar_x() { awk '/<BlockQuote>/ { q = 1 } q && /^  rect/ && $4 == "0.0" { print $2; exit }' "$1"; }
note_rule_r() { awk '/^  --/ { f = 1 } f && /^  rule/ { print $2 + $4; exit }' "$1"; }
# copied-out text, without the embedding marks pdftotext adds
copied() { pdftotext "$1" - | sed 's/\xe2\x80[\xaa-\xae]//g'; }
dirs() { grep -o 'dir="' "$1" | wc -l; }
epubcheck_ok() { test -s "$1" && $EPUBCHECK "$1" >"$1.check" 2>&1 &&
	grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$1.check"; }

expect_status 0 "$GALLEY" -q -t layout -o "$TMP/ar.layout" "$TMP/ar.xml"
expect_status 0 "$GALLEY" -q -o "$TMP/o/" "$TMP/ar.xml" "$TMP/he.xml"
A=$TMP/ar.layout

# a Latin first word does not make an Arabic paragraph left to right: it
# starts the line, at its right end, and the line ends at the right margin
check "ar: a Latin first word starts the line at its right" ends "$(lt 'Port Ellery' "$A")" "Port Ellery"
check "ar: the first line ends at the right margin" near "$(lr 'Port Ellery' "$A")" $AR_RIGHT
check "ar: the measure centred as left to right" near "$(lx 'Port Ellery' "$A")" $LEFT
# justified: the last line hangs from the right
check "ar: a justified paragraph's last line flush right" near "$(lr 'كما كان يفعل دائما' "$A")" $AR_RIGHT
check "ar: ... and not stretched" gt "$(lx 'كما كان يفعل دائما' "$A")" 100
# the second paragraph's first-line indent is on the right
check "ar: the first-line indent on the right" gt $AR_RIGHT "$(awk -v r="$(lr 'ارتفعت حمولة' "$A")" 'BEGIN { print r + 5 }')"
# numbers inside: the bidi algorithm sets "2021 و2024" as Arabic reads it
check "ar: numbers inside Arabic text in their order" sh -c "grep -q '2024 و2021بين' '$A'"
# a heading set flush right, as left-to-right headings are set left
check "ar: heading flush right" near "$(lr 'الطاقة من المضيق' "$A")" $AR_RIGHT
check "ar: ... not across the measure" gt "$(lx 'الطاقة من المضيق' "$A")" 200
# list labels hang to the right of their items, in the indent
check "ar: list items end before the right margin" gt 450 "$(lr 'قياس التيار' "$A")"
check "ar: list labels right of the items" near "$(labels_x "$A" | head -1)" "$(lr 'قياس التيار' "$A")"
# a table's first column at the right
check "ar: table columns from the right" gt "$(lx 'السنة' "$A")" "$(lx 'ملاحظة' "$A")"
# the quote's bar and the footnote rule at the right
check "ar: the quote's bar at the right" gt "$(quote_bar_x "$A")" 350
check "ar: the footnote rule at the right" near "$(note_rule_r "$A")" $AR_RIGHT
# an English section inside keeps its own direction
check "ar: an English section set left to right" near "$(lx 'This section is in English' "$A")" $LEFT
copied "$TMP/o/ar.pdf" >"$TMP/ar.txt"
check "ar: copies out in reading order" grep -q 'تحول خلال خمس سنوات فقط إلى' "$TMP/ar.txt"
check "ar: a stacked lam-alef copies out in its word" grep -q 'وتغطي التوربينات الآن' "$TMP/ar.txt"

# the Hebrew paragraph of an English article runs right to left, and
# only it: its lines end at the right, with the indent on that side
expect_status 0 "$GALLEY" -q -t layout -o "$TMP/he.layout" "$TMP/he.xml"
H=$TMP/he.layout
check "he: a Hebrew paragraph's first line indented at the right" \
	gt $EN_RIGHT "$(awk -v r="$(lr 'הנמל הקטן' "$H")" 'BEGIN { print r + 5 }')"
check "he: its last line flush right" near "$(lr '2024' "$H")" $EN_RIGHT
check "he: ... and not stretched" gt "$(lx '2024' "$H")" 250
check "he: the English paragraphs left to right" near "$(lx 'When the harbour' "$H")" $LEFT
copied "$TMP/o/he.pdf" >"$TMP/he.txt"
check "he: copies out in reading order" grep -q 'הנמל הקטן הפך בתוך חמש שנים' "$TMP/he.txt"

# a Hebrew article: a justified paragraph's last line, which the breaker
# set tighter than natural, is shrunk to the measure like the others, and
# hangs from the right margin without running past it; Hebrew letters are
# not tracked apart, in the byline or on a justified line, and copy out
# as words
cat >"$TMP/heb.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xml:lang="he"><head><title>הנמל הקטן</title>
<author>מרים כהן</author><author>דן לוי</author></head><body>
<p>Port Ellery הוא נמל קטן בחוף המערבי, שהפך בתוך חמש שנים בלבד למודל של אנרגיה מתחדשת. רוב תושבי העיר לא שמו לב לשינוי: המנופים עדיין פועלים, המעבורות עדיין מפליגות ושוק הדגים נפתח בחמש בבוקר כמו תמיד.</p>
<p>התורבינות בערוץ מספקות היום 92% מצריכת החשמל של הנמל, והמטען שעבר בו עלה ל־4.2 מיליון טון בשנת 2024, לעומת 3.1 מיליון טון בשנת 2019.</p>
</body></article>
EOF
expect_status 0 "$GALLEY" -q -t layout -o "$TMP/heb.layout" "$TMP/heb.xml"
widest() { awk '/^  line/ { match($0, / w=[-0-9.]+/)
	r = $2 + substr($0, RSTART + 3, RLENGTH - 3); if (r > m) m = r }
	END { printf "%.1f\n", m }' "$1"; }
check "he article: a shrunk last line ends at the right margin" near "$(lr 'כמו תמיד' "$TMP/heb.layout")" $AR_RIGHT
check "he article: no line past the right margin" near "$(widest "$TMP/heb.layout")" $AR_RIGHT
expect_status 0 "$GALLEY" -q -o "$TMP/heb.pdf" "$TMP/heb.xml"
copied "$TMP/heb.pdf" >"$TMP/heb.txt"
check "he article: the byline copies out in words, its \"and\" a prefix" grep -q 'מאת מרים כהן ודן לוי' "$TMP/heb.txt"
check "he article: a word of a stretched line copies out whole" grep -q 'לב לשינוי' "$TMP/heb.txt"

# the EPUB says the same: dir on the html element of an Arabic book (and
# its pages turn leftwards), dir on the one Hebrew paragraph of an English
# one, mirrored styles only where there is right-to-left text
unzip -o -q "$TMP/o/ar.epub" -d "$TMP/are"
unzip -o -q "$TMP/o/he.epub" -d "$TMP/hee"
E=$TMP/are/OEBPS
check "ar epub: html dir=rtl" grep -q '<html [^>]*lang="ar" xml:lang="ar" dir="rtl">' "$E/text.xhtml"
check "ar epub: the nav too" grep -q '<html [^>]*dir="rtl">' "$E/nav.xhtml"
check "ar epub: pages turn right to left" grep -q 'page-progression-direction="rtl"' "$E/content.opf"
check "ar epub: the English section dir=ltr" grep -q '<section[^>]*lang="en"[^>]*dir="ltr"' "$E/text.xhtml"
check "ar epub: no other dir in the text" test "$(dirs "$E/text.xhtml")" = 2
check "ar epub: the style's left is the start" grep -q 'text-align: start' "$E/style.css"
check "ar epub: lists indented on the right" grep -q '^\[dir="rtl"\] ul, ul\[dir="rtl"\],' "$E/style.css"
E=$TMP/hee/OEBPS
check "he epub: dir=rtl on the Hebrew paragraph" grep -q '<p lang="he" xml:lang="he" dir="rtl">' "$E/text.xhtml"
check "he epub: on it alone" test "$(dirs "$E/text.xhtml")" = 1
check "he epub: the html element left to right" test "$(grep -c '<html[^>]*dir=' "$E/text.xhtml")" = 0
check "he epub: pages turn as usual" test "$(grep -c 'page-progression-direction' "$E/content.opf")" = 0
for b in ar he; do
	check "$b epub: epubcheck" epubcheck_ok "$TMP/o/$b.epub"
done
# a book without right-to-left text has no mirrored styles
expect_status 0 "$GALLEY" -q -t epub -o "$TMP/en.epub" "$TOP/samples/harbour-lights.xml"
check "en epub: no mirrored styles" test "$(unzip -p "$TMP/en.epub" OEBPS/style.css | grep -c 'text-align: start')" = 0

# JATS, two columns: an Arabic article reads its columns from the right
# (magazine: 16 mm outer and 20 mm inner margins, balanced to 18 mm
# either side), and the page's last lines even out in both
expect_status 0 "$GALLEY" -q -s magazine -t layout -o "$TMP/arj.layout" "$TMP/arj.xml"
J=$TMP/arj.layout
check "jats ar: the first column at the right" near "$(lx 'DNA' "$J")" 304.7
check "jats ar: a Latin first word starts the line at its right" ends "$(lt 'DNA' "$J")" "DNA"
check "jats ar: the title across both, flush right" near "$(lr 'المد والجزر في الموانئ' "$J")" 544.3
check "jats ar: then the column at the left" near "$(lx 'وتبلغ سرعة' "$J")" 51.0

# a collection of both: each article in its own direction, epubcheck clean
expect_status 0 "$GALLEY" -q --collection "Ports" -o "$TMP/coll/" "$TMP/he.xml" "$TMP/ar.xml"
expect_status 0 "$GALLEY" -q --collection "Ports" -t layout -o "$TMP/coll.layout" "$TMP/he.xml" "$TMP/ar.xml"
check "collection: the Arabic article right to left" ends "$(lt 'Port Ellery' "$TMP/coll.layout")" "Port Ellery"
check "collection: the English article left to right" near "$(lx 'When the harbour' "$TMP/coll.layout")" $LEFT
# its contents hang every entry from the left, an Arabic one too, with
# leaders from its end to the page number
C=$TMP/coll.layout
# the x and right end of the leader on the line holding $1 in file $2
leader() { awk -v pat="$1" -v f="$3" '/^  line / && index($0, pat) { y = $3 }
	y != "" && /^  leader / && $3 == y { print (f == "x" ? $2 : $2 + $4); exit }' "$2"; }
check "contents: an Arabic title starts at the left like the others" \
	near "$(lx 'ميناء صغير يعيد' "$C")" "$(lx 'Harbour lights' "$C")"
check "contents: ... its leaders after it" \
	gt "$(leader 'ميناء صغير يعيد' "$C" x)" "$(lr 'ميناء صغير يعيد' "$C")"
# a collection whose first article is Arabic runs right to left: its
# contents hang every entry from the right, English ones too, a section's
# indent on the right, the page numbers at the left and leaders to them
expect_status 0 "$GALLEY" -q --collection "Ports" -t layout -o "$TMP/rcoll.layout" "$TMP/ar.xml" "$TMP/he.xml"
C=$TMP/rcoll.layout
check "rtl contents: an Arabic title ends at the right margin" near "$(lr 'ميناء صغير يعيد' "$C")" $AR_RIGHT
check "rtl contents: an English title too" near "$(lr 'Harbour lights' "$C")" $AR_RIGHT
check "rtl contents: a section indented on the right" gt 450 "$(lr 'In English' "$C")"
check "rtl contents: ... as far as an Arabic one" near "$(lr 'In English' "$C")" "$(lr 'الطاقة من المضيق' "$C")"
check "rtl contents: page numbers at the left" near "$(lx '"3"' "$C")" $LEFT
check "rtl contents: leaders before an English title" \
	gt "$(lx 'In English' "$C")" "$(leader 'In English' "$C" r)"
unzip -o -q "$TMP/coll/ports.epub" -d "$TMP/colle"
check "collection epub: the Arabic part's html dir=rtl" \
	sh -c "grep -l '<html [^>]*lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">' '$TMP/colle/OEBPS/'*.xhtml"
check "collection epub: epubcheck" epubcheck_ok "$TMP/coll/ports.epub"

# ---- dates in the article's language and script ----
printf '<article xml:lang="he"><head><title>\327\233\327\225\327\252\327\250\327\252</title><date>2025-03-14</date></head><body><p>\327\230\327\247\327\241\327\230.</p></body></article>\n' >"$TMP/he-date.xml"
printf '<article xml:lang="ar"><head><title>\330\271\331\206\331\210\330\247\331\206</title><date>2025-03-14</date></head><body><p>\331\206\330\265.</p></body></article>\n' >"$TMP/ar-date.xml"
in_march_he=$(printf '\327\221\327\236\327\250\327\245')   # "in March"
march_ar=$(printf '\331\205\330\247\330\261\330\263')
check "he: the date's month in Hebrew, with its prefix" sh -c \
	"'$GALLEY' -q -t pdf -o '$TMP/he-date.pdf' '$TMP/he-date.xml' && pdftotext '$TMP/he-date.pdf' - | grep -q '$in_march_he'"
check "ar: the date's month in Arabic" sh -c \
	"'$GALLEY' -q -t pdf -o '$TMP/ar-date.pdf' '$TMP/ar-date.xml' && pdftotext '$TMP/ar-date.pdf' - | grep -q '$march_ar'"

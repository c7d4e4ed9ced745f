# A document's contents list in the PDF (--toc, the style's toc = yes):
# every heading down to toc-depth with its number, the page it prints is
# the page the heading is on, each entry a link to its heading and a TOCI
# in a TOC in the structure tree, the label in the document's language;
# under the title block for a short document, on pages of its own for a
# long one; one and two columns.
export SOURCE_DATE_EPOCH=1700000000
cd "$TMP" || exit 1

# DocBook, so that sections are numbered: 4 sections of 2 subsections,
# one of them with a subsubsection; `long` has enough text for a report
cat >gen.py <<'EOF'
import sys
out, paras, lang = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = ("The harbour council met to weigh the tide tables against the budget "
        "for the new quay, and the engineers reported on the turbines. ") * 4
def p():
    return "<para>" + text + "</para>"
body = []
for s in range(1, 5):
    body.append(f"<section><title>Part {s} of the survey</title>" + p() * paras)
    for k in range(1, 3):
        body.append(f"<section><title>Finding {s}.{k} on the quay</title>" + p() * paras)
        if s == 2 and k == 2:
            body.append("<section><title>A detail three levels deep</title>" + p() + "</section>")
        body.append("</section>")
    body.append("</section>")
open(out, "w", encoding="utf-8").write(
    '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="%s">'
    "<info><title>Survey of the harbour</title></info>%s</article>" % (lang, "".join(body)))
EOF
$PYTHON gen.py short.xml 2 en
$PYTHON gen.py long.xml 12 en
$PYTHON gen.py longer.xml 24 en
$PYTHON gen.py kurz.xml 2 de

# check.py PDF TITLE-LABEL WANT-FIRST-CONTENTS-PAGE DEPTH [NEW-PAGE]: the
# contents' entries, in order, with the pages of their headings, the text
# on a new page after them (NEW-PAGE = 1); links; tags
cat >check.py <<'EOF'
import json, os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ["TOP"], "tests"))
from pdfdests import Qpdf, pystr
pdf, label, first, depth = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
new_page = len(sys.argv) > 5 and sys.argv[5] == "1"
def text(p):
    return subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                          capture_output=True, text=True).stdout
n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True,
                                                     text=True).stdout).group(1))
pages = [text(p) for p in range(1, n + 1)]
at = [i + 1 for i, t in enumerate(pages) if re.search(r"^\s*" + label + r"\s*$", t, re.M)]
assert at == [first], ("contents label on pages", at)
# the entries: "2.1 Finding 2.1 on the quay      5", the leaders drawn, not text
want = []
for s in range(1, 5):
    want.append(f"{s} Part {s} of the survey")
    for k in range(1, 3):
        want.append(f"{s}.{k} Finding {s}.{k} on the quay")
        if s == 2 and k == 2 and depth >= 3:
            want.append("2.2.1 A detail three levels deep")
got, p = [], first
while p <= n and len(got) < len(want):
    body = pages[p - 1].split(label, 1)[1] if p == first else pages[p - 1]
    for line in body.split("\n"):
        m = re.match(r"^\s*(\d[\d.]* [A-Z].*?)\s{2,}(\d+)\s*$", line)
        if m:
            got.append((m.group(1), int(m.group(2)), p))
    p += 1
assert [g[0] for g in got[:len(want)]] == want, [g[0] for g in got]
last_toc = got[len(want) - 1][2]
if depth < 3:
    assert not any("three levels" in g[0] for g in got), "deeper than toc-depth"
# the text starts after the contents: on a new page after a long document's
if new_page:
    assert got[0][1] == last_toc + 1, ("text on a new page after the contents", got[0])
else:
    assert got[0][1] == last_toc, ("text under the contents", got[0])
# links: the entry's text and number, to the heading's named destination,
# on the page the entry prints; the heading stands there as a line of its
# own (plain text: in reading order, whatever the columns), and not on
# the page before unless that holds the contents
js = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, text=True).stdout)
q = Qpdf(js)
objs, obj, dests = q.objs, q.obj, q.dests()
order, links = [], 0
for pg in js["pages"][first - 1:last_toc]:
    for a in obj(obj(pg["object"]).get("/Annots", [])):
        a = obj(a)
        if a.get("/Subtype") == "/Link" and "/Dest" in a:
            links += 1
            d = pystr(a["/Dest"])
            if d not in order:
                order.append(d)
assert links >= 2 * len(want) and len(order) == len(want), ("links", links, order)
plain = [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"],
                        capture_output=True, text=True).stdout for p in range(1, n + 1)]
for (title, num, _), d in zip(got, order):
    assert dests[d] == num, (title, num, dests[d])
    line = r"^" + re.escape(title) + r"$"
    assert re.search(line, plain[num - 1], re.M), ("heading not on its page", title, num)
    assert num == 1 or num - 1 in range(first, last_toc + 1) or \
        not re.search(line, plain[num - 2], re.M), ("heading on the page before", title, num)
# the structure: a TOC holding TOCIs, and a TOC nested in a TOCI
kinds = {}
for k, v in objs.items():
    v = v.get("value") if isinstance(v, dict) else None
    if isinstance(v, dict) and v.get("/S") in ("/TOC", "/TOCI"):
        kinds[v["/S"]] = kinds.get(v["/S"], 0) + 1
assert kinds.get("/TOCI", 0) >= len(want) and kinds.get("/TOC", 0) >= 2, kinds
print(len(got), "entries, contents on pages", first, "to", last_toc, ",", links, "links")
EOF

check "--toc: exit 0" expect_status 0 "$GALLEY" -q --toc -o short.pdf short.xml
check "--toc: the contents under the title block, right pages, links, TOC/TOCI" \
	$PYTHON check.py short.pdf Contents 1 2
check "--toc, two columns: the same" sh -c "'$GALLEY' -q --toc -s magazine -o mag.pdf short.xml && $PYTHON check.py mag.pdf Contents 1 2"
check "--toc: a long document's text on a new page after the contents" \
	sh -c "'$GALLEY' -q --toc -o long.pdf long.xml && $PYTHON check.py long.pdf Contents 1 2 1"
check "--toc, two columns: a long document's too" \
	sh -c "'$GALLEY' -q --toc -s magazine -o maglong.pdf longer.xml && $PYTHON check.py maglong.pdf Contents 1 2 1"
check "--toc: Inhalt in German" sh -c "'$GALLEY' -q --toc -o kurz.pdf kurz.xml && $PYTHON check.py kurz.pdf Inhalt 1 2"
printf '[style]\ninherit = brief\n[page]\ntoc = yes\ntoc-depth = 3\n' >deep.ini
check "toc = yes, toc-depth = 3: the third level too" \
	sh -c "'$GALLEY' -q -s ./deep.ini -o deep.pdf short.xml && $PYTHON check.py deep.pdf Contents 1 3"
check "without --toc: no contents" sh -c "'$GALLEY' -q -o none.pdf short.xml && ! pdftotext none.pdf - | grep -qx Contents"
check "toc-depth = 0: exit 2, the range" sh -c "printf '[page]\ntoc-depth = 0\n' >zero.ini; '$GALLEY' -q -s ./zero.ini -o z.pdf short.xml 2>&1 | grep -q 'toc-depth'"

# contents too long for the first page of a short document: under the
# title block, going on over the next page, the text starting on a new
# page after them; each entry's page that of its heading
$PYTHON - <<'PY'
body = "".join(f"<section><title>Topic {i}</title><para>A line on topic {i}.</para></section>"
               for i in range(1, 71))
open("many.xml", "w").write('<article xmlns="http://docbook.org/ns/docbook" version="5.0">'
                            "<info><title>Many topics</title></info>" + body + "</article>")
PY
cat >many.py <<'EOF'
import re, subprocess, sys
pdf = sys.argv[1]
n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True,
                                                     text=True).stdout).group(1))
lay = [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                      capture_output=True, text=True).stdout for p in range(1, n + 1)]
assert n <= 16, n
assert re.search(r"^\s*Contents\s*$", lay[0], re.M), "not on page 1"
entries, last = {}, 0
for p in range(1, n + 1):
    for m in re.finditer(r"^\s*(\d+) Topic \1\s{2,}(\d+)\s*$", lay[p - 1], re.M):
        entries[int(m.group(1))] = int(m.group(2))
        last = p
assert sorted(entries) == list(range(1, 71)), sorted(entries)
assert last > 1 and entries[1] == last + 1, ("the text on a new page", last, entries[1])
for i, num in entries.items():
    where = [p + 1 for p, t in enumerate(lay) if re.search(r"^\s*%d Topic %d\s*$" % (i, i), t, re.M)]
    assert where == [num], (i, num, where)
EOF
check "--toc: contents too long for the first page, then the text on a new page" \
	sh -c "'$GALLEY' -q --toc -o many.pdf many.xml && $PYTHON many.py many.pdf"

# the numbers in a column, the titles after it lined up, a subsection's
# number under its section's title (the layout trace)
"$GALLEY" -q --toc -t layout -o short.layout short.xml
check "--toc: numbers in a column, titles lined up" $PYTHON -c "
import re
xs = {}
for m in re.finditer(r'line ([\d.]+) [\d.]+ \"([^\"]*)\"[^\n]*link=', open('short.layout').read()):
    if float(m.group(1)) < 300:   # not the page numbers, ranged right
        xs.setdefault(m.group(2), float(m.group(1)))
assert xs['1'] == xs['4'] and xs['1.1'] == xs['3.2'], xs
assert xs['Part 1 of the survey'] == xs['Part 4 of the survey'], xs
assert xs['Finding 1.1 on the quay'] == xs['Finding 4.2 on the quay'] > xs['1.1'], xs
assert abs(xs['1.1'] - xs['Part 1 of the survey']) < 0.01, xs
"

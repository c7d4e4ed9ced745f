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

# check.py PDF TITLE-LABEL WANT-FIRST-CONTENTS-PAGE DEPTH: the contents'
# entries, in order, with the pages of their headings; links; tags
cat >check.py <<'EOF'
import json, re, subprocess, sys
pdf, label, first, depth = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
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
# the text starts after the contents: on a new page when they have their own
if first > 1:
    assert got[0][1] == last_toc + 1, ("text on a page of its own after the contents", got[0])
# links: the entry's text and number, to the heading's named destination,
# on the page the entry prints; the heading stands there as a line of its
# own (plain text: in reading order, whatever the columns), and not on
# the page before unless that holds the contents
js = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, text=True).stdout)
objs = js["qpdf"][1]
def obj(v):
    return objs["obj:" + v]["value"] if isinstance(v, str) and v.endswith(" R") else v
def pystr(v):
    return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v
page_no = {pg["object"]: i + 1 for i, pg in enumerate(js["pages"])}
dests = {}
def walk(node):
    a = obj(node.get("/Names", []))
    for k in range(0, len(a), 2):
        d = obj(a[k + 1])
        d = obj(d["/D"]) if isinstance(d, dict) else d
        dests[pystr(a[k])] = page_no[d[0]]
    for kid in obj(node.get("/Kids", [])):
        walk(obj(kid))
walk(obj(obj(obj(objs["trailer"]["value"]["/Root"])["/Names"])["/Dests"]))
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
check "--toc: a long document's contents on a page of their own" \
	sh -c "'$GALLEY' -q --toc -o long.pdf long.xml && $PYTHON check.py long.pdf Contents 2 2"
check "--toc, two columns: a long document's too" \
	sh -c "'$GALLEY' -q --toc -s magazine -o maglong.pdf longer.xml && $PYTHON check.py maglong.pdf Contents 2 2"
check "--toc: Inhalt in German" sh -c "'$GALLEY' -q --toc -o kurz.pdf kurz.xml && $PYTHON check.py kurz.pdf Inhalt 1 2"
printf '[style]\ninherit = brief\n[page]\ntoc = yes\ntoc-depth = 3\n' >deep.ini
check "toc = yes, toc-depth = 3: the third level too" \
	sh -c "'$GALLEY' -q -s ./deep.ini -o deep.pdf short.xml && $PYTHON check.py deep.pdf Contents 1 3"
check "without --toc: no contents" sh -c "'$GALLEY' -q -o none.pdf short.xml && ! pdftotext none.pdf - | grep -qx Contents"
check "toc-depth = 0: exit 2, the range" sh -c "printf '[page]\ntoc-depth = 0\n' >zero.ini; '$GALLEY' -q -s ./zero.ini -o z.pdf short.xml 2>&1 | grep -q 'toc-depth'"

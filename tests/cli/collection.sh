# Collections (--collection): fifty generated articles bound into one EPUB
# and one PDF. The EPUB passes epubcheck; the PDF has a title page, a
# contents list whose every entry links to the page it prints, an opening
# page per article with its own title block, running heads of the
# article's title, one bookmark per article and section, and the same
# bytes whatever -j and run to run.
unset SOURCE_DATE_EPOCH
cd "$TMP" || exit 1
mkdir -p in small

# ---- fifty articles: 0-3 sections each; one long enough for several
# pages, one with a title that turns over in the contents, one in French,
# one with a note and a cross-reference; dates up to 2025-03-28 ----------
cat >gen.py <<'EOF'
import json, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(5)
words = ("harbour tide council grid cargo turbine ferry market quay storm ledger "
         "budget river bridge school clinic railway orchard festival archive museum "
         "library winter summer vote mayor engineer survey report station").split()
def sent():
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 16))).capitalize() + "."
def para(k=None):
    return "<p>" + " ".join(sent() for _ in range(k or rng.randint(3, 6))) + "</p>"
arts = []
for i in range(1, n + 1):
    title = f"Brief {i}: the {words[i % len(words)]} and the {words[(3 * i) % len(words)]}"
    if i == 7:
        title = ("Brief 7: a headline long enough to turn over in the contents, "
                 "about the harbour, the council and the tide tables")
    lang = "fr" if i == 12 else "en"
    secs = [f"Section {s + 1} of brief {i}" for s in range(i % 4)]
    body = [para() for _ in range(12 if i == 20 else rng.randint(1, 3))]
    if i == 30:
        body.append('<p>See <xref to="s30-1"/> for more.<fn>A note on brief 30.</fn></p>')
    for s, st in enumerate(secs):
        sid = f' id="s{i}-{s + 1}"' if i == 30 else ""
        body.append(f"<section{sid}><title>{st}</title>")
        body += [para() for _ in range(rng.randint(1, 3))]
        body.append("</section>")
    sub = f"<subtitle>A standfirst for brief {i}.</subtitle>" if i % 3 else ""
    open(f"{out}/a{i:03d}.xml", "w", encoding="utf-8").write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<article xml:lang="{lang}" id="b{i}">\n'
        f"<head><title>{title}</title>{sub}<author>Writer {i}</author>"
        f"<author>Editor {i % 5}</author><date>2025-03-{1 + i % 28:02d}</date></head>\n"
        "<body>\n" + "\n".join(body) + "\n</body></article>\n")
    arts.append({"title": title, "sections": secs})
json.dump(arts, open(f"{out}.json", "w"))
EOF
$PYTHON gen.py in 50
$PYTHON gen.py small 5

expect_status 0 "$GALLEY" -q -j2 --collection "Daily Brief" -o o1/ in
rc=$?
check "collection: exit 0" test "$rc" = 0
check "collection: a PDF and an EPUB" sh -c "test -s o1/daily-brief.pdf && test -s o1/daily-brief.epub"
check "collection: same bytes with -j1" sh -c "'$GALLEY' -q -j1 --collection 'Daily Brief' -o o2/ in && cmp o1/daily-brief.pdf o2/daily-brief.pdf && cmp o1/daily-brief.epub o2/daily-brief.epub"
check "collection: same bytes run to run" sh -c "'$GALLEY' -q -j2 --collection 'Daily Brief' -o o3/ in && cmp o1/daily-brief.pdf o3/daily-brief.pdf && cmp o1/daily-brief.epub o3/daily-brief.epub"

# ---- the EPUB: one epubcheck run (it is slow) -------------------------------
$EPUBCHECK o1/daily-brief.epub >epubcheck.txt 2>&1
check "collection: epubcheck, no errors or warnings" grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' epubcheck.txt

# ---- the PDF ---------------------------------------------------------------
P=o1/daily-brief.pdf
check "collection: qpdf --check" qpdf --check "$P"
qpdf --json "$P" >pdf.json 2>/dev/null
pdftotext -f 1 -l 1 "$P" title.txt
check "collection: title page" $PYTHON -c "
import sys
lines = [l.strip() for l in open('title.txt') if l.strip() and l.strip() != '\f']
assert lines == ['Daily Brief', '50 articles', '2025-03-28'], lines"

cat >toc.py <<'EOF'
# The contents against the document: every article and top section has an
# entry whose title and number are links to its destination, the number
# printed is the page of that destination, and the article's title is on
# that page. Then the outline: one bookmark per article, its sections
# beneath it. Arguments: PDF, qpdf --json output, the generator's JSON.
import json, os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ["TOP"], "tests"))
from pdfdests import Qpdf, pystr
pdf, js, arts = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
q = Qpdf(js)
obj = q.obj
def text(p):
    return subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"],
                          capture_output=True, text=True).stdout
def norm(s):
    return " ".join(s.replace("\u00ad\n", "").split())
dests = q.dests()
# the contents: page 2 on, while a page says Contents at its head
toc_pages = []
p = 2
while p <= len(js["pages"]) and text(p).strip().split("\n")[0].lower() == "contents":
    toc_pages.append(p)
    p += 1
assert toc_pages, "no contents page"
entries = {}   # dest -> {"title": ..., "number": ...}
for p in toc_pages:
    H = float(obj(obj(js["pages"][p - 1]["object"])["/MediaBox"])[3])
    box = subprocess.run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), pdf, "-"],
                         capture_output=True, text=True).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', box)]
    for a in obj(obj(js["pages"][p - 1]["object"]).get("/Annots", [])):
        a = obj(a)
        if a.get("/Subtype") != "/Link" or "/Dest" not in a:
            continue
        x0, y0, x1, y1 = obj(a["/Rect"])
        inside = [w for w in words if x0 <= (w[0] + w[2]) / 2 <= x1 and
                  H - y1 <= (w[1] + w[3]) / 2 <= H - y0]
        t = " ".join(w[4] for w in sorted(inside, key=lambda w: (round(w[1]), w[0])))
        e = entries.setdefault(pystr(a["/Dest"]), {"title": "", "number": None})
        if t.isdigit():
            e["number"] = int(t)
        else:
            e["title"] = (e["title"] + " " + t).strip()
want = [a["title"] for a in arts] + [s for a in arts for s in a["sections"]]
got = sorted(norm(e["title"]) for e in entries.values())
assert got == sorted(want), (len(got), len(want), set(want) ^ set(got))
for d, e in entries.items():
    assert d in dests, "link to a missing destination " + d
    assert e["number"] == dests[d], (d, e, dests[d])
by_title = {norm(e["title"]): e["number"] for e in entries.values()}
for i in sorted({0, 1, 6, 11, 19, 29, 36, len(arts) - 1} & set(range(len(arts)))):
    t, n = arts[i]["title"], by_title[arts[i]["title"]]
    assert t in norm(text(n)), (t, n)
    assert n - 1 in toc_pages or t not in norm(text(n - 1)), ("on the page before", t, n)
# the outline: articles in order, each with its sections beneath
out = js["outlines"]
assert len(out) == len(arts), len(out)
count = 0
for o, a in zip(out, arts):
    assert o["title"] == a["title"], (o["title"], a["title"])
    assert [k["title"] for k in o["kids"]] == [f"{j + 1} {s}" for j, s in enumerate(a["sections"])], o
    assert o["destpageposfrom1"] == by_title[a["title"]]
    count += 1 + len(o["kids"])
assert count == len(want), count
print(len(toc_pages), "contents pages,", len(entries), "entries,", count, "bookmarks")
EOF
check "collection: contents, links, pages and outline" $PYTHON toc.py "$P" pdf.json in.json

# running heads: the article's title on the pages after its first, none on
# its first; brief 20 runs over several pages
cat >heads.py <<'EOF'
import json, subprocess, sys
pdf, js = sys.argv[1], json.load(open(sys.argv[2]))
o = next(o for o in js["outlines"] if o["title"].startswith("Brief 20:"))
first, nxt = o["destpageposfrom1"], js["outlines"][js["outlines"].index(o) + 1]["destpageposfrom1"]
assert nxt - first >= 2, (first, nxt)
def lines(p):
    t = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"],
                       capture_output=True, text=True).stdout
    return [l for l in t.split("\n") if l.strip()]
assert o["title"].startswith(lines(first)[0] + " "), lines(first)[:2]
for p in range(first + 1, nxt):
    assert lines(p)[0] == o["title"].upper(), (p, lines(p)[0])
    assert lines(p)[-1] == str(p), (p, lines(p)[-1])
EOF
check "collection: running heads and folios" $PYTHON heads.py "$P" pdf.json
pdftotext "$P" all.txt
check "collection: an article's byline in its language" grep -q "^PAR WRITER 12 ET EDITOR 2$" all.txt
check "collection: the note of brief 30 at its page's foot" grep -q 'A note on brief 30' all.txt

# ---- the layout trace, dates, another style ---------------------------------
check "collection: layout trace" sh -c "'$GALLEY' -q --collection 'Daily Brief' -t layout -o small.layout small && grep -q '^  leader ' small.layout && grep -q '^  <TOC>' small.layout && grep -q '^  <Art>' small.layout"
check "collection: trace pages = PDF pages" sh -c "'$GALLEY' -q --collection 'Daily Brief' -t pdf -o small.pdf small && [ \$(grep -c '^page ' small.layout) = \$(pdfinfo small.pdf | awk '/^Pages:/ {print \$2}') ]"
SOURCE_DATE_EPOCH=1700000000 "$GALLEY" -q --collection 'Daily Brief' -t pdf -o epoch.pdf small
check "collection: SOURCE_DATE_EPOCH dates the title page" sh -c "pdftotext -f 1 -l 1 epoch.pdf - | grep -qx '2023-11-14'"
check "collection: newest article's date without it" sh -c "pdftotext -f 1 -l 1 small.pdf - | grep -qx '2025-03-06'"
check "collection: one article" sh -c "'$GALLEY' -q --collection One -t pdf -o one.pdf small/a001.xml && pdftotext -f 1 -l 1 one.pdf - | grep -qx '1 article'"
check "collection: two columns" sh -c "'$GALLEY' -q -s magazine --collection 'Daily Brief' -t pdf -o mag.pdf small && qpdf --check mag.pdf"
qpdf --json mag.pdf >mag.json 2>/dev/null
check "collection: two columns, contents right" $PYTHON toc.py mag.pdf mag.json small.json

# ---- each article set as its own PDF sets it ---------------------------------
# The lines, rules, boxes and images of an article's pages in the
# collection are those of its own PDF, page for page (link names aside:
# a collection prefixes ids per article).
cp "$TOP/samples/harbour-lights.xml" "$TOP/samples/north-korea-china.xml" small/
cp -R "$TOP/samples/images" small/
cat >same.py <<'EOF2'
import re, sys
def pages(path):
    ps = []
    for l in open(path):
        if l.startswith("page "):
            ps.append([])
            furn = False
        elif l.startswith("  --"):
            furn = True
        elif not furn and re.match(r"  (line|rule|rect|image) ", l):
            ps[-1].append(re.sub(r" link=\S+", "", l.rstrip("\n")))
    return ps
def starts(path):
    out, body = [], []
    for l in open(path):
        if l.startswith("page "):
            body = []
            out.append(body)
        else:
            body.append(l.rstrip("\n"))
    return [i for i, b in enumerate(out) if b[:1] == ["  <Art>"] and b[1].startswith("  dest ")]
coll, singles = sys.argv[1], sys.argv[2:]
cp, st = pages(coll), starts(coll) + [len(pages(coll))]
assert len(st) == len(singles) + 1, (st, singles)
for k, s in enumerate(singles):
    sp = pages(s)
    assert cp[st[k]:st[k + 1]] == sp, (s, len(sp), st[k + 1] - st[k])
EOF2
check "collection: articles as in their own PDFs" sh -c "'$GALLEY' -q --collection Samples -t layout -o samples.layout small && '$GALLEY' -q -t layout -o single/ small && $PYTHON same.py samples.layout single/*.layout"

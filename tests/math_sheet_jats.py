#!/usr/bin/env python3
"""The math test sheet as an article that goes through galley's whole
pipeline (import, layout, PDF; EPUB): each display formula of the sheet
a numbered disp-formula, each text-style one an inline-formula in a
sentence. JATS, since the native vocabulary has no formula element.

    tests/math_sheet_jats.py tests/data/math-sheet.txt > tests/data/math-sheet.xml
"""
import sys
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!-- made by tests/math_sheet_jats.py from tests/data/math-sheet.txt -->
<article xmlns:mml="http://www.w3.org/1998/Math/MathML" xml:lang="en">
<front><article-meta><title-group><article-title>The math test sheet</article-title>
</title-group></article-meta></front>
<body>"""


def formula(kind, src):
    if kind.startswith("mml"):
        if src.startswith("<math") and "xmlns" not in src.split(">", 1)[0]:
            src = src.replace("<math", '<math xmlns="http://www.w3.org/1998/Math/MathML"', 1)
        return src
    return "<tex-math>" + escape(src) + "</tex-math>"


def main(path):
    out = [HEAD]
    section, number = None, 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        # a heading: a comment after the first formula
        if line.startswith("# ") and number:
            section = line[2:].split(" (")[0]
            continue
        if line.startswith("#") or ": " not in line:
            continue
        kind, src = line.split(": ", 1)
        if section or not number:
            if number:
                out.append("</sec>")
            title = section or "Fractions"
            out.append('<sec><title>%s</title>' % escape(title[0].upper() + title[1:]))
            section = None
        number += 1
        f = formula(kind, src)
        if kind == "tex-inline":
            out.append("<p>Formula %d in the text: <inline-formula>%s</inline-formula>, "
                       "set in text style on the line.</p>" % (number, f))
        else:
            out.append('<disp-formula id="f%d"><label>(%d)</label>%s</disp-formula>'
                       % (number, number, f))
    if number:
        out.append("</sec>")
    out.append("</body>\n</article>")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/math-sheet.txt")

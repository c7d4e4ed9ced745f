#!/usr/bin/env python3
"""The TeX formulas of the math test sheet as a LaTeX document, to compare
galley's rendering with pdflatex's by eye. For comparison only: LaTeX is
not a dependency of galley or of its tests.

    tests/math_sheet_tex.py tests/data/math-sheet.txt > sheet.tex
    pdflatex sheet.tex        # texlive-latex-base is enough
"""
import sys

HEAD = r"""\documentclass[12pt]{article}
\usepackage[a4paper,margin=50pt]{geometry}
\usepackage{amsmath,bm}
% what texlive-latex-base lacks: amssymb's fonts and the cancel package
\providecommand\cancel[1]{#1}
\providecommand\mathfrak[1]{#1}
\providecommand\mathbb[1]{\mathbf{#1}}
\pagestyle{empty}\setlength\parindent{0pt}
\begin{document}"""


def main(path):
    out = [HEAD]
    number = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#") or ": " not in line:
            continue
        kind, src = line.split(": ", 1)
        number += 1
        if not kind.startswith("tex"):
            continue
        out.append(r"{\tiny %d %s}\par" % (number, kind))
        if kind == "tex-inline":
            out.append(r"$%s$\par\medskip" % src)
        elif kind == "tex-narrow":
            out.append(r"\begin{minipage}{300pt}\[%s\]\end{minipage}\par\medskip" % src)
        else:
            out.append(r"\[%s\]" % src)
    out.append(r"\end{document}")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/math-sheet.txt")

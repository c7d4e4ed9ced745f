#!/bin/sh
# make math-compare: the math test sheet (tests/data/math-sheet.txt, as the
# article tests/data/math-sheet.xml) set by galley and by pandoc + LaTeX
# (the sheet's formulas as HTML, where pandoc turns MathML into LaTeX math
# and passes TeX through: its JATS reader would print display TeX as
# text; LuaLaTeX with unicode-math sets them in the faces galley uses,
# Charis SIL and TeX Gyre Schola Math), each page rendered
# to PNG in build/math-compare/ to be looked at side by side. Nothing is
# asserted: this is for eyes; tests/cli/math.sh and the unit tests check
# the geometry.
TOP=$(cd "$(dirname "$0")/.." && pwd)
GALLEY=${GALLEY:-$TOP/build/galley}
OUT=${OUT:-$TOP/build/math-compare}
SHEET=$TOP/tests/data/math-sheet.xml
rm -rf "$OUT"; mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=1700000000
"$GALLEY" -q -t pdf -o "$OUT/galley.pdf" "$SHEET" || exit 1
# one paragraph a formula, numbered as galley numbers them: TeX as it
# stands, MathML through pandoc's HTML reader (which reads <math>)
python3 - "$TOP/tests/data/math-sheet.txt" >"$OUT/sheet.md" <<'PY'
import subprocess, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
print('---\ntitle: The math test sheet\nheader-includes:\n- \\IfFileExists{cancel.sty}{\\usepackage{cancel}}{}\n- \\providecommand{\\cancel}[1]{#1}\n---\n')
n, head = 0, True
for line in lines:
    if head:                       # the file's own comment, up to a bare '#'
        head = line.strip() not in ('', '#')
        continue
    if line.startswith('# '):
        print('## %s\n' % line[2:].capitalize())
        continue
    kind, _, f = line.partition(': ')
    # -narrow: a display the sheet sets in a narrow measure, to be broken
    kind = {'tex-narrow': 'tex', 'mml-narrow': 'mml'}.get(kind, kind)
    if kind not in ('tex', 'tex-inline', 'mml', 'mml-inline'):
        continue
    n += 1
    if kind in ('mml', 'mml-inline'):
        # pandoc's reader makes a display of display="block" only
        if kind == 'mml' and 'display="block"' not in f:
            f = f.replace('<math', '<math display="block"', 1)
        tex = subprocess.run(['pandoc', '-f', 'html', '-t', 'latex'], input=f, text=True,
                             capture_output=True, check=True).stdout.strip()
        lead = '(%d)' % n if kind == 'mml' else 'Formula %d in the text:' % n
        print('```{=latex}\n%s %s\n```\n' % (lead, tex))
    elif kind == 'tex':
        print('(%d) $$%s$$\n' % (n, f))
    else:
        print('Formula %d in the text: $%s$, set in text style on the line.\n' % (n, f))
PY
pandoc -f markdown -s -t latex -V geometry:a4paper,margin=25mm \
	-V 'mainfont=Charis SIL' -V 'mathfont=TeX Gyre Schola Math' -o "$OUT/pandoc.tex" "$OUT/sheet.md" || exit 1
(cd "$OUT" && lualatex -interaction=nonstopmode -halt-on-error pandoc.tex >lualatex.log 2>&1) ||
	{ echo "math_compare.sh: lualatex failed, see $OUT/lualatex.log" >&2; exit 1; }
for f in galley pandoc; do
	pdftoppm -png -r 100 "$OUT/$f.pdf" "$OUT/$f"
done
echo "galley: $(pdfinfo "$OUT/galley.pdf" | awk '/^Pages/ {print $2}') pages," \
     "pandoc + LaTeX: $(pdfinfo "$OUT/pandoc.pdf" | awk '/^Pages/ {print $2}') pages; PNGs in $OUT"

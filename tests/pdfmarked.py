"""Content a tagged PDF draws outside marked content: a screen reader
never reaches it. Reads the PDF as `qpdf --qdf` writes it (content
streams uncompressed, one per page, after a "%% Contents for page N"
comment) and prints, per page, the text-showing operators (Tj TJ ' ")
and XObjects (Do: images) drawn at marked-content depth 0, then a total.

usage: pdfmarked.py FILE.pdf ; exit status 1 when any is found."""
import re
import subprocess
import sys

OPS = re.compile(rb"(\bBDC|\bBMC|\bEMC|\bTj|\bTJ|\bDo)\s*$|^\s*(?:'|\")\s*$")


def unmarked(pdf):
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True, check=True).stdout
    found = {}
    for m in re.finditer(rb"%% Contents for page (\d+)\n.*?stream\n(.*?)\nendstream", qdf, re.S):
        page, depth, n = int(m.group(1)), 0, 0
        for line in m.group(2).split(b"\n"):
            op = OPS.search(line)
            if not op:
                continue
            word = (op.group(1) or b"'").strip()
            if word in (b"BDC", b"BMC"):
                depth += 1
            elif word == b"EMC":
                depth = max(0, depth - 1)
            elif depth == 0:
                n += 1
        if n:
            found[page] = found.get(page, 0) + n
    return found


if __name__ == "__main__":
    f = unmarked(sys.argv[1])
    for page, n in sorted(f.items()):
        print(f"page {page}: {n} drawn outside marked content")
    print(f"{sum(f.values())} unmarked")
    sys.exit(1 if f else 0)

#!/usr/bin/python3
"""Word recall of the document model against its source XML.

usage: model_recall.py [--galley BIN] FILE.xml...

Runs `galley -t dump -o - FILE`, takes every text the dump shows (text
literals, labels, image alt text), and scores it with the source-word
extraction and scoring of ../shared/tools/fidelity.py (the same words the
PDF/EPUB figures count). Prints one line per file and lists the source
words the model lacks (up to 20). Exit 0 always; the caller decides
thresholds. Shared by the importers (JATS, DocBook, NITF).
"""
import os, re, subprocess, sys, collections

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for tools in (os.path.join(TOP, '..', 'shared', 'tools'), '/work/shared/tools'):
    if os.path.exists(os.path.join(tools, 'fidelity.py')):
        sys.path.insert(0, tools)
        break
import fidelity  # noqa: E402

QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
# node lines: text "…"; attributes whose values are words the reader sees
SHOWN = re.compile(r'(?:^\s*text |\b(?:label|alt|text|title)=)"((?:[^"\\]|\\.)*)"')

LABEL = re.compile(r'\blabel="((?:[^"\\]|\\.)*)"')


def unescape(s):
    return re.sub(r'\\(x[0-9a-f]{2}|.)',
                  lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1))
                  if not m.group(1).startswith('x') else chr(int(m.group(1)[1:], 16)), s)


# Model inlines that style part of a word without ending it, as
# fidelity.py's INLINE: text in them continues the word around them.
# Every other node (a paragraph, a footnote, a superscript, a line break)
# ends the word before it and the word after it.
INLINE = {'em', 'strong', 'code', 'sc', 'q', 'a', 'xref', 'abbr', 'span'}
SKIPPED = ('uid ', 'identifier ', 'toc ', 'author ', 'keyword ', 'rights ',
           'publisher ', 'date ', 'lang ', 'format ')


def dump_words(dump):
    out = []
    open_nodes = []   # (indent, separator) of the nodes the walk is inside
    for line in dump.splitlines():
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        while open_nodes and open_nodes[-1][0] >= indent:
            out.append(open_nodes.pop()[1])
        if stripped.startswith(SKIPPED):
            continue
        kind = stripped.split(' ', 1)[0].rstrip(':')
        sep = '' if kind in INLINE or kind == 'text' else ' '
        out.append(sep)
        # math linear text is not counted in the source either (labels are)
        shown = LABEL if kind in ('math', 'math-block') else SHOWN
        for m in shown.finditer(line):
            out.append(unescape(m.group(1)) if kind == 'text' else
                       ' ' + unescape(m.group(1)) + ' ')
        open_nodes.append((indent, sep))
    return ''.join(out)


def main():
    args = sys.argv[1:]
    galley = os.path.join(TOP, 'build', 'galley')
    if args[:1] == ['--galley']:
        galley, args = args[1], args[2:]
    for f in args:
        r = subprocess.run([galley, '-q', '-t', 'dump', '-o', '-', f],
                           capture_output=True, text=True)
        if r.returncode:
            print(f'FAIL exit={r.returncode} {f}: {r.stderr.strip()[:200]}')
            continue
        src = fidelity.norm_words(fidelity.source_text(f))
        got = fidelity.norm_words(dump_words(r.stdout))
        rec, order = fidelity.score(src, got)
        have = collections.Counter(got)
        need = collections.Counter(src)
        missing = [(w, c - have[w]) for w, c in need.items() if c > have[w]]
        missing.sort(key=lambda x: -x[1])
        print(f'recall={rec:.4f} order={order:.4f} src_words={len(src)} {f}')
        if missing:
            print('   missing: ' + ' '.join(f'{w}x{c}' for w, c in missing[:20]))


if __name__ == '__main__':
    main()

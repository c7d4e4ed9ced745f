#!/usr/bin/env python3
"""Spec examples: small XML inputs and the model dump galley makes of them.

usage: run.py [--galley BIN] [--update] [-j N] [FILTER...]

Reads tests/spec/*.txt (README.md there describes the format), runs
`galley -t dump -o - --from FORMAT INPUT` on each example and compares the
dump and the messages with the expected text. Prints one "ok" or "FAIL"
line per example (tests/run.sh counts them); a failure is followed by the
example's number, heading, input and a diff of expected and actual output,
all indented. In parity.txt, the examples under one "## " heading must
expect the same model, or the section fails.

A FILTER selects examples: a file (jats, jats.txt), one example of a file
(jats:12), a range (jats:12-15), or else a case-insensitive piece of the
heading an example stands under; several select the union. A bare
number or range (12, 12-15) keeps those examples of each file selected
(of every file without other filters): `run.py jats 12` is jats:12.

--update writes the actual output of every selected example back into its
file as the expected output, for review with git diff. Exit status 0 when
every selected example passed (or was updated), 1 otherwise, 2 on a usage
error.
"""
import concurrent.futures
import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FENCE = '`' * 32
FORMATS = ('article', 'jats', 'docbook', 'nitf', 'newsml', 'newsml1')
# files in this order first; any other *.txt after them
ORDER = ('article', 'jats', 'docbook', 'nitf', 'newsml', 'newsml1', 'regressions', 'parity')
# images a fragment may name by these file names (copied next to the input)
IMAGES = ('red.png', 'photo.jpg', 'pic.svg', 'broken.png')

# The smallest whole document of each vocabulary; a fragment goes where
# the {} is. The wrapper's start shares the fragment's first line, so a
# message's line is the line of the fragment (columns on the first line
# are given back relative to the fragment, see location()).
WRAP = {
    'article': '<article xml:lang="en"><head><title>T</title></head><body>{}</body></article>',
    'jats': '<article><front><article-meta><title-group><article-title>T</article-title>'
            '</title-group></article-meta></front><body>{}</body></article>',
    'docbook': '<article xmlns="http://docbook.org/ns/docbook" version="5.0"><title>T</title>{}</article>',
    'nitf': '<nitf><head><title>T</title></head><body><body.head><hedline><hl1>T</hl1></hedline>'
            '</body.head><body.content>{}</body.content></body></nitf>',
    'newsml': '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:example:1" version="1"'
              ' standard="NewsML-G2" standardversion="2.29" xml:lang="en"><contentMeta>'
              '<headline>T</headline></contentMeta><contentSet><inlineXML'
              ' contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
              '<body>{}</body></html></inlineXML></contentSet></newsItem>',
    'newsml1': '<NewsML Version="1.2"><NewsItem><NewsComponent><NewsLines><HeadLine>T</HeadLine>'
               '</NewsLines><ContentItem><DataContent>{}</DataContent></ContentItem></NewsComponent>'
               '</NewsItem></NewsML>',
}

LOC = re.compile(r'^(\d+):(\d+):(.*)$')


class Example:
    def __init__(self, path, number, line, heading, fmt, fragment, inp, dump, err,
                 start, end):
        self.path, self.number, self.line = path, number, line
        # the headings it stands under, (level, text) from the outermost
        self.levels = heading
        self.heading = [h[1] for h in heading]
        self.fmt, self.fragment = fmt, fragment
        self.input, self.dump, self.err = inp, dump, err
        self.start, self.end = start, end  # lines of the fences, 0-based
        self.file = os.path.basename(path)[:-len('.txt')]

    def name(self):
        return '%s:%d' % (self.file, self.number)

    def expected(self):
        return render(self.dump, self.err)


def render(dump, err):
    """The text an example's expected part holds: dump, then messages."""
    out = list(dump)
    if err:
        out += ['.'] + list(err)
    return out


def parse(path):
    """The examples of one spec file, with the headings they stand under."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    examples, headings = [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r'^(#{1,6}) +(.*?) *#*$', line)
        if m:
            level = len(m.group(1))
            headings = [h for h in headings if h[0] < level] + [(level, m.group(2))]
        if line.startswith(FENCE + ' example'):
            info = line[len(FENCE):].split()
            if len(info) < 2 or info[1] not in FORMATS or \
                    any(w != 'fragment' for w in info[2:]):
                raise SystemExit('%s:%d: bad info string: %r' % (path, i + 1, line))
            j = i + 1
            while j < len(lines) and lines[j] != FENCE:
                j += 1
            if j == len(lines):
                raise SystemExit('%s:%d: example without its closing fence' % (path, i + 1))
            body = lines[i + 1:j]
            parts = [[]]
            for b in body:
                if b == '.' and len(parts) < 3:
                    parts.append([])
                else:
                    parts[-1].append(b)
            if len(parts) < 2:
                raise SystemExit('%s:%d: example without a "." line after its input'
                                 % (path, i + 1))
            inp = '\n'.join(parts[0]).replace('\u2192', '\t')
            examples.append(Example(path, len(examples) + 1, i + 1,
                                    list(headings), info[1],
                                    'fragment' in info[2:], inp, parts[1],
                                    parts[2] if len(parts) > 2 else [], i, j))
            i = j
        i += 1
    return lines, examples


def location(ex, rest, prefix_len):
    """A message's position, in a fragment relative to the fragment."""
    m = LOC.match(rest)
    if not m or not ex.fragment:
        return rest
    line, col = int(m.group(1)), int(m.group(2))
    if line == 1 and col > prefix_len:
        col -= prefix_len
    return '%d:%d:%s' % (line, col, m.group(3))


def run(ex, galley, work):
    """The actual dump and messages of an example (lists of lines)."""
    name = 'ex-%s-%d.xml' % (ex.file, ex.number)
    prefix_len = 0
    text = ex.input
    if ex.fragment:
        wrap = WRAP[ex.fmt]
        prefix_len = wrap.index('{}')
        text = wrap.replace('{}', ex.input)
    with open(os.path.join(work, name), 'w', encoding='utf-8') as f:
        f.write(text + '\n')
    env = dict(os.environ, TZ='UTC', LC_ALL='C.UTF-8')
    r = subprocess.run([galley, '-t', 'dump', '-o', '-', '--from', ex.fmt, name],
                       cwd=work, capture_output=True, env=env)
    os.unlink(os.path.join(work, name))
    out = r.stdout.decode('utf-8', 'replace').split('\n')
    if out and out[-1] == '':
        out.pop()
    if ex.fragment and 'document' in out:
        out = out[out.index('document'):]
    err = []
    for line in r.stderr.decode('utf-8', 'replace').split('\n'):
        if not line:
            continue
        if line.startswith(name + ': '):
            line = line[len(name) + 2:]  # a message without a position
        elif line.startswith(name + ':'):
            line = location(ex, line[len(name) + 1:], prefix_len)
        err.append(line)
    # a failing example has no dump; exit statuses that say otherwise show
    if (r.returncode != 0) != (not out):
        err.append('(exit status %d)' % r.returncode)
    return out, err


def selected(ex, filters, files):
    """Files, FILE:N[-M] and heading pieces select the union; bare numbers
    N[-M] keep, of that, the examples with those numbers."""
    chosen, numbers = None, []
    for f in filters:
        m = re.match(r'^(\d+)(?:-(\d+))?$', f)
        if m:
            numbers.append((int(m.group(1)), int(m.group(2) or m.group(1))))
            continue
        chosen = chosen or False
        m = re.match(r'^([\w-]+?)(?:\.txt)?(?::(\d+)(?:-(\d+))?)?$', f)
        if m and m.group(1) in files:
            lo = int(m.group(2) or 0)
            hi = int(m.group(3) or m.group(2) or 1 << 30)
            chosen = chosen or (m.group(1) == ex.file and lo <= ex.number <= hi)
        elif f.lower() in ' > '.join(ex.heading).lower():
            chosen = True
    if chosen is False:
        return False
    return not numbers or any(lo <= ex.number <= hi for lo, hi in numbers)


def indent(lines, by='    '):
    return '\n'.join(by + line if line else by.rstrip() for line in lines)


def report_failure(ex, actual):
    where = ' > '.join(ex.heading) or '(no heading)'
    print('FAIL spec %s %s' % (ex.name(), where))
    print('  Example %d of %s (line %d), under "%s"; --from %s%s'
          % (ex.number, os.path.relpath(ex.path, TOP), ex.line, where, ex.fmt,
             ', fragment' if ex.fragment else ''))
    print('  input:')
    print(indent(ex.input.split('\n')))
    print('  expected (-) and actual (+):')
    diff = difflib.unified_diff(ex.expected(), actual, 'expected', 'actual', lineterm='', n=3)
    print(indent(list(diff)))


def parity(examples):
    """In parity.txt: the examples under one "## " heading expect one model.
    Whole documents differ in their format line and content-derived uid,
    and messages name vocabulary-specific positions: neither counts."""
    groups = {}
    for ex in examples:
        h2 = [text for level, text in ex.levels if level == 2]
        groups.setdefault(tuple(h2), []).append(ex)
    ok = True
    for key, exs in groups.items():
        if len(exs) < 2:
            continue
        model = [[l for l in ex.dump if not l.startswith(('format ', 'uid '))] for ex in exs]
        bad = [i for i in range(1, len(exs)) if model[i] != model[0]]
        title = '## ' + (key[0] if key else '(no heading)')
        if not bad:
            print('ok spec parity %s: %d examples, one model' % (title, len(exs)))
            continue
        ok = False
        print('FAIL spec parity %s: the examples expect different models' % title)
        for i in bad:
            print('  %s (%s) against %s (%s):' % (exs[i].name(), exs[i].fmt,
                                                   exs[0].name(), exs[0].fmt))
            print(indent(list(difflib.unified_diff(model[0], model[i], exs[0].name(),
                                                   exs[i].name(), lineterm=''))))
    return ok


def update(path, lines, results):
    """Write actual outputs back as the expected parts of their examples."""
    out, last = [], 0
    for ex, (dump, err) in results:
        out += lines[last:ex.start + 1]
        out += ex.input.replace('\t', '\u2192').split('\n') + ['.']
        out += render(dump, [e for e in err if not e.startswith('(exit status')])
        last = ex.end
    out += lines[last:]
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # run.py | head
    args = sys.argv[1:]
    galley = os.environ.get('GALLEY') or os.path.join(TOP, 'build', 'galley')
    do_update, jobs, filters = False, 2, []
    while args:
        a = args.pop(0)
        if a == '--galley' and args:
            galley = args.pop(0)
        elif a == '--update':
            do_update = True
        elif a == '-j' and args:
            jobs = int(args.pop(0))
        elif a in ('-h', '--help'):
            print(__doc__)
            return 0
        elif a.startswith('-'):
            print('run.py: unknown option %s' % a, file=sys.stderr)
            return 2
        else:
            filters.append(a)
    if not os.access(galley, os.X_OK):
        print('FAIL spec: no galley binary at %s' % galley)
        return 1
    names = [n[:-4] for n in os.listdir(HERE) if n.endswith('.txt')]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    files = [(os.path.join(HERE, n + '.txt'),) + parse(os.path.join(HERE, n + '.txt'))
             for n in names]
    work = tempfile.mkdtemp(prefix='galley-spec-')
    passed = failed = 0
    try:
        for img in IMAGES:
            shutil.copy(os.path.join(TOP, 'tests', 'data', img), work)
        with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
            for path, lines, examples in files:
                chosen = [ex for ex in examples if selected(ex, filters, names)]
                results = list(zip(chosen, pool.map(lambda e: run(e, galley, work), chosen)))
                for ex, (dump, err) in results:
                    actual = render(dump, err)
                    if do_update or actual == ex.expected():
                        print('ok spec %s %s%s' % (ex.name(), ' > '.join(ex.heading),
                                                   ' (updated)' if do_update and
                                                   actual != ex.expected() else ''))
                        passed += 1
                    else:
                        report_failure(ex, actual)
                        failed += 1
                if do_update and results:
                    update(path, lines, results)
                    lines, examples = parse(path)
                    chosen = [ex for ex in examples if selected(ex, filters, names)]
                if os.path.basename(path) == 'parity.txt' and chosen and not do_update:
                    if not parity(chosen):
                        failed += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not passed and not failed:
        # a filter that matches nothing is a mistake, not a pass
        print('FAIL spec: no example matches %s' % (' '.join(filters) or 'in ' + HERE))
        return 1
    print('spec: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

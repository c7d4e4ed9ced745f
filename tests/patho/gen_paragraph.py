#!/usr/bin/python3
"""One paragraph of N words for the breaker and the page builder to set:
gen_paragraph.py SAMPLE.xml N OUT.xml [markup]. The words are cycled from
the sample's paragraphs, so widths and hyphenation vary as in prose; with
`markup`, some words are emphasised, some linked and some carry a footnote,
as a long legal or transcribed paragraph would."""
import re, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
markup = len(sys.argv) > 4 and sys.argv[4] == 'markup'
text = open(src, encoding='utf-8').read()
words = []
for p in re.findall(r'<p>(.*?)</p>', text, re.S):
    words.extend(re.sub(r'<[^>]+>', '', p).split())


def word(i):
    w = words[i % len(words)]
    if not markup:
        return w
    if i % 997 == 996:
        return w + f'<fn>Note on word {i}.</fn>'
    if i % 101 == 100:
        return f'<a href="https://example.org/{i}">{w}</a>'
    if i % 37 == 36:
        return f'<em>{w}</em>'
    return w


with open(out, 'w', encoding='utf-8') as f:
    f.write('<article xml:lang="en"><head><title>T</title></head><body><p>')
    f.write(' '.join(word(i) for i in range(n)))
    f.write('</p></body></article>\n')

#!/usr/bin/python3
"""Generate N briefs shaped like the seed brief (varied paragraph order and
titles) and one long article of about 20 pages, for make bench."""
import sys, random, re
src, outdir, n, longpath = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
text = open(src, encoding='utf-8').read()
paras = re.findall(r'    <p>.*?</p>', text, re.S)
head, tail = text.split('  <body>')[0], '  </body>\n</article>\n'
rng = random.Random(7)
for i in range(1, n + 1):
    ps = paras[:]
    rng.shuffle(ps)
    h = head.replace('<title>', f'<title>Brief {i}: ', 1).replace('id="north-korea-china"', f'id="brief-{i}"')
    open(f'{outdir}/brief-{i:04d}.xml', 'w', encoding='utf-8').write(
        h + '  <body>\n' + '\n'.join(ps[:rng.randint(6, len(ps))]) + '\n' + tail)
body = []
for s in range(12):
    body.append(f'    <section><title>Part {s + 1}</title>')
    ps = paras[:]
    rng.shuffle(ps)
    body.extend(ps)
    body.append('    </section>')
open(longpath, 'w', encoding='utf-8').write(
    head.replace('id="north-korea-china"', 'id="long"') + '  <body>\n' + '\n'.join(body) + '\n' + tail)

// make epub-look, the accessibility half: reads the report.json that Ace
// by DAISY wrote for each EPUB and lists every violation (rule, impact,
// document, element). Zero violations is the bar.
//
//   node ace.mjs ACE_DIR EPUB...   (Ace's output for STYLE/NAME.epub is
//                                   ACE_DIR/STYLE-NAME/report.json)
// Prints a closing "N passed, N failed" (one per EPUB); exits 1 when an
// EPUB has a violation, 2 when a report is missing.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, basename, dirname } from 'node:path';

const [aceDir, ...epubs] = process.argv.slice(2);
let passed = 0, failed = 0, broken = 0;
const lines = [];

for (const epub of epubs) {
	const style = basename(dirname(epub)), name = basename(epub, '.epub');
	const file = join(aceDir, `${style}-${name}`, 'report.json');
	if (!existsSync(file)) {
		lines.push(`FAIL ${style}/${name}.epub: Ace wrote no report (see ${join(aceDir, `${style}-${name}`)}.log)`);
		failed++;
		broken++;
		continue;
	}
	const report = JSON.parse(readFileSync(file, 'utf8'));
	const found = [];
	for (const doc of report.assertions || [])
		for (const a of doc.assertions || []) {
			const res = a['earl:result'] || {};
			if (res['earl:outcome'] !== 'fail')
				continue;
			const t = a['earl:test'] || {};
			const ptr = res['earl:pointer'] || {};
			found.push({
				doc: (doc['earl:testSubject'] || {}).url || '?',
				rule: t['dct:title'], impact: t['earl:impact'],
				what: res['dct:description'] || t['dct:description'] || '',
				where: (ptr.css || []).join(', '),
				// the element's start tag is enough to find it
				html: ((res.html || '').match(/<[^>]*>/g) || [''])[0]
					.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '').replace(/\s+/g, ' '),
			});
		}
	const verdict = (report['earl:result'] || {})['earl:outcome'];
	if (!found.length && verdict === 'pass') {
		lines.push(`ok   ${style}/${name}.epub: no violations`);
		passed++;
		continue;
	}
	failed++;
	lines.push(`FAIL ${style}/${name}.epub: ${found.length} violation${found.length === 1 ? '' : 's'} (Ace's verdict: ${verdict}; ${file.replace(/report\.json$/, 'report.html')})`);
	for (const f of found) {
		lines.push(`  ${f.rule} (${f.impact}) in ${f.doc} at ${f.where || '?'}`);
		lines.push(`      expected: no violation`);
		lines.push(`      Ace found: ${f.what}: ${f.html}`);
	}
}
lines.push(`ace: ${passed} passed, ${failed} failed`);
const text = lines.join('\n') + '\n';
writeFileSync(join(aceDir, '..', 'ace.txt'), text);
process.stdout.write(text);
process.exit(broken ? 2 : failed ? 1 : 0);

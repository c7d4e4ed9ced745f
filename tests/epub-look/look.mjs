// make epub-look, the reading-engine half: Debian's Chromium opens every
// chapter of every unpacked sample EPUB with its stylesheet, a screenshot
// is saved, and what the engine computed is held against the style file
// the EPUB was made with and against the decisions the PDF takes.
//
//   node look.mjs STYLES_DIR OUT_DIR STYLE=BOOK_DIR...
//
// BOOK_DIR is an unpacked EPUB. Prints one line per failing check with
// the expectation and the computed value, and a closing
// "N passed, N failed"; exits 1 when a check failed, 2 when it could not
// run.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname, basename, resolve, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadStyle } from './style.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(process.env.NODE_DIR || join(here, 'node'), 'package.json'));
const puppeteer = require('puppeteer-core');

const [stylesDir, outDir, ...books] = process.argv.slice(2);
if (!stylesDir || !outDir || !books.length) {
	console.error('usage: look.mjs STYLES_DIR OUT_DIR STYLE=BOOK_DIR...');
	process.exit(2);
}
const PROBE = readFileSync(join(here, 'probe.js'), 'utf8');
// a small tablet's page at a reader's default type size
const VIEWPORT = { width: 600, height: 800, deviceScaleFactor: 2 };

// ---- the book: its spine, from container.xml and the package ----------
function attr(tag, name) {
	const m = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag);
	return m ? m[1] : null;
}
function spine(bookDir) {
	const container = readFileSync(join(bookDir, 'META-INF/container.xml'), 'utf8');
	const opfPath = attr(/<rootfile\b[^>]*>/.exec(container)[0], 'full-path');
	const opf = readFileSync(join(bookDir, opfPath), 'utf8');
	const items = {};
	for (const m of opf.matchAll(/<item\b[^>]*>/g))
		items[attr(m[0], 'id')] = { href: attr(m[0], 'href'), type: attr(m[0], 'media-type') };
	const out = [];
	for (const m of opf.matchAll(/<itemref\b[^>]*>/g)) {
		const it = items[attr(m[0], 'idref')];
		if (it && it.type === 'application/xhtml+xml')
			out.push(join(bookDir, dirname(opfPath), decodeURIComponent(it.href)));
	}
	return out;
}

// ---- results ----------------------------------------------------------
let passed = 0;
const failures = [];
const report = [];
function check(ctx, kind, what, ok, expected, computed) {
	if (ok) {
		passed++;
		return;
	}
	failures.push({ ...ctx, kind, what, expected, computed });
}

// ---- comparing ----------------------------------------------------------
const near = (a, b, tol) => Math.abs(a - b) <= tol;
const rgb = hex => {
	const n = parseInt(hex.slice(1), 16);
	return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};
const f2 = v => (Math.round(v * 100) / 100).toString();
const fromOf = (p, k) => (p[k] ? p[k].from : 'not in the style files');

function alignName(a, dir) {
	if (a === 'start') return dir === 'rtl' ? 'right' : 'left';
	if (a === 'end') return dir === 'rtl' ? 'left' : 'right';
	if (a === '-webkit-center') return 'center';
	return a;
}

// The engine's own rounding of a border width (it keeps whole CSS
// pixels), asked of the engine rather than copied here.
async function snapper(page) {
	return page.evaluate(() => {
		const d = document.createElement('div');
		document.body.append(d);
		const out = {};
		for (const pt of [0.25, 0.6, 1, 1.2]) {
			d.style.borderTop = `${pt * 4 / 3}px solid black`;
			out[pt] = parseFloat(getComputedStyle(d).borderTopWidth);
		}
		d.remove();
		return out;
	});
}

// ---- the checks -------------------------------------------------------
// `S` is the resolved style, `r` what the probe returned; `k` converts
// points of the style into CSS pixels at the reader's type size: the CSS
// writes every size relative to the body text, which the reader sizes.
function checkFonts(ctx, S, r, fonts, k) {
	for (const s of r.subjects) {
		const p = S.parts[s.part];
		if (!p)
			continue;
		const at = `${s.what} (${s.role}, [${s.part}])`;
		const f = s.font;
		if (p['font-family']) {
			const fam = p['font-family'].value.split(',')[0].trim();
			check(ctx, 'font', at, f.family === fam, `font-family "${fam}" (${fromOf(p, 'font-family')})`,
			      `font-family "${f.family}"`);
			const used = fonts[s.id];
			if (used && used.length) {
				const top = [...used].sort((a, b) => b.glyphCount - a.glyphCount)[0];
				check(ctx, 'font', at, top.familyName === fam,
				      `text drawn in ${fam} (${fromOf(p, 'font-family')})`,
				      `drawn in ${used.map(u => `${u.familyName} (${u.postScriptName}, ${u.glyphCount} glyphs)`).join(', ')}`);
			}
		}
		if (p.size) {
			const want = p.size.value * k;
			check(ctx, 'font', at, near(f.size, want, Math.max(0.06, want * 0.003)),
			      `font-size ${f2(want)}px = ${p.size.value}pt at ${f2(r.bodySize)}px body text (${p.size.from})`,
			      `font-size ${f2(f.size)}px`);
		}
		const wantWeight = s.bold ? 700 : p['font-weight'] ? p['font-weight'].value : null;
		if (wantWeight !== null)
			check(ctx, 'font', at, f.weight === wantWeight,
			      `font-weight ${wantWeight} (${s.bold ? `the PDF sets the ${s.role} in bold` : fromOf(p, 'font-weight')})`,
			      `font-weight ${f.weight}`);
		if (p['font-style'])
			check(ctx, 'font', at, f.style === p['font-style'].value,
			      `font-style ${p['font-style'].value} (${p['font-style'].from})`, `font-style ${f.style}`);
		if (p['small-caps'])
			check(ctx, 'font', at, (f.caps === 'small-caps') === p['small-caps'].value,
			      `font-variant-caps ${p['small-caps'].value ? 'small-caps' : 'normal'} (${p['small-caps'].from})`,
			      `font-variant-caps ${f.caps}`);
		if (p.uppercase)
			check(ctx, 'font', at, (f.transform === 'uppercase') === p.uppercase.value,
			      `text-transform ${p.uppercase.value ? 'uppercase' : 'none'} (${p.uppercase.from})`,
			      `text-transform ${f.transform}`);
		if (p['letter-spacing']) {
			const want = p['letter-spacing'].value * f.size;
			check(ctx, 'font', at, near(f.letterSpacing, want, 0.05),
			      `letter-spacing ${f2(want)}px = ${p['letter-spacing'].value}em (${p['letter-spacing'].from})`,
			      `letter-spacing ${f2(f.letterSpacing)}px`);
		}
		if (p.color)
			check(ctx, 'font', at, f.color === rgb(p.color.value),
			      `color ${p.color.value} = ${rgb(p.color.value)} (${p.color.from})`, `color ${f.color}`);
	}
}

// Alignment as the PDF sets it: the part's `align`, except that a title,
// a heading and a pull quote are never justified (left instead), and an
// attribution is set to the right.
const neverJustified = role => /^(title|h\d heading|pull quote|summary title|box title)$/.test(role);
function checkAlign(ctx, S, r) {
	for (const s of r.subjects) {
		const p = S.parts[s.part];
		if (!p || !(['paragraph', 'pull quote', 'quote', 'attribution', 'list paragraph',
			     'title', 'credit', 'caption'].includes(s.role) || s.role.endsWith(' heading')))
			continue;
		let want, why;
		if (s.role === 'attribution' || s.role === 'credit') {
			want = 'right';
			why = `the PDF sets ${s.role === 'credit' ? 'a credit' : 'an attribution'} flush right`;
		} else if (s.role === 'caption') {
			want = 'left';
			why = 'the PDF sets a caption flush left';
		} else if (p.align) {
			want = p.align.value;
			why = p.align.from;
			if (neverJustified(s.role) && want === 'justify') {
				want = 'left';
				why += `; the PDF never justifies a ${s.role}`;
			}
		} else if (neverJustified(s.role)) {
			want = 'left';
			why = `no align in the style: the PDF sets a ${s.role} flush left`;
		} else {
			continue;
		}
		const got = alignName(s.font.align, s.font.direction);
		check(ctx, 'align', `${s.what} (${s.role}, [${s.part}])`, got === want,
		      `text-align ${want} (${why})`, `text-align ${s.font.align}`);
	}
}

function checkIndents(ctx, S, r, k) {
	const body = S.parts.body;
	for (const s of r.subjects) {
		if (s.afterBodyPara === undefined)
			continue;
		let want = 0, why;
		if (s.afterBodyPara && body.indent) {
			want = body.indent.value * k;
			why = `a body paragraph after a body paragraph: ${body.indent.from}`;
		} else if (s.part === 'body') {
			why = 'the PDF indents only a body paragraph that follows another';
		} else {
			why = `the PDF indents no ${s.role}` +
			      (s.paraIndex > 0 ? ` (paragraph ${s.paraIndex + 1} of its ${s.role === 'list paragraph' ? 'item' : 'block'})` : '');
		}
		check(ctx, 'indent', `${s.what} (${s.role})`, near(s.font.indent, want, 0.1),
		      `text-indent ${f2(want)}px (${why})`, `text-indent ${f2(s.font.indent)}px`);
	}
}

// The PDF's item indent: the list's margin-left (else its indent, else
// 18 pt), at least 12 pt, and wide enough for the widest marker.
function checkLists(ctx, S, r, k) {
	const p = S.parts.list || {};
	let base = p['margin-left'] && p['margin-left'].value > 0 ? p['margin-left'] :
		   p.indent && p.indent.value > 0 ? p.indent : null;
	const basePt = base ? base.value : 18;
	const why0 = base ? base.from : 'no margin-left in [list]: the PDF uses 18pt';
	for (const list of r.lists) {
		let want = Math.max(basePt, 12) * k, why = why0;
		const widest = Math.max(0, ...list.items.map(i => i.marker));
		if (widest > want + 0.5 * k) {
			want = widest;
			why = `the widest marker, as the PDF widens the indent for it`;
		}
		list.items.forEach((it, i) => {
			check(ctx, 'list', `${it.what} (item ${i + 1} of ${list.what})`,
			      near(it.textLeft, want, 0.5),
			      `item text ${f2(want)}px from the list's edge (${why})`,
			      `${f2(it.textLeft)}px`);
		});
	}
}

// Rules as the PDF draws them: 1 pt above and below the table, 0.6 pt
// under the header rows, 0.25 pt between the other rows, and no rule
// through a cell that spans the boundary.
function checkTables(ctx, S, r, snap) {
	const p = S.parts.table || {};
	const color = p['rule-color'] ? rgb(p['rule-color'].value) : null;
	const cfrom = fromOf(p, 'rule-color');
	for (const t of r.tables) {
		t.boundaries.forEach((cols, b) => {
			let pt, where;
			if (b === 0) { pt = 1; where = 'top rule (above row 1)'; }
			else if (b === t.nRows) { pt = 1; where = `bottom rule (under row ${b})`; }
			else if (b === t.nHead) { pt = 0.6; where = `header rule (under row ${b}, the last header row)`; }
			else { pt = 0.25; where = `rule between rows ${b} and ${b + 1}`; }
			// columns with the same verdict are reported together
			let run = null;
			const flush = () => {
				if (!run)
					return;
				const span = run.from === run.to ? `column ${run.from + 1}` : `columns ${run.from + 1}-${run.to + 1}`;
				check(ctx, 'table', `${t.what}: ${where}, ${span}`, run.ok, run.expected, run.computed);
				run = null;
			};
			cols.forEach((c, i) => {
				let ok, expected, computed;
				if (c.spanned) {
					ok = true;
					expected = computed = 'spanned';
				} else {
					const w = snap[pt];
					expected = `${w}px solid ${color} (the PDF's ${pt}pt rule in ${cfrom})`;
					ok = near(c.w, w, 0.01) && (!color || c.color === color);
					computed = c.w > 0 ? `${c.w}px ${c.color}` : 'no rule';
				}
				if (run && run.ok === ok && run.expected === expected && run.computed === computed) {
					run.to = i;
				} else {
					flush();
					run = { from: i, to: i, ok, expected, computed };
				}
			});
			flush();
		});
	}
}

// "Figure 1. Text" with the label in bold, as caption_para writes it: a
// full stop after the label unless it brings its own.
function checkCaptions(ctx, r) {
	for (const c of r.captions) {
		if (c.label === null) {
			check(ctx, 'caption', c.what, false, 'a label (class "label") in the caption', 'none');
			continue;
		}
		const rest = c.text.startsWith(c.label) ? c.text.slice(c.label.length) : null;
		const sep = /[.:]$/.test(c.label) ? ' ' : '. ';
		const want = rest === '' ? c.label : c.label + sep;
		check(ctx, 'caption', `${c.what} (${c.kind} caption)`, c.text.startsWith(want),
		      `caption reading "${want}…" (the PDF's label and its full stop)`,
		      `"${c.text.slice(0, want.length + 12)}…"`);
		check(ctx, 'caption', `${c.what} label "${c.label}"`, c.labelWeight >= 700,
		      'font-weight 700 (the PDF sets the label in bold)', `font-weight ${c.labelWeight}`);
		if (c.creditAbove !== null)
			check(ctx, 'caption', `${c.what} credit`, c.creditAbove,
			      'the credit above the caption (the PDF sets it under the picture)',
			      'the credit below the caption');
	}
}

// Reading margins: the page's margins are the reading system's (the
// style's [page] margins are for paper), so the chapter adds none and
// nothing runs off the page; quotes and pull quotes stand in from the
// text column by the style's margin-left and margin-right.
function checkMargins(ctx, S, r, k, snap) {
	for (const [el, sides] of Object.entries(r.page))
		for (const s of sides)
			check(ctx, 'margins', `${el} ${s.side}`, s.margin === 0 && s.padding === 0,
			      'margin 0 and padding 0 (the reading system sets the page margins)',
			      `margin ${f2(s.margin)}px, padding ${f2(s.padding)}px`);
	check(ctx, 'margins', `page at ${r.viewport}px wide`, r.scrollWidth <= r.viewport && !r.wide.length,
	      'nothing wider than the page',
	      `scroll width ${r.scrollWidth}px; ${r.wide.map(w => `${w.what} spans ${f2(w.left)}..${f2(w.right)}px`).join('; ')}`);
	for (const b of r.blocks) {
		const p = S.parts[b.kind] || {};
		for (const side of ['left', 'right']) {
			const key = `margin-${side}`;
			if (!p[key])
				continue;
			const want = p[key].value * k;
			check(ctx, 'margins', `${b.what} (${b.kind}) text, ${side}`, near(b.inset[side], want, 0.5),
			      `text ${f2(want)}px in from the column's ${side} edge (${p[key].from})`,
			      `${f2(b.inset[side])}px`);
		}
		if (b.kind !== 'pullquote')
			continue;
		const color = p['rule-color'] ? rgb(p['rule-color'].value) : null;
		for (const [side, e] of [['top', b.top], ['bottom', b.bottom]])
			check(ctx, 'rules', `${b.what} (pull quote) rule at the ${side}`,
			      near(e.w, snap[1.2], 0.01) && (!color || e.color === color),
			      `${snap[1.2]}px solid ${color} (the PDF's 1.2pt rule in ${fromOf(p, 'rule-color')})`,
			      e.w > 0 ? `${e.w}px ${e.color}` : 'no rule');
	}
}

// ---- driving the engine ------------------------------------------------
async function platformFonts(page, ids) {
	const cdp = await page.createCDPSession();
	await cdp.send('DOM.enable');
	await cdp.send('CSS.enable');
	const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
	const out = {};
	for (const id of ids) {
		const { nodeId } = await cdp.send('DOM.querySelector',
			{ nodeId: root.nodeId, selector: `[data-look="${id}"]` });
		if (!nodeId)
			continue;
		out[id] = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
	}
	await cdp.detach();
	return out;
}

async function main() {
	mkdirSync(join(outDir, 'shots'), { recursive: true });
	const profile = join(outDir, 'profile');
	rmSync(profile, { recursive: true, force: true });
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		userDataDir: profile,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		       '--disable-background-networking', '--disable-component-update',
		       '--disable-sync', '--disable-dev-shm-usage', '--font-render-hinting=none'],
	});
	const styles = {};
	let chapters = 0;
	try {
		const page = await browser.newPage();
		await page.setViewport(VIEWPORT);
		// a chapter reaches nothing outside its book
		await page.setRequestInterception(true);
		page.on('request', req => (req.url().startsWith('file:') ? req.continue() : req.abort()));
		for (const arg of books) {
			const eq = arg.indexOf('=');
			const styleName = arg.slice(0, eq), bookDir = arg.slice(eq + 1);
			const S = styles[styleName] || (styles[styleName] = loadStyle(stylesDir, styleName));
			const book = basename(bookDir);
			for (const file of spine(bookDir)) {
				const chapter = basename(file);
				const ctx = { style: styleName, book, chapter };
				await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
				await page.evaluate(() => document.fonts.ready);
				const shot = join(outDir, 'shots', `${styleName}-${book}-${chapter.replace(/\.x?html$/, '')}.png`);
				await page.screenshot({ path: shot, fullPage: true });
				const r = await page.evaluate(PROBE);
				const fonts = await platformFonts(page, r.subjects.map(s => s.id));
				const snap = await snapper(page);
				const before = failures.length, passedBefore = passed;
				const bodyPt = S.parts.body && S.parts.body.size ? S.parts.body.size.value : NaN;
				const k = r.bodySize / bodyPt;   // CSS px per style point
				checkFonts(ctx, S, r, fonts, k);
				checkAlign(ctx, S, r);
				checkIndents(ctx, S, r, k);
				checkLists(ctx, S, r, k);
				checkTables(ctx, S, r, snap);
				checkCaptions(ctx, r);
				checkMargins(ctx, S, r, k, snap);
				chapters++;
				report.push({ ...ctx, screenshot: relative(process.cwd(), shot), checks: passed - passedBefore + failures.length - before,
					failed: failures.length - before });
			}
		}
	} finally {
		await browser.close();
		rmSync(profile, { recursive: true, force: true });
	}

	// ---- the report: by chapter, then by kind of check ----------------
	const lines = [
		'Each chapter as Chromium computes it, against the style file it was made with and',
		'the PDF\'s decisions. Sizes are CSS px at the reader\'s body size: the style\'s points',
		'times body px / body pt. A heading hN is the style\'s [h(N-1)] (the title is h1).',
		'',
	];
	for (const c of report) {
		const fs = failures.filter(f => f.style === c.style && f.book === c.book && f.chapter === c.chapter);
		lines.push(`${fs.length ? 'FAIL' : 'ok  '} ${c.style}/${c.book}/${c.chapter}: ${c.checks - c.failed} of ${c.checks} checks pass   [${c.screenshot}]`);
		for (const f of fs) {
			lines.push(`  ${f.kind}: ${f.what}`);
			lines.push(`      expected: ${f.expected}`);
			lines.push(`      computed: ${f.computed}`);
		}
	}
	const kinds = {};
	for (const f of failures)
		kinds[f.kind] = (kinds[f.kind] || 0) + 1;
	lines.push('');
	lines.push(`chapters rendered: ${chapters}; failures by check: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
	lines.push(`look: ${passed} passed, ${failures.length} failed`);
	const text = lines.join('\n') + '\n';
	writeFileSync(join(outDir, 'look.txt'), text);
	writeFileSync(join(outDir, 'look.json'), JSON.stringify({ chapters: report, failures }, null, 1));
	process.stdout.write(text);
	return failures.length ? 1 : 0;
}

main().then(rc => process.exit(rc), e => {
	console.error(`look.mjs: ${e.stack || e}`);
	process.exit(2);
});

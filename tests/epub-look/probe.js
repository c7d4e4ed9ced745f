// Runs inside each chapter page (page.evaluate): finds what the checks
// look at and returns what the reading engine computed for it. It knows
// the chapter markup (the classes galley writes) and nothing of the style
// files; the expectations are made on the other side (look.mjs).
//
// Every subject is { id, part, role, what, ... } where `what` names the
// element for a person: its path and the start of its text.
(() => {
	const px = v => parseFloat(v) || 0;
	const cs = (el, pseudo) => getComputedStyle(el, pseudo);
	const subjects = [];
	let nextId = 0;

	// The text a reader sees, generated content included (::before,
	// ::after with plain strings; counters are not ours to judge).
	function pseudoText(el, which) {
		const c = cs(el, which).content;
		if (!c || c === 'none' || c === 'normal')
			return '';
		let out = '';
		c.replace(/"((?:[^"\\]|\\.)*)"/g, (m, s) => {
			out += s.replace(/\\(.)/g, '$1');
			return m;
		});
		return out;
	}
	function shownText(node) {
		if (node.nodeType === Node.TEXT_NODE)
			return node.data;
		if (node.nodeType !== Node.ELEMENT_NODE || cs(node).display === 'none')
			return '';
		let s = pseudoText(node, '::before');
		for (const c of node.childNodes)
			s += shownText(c);
		return s + pseudoText(node, '::after');
	}
	const squash = s => s.replace(/\s+/g, ' ').trim();

	function path(el) {
		const bits = [];
		for (let e = el; e && e !== document.body; e = e.parentElement) {
			let b = e.localName;
			if (e.id)
				b += '#' + e.id;
			else if (e.classList.length)
				b += '.' + [...e.classList].join('.');
			bits.unshift(b);
			if (e.id)
				break;
		}
		return bits.join(' > ');
	}
	function what(el) {
		const t = squash(el.textContent || '');
		return `${path(el)} "${t.length > 40 ? t.slice(0, 40) + '…' : t}"`;
	}

	function font(el) {
		const s = cs(el);
		return {
			family: s.fontFamily.split(',')[0].trim().replace(/^["']|["']$/g, ''),
			size: px(s.fontSize), weight: parseInt(s.fontWeight, 10),
			style: s.fontStyle, caps: s.fontVariantCaps, transform: s.textTransform,
			letterSpacing: s.letterSpacing === 'normal' ? 0 : px(s.letterSpacing),
			color: s.color, align: s.textAlign, indent: px(s.textIndent),
			direction: s.direction,
		};
	}
	function add(el, part, role, extra) {
		const id = String(nextId++);
		el.setAttribute('data-look', id);
		subjects.push({ id, part, role, what: what(el), font: font(el), ...extra });
	}
	const inside = (el, sel) => !!el.parentElement && !!el.parentElement.closest(sel);

	// ---- what each element is, as the PDF sets it ----------------------
	const seen = new Set();
	const claim = (el, part, role, extra) => {
		if (seen.has(el))
			return;
		seen.add(el);
		add(el, part, role, extra);
	};
	const all = sel => [...document.querySelectorAll(sel)].filter(e => !e.closest('nav'));

	all('header h1, h1.title').forEach(e => claim(e, 'title', 'title'));
	all('.subtitle').forEach(e => claim(e, 'subtitle', 'subtitle'));
	all('.byline').forEach(e => claim(e, 'byline', 'byline'));
	all('.dateline').forEach(e => claim(e, 'dateline', 'dateline'));
	// the summary's and a box's own title: the part's face, in bold
	all('.summary > :is(h2, h3, h4, h5, h6, .summary-title):first-child')
		.forEach(e => claim(e, 'summary', 'summary title', { bold: true }));
	all('aside.box > :is(h2, h3, h4, h5, h6, .aside-title):first-child')
		.forEach(e => claim(e, 'aside', 'box title', { bold: true }));
	// headings by rank: the article title is h1, sections start at h2
	all('h2, h3, h4, h5, h6').forEach(e => {
		const n = Math.min(parseInt(e.localName[1], 10) - 1, 4);
		claim(e, `h${n}`, `${e.localName} heading`);
	});
	all('aside.pullquote p').forEach(e => claim(e, 'pullquote', 'pull quote'));
	all('blockquote p.attribution').forEach(e => claim(e, 'blockquote', 'attribution'));
	all('blockquote p').forEach(e => claim(e, 'blockquote', 'quote'));
	all('figcaption .caption, table > caption').forEach(e => claim(e, 'caption', 'caption'));
	all('figcaption').forEach(e => {
		if (!e.querySelector('.caption'))
			claim(e, 'caption', 'caption');
	});
	all('.credit').forEach(e => claim(e, 'credit', 'credit'));
	all('.footnotes aside p').forEach(e => claim(e, 'footnote', 'footnote'));
	all('.references li').forEach(e => claim(e, 'references', 'reference'));
	all(':is(ul, ol) > li > p').forEach(e => {
		if (!inside(e, '.references, .footnotes'))
			claim(e, 'list', 'list paragraph');
	});
	all('th').forEach(e => claim(e, 'table', 'header cell', { bold: true }));
	all('td').forEach(e => claim(e, 'table', 'cell'));
	all('pre').forEach(e => claim(e, 'code', 'code'));
	all('aside.box p').forEach(e => claim(e, 'aside', 'box paragraph'));
	all('.summary p').forEach(e => claim(e, 'summary', 'summary paragraph'));
	// running text: a paragraph of the body flow, in no other part
	all('p').forEach(e => {
		if (!inside(e, 'header, aside, blockquote, li, figure, table, .footnotes, .summary, nav'))
			claim(e, 'body', 'paragraph');
	});

	// ---- first-line indents: the PDF indents a body paragraph that
	// follows a body paragraph, and nothing else ------------------------
	const byEl = new Map();
	document.querySelectorAll('[data-look]').forEach(e =>
		byEl.set(e, subjects[parseInt(e.getAttribute('data-look'), 10)]));
	for (const [el, s] of byEl) {
		if (el.localName !== 'p')
			continue;
		const prev = el.previousElementSibling;
		const ps = prev && byEl.get(prev);
		s.afterBodyPara = s.part === 'body' && !!ps && ps.part === 'body' && prev.localName === 'p';
		s.paraIndex = [...el.parentElement.children].filter(c => c.localName === 'p').indexOf(el);
	}

	// ---- lists: where an item's text starts, from the list's edge ------
	const lists = [];
	all('ul, ol').forEach(list => {
		if (inside(list, '.references, .footnotes') || list.closest('.references'))
			return;
		const parent = list.parentElement;
		const pr = parent.getBoundingClientRect(), ps = cs(parent);
		const edge = pr.left + px(ps.borderLeftWidth) + px(ps.paddingLeft);
		const items = [];
		let n = list.localName === 'ol' ? (parseInt(list.getAttribute('start'), 10) || 1) : 1;
		const type = cs(list).listStyleType;
		for (const li of list.children) {
			if (li.localName !== 'li')
				continue;
			const r = li.getBoundingClientRect(), s = cs(li);
			// the widest marker the PDF makes room for: "12." and an en space
			let marker = 0;
			if (list.localName === 'ol' && type === 'decimal') {
				const m = document.createElement('span');
				m.textContent = `${n}.\u2002`;
				m.style.cssText = 'position:absolute;white-space:pre;visibility:hidden';
				li.append(m);
				marker = m.getBoundingClientRect().width;
				m.remove();
			}
			n++;
			items.push({ what: what(li),
				textLeft: r.left + px(s.borderLeftWidth) + px(s.paddingLeft) - edge,
				marker });
		}
		lists.push({ what: path(list), items });
	});

	// ---- table rules: the collapsed border a reader sees at every row
	// boundary, column by column --------------------------------------
	function edge(el, side) {
		const s = cs(el);
		const st = s[`border${side}Style`];
		if (st === 'none' || st === 'hidden')
			return { w: 0, color: null, hidden: st === 'hidden' };
		return { w: px(s[`border${side}Width`]), color: s[`border${side}Color`], style: st };
	}
	const tables = [];
	all('table').forEach(table => {
		const rows = [...table.rows];
		const grid = [];   // grid[r][c] = cell element
		rows.forEach((tr, r) => {
			grid[r] = grid[r] || [];
			let c = 0;
			for (const cell of tr.cells) {
				while (grid[r][c])
					c++;
				for (let dr = 0; dr < Math.max(cell.rowSpan, 1); dr++)
					for (let dc = 0; dc < Math.max(cell.colSpan, 1); dc++) {
						grid[r + dr] = grid[r + dr] || [];
						grid[r + dr][c + dc] = cell;
					}
				c += Math.max(cell.colSpan, 1);
			}
		});
		const nCols = Math.max(0, ...grid.map(g => g.length));
		const nHead = rows.filter(tr => tr.parentElement.localName === 'thead').length;
		const group = tr => tr.parentElement;
		const boundaries = [];
		for (let b = 0; b <= rows.length; b++) {
			const cols = [];
			for (let c = 0; c < nCols; c++) {
				const above = b > 0 ? grid[b - 1][c] : null;
				const below = b < rows.length ? grid[b][c] : null;
				if (above && above === below) {
					cols.push({ spanned: true });
					continue;
				}
				const cands = [];
				if (above) {
					cands.push(edge(above, 'Bottom'), edge(rows[b - 1], 'Bottom'));
					if (!rows[b] || group(rows[b]) !== group(rows[b - 1]))
						cands.push(edge(group(rows[b - 1]), 'Bottom'));
				}
				if (below) {
					cands.push(edge(below, 'Top'), edge(rows[b], 'Top'));
					if (!rows[b - 1] || group(rows[b - 1]) !== group(rows[b]))
						cands.push(edge(group(rows[b]), 'Top'));
				}
				if (b === 0)
					cands.push(edge(table, 'Top'));
				if (b === rows.length)
					cands.push(edge(table, 'Bottom'));
				// CSS 2 17.6.2.1: hidden wins, then the widest
				let win = { w: 0, color: null };
				if (!cands.some(e => e.hidden))
					for (const e of cands)
						if (e.w > win.w)
							win = e;
				cols.push({ spanned: false, w: win.w, color: win.color });
			}
			boundaries.push(cols);
		}
		tables.push({ what: what(table), nRows: rows.length, nHead, nCols, boundaries });
	});

	// ---- pull quotes: their rules and where their text sits -----------
	function inset(el) {
		const parent = el.parentElement;
		const pr = parent.getBoundingClientRect(), ps = cs(parent);
		const r = el.getBoundingClientRect(), s = cs(el);
		return {
			left: r.left + px(s.borderLeftWidth) + px(s.paddingLeft) -
			      (pr.left + px(ps.borderLeftWidth) + px(ps.paddingLeft)),
			right: (pr.right - px(ps.borderRightWidth) - px(ps.paddingRight)) -
			       (r.right - px(s.borderRightWidth) - px(s.paddingRight)),
		};
	}
	const blocks = [];
	all('aside.pullquote').forEach(e => blocks.push({ kind: 'pullquote', what: what(e),
		inset: inset(e), top: edge(e, 'Top'), bottom: edge(e, 'Bottom'),
		size: px(cs(e).fontSize) }));
	all('blockquote').forEach(e => blocks.push({ kind: 'blockquote', what: what(e),
		inset: inset(e), size: px(cs(e).fontSize) }));

	// ---- captions: the label and what follows it ------------------------
	const captions = [];
	all('figcaption, table > caption').forEach(cap => {
		const label = cap.querySelector('.label');
		const host = cap.closest('figure, table');
		const credit = cap.querySelector('.credit'), text = cap.querySelector('.caption');
		captions.push({
			what: what(cap), kind: host && host.localName === 'table' ? 'table' : 'figure',
			label: label ? squash(shownText(label)) : null,
			labelWeight: label ? parseInt(cs(label).fontWeight, 10) : 0,
			text: squash(shownText(text || cap)),
			// where a credit stands against the caption's text
			creditAbove: credit && text ? credit.getBoundingClientRect().bottom <=
				text.getBoundingClientRect().top + 0.5 : null,
		});
	});

	// ---- the page: margins are the reading system's -------------------
	const html = document.documentElement, body = document.body;
	const box = el => ['Top', 'Right', 'Bottom', 'Left'].map(s => ({
		side: s.toLowerCase(), margin: px(cs(el)[`margin${s}`]), padding: px(cs(el)[`padding${s}`]) }));
	const wide = [];
	const vw = html.clientWidth;
	for (const el of body.querySelectorAll('*')) {
		const r = el.getBoundingClientRect();
		if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5) && wide.length < 5)
			wide.push({ what: what(el), left: r.left, right: r.right });
	}

	return {
		bodySize: px(cs(body).fontSize), viewport: vw,
		scrollWidth: html.scrollWidth, page: { html: box(html), body: box(body) }, wide,
		subjects, lists, tables, blocks, captions,
	};
})()

// The style files as the test reads them: styles/NAME.ini with its
// `inherit` chain, resolved to points the way galley resolves them (a
// length in em is of the part's own font-size, a font-size in em is of
// the body's; both once the whole chain is read).
//
// Only what the files say is returned: a key no file of the chain gives is
// absent, and the checks that need it say so rather than guess galley's
// built-in value.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const LENGTHS = new Set(['font-size', 'leading', 'indent', 'margin-left', 'margin-right',
	'space-before', 'space-after', 'letter-spacing', 'min-size']);

function parseIni(text, file) {
	const out = {};
	let sec = null;
	text.split('\n').forEach((raw, i) => {
		const line = raw.replace(/^\s+|\s+$/g, '');
		if (!line || line[0] === ';' || line[0] === '#')
			return;
		const m = /^\[([^\]]+)\]$/.exec(line);
		if (m) {
			sec = m[1].trim();
			out[sec] = out[sec] || {};
			return;
		}
		const eq = line.indexOf('=');
		if (eq < 0 || !sec)
			throw new Error(`${file}:${i + 1}: cannot read "${line}"`);
		out[sec][line.slice(0, eq).trim()] = line.slice(eq + 1).replace(/\s+;.*$/, '').trim();
	});
	return out;
}

// "12pt", "4mm", "1.5em", "9" -> { v, unit } in points or em
function length(s, where) {
	const m = /^(-?[0-9]*\.?[0-9]+)\s*(pt|mm|cm|in|em)?$/.exec(s);
	if (!m)
		throw new Error(`${where}: not a length: "${s}"`);
	const v = parseFloat(m[1]);
	switch (m[2] || 'pt') {
	case 'pt': return { v, unit: 'pt' };
	case 'mm': return { v: v * 72 / 25.4, unit: 'pt' };
	case 'cm': return { v: v * 720 / 25.4, unit: 'pt' };
	case 'in': return { v: v * 72, unit: 'pt' };
	default: return { v, unit: 'em' };
	}
}

function weight(s) {
	if (s === 'bold') return 700;
	if (s === 'normal') return 400;
	return parseInt(s, 10);
}

// The files of a style, base first: [[path, parsed], ...]
function chain(dir, name, seen = []) {
	const path = name.includes('/') || name.endsWith('.ini') ? name : join(dir, `${name}.ini`);
	if (seen.includes(path) || seen.length > 8)
		throw new Error(`inherit loop at ${path}`);
	const ini = parseIni(readFileSync(path, 'utf8'), path);
	const parent = ini.style && ini.style.inherit;
	const up = parent ? chain(dir, parent, [...seen, path]) : [];
	return [...up, [path, ini]];
}

// { name, files: [...], parts: { body: {...}, h1: {...}, ... } }
// Each part value is { value, from } with `from` the file and key that set
// it, so a failure can name where the expectation came from.
export function loadStyle(dir, name) {
	if (!existsSync(join(dir, `${name}.ini`)) && !name.includes('/'))
		throw new Error(`no style ${name} in ${dir}`);
	const files = chain(dir, name);
	const raw = {};
	for (const [path, ini] of files)
		for (const [sec, keys] of Object.entries(ini)) {
			if (sec === 'style')
				continue;
			raw[sec] = raw[sec] || {};
			for (const [k, v] of Object.entries(keys))
				raw[sec][k] = { text: v, from: `${path} [${sec}] ${k} = ${v}` };
		}
	const parts = {};
	const bodySize = raw.body && raw.body['font-size'] ?
		length(raw.body['font-size'].text, raw.body['font-size'].from) : null;
	for (const [sec, keys] of Object.entries(raw)) {
		const p = {};
		let size = null;
		if (keys['font-size']) {
			const l = length(keys['font-size'].text, keys['font-size'].from);
			size = l.unit === 'em' ? l.v * bodySize.v : l.v;
			p.size = { value: size, from: keys['font-size'].from };
		}
		for (const [k, { text, from }] of Object.entries(keys)) {
			if (k === 'font-size')
				continue;
			let value = text;
			if (LENGTHS.has(k)) {
				const l = length(text, from);
				if (k === 'letter-spacing')   // kept in em, as the CSS writes it
					value = l.unit === 'em' ? l.v : size ? l.v / size : NaN;
				else
					value = l.unit === 'em' ? l.v * (size || NaN) : l.v;
			} else if (k === 'font-weight') {
				value = weight(text);
			} else if (k === 'color' || k === 'rule-color' || k === 'background') {
				value = text.toLowerCase();
			} else if (text === 'yes' || text === 'no') {
				value = text === 'yes';
			}
			p[k] = { value, from };
		}
		parts[sec] = p;
	}
	return { name, files: files.map(f => f[0]), parts };
}

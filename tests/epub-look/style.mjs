// The styles as the test reads them: every value as galley resolves it
// (its inherit chain and the cascade, galley(1) "The cascade"), from
// style-dump (gal_style_dump), with the file and key that set it where a
// file of the chain sets it, so that a failure names where the
// expectation came from; a value no file sets is galley's own (brief's
// built-in values, or one that follows the body).
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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

// What the files of the chain set: { section: { key: "FILE [sec] key = v" } }
function setBy(files) {
	const out = {};
	for (const [path, ini] of files)
		for (const [sec, keys] of Object.entries(ini)) {
			out[sec] = out[sec] || {};
			for (const [k, v] of Object.entries(keys))
				out[sec][k] = `${path} [${sec}] ${k} = ${v}`;
		}
	return out;
}

// { name, files: [...], parts: { body: {...}, h1: {...}, ... } }
// Each part value is { value, from }.
export function loadStyle(dir, name) {
	if (!existsSync(join(dir, `${name}.ini`)) && !name.includes('/'))
		throw new Error(`no style ${name} in ${dir}`);
	const dumper = process.env.STYLE_DUMP;
	if (!dumper)
		throw new Error('STYLE_DUMP names no style-dump program');
	const files = chain(dir, name);
	const from = setBy(files);
	const path = name.includes('/') || name.endsWith('.ini') ? name : join(dir, `${name}.ini`);
	const resolved = parseIni(execFileSync(dumper, [path], { encoding: 'utf8' }),
				  `style-dump ${path}`);
	const raw = {};
	for (const [sec, keys] of Object.entries(resolved)) {
		if (sec === 'style' || sec === 'page')
			continue;
		raw[sec] = {};
		for (const [k, v] of Object.entries(keys))
			raw[sec][k] = { text: v, from: (from[sec] || {})[k] ||
				`galley's ${name}: [${sec}] ${k} = ${v}, set by no file` };
	}
	const parts = {};
	const bodySize = length(raw.body['font-size'].text, raw.body['font-size'].from);
	for (const [sec, keys] of Object.entries(raw)) {
		const p = {};
		let size = null;
		if (keys['font-size']) {
			const l = length(keys['font-size'].text, keys['font-size'].from);
			size = l.unit === 'em' ? l.v * bodySize.v : l.v;
			p.size = { value: size, from: keys['font-size'].from };
		}
		for (const [k, { text, from: f }] of Object.entries(keys)) {
			if (k === 'font-size')
				continue;
			let value = text;
			if (LENGTHS.has(k)) {
				const l = length(text, f);
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
			p[k] = { value, from: f };
		}
		parts[sec] = p;
	}
	return { name, files: files.map(f => f[0]), parts };
}

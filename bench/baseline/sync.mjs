// Keeps the baseline built exactly like the widget: copies from the root
// project the settings that decide how Trunk builds it, and rewrites a file
// here only when it differs (so an unchanged baseline is not rebuilt):
//
//   index.html   the attributes of the <link data-trunk rel="rust"> (profile,
//                wasm-opt level and params, …), with the baseline's data-bin
//   Trunk.toml   the whole file (tool versions, minification, script tags)
//   Cargo.toml   the [profile.widget] table and the wasm-bindgen pin
//
//   node bench/baseline/sync.mjs ROOT_DIR BASELINE_DIR

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [root, here] = process.argv.slice(2);
const changed = [];
const update = (file, text) => {
  const path = join(here, file);
  if (readFileSync(path, 'utf8') !== text) {
    writeFileSync(path, text);
    changed.push(file);
  }
};

// index.html: the rust link.
const LINK = /<link\b[^>]*\bdata-trunk\b[^>]*\brel="rust"[^>]*>/;
const rootLink = readFileSync(join(root, 'index.html'), 'utf8').match(LINK)?.[0];
if (rootLink) {
  const link = rootLink.replace(/\bdata-bin="[^"]*"/, 'data-bin="hcp-bench-baseline"');
  const html = readFileSync(join(here, 'index.html'), 'utf8');
  update('index.html', html.replace(LINK, link));
}

// A TOML table: from its header to the next header.
const table = (text, name) => {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `[${name}]`);
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end])) end++;
  while (end > start + 1 && lines[end - 1].trim() === '') end--;
  return { start, end, body: lines.slice(start, end).join('\n') };
};
const replaceTable = (text, name, body) => {
  const t = table(text, name);
  if (!t) return text.trimEnd() + `\n\n${body}\n`;
  const lines = text.split('\n');
  return [...lines.slice(0, t.start), body, ...lines.slice(t.end)].join('\n');
};

update('Trunk.toml', readFileSync(join(root, 'Trunk.toml'), 'utf8'));

const rootCargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
let cargo = readFileSync(join(here, 'Cargo.toml'), 'utf8');
const profile = table(rootCargo, 'profile.widget');
if (profile) cargo = replaceTable(cargo, 'profile.widget', profile.body);
const pin = rootCargo.match(/^wasm-bindgen\s*=.*$/m)?.[0];
if (pin) cargo = cargo.replace(/^wasm-bindgen\s*=.*$/m, pin);
update('Cargo.toml', cargo);

if (changed.length) console.log(`[baseline] synced from the root project: ${changed.join(', ')}`);

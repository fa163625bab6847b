// Takes out of wasm-bindgen's JS glue what no page runs: `initSync` (the
// pages start with the asynchronous `wasm_bindgen({ module_or_path })`,
// Trunk.toml's loader) and the console warnings for a developer who calls
// the init functions the deprecated way or serves the wasm without
// `application/wasm` (the gateway always sends that type; the fallback
// itself stays). Every first load carried them (docs/ARCHITECTURE.md,
// "Widget", for the bytes).
// Usage: node scripts/trim-wasm-glue.mjs GLUE.js (rewrites it in place).
// Called by scripts/build-widget.sh after shorten-wasm-names.mjs. Each
// warning must be found: a wasm-bindgen whose glue reads otherwise fails
// the build here rather than shipping them again unnoticed.
import fs from 'node:fs';
const [jsPath] = process.argv.slice(2);
let js = fs.readFileSync(jsPath, 'utf8');
// A template literal's text, escaped backticks included.
const text = '(?:[^`\\\\]|\\\\.)*';
const WARNINGS = [
  ['deprecated initSync() parameters', `console\\.warn\\(\`using deprecated parameters for \\\\\`initSync\\(\\)${text}\`\\)`],
  ['deprecated init parameters', `console\\.warn\\(\`using deprecated parameters for the initialization function${text}\`\\)`],
  ['the wasm served without its MIME type', `console\\.warn\\(\`\\\\\`WebAssembly\\.instantiateStreaming\\\\\` failed${text}\`,[\\w$]+\\)`],
];
for (const [what, pattern] of WARNINGS) {
  const re = new RegExp(pattern, 'g');
  const n = (js.match(re) ?? []).length;
  if (n !== 1) throw new Error(`${jsPath}: the warning about ${what} was found ${n} times, not once`);
  js = js.replace(re, '0');
}
// `initSync`: the glue ends with `return Object.assign(init, { initSync: F }, …)`
// and defines `var F=(…);` once; both go.
const sync = js.match(/\{initSync:([\w$]+)\}/g) ?? [];
if (sync.length !== 1) throw new Error(`${jsPath}: initSync is exported ${sync.length} times, not once`);
const id = sync[0].slice('{initSync:'.length, -1);
js = js.replace(`,{initSync:${id}}`, '');
const def = `var ${id}=(`;
const start = js.indexOf(def);
if (start < 0 || js.indexOf(def, start + 1) >= 0) throw new Error(`${jsPath}: initSync's definition not found once`);
// Its end: the parenthesis that closes `(`, template literals skipped.
let depth = 0, i = start + def.length - 1;
for (; i < js.length; i++) {
  const c = js[i];
  if (c === '`') {
    for (i++; js[i] !== '`'; i++) if (js[i] === '\\') i++;
  } else if (c === '(') depth++;
  else if (c === ')' && --depth === 0) break;
}
if (js[i + 1] !== ';') throw new Error(`${jsPath}: initSync's definition does not end as expected`);
js = js.slice(0, start) + js.slice(i + 2);
if (new RegExp(`(^|[^\\w$])\\${id}(?![\\w$])`).test(js)) throw new Error(`${jsPath}: ${id} is still used`);
fs.writeFileSync(jsPath, js);

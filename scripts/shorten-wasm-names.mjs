// Renames wasm-bindgen's generated import and export names (`__wbg_set_title_7c9f7c08b10ea16a`)
// to short ones (`$a`, `$b`, …) in both the wasm module and its JS glue, which must agree.
// Usage: node scripts/shorten-wasm-names.mjs GLUE.js MODULE_bg.wasm (rewrites both in place).
// Called by scripts/build-widget.sh after `trunk build`, then wasm-opt runs again.
//
// Why: over a hundred such names appear in both files, and their hash halves are random
// text brotli cannot shrink (~3.7 KB of the first load). Only the import (2) and export (7)
// sections are rewritten; every other section is copied byte for byte.
import fs from 'node:fs';
const [jsPath, wasmPath] = process.argv.slice(2);
const wasm = fs.readFileSync(wasmPath);
let js = fs.readFileSync(jsPath, 'utf8');
// The names wasm-bindgen generates; `memory` and the like stay.
const GENERATED = /^(__wbg_|__wbindgen_|wasm_bindgen_)/;

const readU32 = (buf, pos) => {
  let n = 0, shift = 0, b;
  do { b = buf[pos++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return [n, pos];
};
const u32 = (n) => {
  const out = [];
  do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n);
  return Buffer.from(out);
};
const readName = (buf, pos) => {
  const [len, p] = readU32(buf, pos);
  return [buf.subarray(p, p + len).toString(), p + len];
};
const name = (s) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
const skipLimits = (buf, pos) => {
  const flags = buf[pos++];
  [, pos] = readU32(buf, pos);
  if (flags & 1) [, pos] = readU32(buf, pos);
  return pos;
};
const renames = new Map();
const imports = new Set();
const rename = (old) => {
  if (!GENERATED.test(old)) return old;
  if (!renames.has(old)) {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let n = renames.size, s = '$';
    do { s += letters[n % 52]; n = Math.floor(n / 52); } while (n);
    renames.set(old, s);
  }
  return renames.get(old);
};

// Rewrite the import (2) and export (7) sections; every other section is copied.
const parts = [wasm.subarray(0, 8)];
for (let pos = 8; pos < wasm.length; ) {
  const id = wasm[pos];
  const [size, start] = readU32(wasm, pos + 1);
  let body = wasm.subarray(start, start + size);
  if (id === 2 || id === 7) {
    const [count, first] = readU32(body, 0);
    const out = [];
    let kept = 0;
    let p = first, module, field;
    for (let i = 0; i < count; i++) {
      if (id === 2) [module, p] = readName(body, p);
      [field, p] = readName(body, p);
      const desc = p;
      const kind = body[p++];
      if (id === 7 || kind === 0) [, p] = readU32(body, p); // index / function type
      else if (kind === 1) p = skipLimits(body, p + 1); // table: element type, limits
      else if (kind === 2) p = skipLimits(body, p); // memory
      else if (kind === 3) p += 2; // global: type, mutability
      else throw new Error(`unknown import kind ${kind}`);
      const short = rename(field);
      if (id === 2) {
        out.push(name(module));
        imports.add(field);
      }
      out.push(name(short), body.subarray(desc, p));
      kept++;
    }
    body = Buffer.concat([u32(kept), ...out]);
  }
  parts.push(Buffer.from([id]), u32(body.length), body);
  pos = start + size;
}

for (const [old, short] of renames) {
  if (new RegExp(`(^|[^\\w$])\\${short}(?![\\w$])`).test(js)) {
    throw new Error(`${short} is already used in ${jsPath}`);
  }
  let found = false;
  js = js.replace(new RegExp(`\\b${old}\\b`, 'g'), () => ((found = true), short));
  // The glue must provide every import (an export it does not call may be absent).
  if (!found && imports.has(old)) throw new Error(`${old} is not in ${jsPath}`);
}
fs.writeFileSync(wasmPath, Buffer.concat(parts));
fs.writeFileSync(jsPath, js);

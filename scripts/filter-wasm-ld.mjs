#!/usr/bin/env node
// The wasm linker of the widget's builds (scripts/build-widget.sh makes it
// cargo's linker for wasm32): runs the real one ($HCP_WASM_LD, default
// rust-lld) without wasm-streams' exports, then takes wasm-streams' entries
// out of wasm-bindgen's metadata in the linked module.
//
// Why: leptos 0.8 turns on server_fn's `browser` feature unconditionally,
// which links wasm-streams, whose #[wasm_bindgen] classes (IntoUnderlyingSource,
// IntoUnderlyingSink, IntoUnderlyingByteSource) rustc asks the linker to
// export. An export is a root: it keeps those classes' code and, through the
// closures they create, their entries in the function table, which no later
// pass removes. Not exported, none of it is linked (−4.0 KB brotli on the
// rating pages' first load). Their metadata would still make wasm-bindgen
// write a JS class for each (−0.2 KB without). The widget has no server
// functions and nothing creates these classes. (docs/ARCHITECTURE.md,
// "Widget", size.)
//
// The name ends in -wasm-ld, which tells rustc it is wasm-ld (it reads a
// linker's kind from its name).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const STREAMS = /intounderlying/; // wasm-streams' exported names (and their __wbg_/describe forms)
const CRATE = /wasm-streams-[0-9a-f]{16}/; // its crate id in wasm-bindgen's metadata

const args = [];
let out = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--export' && STREAMS.test(argv[i + 1] ?? '')) { i++; continue; }
  if (a.startsWith('--export=') && STREAMS.test(a)) continue;
  if (a === '-o') out = argv[i + 1];
  args.push(a);
}
const real = process.env.HCP_WASM_LD || 'rust-lld';
if (real.endsWith('filter-wasm-ld.mjs')) {
  console.error(`filter-wasm-ld: HCP_WASM_LD (${real}) must be the real linker, not this script`);
  process.exit(1);
}
const ld = spawnSync(real, args, { stdio: 'inherit' });
if (ld.error) { console.error(`filter-wasm-ld: ${ld.error.message}`); process.exit(1); }
if (ld.status !== 0 || out === null) process.exit(ld.status ?? 1);

// wasm-bindgen's metadata: custom sections `__wasm_bindgen_unstable`, each a
// run of (u32 LE length, schema-version JSON) (u32 LE length, program) pairs,
// one program per #[wasm_bindgen] item, naming its crate. wasm-streams' go.
// (Should linked code still use wasm-streams one day, its imports would have
// no metadata left and wasm-bindgen would stop the build, not ship it broken.)
const readU32 = (buf, pos) => {
  let n = 0, shift = 0, b;
  do { b = buf[pos++]; n += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return [n, pos];
};
const u32 = (n) => {
  const bytes = [];
  do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; bytes.push(b); } while (n);
  return Buffer.from(bytes);
};
const wasm = fs.readFileSync(out);
const parts = [wasm.subarray(0, 8)];
let dropped = 0;
for (let pos = 8; pos < wasm.length; ) {
  const section = pos;
  const [size, start] = readU32(wasm, pos + 1);
  pos = start + size;
  if (wasm[section] === 0) {
    const [len, p] = readU32(wasm, start);
    if (wasm.subarray(p, p + len).toString() === '__wasm_bindgen_unstable') {
      const data = wasm.subarray(p + len, pos);
      const kept = [];
      for (let i = 0; i < data.length; ) {
        const pair = i;
        i += 4 + data.readUInt32LE(i); // the version
        const program = data.subarray(i + 4, i + 4 + data.readUInt32LE(i));
        i += 4 + program.length;
        if (CRATE.test(program.toString('latin1'))) dropped++;
        else kept.push(data.subarray(pair, i));
      }
      const body = Buffer.concat([wasm.subarray(start, p + len), ...kept]);
      parts.push(Buffer.from([0]), u32(body.length), body);
      continue;
    }
  }
  parts.push(wasm.subarray(section, pos));
}
if (dropped > 0) fs.writeFileSync(out, Buffer.concat(parts));

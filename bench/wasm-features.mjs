// Prints the target features a wasm module was compiled with (its
// `target_features` custom section), one per line: `+reference-types`, …
//
//   node bench/wasm-features.mjs FILE.wasm

import { readFileSync } from 'node:fs';

const b = readFileSync(process.argv[2]);
let i = 8;
const leb = () => {
  let r = 0, s = 0, x;
  do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
  return r;
};
const str = () => { const n = leb(); const t = b.subarray(i, i + n).toString(); i += n; return t; };
while (i < b.length) {
  const id = b[i++];
  const size = leb();
  const end = i + size;
  if (id === 0 && str() === 'target_features') {
    for (let n = leb(); n > 0; n--) {
      const prefix = String.fromCharCode(b[i++]);
      console.log(prefix + str());
    }
  }
  i = end;
}

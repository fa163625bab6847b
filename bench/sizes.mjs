// Sizes of the widget bundle and its pages, with the baseline's.
//
//   node bench/sizes.mjs OUT.json --bundle widget=dist --bundle baseline=bench/baseline/dist \
//        [--page NAME=URL …] [--page-file NAME=FILE …]
//
// Every file of a bundle (the .br/.gz siblings left out): raw bytes, `gzip -9 -n`
// and `brotli -q 11` (the command-line tools, as scripts/build-widget.sh uses).
// The widget has one bundle per entry (each dist/*.html names its own
// scripts, wasm and stylesheet): `entries` sums each entry's files. A page is
// its HTML as the gateway serves it (fetched, so the injected config block
// counts; --page-file when there is no gateway) plus the files that HTML
// names, which are all it loads: first-load transfer = brotli(HTML) +
// brotli(each file it names). The HTML's size as actually sent
// (Accept-Encoding: br) is recorded too.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { extname, join, relative } from 'node:path';

// GET without any decoding: the bytes as sent.
const fetchRaw = (url, encoding) => new Promise((ok, fail) => {
  const req = httpGet(url, { headers: { 'accept-encoding': encoding } }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    res.on('error', fail);
  });
  req.on('error', fail);
  req.setTimeout(10000, () => req.destroy(new Error('timeout')));
});

const [outPath, ...rest] = process.argv.slice(2);
const bundles = [];
const pages = [];
for (let i = 0; i < rest.length; i += 2) {
  const [flag, arg] = [rest[i], rest[i + 1] ?? ''];
  const eq = arg.indexOf('=');
  const [name, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
  if (flag === '--bundle') bundles.push({ name, dir: value });
  else if (flag === '--page') pages.push({ name, url: value });
  else if (flag === '--page-file') pages.push({ name, file: value });
  else throw new Error(`unknown argument ${flag}`);
}

const gzip = (buf) => execFileSync('gzip', ['-9', '-n', '-c'], { input: buf, maxBuffer: 1 << 28 }).length;
const brotli = (buf) => execFileSync('brotli', ['-q', '11', '-c'], { input: buf, maxBuffer: 1 << 28 }).length;
const measure = (buf) => ({ raw: buf.length, gzip: gzip(buf), br: brotli(buf) });
const KINDS = { '.html': 'html', '.css': 'css', '.js': 'js', '.wasm': 'wasm' };

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// The files an HTML page names (Trunk's hashed /name-hash.js, _bg.wasm, .css).
const named = (html) => [...new Set(String(html).match(/\/[A-Za-z0-9._-]+\.(js|wasm|css)\b/g) ?? [])].map((f) => f.slice(1));

const out = { bundles: {}, pages: [] };
for (const b of bundles) {
  let files;
  try {
    files = walk(b.dir).filter((f) => !/\.(br|gz)$/.test(f));
  } catch (e) {
    out.bundles[b.name] = { dir: b.dir, error: `cannot read ${b.dir}: ${e.code ?? e}` };
    continue;
  }
  const rows = files.sort().map((f) => ({
    file: relative(b.dir, f), kind: KINDS[extname(f)] ?? 'other', ...measure(readFileSync(f)),
  }));
  const sum = (k, pred) => rows.filter(pred).reduce((s, r) => s + r[k], 0);
  const assets = (r) => r.kind !== 'html';
  out.bundles[b.name] = {
    dir: b.dir,
    files: rows,
    byKind: Object.fromEntries(['html', 'css', 'js', 'wasm', 'other'].map((k) => [k, {
      raw: sum('raw', (r) => r.kind === k), gzip: sum('gzip', (r) => r.kind === k), br: sum('br', (r) => r.kind === k),
    }])),
    // Every file besides the HTML (all entries together).
    assets: { raw: sum('raw', assets), gzip: sum('gzip', assets), br: sum('br', assets) },
  };
  // Each entry: its HTML and the files it names.
  const byFile = Object.fromEntries(rows.map((r) => [r.file, r]));
  out.bundles[b.name].entries = rows
    .filter((r) => r.kind === 'html')
    .map((h) => {
      const files = named(readFileSync(join(b.dir, h.file))).filter((f) => byFile[f]);
      const part = (k) => files.filter((f) => byFile[f].kind === k).reduce((s, f) => s + byFile[f].br, 0);
      return {
        entry: h.file.replace(/\.html$/, ''),
        files,
        br: { html: h.br, js: part('js'), wasm: part('wasm'), css: part('css') },
        firstLoad: h.br + files.reduce((s, f) => s + byFile[f].br, 0),
      };
    });
}

const widget = out.bundles.widget;
for (const p of pages) {
  const row = { name: p.name, source: p.url ? 'gateway' : 'file' };
  try {
    let html;
    if (p.url) {
      const res = await fetchRaw(p.url, 'identity');
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      html = res.body;
      // What the gateway actually sends to a browser that accepts brotli.
      const br = await fetchRaw(p.url, 'br, gzip');
      row.served = { encoding: br.headers['content-encoding'] ?? 'identity', bytes: br.body.length };
    } else {
      html = readFileSync(p.file);
    }
    row.html = measure(html);
    row.configBlock = html.includes('id="hcp-config"');
    // A page named like a bundle (the baseline) loads from that bundle; every
    // other page from the widget's: exactly the files its HTML names.
    const bundle = out.bundles[p.name] ?? widget;
    row.bundle = out.bundles[p.name] ? p.name : 'widget';
    if (bundle && !bundle.error) {
      const byFile = Object.fromEntries(bundle.files.map((r) => [r.file, r]));
      row.files = named(html).filter((f) => byFile[f]);
      row.entry = bundle.entries?.find((e) => e.files.join() === row.files.join())?.entry ?? null;
      const total = (k) => row.files.reduce((s, f) => s + byFile[f][k], row.html[k]);
      row.firstLoad = { raw: total('raw'), gzip: total('gzip'), br: total('br') };
    }
  } catch (e) {
    row.error = String(e.message ?? e);
  }
  out.pages.push(row);
}
writeFileSync(outPath, JSON.stringify(out, null, 2));

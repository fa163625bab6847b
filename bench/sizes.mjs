// Sizes of the widget bundle and its pages, with the baseline's.
//
//   node bench/sizes.mjs OUT.json --bundle widget=dist --bundle baseline=bench/baseline/dist \
//        [--page NAME=URL …] [--page-file NAME=FILE …]
//
// Every file of a bundle (the .br/.gz siblings left out): raw bytes, `gzip -9 -n`
// and `brotli -q 11` (the command-line tools, as scripts/build-widget.sh uses).
// A page is its HTML as the gateway serves it (fetched, so the injected config
// block counts; --page-file when there is no gateway) plus the whole bundle,
// which every page loads: first-load transfer = brotli(HTML) + brotli(each
// bundle file). The HTML's size as actually sent (Accept-Encoding: br) is
// recorded too.

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
    // What every page loads besides its HTML.
    assets: { raw: sum('raw', assets), gzip: sum('gzip', assets), br: sum('br', assets) },
  };
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
    // A page named like a bundle (the baseline) loads that bundle; every other page the widget's.
    const bundle = out.bundles[p.name] ?? widget;
    row.bundle = out.bundles[p.name] ? p.name : 'widget';
    if (bundle && !bundle.error) {
      row.firstLoad = {
        raw: row.html.raw + bundle.assets.raw,
        gzip: row.html.gzip + bundle.assets.gzip,
        br: row.html.br + bundle.assets.br,
      };
    }
  } catch (e) {
    row.error = String(e.message ?? e);
  }
  out.pages.push(row);
}
writeFileSync(outPath, JSON.stringify(out, null, 2));

// Turns bench/out/*.json into the tables of docs/BENCHMARKS.md, prints them,
// and writes them between the generated-section markers of the file (the
// prose outside the markers is kept; a new file gets a skeleton).
//
//   node bench/report.mjs bench/out docs/BENCHMARKS.md

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, docPath] = process.argv.slice(2);
const read = (f) => {
  try {
    return JSON.parse(readFileSync(join(dir, f), 'utf8'));
  } catch {
    return null;
  }
};
const meta = read('meta.json') ?? {};
const sizes = read('sizes.json');
const cold = read('coldload.json');
const pads = read('pads.json');
const loads = Object.fromEntries(
  (existsSync(dir) ? readdirSync(dir) : [])
    .filter((f) => /^load-.*\.json$/.test(f))
    .map((f) => [f.slice(5, -5), read(f)])
    .filter(([, v]) => v),
);
const loadavg = existsSync(join(dir, 'loadavg.txt'))
  ? readFileSync(join(dir, 'loadavg.txt'), 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '))
  : [];
const notes = existsSync(join(dir, 'notes.txt'))
  ? readFileSync(join(dir, 'notes.txt'), 'utf8').split('\n').filter(Boolean)
  : [];

// Targets (SPEC §7 / the bench brief). Reported, never asserted.
const TARGET_FIRST_LOAD = 80_000; // bytes, brotli
const TARGET_COLD_MS = 2500;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;

const kb = (n) => (n == null ? '–' : `${(n / 1000).toFixed(1)} KB`);
const ms = (n, d = 0) => (n == null ? '–' : `${n.toFixed(d)} ms`);
const sec = (n) => (n == null ? '–' : `${(n / 1000).toFixed(2)} s`);
const num = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));
const met = (ok) => (ok == null ? 'not measured' : ok ? '**met**' : '**NOT met**');
// A Markdown table; the first column left-aligned, the others right-aligned unless `left`.
const table = (head, rows, left = false) =>
  [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i === 0 || left ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// A run of some parts only (BENCH_PARTS) keeps the other parts' figures
// from the file's previous run, marked as such.
const ran = (part) => (meta.parts ?? 'size coldload load pads').split(/\s+/).includes(part);
const previous = (() => {
  if (!existsSync(docPath)) return null;
  const old = readFileSync(docPath, 'utf8');
  const i = old.indexOf('<!-- bench:begin');
  const j = old.indexOf('<!-- bench:end -->');
  if (i < 0 || j < i) return null;
  const text = old.slice(i, j);
  const run = text.match(/Run of ([^*]+?) on \*\*/)?.[1] ?? 'an earlier run';
  const section = (heading) => {
    const k = text.indexOf(`### ${heading}`);
    if (k < 0) return null;
    const end = text.indexOf('\n### ', k + 4);
    return text.slice(k, end < 0 ? undefined : end).trim().split('\n').slice(1).join('\n').trim();
  };
  const targetRow = (start) => text.split('\n').find((l) => l.startsWith(`| ${start}`));
  return { run, section, targetRow };
})();
const kept = (part, heading) => {
  const old = !ran(part) && previous?.section(heading);
  if (!old) return null;
  // Already kept from an earlier run: it keeps that run's date.
  if (old.startsWith('Not run this time')) return old;
  return `Not run this time (BENCH_PARTS="${meta.parts}"): the figures of ${previous.run}, kept from the previous report.\n\n${old}`;
};

const out = [];
const date = meta.date ? meta.date.replace('T', ' ').replace(/:\d\dZ$/, ' UTC') : new Date().toISOString();
out.push(
  `Run of ${date} on **${meta.nproc ?? '?'} cores** (\`nproc\`; ${meta.cpu ?? '?'}), ` +
    `Chromium ${cold?.chromium ?? '–'}, nginx ${meta.nginx ?? '?'}, rustc ${meta.rustc ?? '?'} (native; wasm: ${meta.wasmToolchain ?? '?'}), ` +
    `tree ${meta.git ?? '?'}. bench/run.sh took ${meta.elapsed ?? '?'} s: release build check ${meta.releaseBuild ?? '?'} s, ` +
    `baseline build ${meta.baselineBuild ?? '?'} s, measuring ${meta.measuring ?? '?'} s (before it, \`make bench\` runs \`make widget gateway\`).`,
);
if (loadavg.length) {
  const busy = loadavg.filter(([, l1]) => Number(l1) > (meta.nproc ?? 2) / 2);
  out.push('', `Load average (1/5/15 min) when each part started: ${loadavg.map(([p, a, b, c]) => `${p} ${a}/${b}/${c}`).join('; ')}.` +
    (busy.length ? ` **The machine was busy with other work during ${busy.map(([p]) => p).join(', ')}: those figures are low and noisy; rerun on an idle machine.**` : ''));
}
if (notes.length) {
  out.push('', 'Notes on this run:', '', ...notes.map((n) => `- ${n}`));
}

// ------------------------------------------------------------------ targets
// The targets concern the citizen's pages: not the baseline, not test entries,
// not the hall pad (a kiosk that loads once a day on the hall's network; its
// figures are in the size table and in section 4).
const pages = (sizes?.pages ?? []).filter((p) => p.firstLoad && p.name !== 'baseline' && p.name !== 'pad' && !p.name.includes('test entry'));
const worstPage = pages.reduce((w, p) => (!w || p.firstLoad.br > w.firstLoad.br ? p : w), null);
const coldPages = Object.entries(cold?.pages ?? {}).filter(([n]) => n !== 'baseline' && n !== 'pad');
const coldOk = coldPages.length && coldPages.every(([, p]) => p.ready) ? coldPages.every(([, p]) => p.ready.median <= TARGET_COLD_MS) : null;
const gw = loads['gateway-guide'];
const ng = loads['nginx-guide'];
const ratio = gw && ng && ng.ok_rps > 0 ? gw.ok_rps / ng.ok_rps : null;
out.push('', '### Targets', '');
out.push(
  table(
    ['target', 'measured', 'status'],
    [
      ['first-load transfer of any page ≤ 80 KB (brotli)', worstPage ? `${kb(worstPage.firstLoad.br)} (largest: ${worstPage.name})` : '–', met(worstPage ? worstPage.firstLoad.br <= TARGET_FIRST_LOAD : null)],
      !ran('coldload') && previous?.targetRow('cold load') ? previous.targetRow('cold load').slice(2, -2).split(' | ').map((c, i) => (i === 1 && !c.endsWith("(kept)") ? `${c} (kept)` : c)) :
      ['cold load to first clickable star ≤ 2.5 s (median)', coldPages.length ? coldPages.map(([n, p]) => `${n} ${sec(p.ready?.median)}`).join(', ') : '–', met(coldOk)],
      !ran('load') && previous?.targetRow('gateway submit throughput') ? previous.targetRow('gateway submit throughput').slice(2, -2).split(' | ').map((c, i) => (i === 1 && !c.endsWith("(kept)") ? `${c} (kept)` : c)) :
      ['gateway submit throughput ≥ 0.5× nginx proxy_pass', ratio != null ? `${ratio.toFixed(2)}× (${num(gw.ok_rps)} vs ${num(ng.ok_rps)} req/s)` : '–', met(ratio != null ? ratio >= TARGET_RATIO : null)],
      !ran('load') && previous?.targetRow('gateway submit p99') ? previous.targetRow('gateway submit p99').slice(2, -2).split(' | ').map((c, i) => (i === 1 && !c.endsWith("(kept)") ? `${c} (kept)` : c)) :
      ['gateway submit p99 ≤ 50 ms', gw ? ms(gw.p99_ms, 1) : '–', met(gw ? gw.p99_ms <= TARGET_P99_MS && gw.errors === 0 : null)],
    ],
    true,
  ),
);
if (gw && gw.errors) out.push('', `The gateway submit run had ${gw.errors} errors (${JSON.stringify(gw.error_kinds)}): its p99 target is not counted as met.`);

// ------------------------------------------------------------------ 1. size
out.push('', '### 1. Size', '');
if (!sizes) {
  out.push('Not measured.');
} else {
  const w = sizes.bundles.widget;
  const b = sizes.bundles.baseline;
  const kinds = ['html', 'css', 'js', 'wasm', 'other'];
  const cell = (bundle, k, f) => (bundle && !bundle.error ? kb(bundle.byKind[k][f]) : '–');
  const rows = kinds
    .filter((k) => (w?.byKind?.[k]?.raw ?? 0) + (b?.byKind?.[k]?.raw ?? 0) > 0)
    .map((k) => [k === 'html' ? 'html (every entry)' : k, cell(w, k, 'raw'), cell(w, k, 'gzip'), cell(w, k, 'br'), cell(b, k, 'raw'), cell(b, k, 'br')]);
  const total = (bundle, f) => (bundle && !bundle.error ? kb(bundle.assets[f]) : '–');
  rows.push(['**css + js + wasm + other**', total(w, 'raw'), total(w, 'gzip'), total(w, 'br'), total(b, 'raw'), total(b, 'br')]);
  out.push(`The release build in \`dist/\`, every entry together (Trunk, \`widget\` profile, wasm-opt ${meta.wasmOpt || '?'}) and the baseline counter (\`bench/baseline\`, built the same way). KB = 1000 bytes; gzip -9 and brotli -q 11 by the command-line tools.`, '');
  out.push(table(['file', 'widget raw', 'gzip -9', 'brotli -q 11', 'baseline raw', 'baseline brotli'], rows));
  if (w?.error) out.push('', `widget: ${w.error}`);
  if (b?.error) out.push('', `baseline: ${b.error}`);
  const files = (w?.files ?? []).map((f) => `\`${f.file}\``).join(', ');
  if (files) out.push('', `Widget files: ${files}.`);
  if (w?.entries?.length) {
    out.push('', 'One bundle per entry: each entry\'s HTML (as built, without the config block) and the files it names, brotli -q 11. An entry loads only its own bundle.', '');
    out.push(
      table(
        ['entry', 'html', 'js', 'wasm', 'css', 'first load (brotli)'],
        w.entries.map((e) => [e.entry === 'index' ? 'index (rating pages)' : e.entry, kb(e.br.html), kb(e.br.js), kb(e.br.wasm), kb(e.br.css), `**${kb(e.firstLoad)}**`]),
      ),
    );
  }
  if (sizes.pages.length) {
    out.push('', 'First-load transfer of each page: its HTML as the gateway serves it (with the injected `hcp-config` block), brotli -q 11, plus each file that HTML names (its entry\'s bundle) at brotli -q 11. "As sent" is what the gateway actually sent for `Accept-Encoding: br, gzip`.', '');
    out.push(
      table(
        ['page', 'entry', 'HTML raw', 'HTML brotli', 'HTML as sent', 'config block', 'first load (brotli)', '≤ 80 KB'],
        sizes.pages.map((p) =>
          p.error
            ? [p.name, p.error, '', '', '', '', '', '']
            : [
                p.name,
                p.bundle === 'widget' ? p.entry ?? '–' : p.bundle,
                kb(p.html.raw),
                kb(p.html.br),
                p.served ? `${kb(p.served.bytes)} ${p.served.encoding}` : '–',
                p.configBlock ? 'yes' : 'no',
                p.firstLoad ? kb(p.firstLoad.br) : kb(p.html.br),
                p.name === 'baseline' ? '(reference)' : p.firstLoad ? (p.firstLoad.br <= TARGET_FIRST_LOAD ? 'yes' : '**no**') : '–',
              ],
        ),
      ),
    );
  }
}

// ------------------------------------------------------------------ 2. cold load
out.push('', '### 2. Cold load on a slow phone', '');
if (!cold && kept('coldload', '2. Cold load')) {
  out.push(kept('coldload', '2. Cold load'));
} else if (!cold) {
  out.push('Not measured.');
} else {
  const n = cold.network;
  out.push(
    `Headless Chromium ${cold.chromium} (\`${cold.flags.join(' ')}\`), driven over CDP by playwright-core; ` +
      `per run a new browser context, \`Network.setCacheDisabled\`, \`Network.emulateNetworkConditions\` Slow 4G ` +
      `(latency ${n.latencyMs} ms, down ${n.downloadBps / 1000} KB/s, up ${n.uploadBps / 1000} KB/s), ` +
      `\`Emulation.setCPUThrottlingRate\` ${cold.cpuRate}×, a 360×740 mobile viewport. ` +
      `Time from navigation start to the first \`${meta.selector ?? 'star'}\` attached, visible and enabled ` +
      `(the baseline: its \`${meta.baselineSelector ?? 'button'}\`), measured in the page with performance.now() ` +
      `(init script + MutationObserver). ${cold.runs} runs per page after one untimed load; medians of the runs.`,
    '',
  );
  const rows = Object.entries(cold.pages).map(([name, p]) => [
    name + (p.served === 'gateway' ? '' : ' (static)'),
    p.ready ? `**${sec(p.ready.median)}**` : 'failed',
    p.ready ? sec(p.ready.min) : '–',
    p.ready ? sec(p.ready.max) : '–',
    p.ready ? `${p.ready.n}${p.errors.length ? ` (+${p.errors.length} failed)` : ''}` : `0 (${p.errors.length} failed)`,
    p.fcp ? sec(p.fcp.median) : '–',
    p.htmlEnd ? sec(p.htmlEnd.median) : '–',
    p.jsEnd ? sec(p.jsEnd.median) : '–',
    p.wasmEnd ? sec(p.wasmEnd.median) : '–',
    p.transferBytes ? kb(p.transferBytes.median) : '–',
    p.ready ? (name === 'baseline' ? '(reference)' : p.ready.median <= TARGET_COLD_MS ? 'yes' : '**no**') : '–',
  ]);
  out.push(table(['page', 'median', 'min', 'max', 'runs', 'first paint', 'HTML loaded', 'JS loaded', 'wasm loaded', 'transferred', '≤ 2.5 s'], rows));
  out.push('', '"HTML/JS/wasm loaded" are the medians of each response\'s end (resource timing); "transferred" counts headers too.');
  for (const [name, p] of Object.entries(cold.pages)) {
    if (p.errors.length) out.push('', `${name}: ${p.errors.length} run(s) failed; first: ${p.errors[0]}`);
    if (p.samples.length && !p.throttled) out.push('', `${name}: the HTML answered faster than the emulated latency in some runs: throttling may not have applied.`);
  }
}

// ------------------------------------------------------------------ 3. throughput
out.push('', '### 3. Gateway throughput', '');
if (!Object.keys(loads).length && kept('load', '3. Gateway throughput')) {
  out.push(kept('load', '3. Gateway throughput'));
} else if (!Object.keys(loads).length) {
  out.push('Not measured.');
} else {
  const any = Object.values(loads)[0];
  out.push(
    `\`hcp-loadgen\`: ${any.concurrency} requests in flight (one keep-alive connection each), ${any.warmup_secs} s warm-up, then ` +
      `${meta.duration ?? '?'} s measured; the generator runs on ${any.threads} thread on the same ${meta.nproc ?? '?'} cores as the servers. ` +
      'Upstream calls carry a fresh x-rio nonce and signature each; every guide rating has its own affairCode (own outbox key). ' +
      'Tag list: `GET eval/tag/list` (sandbox, nginx) / `GET /api/tags` (gateway, which caches it). ' +
      'Guide: `POST guide/eval` with the `GuideEvalRequest` the gateway would build (sandbox, nginx) / `POST /api/submit` with the widget\'s `SubmitRequest` and a login ticket (gateway). ' +
      'An error is a non-2xx answer, a non-zero code, or (gateway submit) anything but `delivered`. ' +
      'A fresh sandbox (new SQLite store) for each path. nginx: `worker_processes auto` (one per core), keepalive upstream, access_log off. ' +
      'The gateway runs outside sandbox mode (`HCP_UPSTREAM` = the sandbox) with the rate limit lifted and its default (info) request logs written to a file. ' +
      'The "tmpfs" row repeats the gateway submit with gateway.db in /dev/shm, where a commit\'s fsync costs nothing: the gap to the row above it is the price of durable commits (a diagnostic, not a target). ' +
      'The PostgreSQL rows: the same gateway with `HCP_DATABASE_URL`, on a throwaway local PostgreSQL cluster (pg_virtualenv) with fsync and synchronous_commit on, sharing the same cores; "two gateways" are two processes on one database, the generator alternating between them (the same total load).',
    '',
  );
  const label = {
    direct: 'sandbox directly', nginx: 'nginx proxy_pass → sandbox', gateway: 'hcp-gateway → sandbox',
    'gateway-tmpfs': 'hcp-gateway → sandbox, gateway.db on tmpfs (diagnostic)',
    'gateway-pg': 'hcp-gateway → sandbox, PostgreSQL store',
    'gateway-pg2': 'two hcp-gateways → sandbox, one PostgreSQL',
  };
  const key = (path, wl) => {
    const [, variant] = path.split(/-(.+)/);
    return variant ? `gateway-${wl}-${variant}` : `${path}-${wl}`;
  };
  const rows = [];
  for (const wl of ['tags', 'guide']) {
    for (const path of ['direct', 'nginx', 'gateway', 'gateway-tmpfs', 'gateway-pg', 'gateway-pg2']) {
      const r = loads[key(path, wl)];
      if (!r) continue;
      rows.push([
        wl === 'tags' ? 'tag list' : 'guide submit',
        label[path],
        `**${num(r.ok_rps)}**`,
        ms(r.p50_ms, 2),
        ms(r.p99_ms, 2),
        ms(r.max_ms, 1),
        num(r.requests),
        r.errors ? `**${r.errors}** ${Object.entries(r.error_kinds).map(([k, v]) => `${k}: ${v}`).join(', ')}` : '0',
      ]);
    }
  }
  out.push(table(['workload', 'path', 'ok req/s', 'p50', 'p99', 'max', 'requests', 'errors'], rows));
  const ratios = [];
  for (const wl of ['tags', 'guide']) {
    const g = loads[`gateway-${wl}`];
    const x = loads[`nginx-${wl}`];
    const d = loads[`direct-${wl}`];
    const p1 = loads[`gateway-${wl}-pg`];
    const p2 = loads[`gateway-${wl}-pg2`];
    if (g && p1) ratios.push(`${wl === 'tags' ? 'tag list' : 'guide submit'}: PostgreSQL/SQLite ${(p1.ok_rps / g.ok_rps).toFixed(2)}×` + (p2 ? `, two gateways/one gateway on PostgreSQL ${(p2.ok_rps / p1.ok_rps).toFixed(2)}×` : ''));
    if (g && x) ratios.push(`${wl === 'tags' ? 'tag list' : 'guide submit'}: gateway/nginx **${(g.ok_rps / x.ok_rps).toFixed(2)}×**` + (d ? `, gateway/direct ${(g.ok_rps / d.ok_rps).toFixed(2)}×, nginx/direct ${(x.ok_rps / d.ok_rps).toFixed(2)}×` : ''));
  }
  if (ratios.length) out.push('', ...ratios.map((r) => `- ${r}`));
  for (const [k, r] of Object.entries(loads)) {
    for (const [kind, sample] of Object.entries(r.error_samples ?? {})) out.push('', `${k}: first "${kind}" answer: \`${sample.replace(/`/g, "'").slice(0, 200)}\``);
  }
}

// ------------------------------------------------------------------ 4. pads
out.push('', '### 4. Hall pads', '');
if (!pads && kept('pads', '4. Hall pads')) {
  out.push(kept('pads', '4. Hall pads'));
} else if (!pads) {
  out.push('Not measured.');
} else {
  const padPage = (sizes?.pages ?? []).find((p) => p.name === 'pad');
  const rating = (sizes?.bundles?.widget?.entries ?? []).find((e) => e.entry === 'index');
  const mb = (k) => (k == null ? '–' : `${(k / 1024).toFixed(1)} MB`);
  out.push(
    `\`hcp-loadgen pads\`: ${num(pads.pads)} pads, one per window of one hall, each on its own WebSocket to one gateway ` +
      '(outside sandbox mode, against a standalone sandbox, request logs at info), every pad having had its `hello`; then ' +
      `${num(pads.reports)} cases reported one after another by the hall system's signed call, each at another window, each timed from ` +
      'sending the report to its pad receiving the `case` event (the report\'s durable commit, the fan-out, the pad\'s view read from gateway.db, the WebSocket frame). ' +
      'Memory is the gateway\'s resident set (VmRSS), read from /proc.',
    '',
  );
  out.push(
    table(
      ['figure', 'value'],
      [
        ['pads connected', `${num(pads.connected)} of ${num(pads.pads)} in ${pads.connect_secs.toFixed(2)} s`],
        ['report → pad latency p50', `**${ms(pads.p50_ms, 2)}**`],
        ['report → pad latency p90', ms(pads.p90_ms, 2)],
        ['report → pad latency p99', `**${ms(pads.p99_ms, 2)}**`],
        ['report → pad latency max', ms(pads.max_ms, 2)],
        ['reports seen by their pad', `${num(pads.delivered)} of ${num(pads.reports)}`],
        ['gateway memory, no pad connected', mb(pads.rss_idle_kb)],
        [`gateway memory, ${num(pads.connected)} pads connected`, `**${mb(pads.rss_connected_kb)}**`],
        ['per pad', pads.rss_connected_kb && pads.rss_idle_kb ? `${((pads.rss_connected_kb - pads.rss_idle_kb) / pads.connected).toFixed(1)} KB` : '–'],
        ['gateway memory after the reports', mb(pads.rss_after_kb)],
        ['pad page first load (brotli)', padPage?.firstLoad ? `${kb(padPage.firstLoad.br)} (rating pages: ${rating ? kb(rating.firstLoad) : '–'})` : '–'],
      ],
    ),
  );
  if (pads.errors?.length) out.push('', `Errors: ${pads.errors.join('; ')}`);
}

const generated = out.join('\n');
console.log('\n' + generated + '\n');

const BEGIN = '<!-- bench:begin — generated by `make bench` (bench/report.mjs); edit outside these markers -->';
const END = '<!-- bench:end -->';
let doc;
if (existsSync(docPath)) {
  const old = readFileSync(docPath, 'utf8');
  const i = old.indexOf('<!-- bench:begin');
  const j = old.indexOf(END);
  doc = i >= 0 && j > i ? old.slice(0, i) + BEGIN + '\n\n' + generated + '\n\n' + old.slice(j) : old.trimEnd() + '\n\n' + BEGIN + '\n\n' + generated + '\n\n' + END + '\n';
} else {
  doc = `# Benchmarks

\`make bench\` (bench/run.sh) measures four things and rewrites the section
between the markers below; the text outside them is kept.

${BEGIN}

${generated}

${END}

## What dominates each figure

(to be written from the measurements above)
`;
}
writeFileSync(docPath, doc);

// Cold load on a slow phone: headless Chromium over the DevTools protocol
// (playwright-core driving /usr/bin/chromium; no browser is downloaded).
//
//   node bench/coldload.mjs CONFIG.json OUT.json
//
// CONFIG: {
//   "chromium": "/usr/bin/chromium", "runs": 5, "timeoutMs": 60000,
//   "network": {"latencyMs": 562.5, "downloadBps": 180000, "uploadBps": 84375},
//   "cpuRate": 4, "viewport": {"width": 360, "height": 740},
//   "pages": [ {"name": "guide", "url": "http://127.0.0.1:PORT/guide/?…", "selector": "…"},
//              {"name": "baseline", "dir": "bench/baseline/dist", "path": "/", "selector": "#counter"} ]
// }
// A page with "dir" is served by a small static server here (br/gzip
// siblings when the browser asks, as the gateway does).
//
// Every run: a new browser context (no cache, no cookies), cache disabled,
// Network.emulateNetworkConditions (Slow 4G), Emulation.setCPUThrottlingRate.
// An init script watches the DOM (MutationObserver, then animation frames)
// and records performance.now() — milliseconds since navigation start — when
// the page's selector matches an element that is attached, visible (its
// own box, or its label's for a visually hidden input) and enabled.

import { readFileSync, writeFileSync, existsSync, statSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [configPath, outPath] = process.argv.slice(2);
if (!configPath || !outPath) {
  console.error('usage: node bench/coldload.mjs CONFIG.json OUT.json');
  process.exit(2);
}
const cfg = JSON.parse(readFileSync(configPath, 'utf8'));
const runs = cfg.runs ?? 5;
const timeoutMs = cfg.timeoutMs ?? 60000;
const net = cfg.network ?? { latencyMs: 562.5, downloadBps: 180000, uploadBps: 84375 };
const cpuRate = cfg.cpuRate ?? 4;
const shotDir = cfg.screenshotDir;

const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// ---------------------------------------------------------------- static server
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.ico': 'image/x-icon',
};

function serveDir(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      // Pages are client-side routes: every unknown path gets index.html.
      file = join(root, 'index.html');
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', vary: 'accept-encoding' };
    let body;
    if (/\bbr\b/.test(accept) && existsSync(file + '.br')) {
      body = readFileSync(file + '.br');
      headers['content-encoding'] = 'br';
    } else if (/\bgzip\b/.test(accept) && existsSync(file + '.gz')) {
      body = readFileSync(file + '.gz');
      headers['content-encoding'] = 'gzip';
    } else {
      body = readFileSync(file);
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ---------------------------------------------------------------- in the page
function initScript(selector) {
  const bench = (window.__hcpBench = { ready: null, fcp: null, selector });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') bench.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch (_) { /* no paint timing */ }
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const ready = () => {
    const el = document.querySelector(selector);
    if (!el || !el.isConnected) return false;
    if (el.disabled || el.closest('fieldset:disabled, [inert]')) return false;
    return shown(el) || Array.from(el.labels ?? []).some(shown);
  };
  let frame = 0;
  const check = () => {
    if (bench.ready !== null) return;
    if (ready()) {
      bench.ready = performance.now();
      observer.disconnect();
    } else if (document.querySelector(selector) && !frame) {
      // Present but not yet usable (styles, layout): look again each frame.
      frame = requestAnimationFrame(() => { frame = 0; check(); });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
  addEventListener('load', check);
}

function collect() {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const pick = (re) => res.find((e) => re.test(new URL(e.name).pathname));
  const end = (e) => (e ? e.responseEnd : null);
  const all = [nav, ...res].filter(Boolean);
  return {
    ready: window.__hcpBench.ready,
    fcp: window.__hcpBench.fcp,
    htmlEnd: nav ? nav.responseEnd : null,
    jsEnd: end(pick(/\.js$/)),
    wasmEnd: end(pick(/\.wasm$/)),
    cssEnd: end(pick(/\.css$/)),
    requests: all.length,
    transferBytes: all.reduce((s, e) => s + (e.transferSize || 0), 0),
    bodyBytes: all.reduce((s, e) => s + (e.encodedBodySize || 0), 0),
    finalPath: location.pathname,
  };
}

// ---------------------------------------------------------------- driver
const stats = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v[v.length - 1], n: v.length };
};

const redact = (u) => u.replace(/([?&]ticket=)[^&]*/g, '$1…');

async function oneRun(browser, page, url) {
  const context = await browser.newContext({
    viewport: cfg.viewport ?? { width: 360, height: 740 },
    deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN',
  });
  try {
    await context.addInitScript(initScript, page.selector);
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: net.latencyMs, downloadThroughput: net.downloadBps, uploadThroughput: net.uploadBps,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    const errors = [];
    // An uncaught error (a wasm trap, a failed instantiation) ends the wait
    // 2 s later if the page is still not usable: no need to sit out the timeout.
    let crashed;
    const crash = new Promise((_, fail) => (crashed = fail));
    crash.catch(() => {});
    const failed = [];
    tab.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    tab.on('pageerror', (e) => {
      errors.push(String(e).slice(0, 200));
      setTimeout(() => crashed(new Error('page error')), 2000);
    });
    await tab.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    try {
      const ready = tab.waitForFunction(() => window.__hcpBench && window.__hcpBench.ready !== null, null, { timeout: timeoutMs, polling: 100 });
      ready.catch(() => {}); // the race's loser must not go unhandled
      await Promise.race([ready, crash]);
    } catch (e) {
      const late = await tab.evaluate(() => window.__hcpBench?.ready ?? null).catch(() => null);
      if (late !== null) return await finish(tab, errors);
      const where = await tab.evaluate(() => location.pathname + ' — ' + (document.body?.innerText ?? '').slice(0, 160)).catch(() => '?');
      if (shotDir) {
        mkdirSync(shotDir, { recursive: true });
        await tab.screenshot({ path: join(shotDir, `${page.name}-timeout.png`) }).catch(() => {});
      }
      const hint = errors.some((m) => m.includes('WebAssembly.Table.set'))
        ? ' [the wasm-bindgen externref table export is broken: wasm-opt (binaryen 108) rewrites it to the funcref table]'
        : '';
      return { error: `selector ${page.selector} not clickable (${errors.length ? 'page error' : `${timeoutMs} ms timeout`}; page at ${where})${failed.length ? '; failed requests: ' + failed.join(', ') : ''}${errors.length ? '; page errors: ' + errors.join(' | ') : ''}${hint}` };
    }
    return await finish(tab, errors);
  } finally {
    await context.close();
  }
}

async function finish(tab, errors) {
  // First paint comes a frame or two after the DOM is ready.
  await tab.waitForFunction(() => window.__hcpBench.fcp !== null, null, { timeout: 3000, polling: 100 }).catch(() => {});
  const r = await tab.evaluate(collect);
  // DevTools throttling holds the body back (not the first byte): the
  // HTML cannot have finished before one emulated latency.
  r.throttled = r.htmlEnd !== null && r.htmlEnd >= net.latencyMs * 0.9;
  if (errors.length) r.pageErrors = errors;
  return r;
}

const servers = [];
const browser = await chromium.launch({ executablePath: cfg.chromium ?? '/usr/bin/chromium', headless: true, args: FLAGS, timeout: 60000 });
const out = {
  chromium: browser.version(), runs, cpuRate, network: net, flags: FLAGS,
  date: new Date().toISOString(), pages: {},
};
try {
  for (const page of cfg.pages) {
    let url = page.url;
    if (page.dir) {
      const server = await serveDir(page.dir);
      servers.push(server);
      url = `http://127.0.0.1:${server.address().port}${page.path ?? '/'}`;
    }
    const result = { url: redact(url), selector: page.selector, served: page.dir ? 'static (bench)' : 'gateway', samples: [], errors: [] };
    out.pages[page.name] = result;
    // One untimed load first: the browser's own start-up (processes, caches
    // of the browser itself) is not the page's.
    const warm = await oneRun(browser, page, url).catch((e) => ({ error: String(e) }));
    for (let i = 0; i < runs; i++) {
      const r = await oneRun(browser, page, url).catch((e) => ({ error: String(e).slice(0, 300) }));
      if (r.error) {
        result.errors.push(r.error);
        console.error(`[coldload] ${page.name} run ${i + 1}: ${r.error}`);
        // Not going to work: the warm-up and the first run(s) all failed.
        if (result.samples.length === 0 && (warm.error ? result.errors.length >= 1 : result.errors.length >= 2)) break;
        continue;
      }
      result.samples.push(r);
      console.error(`[coldload] ${page.name} run ${i + 1}: ready ${r.ready.toFixed(0)} ms (html ${r.htmlEnd?.toFixed(0)}, js ${r.jsEnd?.toFixed(0)}, wasm ${r.wasmEnd?.toFixed(0)} ms; ${r.transferBytes} B in ${r.requests} requests)${r.throttled ? '' : ' NOT THROTTLED?'}`);
    }
    for (const k of ['ready', 'fcp', 'htmlEnd', 'jsEnd', 'wasmEnd', 'transferBytes']) {
      result[k] = stats(result.samples.map((s) => s[k]));
    }
    result.throttled = result.samples.length > 0 && result.samples.every((s) => s.throttled);
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
writeFileSync(outPath, JSON.stringify(out, null, 2));

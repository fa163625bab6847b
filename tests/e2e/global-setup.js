// Starts, for the whole run:
// - the real gateway binary in sandbox mode, on a free port, with a fresh data
//   directory, serving the built widget (dist/); its printed listen address
//   and demo links (one per page variant) are parsed from its stdout;
// - two small "portal" servers that embed the widget in an iframe: one on an
//   allowed origin (in HCP_ALLOWED_ORIGINS), one on an origin that is not.
// What the tests need is passed to them in process.env.HCP_E2E (JSON).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import config from './playwright.config.js';
import { handles } from './run-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

function gatewayBinary() {
  const candidates = [
    process.env.HCP_GATEWAY_BIN,
    path.join(repo, 'target', 'release', 'hcp-gateway'),
    path.join(repo, 'target', 'debug', 'hcp-gateway'),
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `hcp-gateway not found (tried ${candidates.join(', ')}): build it first (cargo build -p hcp-gateway) or set HCP_GATEWAY_BIN`,
    );
  }
  return found;
}

// The portal page: records every message whose data says source "hcp".
function parentPage(src) {
  const attr = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal</title>
<script>
window.__hcp = [];
addEventListener('message', function (e) {
  if (e.data && e.data.source === 'hcp') window.__hcp.push({ origin: e.origin, data: e.data });
});
</script></head>
<body><h1>Portal</h1>
<iframe id="hcp" title="rating widget" src="${attr}" width="360" height="640"></iframe>
</body></html>`;
}

function startPortal() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname !== '/parent.html') {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(parentPage(url.searchParams.get('src') || 'about:blank'));
    });
    server.on('error', reject);
    // Never keeps the runner alive, should teardown not reach it.
    server.unref();
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

function startGateway(bin, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const links = {};
    let base = null;
    const timer = setTimeout(() => finish(new Error('the gateway did not print its links within 60 s')), 60_000);
    function finish(e) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) {
        child.kill('SIGTERM');
        reject(new Error(`${e.message}\n--- stdout\n${out}\n--- stderr\n${err.slice(-4000)}`));
      } else {
        resolve({ child, base, links });
      }
    }
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err += d;
      if (err.length > 200_000) err = err.slice(-100_000);
    });
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        const m = line.match(/listening on (http:\/\/\S+)/);
        if (m) base = m[1].replace(/\/$/, '');
        const l = line.match(/^\s+([a-z][a-z0-9-]*)\s+(https?:\/\/\S+)\s*$/);
        if (l) links[l[1]] = l[2];
      }
      // The demo links are printed at once, after the address: the rating
      // pages', the citizen's pages (my, onething), then the pad's.
      if (base && links['dynamic-gd'] && links.onething && links.pad) finish();
    });
    child.on('exit', (code) => finish(new Error(`the gateway exited with ${code}`)));
  });
}

// Fails the run at once, with the reason, when the built widget does not start
// (rather than every test timing out on an empty page).
async function widgetStarts(url) {
  const browser = await chromium.launch(config.use.launchOptions);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    try {
      await page.waitForSelector('.hcp', { timeout: 20_000 });
    } catch {
      let hint = '';
      if (errors.some((e) => e.includes('Table.set'))) {
        hint =
          '\nThis is binaryen (wasm-opt) 108 breaking the externref table export: build the widget with ' +
          'RUSTFLAGS="-Ctarget-feature=-reference-types" (or a newer wasm-opt).';
      }
      throw new Error(`the widget did not start at ${url}: ${errors.join('; ') || 'no page error'}${hint}`);
    }
  } finally {
    await browser.close();
  }
}

export default async function globalSetup() {
  const dist = path.join(repo, 'dist', 'index.html');
  if (!fs.existsSync(dist)) {
    throw new Error(`${dist} is missing: build the widget first (scripts/build-widget.sh)`);
  }
  const allowed = await startPortal();
  const other = await startPortal();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-'));
  const ticketSecret = `e2e-${crypto.randomBytes(16).toString('hex')}`;
  // The hall system's link secret: the demo links are signed with it, and
  // the signed-link tests sign their own links with it.
  const linkSecret = `e2e-link-${crypto.randomBytes(16).toString('hex')}`;
  const env = {
    ...process.env,
    HCP_LISTEN: '127.0.0.1:0',
    HCP_UPSTREAM: 'sandbox',
    HCP_DATA_DIR: dataDir,
    HCP_WIDGET_DIR: path.join(repo, 'dist'),
    HCP_ALLOWED_ORIGINS: allowed.origin,
    HCP_TICKET_SECRET: ticketSecret,
    HCP_LINK_SECRET: linkSecret,
    // One appCode whose hall links may come unsigned (specs/links.spec.js).
    HCP_LEGACY_UNSIGNED_LINKS: 'legacyHall',
    HCP_RATE_LIMIT_PER_SECOND: '1000',
    HCP_RATE_LIMIT_BURST: '1000',
    RUST_LOG: process.env.RUST_LOG || 'warn',
  };
  delete env.HCP_LOGIN_URL;
  delete env.HCP_CONFIG;
  delete env.HCP_LINK_SECRETS;
  let gateway;
  try {
    gateway = await startGateway(gatewayBinary(), env);
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  handles.gateway = gateway.child;
  handles.servers = [allowed.server, other.server];
  handles.dataDir = dataDir;
  process.env.HCP_E2E_GATEWAY_PID = String(gateway.child.pid);
  try {
    await widgetStarts(gateway.links.guide);
  } catch (e) {
    gateway.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  process.env.HCP_E2E = JSON.stringify({
    base: gateway.base,
    links: gateway.links,
    ticketSecret,
    linkSecret,
    dataDir,
    allowedParent: allowed.origin,
    otherParent: other.origin,
  });
}

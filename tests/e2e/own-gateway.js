// A gateway of a spec's own, for tests that must not disturb the shared one
// (global-setup.js): an outage of its platform, a restart. Started from the
// same binary, with its own data directory; stdout is read for the listen
// address and, in sandbox mode, the demo links.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');

function binary() {
  const candidates = [
    process.env.HCP_GATEWAY_BIN,
    path.join(repo, 'target', 'release', 'hcp-gateway'),
    path.join(repo, 'target', 'debug', 'hcp-gateway'),
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`hcp-gateway not found (tried ${candidates.join(', ')})`);
  return found;
}

/**
 * Starts `hcp-gateway serve` with `env` (added to a clean base) and resolves
 * once it listens (and, in sandbox mode, has printed its links):
 * `{ base, links, stop() }`.
 */
export function startGateway(env) {
  const full = {
    PATH: process.env.PATH,
    HCP_LISTEN: '127.0.0.1:0',
    HCP_WIDGET_DIR: path.join(repo, 'dist'),
    HCP_RATE_LIMIT_PER_SECOND: '1000',
    HCP_RATE_LIMIT_BURST: '1000',
    RUST_LOG: 'warn',
    ...env,
  };
  const sandbox = full.HCP_UPSTREAM === 'sandbox';
  return new Promise((resolve, reject) => {
    const child = spawn(binary(), ['serve'], { env: full, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let base = null;
    const links = {};
    let done = false;
    const timer = setTimeout(() => finish(new Error('the gateway did not start within 60 s')), 60_000);
    const exited = new Promise((r) => child.on('exit', r));
    const stop = async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    };
    function finish(e) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) {
        child.kill('SIGKILL');
        reject(new Error(`${e.message}\n--- stdout\n${out}\n--- stderr\n${err.slice(-4000)}`));
      } else {
        resolve({ base, links, stop });
      }
    }
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-100_000);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        const m = line.match(/listening on (http:\/\/\S+)/);
        if (m) base = m[1].replace(/\/$/, '');
        const l = line.match(/^\s+([a-z][a-z0-9-]*)\s+(https?:\/\/\S+)\s*$/);
        if (l) links[l[1]] = l[2];
      }
      if (base && (!sandbox || (links['dynamic-gd'] && links.onething && links.pad))) finish();
    });
    child.on('exit', (code) => finish(new Error(`the gateway exited with ${code}`)));
  });
}

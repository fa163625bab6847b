// Stops what global-setup.js started and removes the run's data directory.
// The gateway is found by the pid global-setup recorded (and by its handle
// when this module shares global-setup's instance of run-state.js).
import fs from 'node:fs';
import { handles } from './run-state.js';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalTeardown() {
  const pid = Number(process.env.HCP_E2E_GATEWAY_PID || handles.gateway?.pid || 0);
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  await Promise.all(handles.servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
  const state = process.env.HCP_E2E ? JSON.parse(process.env.HCP_E2E) : {};
  const dataDir = handles.dataDir || state.dataDir;
  if (dataDir && !process.env.HCP_E2E_KEEP_DATA) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

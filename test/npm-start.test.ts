// `npm start` as a newcomer runs it: the whole stack comes up, /readyz turns 200, Ctrl-C stops it
// cleanly, the next start sees the earlier data, and an external MONGODB_URI starts no FerretDB.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { freePort, portAnswers } from '../devstack/child-process';

const ADMIN = { authorization: 'Bearer od_dev_admin_key_change_me', 'content-type': 'application/json' };
let dataDir: string;
const PORT_NAMES = [
  'API_PORT',
  'TEMPORAL_PORT',
  'TEMPORAL_UI_PORT',
  'FERRETDB_PORT',
  'SMTP_PORT',
  'INBOX_PORT',
  'WORKER_METRICS_PORT',
] as const;
let ports: Record<(typeof PORT_NAMES)[number], number>;
const running: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'omnidrip-start-'));
  const entries = [];
  for (const name of PORT_NAMES) entries.push([name, await freePort()] as const);
  ports = Object.fromEntries(entries) as typeof ports;
});
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extraEnv };
  for (const [k, v] of Object.entries(ports)) env[k] = String(v);
  for (const k of ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'SMTP_URL']) if (!(k in extraEnv)) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), 150_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready: open')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  return exited;
}

const api = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${ports.API_PORT}${path}`, init);

test('the stack starts, answers ready, stops on Ctrl-C and keeps its data for the next start', {
  timeout: 360_000,
}, async () => {
  const first = await start();
  const banner = first
    .output()
    .split('\n')
    .filter((l) => l.startsWith('[omnidrip]'))
    .slice(0, 6)
    .join('\n');
  expect(banner).toContain(`http://127.0.0.1:${ports.API_PORT}`);
  expect(banner).toContain(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`);
  expect(banner).toContain(`http://127.0.0.1:${ports.INBOX_PORT}`);
  expect((await api('/readyz')).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${ports.INBOX_PORT}/`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`)).status).toBe(200);

  const created = await api('/v1/contacts', {
    method: 'POST',
    headers: ADMIN,
    body: JSON.stringify({ email: 'bleibt@example.de', firstName: 'Mara', consent: { email: 'granted' } }),
  });
  expect(created.status).toBe(200);
  const { id } = (await created.json()) as { id: string };
  expect(await stop(first.child)).toBe(0);
  expect(await portAnswers(ports.API_PORT)).toBe(false);
  expect(await portAnswers(ports.FERRETDB_PORT)).toBe(false);

  const second = await start();
  expect((await api('/readyz')).status).toBe(200);
  const again = await api(`/v1/contacts/${id}`, { headers: ADMIN });
  expect(again.status).toBe(200);
  expect(((await again.json()) as { firstName: string }).firstName).toBe('Mara');
  expect(await stop(second.child)).toBe(0);
});

test('an external MONGODB_URI starts no FerretDB of its own', { timeout: 240_000 }, async () => {
  const external = `${inject('mongoBaseUri')}/external_${Date.now()}`;
  const run = await start({ MONGODB_URI: external });
  expect(run.output()).toContain('external (MONGODB_URI)');
  expect(await portAnswers(ports.FERRETDB_PORT)).toBe(false);
  expect((await api('/readyz')).status).toBe(200);
  expect(await stop(run.child)).toBe(0);
});

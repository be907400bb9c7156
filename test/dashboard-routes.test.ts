// The dashboard is served at `/` next to the API: its files, index.html for its own client-side routes,
// a clear page while it is not built, and nothing at all on paths that belong to the API or customers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardRoutes } from '../server/routes/dashboard';

const dirs: string[] = [];
const servers: Server[] = [];

async function serve(distDir: string): Promise<string> {
  const app = express();
  app.use(dashboardRoutes({ distDir }));
  app.use((req, res) => {
    res.status(404).json({ passedOn: req.path });
  });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const page = (base: string, path: string, init: RequestInit = {}) =>
  fetch(base + path, { ...init, headers: { accept: 'text/html,*/*', ...init.headers } });

let built: string;
let unbuilt: string;

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'omnidrip-dist-'));
  const empty = mkdtempSync(join(tmpdir(), 'omnidrip-nodist-'));
  dirs.push(dist, empty);
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>omnidrip</title>');
  writeFileSync(join(dist, 'assets', 'main-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  built = await serve(dist);
  unbuilt = await serve(empty);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('dashboardRoutes', () => {
  test.each(['/', '/campaigns', '/campaigns/abandoned-cart/results', '/contacts/65f0c0ffee0000000000abcd'])(
    '%s answers with the app shell, always revalidated',
    async (path) => {
      const response = await page(built, path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>omnidrip</title>');
    },
  );

  test('built assets are served and cached for good; their names change with their content', async () => {
    const response = await page(built, '/assets/main-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log(1)');
    expect((await page(built, '/favicon.svg')).status).toBe(200);
  });

  test.each([
    '/assets/gone-123.js',
    '/v1/campaigns',
    '/v1',
    '/openapi.json',
    '/docs',
    '/metrics',
    '/healthz',
    '/readyz',
    '/t/abc',
    '/u/abc',
    '/p/abc',
  ])('%s is left to the API', async (path) => {
    const response = await page(built, path);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ passedOn: path });
  });

  test('writes are never answered with the app shell', async () => {
    expect((await page(built, '/campaigns', { method: 'POST' })).status).toBe(404);
  });

  test('without a build, pages say how to build it', async () => {
    const response = await page(unbuilt, '/campaigns');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
    expect((await page(unbuilt, '/v1/campaigns')).status).toBe(404);
  });
});

// What operators and security reviews look at: rate limits, security headers, request ids, and logs that
// hold neither personal data nor secrets.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REDACTED_PATHS } from '../config/logger';
import { type ApiServer, startApiServer } from './support/api-server';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';

let h: EngineHarness;
let api: ApiServer;
const logLines: string[] = [];

beforeAll(async () => {
  h = await openEngineHarness('hygiene', { inProcessWorker: false });
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  // The production logger's settings (level, redaction), writing to memory.
  const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  api = await startApiServer(h, { logger, config: { RATE_LIMIT_PER_MINUTE: 20 } });
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

test('logs carry the request id but no email address, name, API key or signature', async () => {
  const res = await api.call(
    'POST',
    '/v1/contacts',
    { email: 'geheim.person@example.de', firstName: 'Geheimrat' },
    { 'x-request-id': 'req-4711' },
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBe('req-4711');
  await api.sendSigned('/v1/events', { id: 'e1', name: 'page.viewed', contact: { email: 'geheim.person@example.de' } });
  await api.call('GET', '/v1/contacts?email=geheim.person%40example.de');
  const logs = logLines.join('');
  expect(logs).toContain('req-4711');
  for (const secret of ['geheim.person', 'Geheimrat', 'od_dev_admin_key_change_me', 'v1,']) {
    expect(logs.includes(secret), secret).toBe(false);
  }
});

test('security headers are set on every answer', async () => {
  const res = await fetch(`${api.url}/healthz`);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toBeTruthy();
  expect(res.headers.get('x-powered-by')).toBeNull();
});

test('a caller over the rate limit gets 429 with Retry-After, others are not affected', async () => {
  let limited: Response | undefined;
  for (let i = 0; i < 40 && !limited; i++) {
    const res = await api.call('GET', '/v1/campaigns');
    if (res.status === 429) limited = res;
  }
  expect(limited?.status).toBe(429);
  expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(limited?.headers.get('content-type')).toContain('application/problem+json');
  const signed = await api.sendSigned('/v1/events', {
    id: 'e2',
    name: 'page.viewed',
    contact: { email: 'b@example.de' },
  });
  expect(signed.status).toBe(202);
});

test('MongoDB out of reach is a 503 with Retry-After, not a 500', async () => {
  await h.store.conn.close();
  // A key the process has not cached yet, so even the key check needs the database.
  const res = await api.call('GET', '/v1/contacts/65a000000000000000000001', undefined, {
    authorization: 'Bearer od_not_cached_yet_0123456789',
  });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(((await res.json()) as { type: string }).type).toContain('unavailable');
});

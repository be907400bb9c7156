// The dashboard as a marketer uses it, in headless Chromium against the real stack (API on a free port,
// journey worker, Temporal, FerretDB, SMTP sink): sign in with an API key, create the abandoned-cart
// campaign from its example, see a broken step reference reported at its line, launch, fire a cart
// event and watch the step counts and the funnel move, and find the reminder on the contact's timeline.
// Every screen is written to test/artifacts/ as a screenshot on every run.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { signWebhook } from '../activities/channels/webhook-signature';
import { createLogger } from '../config/logger';
import { TemplateLibrary } from '../engine/template-library';
import { buildApi } from '../server/build-api';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { middayTimeZone } from './support/midday-time-zone';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const DASHBOARD = fileURLToPath(new URL('../dashboard/', import.meta.url));
const CAMPAIGN = 'abandoned-cart';
const FLOW_TIMEOUT = 120_000;

let h: EngineHarness;
let server: Server;
let base: string;
let profile: string;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const email = `lena-${randomUUID().slice(0, 8)}@example.de`;
let shot = 0;
let reminderSubject = '';

async function screenshot(name: string) {
  shot += 1;
  await page.screenshot({
    path: join(ARTIFACTS, `dashboard-${String(shot).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

async function v1<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${h.config.ADMIN_API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

/** As the website does it: a Standard Webhooks signed POST /v1/events from the "website" source. */
async function sendEvent(name: string, properties: Record<string, unknown>) {
  const body = JSON.stringify({ id: randomUUID(), name, contact: { email }, properties });
  const signed = signWebhook({ secret: h.config.EVENT_SOURCES.website as string, id: randomUUID(), body });
  const response = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'omnidrip-source': 'website', ...signed },
    body,
  });
  expect(response.status).toBe(202);
}

/** The number a journey node shows for a metric ("in it now", "sent" …). */
function nodeCount(node: string, metric: string): Locator {
  return page.locator(`[data-node="${node}"] [data-metric="${metric}"] dd`);
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: 5_000 }).catch(() => '')) ?? '').trim();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const old of readdirSync(ARTIFACTS).filter((f) => f.startsWith('dashboard-'))) rmSync(join(ARTIFACTS, old));
  // The API serves whatever `npm run build` produced; build it here so the test sees the current code.
  await build({ root: DASHBOARD, configFile: join(DASHBOARD, 'vite.config.ts'), logLevel: 'warn' });

  h = await openEngineHarness('dashboard');
  h.startWorker();
  const { app } = buildApi({
    config: h.config,
    logger: createLogger({ level: 'silent', name: 'api' }),
    store: h.store,
    temporal: h.client,
    library: await TemplateLibrary.open(h.store),
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  profile = mkdtempSync(join(tmpdir(), 'omnidrip-chromium-'));
  context = await chromium
    .launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1366, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .catch((err: Error) => {
      throw new Error(`Cannot start ${CHROMIUM} (install it with: node scripts/install-browser.mjs): ${err.message}`);
    });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await h?.close();
});

describe('the dashboard', () => {
  // One marketer's session, step by step: after a failed step the rest would only time out.
  beforeEach(({ task, skip }) => {
    const earlier = task.suite?.tasks.slice(0, task.suite.tasks.indexOf(task)) ?? [];
    if (earlier.some((t) => t.result?.state === 'fail')) skip();
  });

  test('asks for an API key and lists the campaigns once signed in', async () => {
    const shell = await fetch(`${base}/campaigns`, { headers: { accept: 'text/html' } });
    expect(shell.status, 'GET /campaigns must answer with the dashboard (dashboardRoutes() in buildApi)').toBe(200);
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login\?next=/);
    await screenshot('login');

    // Keyboard only: the field is found by its label, Enter submits.
    await page.getByLabel('API key').fill('od_not_a_key_at_all');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page.getByRole('alert'))).toContain('does not know this key');
    consoleErrors.length = 0; // the refused key's 401 is the browser's own log line, and expected

    await page.getByLabel('API key').fill(h.config.ADMIN_API_KEY);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/campaigns`);
    await expect.poll(() => textOf(page.getByRole('heading', { level: 1 }))).toBe('Campaigns');
    await expect.poll(() => textOf(page.locator('.empty'))).toContain('No campaigns yet');
    await screenshot('campaigns-empty');
  });

  test('creates the abandoned-cart campaign from the shipped example', async () => {
    await page.getByRole('link', { name: 'New campaign' }).click();
    const example = page.locator(`form[data-example="${CAMPAIGN}"]`);
    await example.waitFor();
    await screenshot('new-campaign');
    await example.getByRole('button', { name: 'Use this example' }).click();
    await page.waitForURL(`${base}/campaigns/${CAMPAIGN}/edit`);
    await expect.poll(() => textOf(page.locator('.problem-summary'))).toBe('No problems: ready to launch.');
    await screenshot('editor');
  });

  test('shows a broken step reference at its line, with the validator message, as the marketer types', async () => {
    const { draft } = await v1<{ draft: { steps: { id: string; next?: string }[] } }>(
      'GET',
      `/v1/campaigns/${CAMPAIGN}`,
    );
    const lines = JSON.stringify(draft, null, 2).split('\n');
    const index = lines.findIndex((l) => l.includes('"next": "send-reminder"'));
    const original = (lines[index] ?? '').trim();
    const broken = original.replace('send-reminder', 'send-remindr');
    const stepIndex = draft.steps.findIndex((s) => s.next === 'send-reminder');
    const expected = await v1<{ problems: { path: string; message: string }[] }>('POST', '/v1/campaigns/validate', {
      ...draft,
      steps: draft.steps.map((s, i) => (i === stepIndex ? { ...s, next: 'send-remindr' } : s)),
    });
    const problem = expected.problems.find((p) => p.path === `/steps/${stepIndex}/next`);
    expect(problem?.message).toContain('send-remindr');

    // The editor draws only the lines in view: scroll down to the step, as the marketer would.
    const line = page.locator('.cm-line', { hasText: original });
    await page.locator('.cm-content').hover();
    for (let i = 0; i < 40 && (await line.count()) === 0; i += 1) await page.mouse.wheel(0, 200);
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(broken);

    const item = page.locator('ol.problems li[data-code="unknown_step"]');
    await expect
      .poll(() => item.getAttribute('data-line', { timeout: 10_000 }).catch(() => null))
      .toBe(String(index + 1));
    expect(await textOf(item)).toContain(`Line ${index + 1}`);
    expect(await textOf(item)).toContain(problem?.message);
    // The editor marks the same line.
    expect(await page.locator('.cm-line', { hasText: broken }).locator('.cm-lintRange-error').count()).toBeGreaterThan(
      0,
    );
    await screenshot('editor-problem-at-line');

    // Fixed again, and — so the test need not wait an hour — the first wait shortened to seconds.
    const quick = structuredClone(draft) as { steps: { id: string; duration?: string }[] };
    const firstWait = quick.steps.find((s) => s.id === 'wait-1h');
    if (firstWait) firstWait.duration = '3s';
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(JSON.stringify(quick, null, 2));
    await expect.poll(() => textOf(page.locator('.problem-summary'))).toBe('No problems: ready to launch.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect
      .poll(() => textOf(page.locator('.editor-main .toolbar [role="status"]')))
      .toBe('Saved as draft revision 2.');
  });

  test('launches after a confirmation that says what will happen', async () => {
    await page.locator('button[data-action="launch"]').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => textOf(dialog)).toContain('every "cart.updated" event starts a journey');
    await screenshot('launch-confirmation');
    await dialog.getByRole('button', { name: 'Launch v1' }).click();
    await expect.poll(() => textOf(page.locator('.campaign-head .badge'))).toBe('live');
    expect((await v1<{ status: string; liveVersion: number }>('GET', `/v1/campaigns/${CAMPAIGN}`)).liveVersion).toBe(1);
  });

  test('draws the journey and moves its step counts when a cart event arrives', { timeout: FLOW_TIMEOUT }, async () => {
    await page.getByRole('link', { name: 'Journey' }).click();
    await page.waitForURL(`${base}/campaigns/${CAMPAIGN}`);
    await expect.poll(() => textOf(nodeCount('trigger', 'entered'))).toBe('0');
    for (const heading of [
      'When cart.updated happens',
      'Wait 3s',
      'Send cart-reminder',
      'Wait 24h',
      'Goal: order.completed',
      'Exit on order.completed',
    ]) {
      expect(await page.getByRole('heading', { name: heading, exact: true }).count(), heading).toBe(1);
    }
    await screenshot('journey-before');

    await v1('POST', '/v1/contacts', {
      email,
      firstName: 'Lena',
      locale: 'de',
      timeZone: middayTimeZone(),
      consent: { email: 'granted' },
    });
    await sendEvent('cart.updated', {
      cartId: 'c-42',
      items: [
        {
          sku: 'SKU-1',
          name: 'Regenjacke Fjord',
          size: 'M',
          quantity: 1,
          price: 149.9,
          imageUrl: 'https://shop.nordwind.example/img/fjord.jpg',
          url: 'https://shop.nordwind.example/p/fjord',
        },
      ],
      total: 149.9,
      currency: 'EUR',
      cartUrl: 'https://shop.nordwind.example/cart/c-42',
    });

    await expect.poll(() => textOf(nodeCount('trigger', 'entered')), { timeout: 20_000 }).toBe('1');
    await expect.poll(() => textOf(nodeCount('step:send-reminder', 'sent')), { timeout: 45_000 }).toBe('1');
    await expect.poll(() => textOf(nodeCount('step:wait-24h', 'active')), { timeout: 20_000 }).toBe('1');
    expect(await textOf(nodeCount('step:wait-1h', 'active'))).toBe('0');
    const mail = await h.sink.waitFor((m) => m.envelope.to.includes(email), 30_000);
    reminderSubject = mail.parsed.subject ?? '';
    expect(reminderSubject).not.toBe('');
    await screenshot('journey-after-cart-event');

    await page.locator('button[data-action="pause"]').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => textOf(dialog)).toContain('In flight now: 1 person.');
    expect(await textOf(dialog)).toContain('They carry on');
    await screenshot('pause-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test("the contact's timeline shows the reminder the SMTP sink received and the journey they are in", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByLabel('Email, external id or contact id').fill(email);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts\/[a-f0-9]{24}$/);
    const reminder = page.locator('li.entry[data-kind="message"][data-channel="email"]');
    await expect.poll(() => textOf(reminder.first())).toContain('Email sent');
    expect(await textOf(reminder.first())).toContain(`${CAMPAIGN} v1 · step send-reminder`);
    expect(await textOf(page.locator(`[data-journey="${CAMPAIGN}"]`))).toContain('at step wait-24h');
    expect(await textOf(page.locator('li.entry[data-kind="event"]').last())).toContain('cart.updated');
    await screenshot('contact-timeline');
  });

  test('the results show the funnel and the conversion after an order', { timeout: FLOW_TIMEOUT }, async () => {
    await page.goto(`${base}/campaigns/${CAMPAIGN}/results`);
    const tile = (metric: string) => page.locator(`.tile[data-metric="${metric}"] dd`).first();
    await expect.poll(() => textOf(tile('entered'))).toBe('1');
    expect(await textOf(tile('sent'))).toBe('1');
    expect(await textOf(tile('converted'))).toBe('0');

    await sendEvent('order.completed', { orderId: 'o-42', total: 149.9, currency: 'EUR', channel: 'web' });
    await expect.poll(() => textOf(tile('converted')), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => textOf(tile('revenue'))).toMatch(/^149[.,]90$/);
    expect(await page.getByRole('img', { name: /^Funnel: Entered 1, Sent 1, .*Converted 1$/ }).count()).toBe(1);
    const byChannel = page.getByRole('region', { name: 'Conversions by last-touch channel (all versions)' });
    expect(await textOf(byChannel.locator('tbody'))).toContain('email');
    await screenshot('results');
  });

  test('templates: the ones the campaign uses, and a live preview for sample data or a contact', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    const row = page.locator('tr[data-template="cart-reminder"]');
    await expect.poll(() => textOf(row)).toContain('Warenkorbabbrecher · step send-reminder (email, push)');
    expect(await textOf(row)).toContain('email (de, en)');
    await screenshot('templates');

    await row.getByRole('link', { name: 'cart-reminder' }).click();
    await expect.poll(() => textOf(page.getByRole('heading', { level: 1 }))).toBe('Template cart-reminder');
    const preview = page.locator('.preview-email');
    await expect.poll(() => textOf(preview.locator('p').first())).toMatch(/^Subject: \S/);
    expect(await page.locator('iframe.email-frame').count()).toBe(1);

    // For the contact who got the reminder: the preview is the message the SMTP sink received.
    await page.getByLabel('Contact', { exact: true }).fill(email);
    await expect.poll(() => textOf(preview.locator('pre'))).toContain('Lena');
    expect(await textOf(preview.locator('p').first())).toBe(`Subject: ${reminderSubject}`);
    await page.getByLabel('Channel').selectOption('push');
    await expect.poll(() => textOf(page.locator('.preview-push'))).not.toBe('');
    await screenshot('template-preview');
  });

  test('fits a phone screen: nothing but the journey picture scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, path] of [
      ['phone-journey', `/campaigns/${CAMPAIGN}`],
      ['phone-results', `/campaigns/${CAMPAIGN}/results`],
      ['phone-campaigns', '/campaigns'],
    ] as const) {
      await page.goto(base + path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(390);
      await screenshot(name);
    }
  });

  test('wrote no errors to the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});

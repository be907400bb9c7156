// SMS through a Twilio-style gateway and signed webhooks to a CRM, each against a real local HTTP server,
// plus the registry that picks adapters from configuration.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DeliveryError } from '../activities/channels/channel';
import { createChannelRegistry, type ProviderConfig } from '../activities/channels/registry';
import { SmsGatewayAdapter } from '../activities/channels/sms-gateway';
import { WebhookAdapter } from '../activities/channels/webhook';
import { signWebhook, verifyWebhook } from '../activities/channels/webhook-signature';
import { createDeliver, type DeliverInput } from '../activities/deliver';
import { createStore, type Store } from '../store/store';
import { TemplateRenderer } from '../templates/renderer';
import { createLinks } from '../tracking/links';
import { SmsGatewayServer } from './support/sms-gateway-server';
import { openTestStack, type TestStack, uniqueName } from './support/stack';

const account = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'gateway-token-123' };
const SECRET = `whsec_${Buffer.from('crm-handoff-secret-for-tests').toString('base64')}`;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'sent';
  } catch (err) {
    return err instanceof DeliveryError ? err.code : String(err);
  }
}

/** A CRM endpoint: keeps what it receives and answers with `crmStatus`. */
const crmRequests: { headers: IncomingHttpHeaders; body: string }[] = [];
let crmStatus = 204;
let crm: Server;
let crmUrl: string;
let gateway: SmsGatewayServer;
let stack: TestStack;
let store: Store;
let registry: ReturnType<typeof createChannelRegistry>;
let deliver: ReturnType<typeof createDeliver>;

beforeAll(async () => {
  crm = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    crmRequests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(crmStatus).end();
  });
  crm.listen(0, '127.0.0.1');
  [gateway, stack] = await Promise.all([
    SmsGatewayServer.start(account),
    openTestStack('sms-webhook'),
    once(crm, 'listening'),
  ]);
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/hooks/omnidrip`;
  store = createStore(stack.mongo);
  registry = createChannelRegistry({
    sms: { provider: 'sms-gateway', baseUrl: gateway.baseUrl, ...account, from: 'Nordwind' },
    webhook: { provider: 'webhook', secret: SECRET },
  });
  deliver = createDeliver({
    store,
    renderer: TemplateRenderer.fromDirectory(fileURLToPath(new URL('../templates', import.meta.url))),
    channels: registry,
    links: createLinks({ publicUrl: 'https://news.nordwind.example', secret: 'sms-test-link-secret-0123' }),
    mailFrom: 'Nordwind Outdoor <news@nordwind.example>',
  });
});
afterAll(async () => {
  crm?.closeAllConnections();
  await new Promise((resolve) => crm?.close(resolve));
  await registry?.closeAll();
  await gateway?.close();
  await stack?.close();
});

const journeyStep = (contactId: string, overrides: Partial<DeliverInput>): DeliverInput => ({
  deliveryKey: uniqueName('back-in-stock/send-alert'),
  journeyId: uniqueName('journey'),
  campaignId: 'back-in-stock',
  campaignName: 'Größen-Alarm',
  campaignVersion: 1,
  stepId: 'send-alert',
  contactId,
  channels: ['sms'],
  template: 'back-in-stock-alert',
  transactional: true,
  guardrails: { quietHours: null, frequencyCapPerDay: null },
  event: {
    name: 'back_in_stock.subscribed',
    occurredAt: '2024-11-01T09:00:00.000Z',
    properties: {
      productId: 'fjell',
      variantId: 'fjell-m',
      productName: 'Regenjacke Fjell',
      size: 'M',
      productUrl: 'https://shop.nordwind.example/p/fjell?size=M',
    },
  },
  ...overrides,
});

describe('SMS gateway', () => {
  const sms = () => new SmsGatewayAdapter({ baseUrl: gateway.baseUrl, ...account, from: 'Nordwind' });

  test('posts the message the way the Messages API expects and returns its sid', async () => {
    const result = await sms().send(
      { kind: 'sms', to: '+4915112345678', text: 'Deine Größe ist wieder da!' },
      { idempotencyKey: 'k1' },
    );
    expect(gateway.messages.at(-1)).toEqual({
      sid: result.providerMessageId,
      to: '+4915112345678',
      from: 'Nordwind',
      body: 'Deine Größe ist wieder da!',
    });
    expect(gateway.requests.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    await expect(sms().verify()).resolves.toBeUndefined();
  });

  test('an invalid number is refused for good, gateway trouble is worth a retry, bad credentials are ours to fix', async () => {
    const send = () => sms().send({ kind: 'sms', to: '+49000', text: 'Hallo' }, { idempotencyKey: 'k2' });
    gateway.respond = () => ({
      status: 400,
      body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 },
    });
    expect(await codeOf(send())).toBe('RECIPIENT_REJECTED');
    gateway.respond = () => ({ status: 503, body: { code: 20503, message: 'Service unavailable', status: 503 } });
    expect(await codeOf(send())).toBe('TRANSIENT');
    gateway.respond = () => ({ status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } });
    expect(await codeOf(send())).toBe('TRANSIENT');
    gateway.respond = () => undefined;

    const wrongToken = new SmsGatewayAdapter({
      baseUrl: gateway.baseUrl,
      ...account,
      authToken: 'wrong',
      from: 'Nordwind',
    });
    expect(
      await codeOf(wrongToken.send({ kind: 'sms', to: '+4915112345678', text: 'x' }, { idempotencyKey: 'k3' })),
    ).toBe('CONFIGURATION');
    expect(await codeOf(wrongToken.verify())).toBe('CONFIGURATION');
    const unreachable = new SmsGatewayAdapter({ baseUrl: 'http://127.0.0.1:9', ...account, from: 'Nordwind' });
    expect(
      await codeOf(unreachable.send({ kind: 'sms', to: '+4915112345678', text: 'x' }, { idempotencyKey: 'k4' })),
    ).toBe('TRANSIENT');
  });

  test('a back-in-stock alert reaches the customer in German; a refused number is suppressed afterwards', async () => {
    const phone = `+49151${Math.floor(Math.random() * 1e8)}`;
    const contact = await store.contacts.create({
      phone,
      locale: 'de-CH',
      consent: { sms: { status: 'granted', updatedAt: new Date() } },
    });
    expect(await deliver(journeyStep(contact.id, {}))).toMatchObject({ status: 'accepted', channel: 'sms' });
    expect(gateway.messages.at(-1)).toMatchObject({
      to: phone,
      body: 'Nordwind Outdoor: Deine Größe ist wieder da! Regenjacke Fjell in M – jetzt sichern: https://shop.nordwind.example/p/fjell?size=M Abmelden: STOP',
    });

    gateway.respond = (request) =>
      request.form.To === phone
        ? { status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } }
        : undefined;
    try {
      expect(await deliver(journeyStep(contact.id, {}))).toMatchObject({
        status: 'failed',
        reason: 'RECIPIENT_REJECTED',
      });
    } finally {
      gateway.respond = () => undefined;
    }
    const before = gateway.requests.length;
    expect(await deliver(journeyStep(contact.id, {}))).toEqual({ status: 'suppressed', reason: 'suppressed:sms' });
    expect(gateway.requests.length).toBe(before);
  });
});

describe('CRM webhook', () => {
  test('the receiver can verify the signature, and a retry carries the same webhook-id', async () => {
    const adapter = new WebhookAdapter({ secret: SECRET });
    const body = { type: 'lead.handoff', contact: { id: 'c-1', email: 'lea@example.org' } };
    const first = await adapter.send(
      { kind: 'webhook', url: crmUrl, body },
      { idempotencyKey: 'whitepaper/handoff/1' },
    );
    const retry = await adapter.send(
      { kind: 'webhook', url: crmUrl, body },
      { idempotencyKey: 'whitepaper/handoff/1' },
    );
    const [a, b] = crmRequests.slice(-2) as [(typeof crmRequests)[number], (typeof crmRequests)[number]];
    expect(JSON.parse(a.body)).toEqual(body);
    expect(a.headers['content-type']).toBe('application/json');
    expect(verifyWebhook({ secret: SECRET, headers: a.headers, body: a.body })).toMatchObject({
      ok: true,
      id: first.providerMessageId,
    });
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id']);
    expect(retry.providerMessageId).toBe(first.providerMessageId);
  });

  test('4xx refuses the message for good, except 408 and 429; 5xx and no answer are worth a retry', async () => {
    const adapter = new WebhookAdapter({ secret: SECRET });
    const send = (target = crmUrl) => adapter.send({ kind: 'webhook', url: target, body: {} }, { idempotencyKey: 'k' });
    const codes: Record<number, string> = {};
    for (const answer of [400, 404, 408, 422, 429, 500, 503]) {
      crmStatus = answer;
      codes[answer] = await codeOf(send());
    }
    crmStatus = 204;
    expect(codes).toEqual({
      400: 'MESSAGE_REJECTED',
      404: 'MESSAGE_REJECTED',
      408: 'TRANSIENT',
      422: 'MESSAGE_REJECTED',
      429: 'TRANSIENT',
      500: 'TRANSIENT',
      503: 'TRANSIENT',
    });
    expect(await codeOf(send('http://127.0.0.1:9/unreachable'))).toBe('TRANSIENT');
  });

  test('a journey hands the contact to the CRM with campaign and trigger, signed', async () => {
    const contact = await store.contacts.create({
      email: `${uniqueName('lead')}@example.org`,
      firstName: 'Lea',
      tags: ['b2b'],
    });
    const input = journeyStep(contact.id, {
      campaignId: 'whitepaper-drip',
      stepId: 'handoff',
      channels: ['webhook'],
      template: 'crm-handoff',
      webhookUrl: crmUrl,
      event: {
        name: 'whitepaper.downloaded',
        occurredAt: '2024-11-01T09:00:00.000Z',
        properties: {
          whitepaperId: 'omni-guide',
          title: 'Omnichannel-Leitfaden',
          downloadUrl: 'https://x.example/a.pdf',
        },
      },
    });
    const outcome = await deliver(input);
    expect(outcome).toMatchObject({ status: 'accepted', channel: 'webhook' });
    const request = crmRequests.at(-1)!;
    expect(verifyWebhook({ secret: SECRET, headers: request.headers, body: request.body }).ok).toBe(true);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'lead.handoff',
      messageId: outcome.status === 'accepted' ? outcome.deliveryId : '',
      campaign: { id: 'whitepaper-drip', version: 1, step: 'handoff' },
      contact: { id: contact.id, firstName: 'Lea', lastName: null, tags: ['b2b'] },
      trigger: { name: 'whitepaper.downloaded', properties: { whitepaperId: 'omni-guide' } },
    });
  });

  test('verification names what is wrong: missing headers, a wrong signature, a stale timestamp', () => {
    const body = '{"name":"order.completed"}';
    const now = new Date('2024-11-04T12:00:00Z');
    const headers = signWebhook({ secret: SECRET, id: 'msg_1', body, timestamp: now });
    expect(verifyWebhook({ secret: SECRET, headers, body, now })).toMatchObject({ ok: true, id: 'msg_1' });
    // During a secret rotation the sender signs with both; one matching signature is enough.
    const other = signWebhook({
      secret: `whsec_${Buffer.from('old').toString('base64')}`,
      id: 'msg_1',
      body,
      timestamp: now,
    });
    const rotated = {
      ...headers,
      'webhook-signature': `${other['webhook-signature']} ${headers['webhook-signature']}`,
    };
    expect(verifyWebhook({ secret: SECRET, headers: rotated, body, now }).ok).toBe(true);

    const code = (input: Parameters<typeof verifyWebhook>[0]) => {
      const result = verifyWebhook(input);
      return result.ok ? 'ok' : result.error.code;
    };
    expect(code({ secret: SECRET, headers: { 'webhook-id': 'msg_1' }, body, now })).toBe('missing_headers');
    expect(code({ secret: SECRET, headers, body: '{"name":"order.completed","total":1}', now })).toBe(
      'invalid_signature',
    );
    expect(code({ secret: SECRET, headers: other, body, now })).toBe('invalid_signature');
    expect(code({ secret: SECRET, headers, body, now: new Date(now.getTime() + 301_000), toleranceSeconds: 300 })).toBe(
      'timestamp_out_of_tolerance',
    );
  });
});

describe('channel registry', () => {
  test('builds one adapter per configured channel and leaves the others off', async () => {
    const registry = createChannelRegistry({
      sms: { provider: 'sms-gateway', baseUrl: 'http://127.0.0.1:9', ...account, from: 'Nordwind' },
      webhook: { provider: 'webhook', secret: SECRET },
    });
    expect(registry.get('sms')?.id).toBe('sms-gateway');
    expect(registry.get('webhook')?.id).toBe('webhook');
    expect(registry.get('email')).toBeUndefined();
    expect(registry.get('push')).toBeUndefined();
    await registry.closeAll();
  });

  test('refuses a provider for the wrong channel or one that does not exist', () => {
    expect(() => createChannelRegistry({ email: { provider: 'webhook', secret: SECRET } })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION' }),
    );
    expect(() => createChannelRegistry({ email: { provider: 'carrier-pigeon' } as unknown as ProviderConfig })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION' }),
    );
  });
});

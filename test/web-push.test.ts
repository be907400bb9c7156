// Web push against a push service on localhost: the message is encrypted for the browser's keys and
// signed with VAPID; the test decrypts it like the browser would and reads what the customer sees.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import webpush from 'web-push';
import { DeliveryError } from '../activities/channels/channel';
import { createChannelRegistry } from '../activities/channels/registry';
import { WebPushAdapter } from '../activities/channels/web-push';
import { createDeliver, type DeliverInput } from '../activities/deliver';
import { createStore, type Store } from '../store/store';
import { TemplateRenderer } from '../templates/renderer';
import { createLinks } from '../tracking/links';
import { createBrowserSubscription, type PushEndpoint, startPushEndpoint } from './support/push-endpoint';
import { openTestStack, type TestStack, uniqueName } from './support/stack';

const vapid = { subject: 'mailto:push@nordwind.example', ...webpush.generateVAPIDKeys() };
const links = createLinks({ publicUrl: 'https://news.nordwind.example', secret: 'push-test-link-secret-0123' });

let endpoint: PushEndpoint;
let adapter: WebPushAdapter;

beforeAll(async () => {
  endpoint = await startPushEndpoint();
  adapter = new WebPushAdapter({ vapid, agent: endpoint.agent, ttlSeconds: 3600, urgency: 'high' });
});
afterAll(async () => {
  await endpoint?.close();
});

const notification = {
  title: 'Deine Größe ist wieder da!',
  body: 'Trekkingschuh „Alpin“ in 43 ist zurück.',
  url: 'https://shop.nordwind.example/p/alpin',
};

describe('the web push adapter', () => {
  test('delivers an encrypted, VAPID-signed notification the browser can read', async () => {
    const browser = createBrowserSubscription(`${endpoint.origin}/push/${uniqueName('sub')}`);
    const result = await adapter.send(
      { kind: 'push', subscription: browser.subscription, payload: notification },
      { idempotencyKey: 'journey-1/send-alert/1' },
    );
    const request = endpoint.requests.at(-1)!;
    expect(result.providerMessageId).toBe(`${endpoint.origin}/messages/${endpoint.requests.length}`);
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers.ttl).toBe('3600');
    expect(request.headers.urgency).toBe('high');
    expect(request.headers.topic).toMatch(/^[\w-]{1,32}$/);
    expect(request.body.toString('utf8')).not.toContain('Alpin');
    expect(browser.decrypt(request.body)).toEqual(notification);
  });

  test('the push service answer decides what happens next', async () => {
    const browser = createBrowserSubscription(`${endpoint.origin}/push/${uniqueName('sub')}`);
    const send = () =>
      adapter.send(
        { kind: 'push', subscription: browser.subscription, payload: notification },
        { idempotencyKey: 'k' },
      );
    const codeFor = async (status: number) => {
      endpoint.respond = () => ({ status });
      try {
        await send();
        return 'sent';
      } catch (err) {
        return err instanceof DeliveryError ? err.code : String(err);
      } finally {
        endpoint.respond = () => undefined;
      }
    };
    expect(await codeFor(410)).toBe('SUBSCRIPTION_GONE');
    expect(await codeFor(404)).toBe('SUBSCRIPTION_GONE');
    expect(await codeFor(429)).toBe('TRANSIENT');
    expect(await codeFor(503)).toBe('TRANSIENT');
    expect(await codeFor(413)).toBe('MESSAGE_REJECTED');
    expect(await codeFor(400)).toBe('MESSAGE_REJECTED');
  });

  test('a push service that does not know our VAPID key refuses, and that is a configuration problem', async () => {
    const browser = createBrowserSubscription(`${endpoint.origin}/push/${uniqueName('sub')}`);
    const impostor = new WebPushAdapter({
      vapid: { ...vapid, privateKey: webpush.generateVAPIDKeys().privateKey },
      agent: endpoint.agent,
    });
    await expect(
      impostor.send(
        { kind: 'push', subscription: browser.subscription, payload: notification },
        { idempotencyKey: 'k' },
      ),
    ).rejects.toMatchObject({ code: 'CONFIGURATION' });
  });
});

describe('delivering a back-in-stock alert by push', () => {
  let stack: TestStack;
  let store: Store;
  let registry: ReturnType<typeof createChannelRegistry>;
  let deliver: ReturnType<typeof createDeliver>;

  beforeAll(async () => {
    stack = await openTestStack('web-push');
    store = createStore(stack.mongo);
    registry = createChannelRegistry({ push: { provider: 'web-push', vapid, agent: endpoint.agent } });
    deliver = createDeliver({
      store,
      renderer: TemplateRenderer.fromDirectory(fileURLToPath(new URL('../templates', import.meta.url))),
      channels: registry,
      links,
      mailFrom: 'Nordwind Outdoor <news@nordwind.example>',
    });
  });
  afterAll(async () => {
    await registry?.closeAll();
    await stack?.close();
  });

  async function subscriber() {
    const browser = createBrowserSubscription(`${endpoint.origin}/push/${uniqueName('sub')}`);
    const contact = await store.contacts.create({
      locale: 'de',
      consent: { push: { status: 'granted', updatedAt: new Date() } },
      pushSubscriptions: [{ ...browser.subscription, createdAt: new Date() }],
    });
    return { browser, contactId: contact.id as string };
  }

  const alert = (contactId: string): DeliverInput => ({
    deliveryKey: uniqueName('back-in-stock/send-alert'),
    journeyId: uniqueName('journey'),
    campaignId: 'back-in-stock',
    campaignName: 'Größen-Alarm',
    campaignVersion: 1,
    stepId: 'send-alert',
    contactId,
    channels: ['push'],
    template: 'back-in-stock-alert',
    transactional: true,
    guardrails: { quietHours: { start: '21:00', end: '08:00' }, frequencyCapPerDay: 3 },
    event: {
      name: 'back_in_stock.subscribed',
      occurredAt: '2024-11-01T09:00:00.000Z',
      properties: {
        productId: 'alpin',
        variantId: 'alpin-43',
        productName: 'Trekkingschuh Alpin',
        size: '43',
        productUrl: 'https://shop.nordwind.example/p/alpin?size=43',
      },
    },
  });

  test('the customer sees the German alert, and tapping it goes through click tracking to the product', async () => {
    const { browser, contactId } = await subscriber();
    const outcome = await deliver(alert(contactId));
    expect(outcome).toMatchObject({ status: 'accepted', channel: 'push' });
    const request = endpoint.requests.find((r) => browser.subscription.endpoint.endsWith(r.path));
    const shown = browser.decrypt(request!.body) as { title: string; body: string; url: string; tag: string };
    expect(shown).toMatchObject({
      title: 'Deine Größe ist wieder da!',
      body: 'Trekkingschuh Alpin in 43 ist zurück – aber nicht lange. Jetzt sichern.',
      tag: 'restock-alpin-43',
    });
    expect(links.verify(shown.url.split('/t/c/')[1]!)).toMatchObject({
      kind: 'click',
      url: 'https://shop.nordwind.example/p/alpin?size=43',
      contactId,
    });
  });

  test('an expired subscription (410) is removed from the contact and the delivery fails without retry', async () => {
    const { browser, contactId } = await subscriber();
    endpoint.respond = (request) =>
      browser.subscription.endpoint.endsWith(request.path) ? { status: 410 } : undefined;
    try {
      const outcome = await deliver(alert(contactId));
      expect(outcome).toMatchObject({ status: 'failed', reason: 'SUBSCRIPTION_GONE' });
    } finally {
      endpoint.respond = () => undefined;
    }
    const contact = await store.contacts.findById(contactId).lean();
    expect(contact?.pushSubscriptions).toEqual([]);
    // With no subscription left, the next alert is skipped instead of tried again.
    expect(await deliver(alert(contactId))).toEqual({ status: 'skipped', reason: 'no_subscription:push' });
  });
});

// A campaign mail end to end on real services: the contact in FerretDB, rendering, the pooled SMTP
// transport, and the mail as the SMTP sink received and parsed it.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { messageIdFor } from '../activities/channels/email-smtp';
import { createChannelRegistry } from '../activities/channels/registry';
import { createDeliver, type DeliverInput } from '../activities/deliver';
import { MailCatcher } from '../devstack/mail-catcher';
import { createStore, type Store } from '../store/store';
import { TemplateRenderer } from '../templates/renderer';
import { createLinks } from '../tracking/links';
import { openTestStack, type TestStack, uniqueName } from './support/stack';

const FROM = 'Nordwind Outdoor <news@nordwind.example>';
const links = createLinks({ publicUrl: 'https://news.nordwind.example', secret: 'email-test-link-secret-0123' });
const renderer = TemplateRenderer.fromDirectory(fileURLToPath(new URL('../templates', import.meta.url)));

let stack: TestStack;
let sink: MailCatcher;
let store: Store;
let registry: ReturnType<typeof createChannelRegistry>;
let deliver: ReturnType<typeof createDeliver>;

beforeAll(async () => {
  [stack, sink] = await Promise.all([openTestStack('email-delivery'), MailCatcher.start({ smtpPort: 0 })]);
  store = createStore(stack.mongo);
  registry = createChannelRegistry({ email: { provider: 'smtp', url: sink.smtpUrl, from: FROM } });
  deliver = createDeliver({ store, renderer, channels: registry, links, mailFrom: FROM });
});
afterAll(async () => {
  await registry?.closeAll();
  await sink?.close();
  await stack?.close();
});

const cartEvent = {
  name: 'cart.updated',
  occurredAt: '2024-11-04T17:20:00.000Z',
  properties: {
    cartId: 'cart-9',
    currency: 'EUR',
    total: 229.9,
    cartUrl: 'https://shop.nordwind.example/cart?id=9&step=1',
    items: [
      {
        sku: 'JKT-FJELL-M',
        name: 'Regenjacke <script>alert("x")</script>',
        size: 'M',
        quantity: 1,
        price: 229.9,
        imageUrl: 'https://img.nordwind.example/fjell.jpg',
        url: 'https://shop.nordwind.example/p/fjell',
      },
    ],
  },
};

async function newContact(locale: string) {
  const email = `${uniqueName('kunde')}@example.org`;
  const contact = await store.contacts.create({
    email,
    firstName: 'Jana',
    locale,
    consent: { email: { status: 'granted', updatedAt: new Date() } },
  });
  return { id: contact.id as string, email };
}

function reminder(contactId: string, overrides: Partial<DeliverInput> = {}): DeliverInput {
  return {
    deliveryKey: uniqueName('abandoned-cart/send-reminder'),
    journeyId: uniqueName('journey'),
    campaignId: 'abandoned-cart',
    campaignName: 'Warenkorbabbrecher',
    campaignVersion: 2,
    stepId: 'send-reminder',
    contactId,
    channels: ['email'],
    template: 'cart-reminder',
    transactional: false,
    guardrails: { quietHours: null, frequencyCapPerDay: null },
    event: cartEvent,
    ...overrides,
  };
}

const header = (raw: readonly { key: string; line: string }[], key: string) =>
  raw
    .find((h) => h.key === key)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, ' ');

describe('a cart reminder by email', () => {
  test('arrives in German for an Austrian contact, with both parts, unsubscribe headers and a stable Message-ID', async () => {
    const contact = await newContact('de-AT');
    const input = reminder(contact.id);
    const outcome = await deliver(input);
    expect(outcome).toMatchObject({ status: 'accepted', channel: 'email' });
    if (outcome.status !== 'accepted') return;

    const mail = await sink.waitFor((m) => m.envelope.to.includes(contact.email));
    expect(mail.parsed.subject).toBe('Dein Warenkorb wartet noch auf dich');
    expect(mail.parsed.text).toContain('Hallo Jana,');
    expect(mail.parsed.text).toContain('Regenjacke <script>alert("x")</script> · Größe M · Menge 1');
    const html = String(mail.parsed.html);
    expect(html).toContain('Regenjacke &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script>');

    // Message-ID from the idempotency key: a resend after a crash is recognisably the same message.
    expect(mail.parsed.messageId).toBe(messageIdFor(input.deliveryKey, FROM));
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f]{32}@nordwind\.example>$/);
    expect(outcome.providerMessageId).toBe(mail.parsed.messageId);

    const listUnsubscribe = header(mail.parsed.headerLines, 'list-unsubscribe');
    expect(header(mail.parsed.headerLines, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribeToken = /^<https:\/\/news\.nordwind\.example\/u\/([\w-]+)>$/.exec(listUnsubscribe ?? '')?.[1];
    expect(links.verify(unsubscribeToken ?? '')).toEqual({
      kind: 'unsubscribe',
      contactId: contact.id,
      channel: 'email',
      campaignId: 'abandoned-cart',
    });
  });

  test('tracks every link and the opening, each token pointing at the original target', async () => {
    const contact = await newContact('de');
    const outcome = await deliver(reminder(contact.id));
    if (outcome.status !== 'accepted') throw new Error(`not sent: ${JSON.stringify(outcome)}`);
    const mail = await sink.waitFor((m) => m.envelope.to.includes(contact.email));
    const html = String(mail.parsed.html);

    const hrefs = [...html.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    const [clicks, untracked] = [
      hrefs.filter((h) => h.startsWith('https://news.nordwind.example/t/c/')),
      hrefs.filter((h) => !h.startsWith('https://news.nordwind.example/t/c/')),
    ];
    expect(untracked.map((h) => new URL(h).pathname.split('/')[1]).sort()).toEqual(['p', 'u']);
    const targets = clicks.map((h) => links.verify(h.split('/t/c/')[1]!));
    for (const target of targets)
      expect(target).toMatchObject({ kind: 'click', deliveryId: outcome.deliveryId, contactId: contact.id });
    expect(targets.map((t) => (t.kind === 'click' ? t.url : ''))).toEqual(
      expect.arrayContaining([
        'https://shop.nordwind.example/cart?id=9&step=1',
        'https://shop.nordwind.example/p/fjell',
      ]),
    );
    // The text part uses the very same tracking links, and no untracked shop link.
    expect(mail.parsed.text).toContain(
      `Zum Warenkorb: ${clicks[targets.findIndex((t) => t.kind === 'click' && t.url.includes('cart?id=9'))]}`,
    );
    expect(mail.parsed.text).not.toContain('https://shop.nordwind.example');

    const pixel = /<img src="https:\/\/news\.nordwind\.example\/t\/o\/([\w-]+\.gif)"/.exec(html)?.[1];
    expect(links.verify(pixel ?? '')).toEqual({ kind: 'open', deliveryId: outcome.deliveryId, contactId: contact.id });
  });

  test('arrives in English for an English-speaking contact', async () => {
    const contact = await newContact('en-US');
    await deliver(reminder(contact.id));
    const mail = await sink.waitFor((m) => m.envelope.to.includes(contact.email));
    expect(mail.parsed.subject).toBe('Your cart is still waiting for you');
    expect(mail.parsed.text).toContain('Hi Jana,');
    expect(mail.parsed.text).toContain('Unsubscribe: https://news.nordwind.example/u/');
    expect(String(mail.parsed.html)).toContain('<html lang="en-US">');
  });

  test('a template that reads a missing variable fails the delivery for good and sends nothing', async () => {
    const contact = await newContact('de');
    const input = reminder(contact.id, { event: { ...cartEvent, properties: { cartId: 'cart-9' } } });
    const outcome = await deliver(input);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'template:render_failed' });
    const record = await store.deliveries.findById(outcome.status === 'failed' ? outcome.deliveryId : '').lean();
    expect(record).toMatchObject({ status: 'failed', channel: 'email' });
    expect(record?.reason).toMatch(/^TEMPLATE_RENDER_FAILED/);
    await expect(sink.waitFor((m) => m.envelope.to.includes(contact.email), 500)).rejects.toThrow(/no matching mail/);
  });
});

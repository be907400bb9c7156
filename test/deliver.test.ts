// The send step's rules on real services: retries that never double-send, bounces that suppress,
// channel fallback by consent, the daily cap and quiet hours in the contact's time zone.
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import webpush from 'web-push';
import { createChannelRegistry } from '../activities/channels/registry';
import { createDeliver, type DeliverInput, type DeliverOutcome } from '../activities/deliver';
import { MailCatcher, type SmtpReply } from '../devstack/mail-catcher';
import { createStore, type Store } from '../store/store';
import { suppressionKey } from '../store/suppressions';
import { TemplateRenderer } from '../templates/renderer';
import { createLinks } from '../tracking/links';
import { createBrowserSubscription, type PushEndpoint, startPushEndpoint } from './support/push-endpoint';
import { openTestStack, type TestStack, uniqueName } from './support/stack';

let stack: TestStack;
let sink: MailCatcher;
let endpoint: PushEndpoint;
let store: Store;
let registry: ReturnType<typeof createChannelRegistry>;
let deliver: ReturnType<typeof createDeliver>;
/** The activity's clock; unset = the real time. */
let clock: Date | undefined;
/** SMTP answers per recipient, used up one DATA at a time. */
const smtpScript = new Map<string, SmtpReply[]>();

beforeAll(async () => {
  [stack, sink, endpoint] = await Promise.all([
    openTestStack('deliver'),
    MailCatcher.start({
      smtpPort: 0,
      replyAfterData: ({ to }) => to.map((address) => smtpScript.get(address)?.shift()).find(Boolean),
    }),
    startPushEndpoint(),
  ]);
  store = createStore(stack.mongo);
  const from = 'Nordwind Outdoor <news@nordwind.example>';
  registry = createChannelRegistry({
    email: { provider: 'smtp', url: sink.smtpUrl, from },
    push: {
      provider: 'web-push',
      vapid: { subject: 'mailto:push@nordwind.example', ...webpush.generateVAPIDKeys() },
      agent: endpoint.agent,
    },
  });
  deliver = createDeliver({
    store,
    renderer: TemplateRenderer.fromDirectory(fileURLToPath(new URL('../templates', import.meta.url))),
    channels: registry,
    links: createLinks({ publicUrl: 'https://news.nordwind.example', secret: 'deliver-test-link-secret-01' }),
    mailFrom: from,
    now: () => clock ?? new Date(),
  });
});
afterAll(async () => {
  await registry?.closeAll();
  await Promise.all([sink?.close(), endpoint?.close()]);
  await stack?.close();
});
beforeEach(() => {
  clock = undefined;
});

const granted = () => ({ status: 'granted' as const, updatedAt: new Date() });

async function newContact(
  fields: { email?: boolean; consent?: Record<string, unknown>; push?: boolean; timeZone?: string } = {},
) {
  const email = `${uniqueName('kunde')}@example.org`;
  const browser = createBrowserSubscription(`${endpoint.origin}/push/${uniqueName('sub')}`);
  const contact = await store.contacts.create({
    ...(fields.email === false ? {} : { email }),
    firstName: 'Mika',
    timeZone: fields.timeZone ?? 'Europe/Berlin',
    consent: fields.consent ?? { email: granted() },
    pushSubscriptions: fields.push ? [{ ...browser.subscription, createdAt: new Date() }] : [],
  });
  return { id: contact.id as string, email, browser };
}

const followup = (contactId: string, overrides: Partial<DeliverInput> = {}): DeliverInput => ({
  deliveryKey: uniqueName('whitepaper-drip/send-followup'),
  journeyId: uniqueName('journey'),
  campaignId: 'whitepaper-drip',
  campaignName: 'Whitepaper-Strecke',
  campaignVersion: 1,
  stepId: 'send-followup',
  contactId,
  channels: ['email'],
  template: 'whitepaper-followup',
  transactional: false,
  guardrails: { quietHours: null, frequencyCapPerDay: null },
  event: {
    name: 'whitepaper.downloaded',
    occurredAt: '2024-06-08T10:00:00.000Z',
    properties: {
      whitepaperId: 'omni-guide',
      title: 'Omnichannel-Leitfaden',
      downloadUrl: 'https://nordwind.example/omni.pdf',
    },
  },
  ...overrides,
});

/** Runs the activity the way Temporal does: again after every retryable failure, never after another. */
async function deliverWithRetries(
  input: DeliverInput,
  maxAttempts = 5,
): Promise<{ outcome: DeliverOutcome; retries: number }> {
  for (let retries = 0; ; retries++) {
    try {
      return { outcome: await deliver(input), retries };
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || err.nonRetryable || retries + 1 >= maxAttempts) throw err;
      expect(err.type).toBe('TRANSIENT');
    }
  }
}

describe('retries and idempotency', () => {
  test('two 421 answers are retried; the customer gets exactly one mail and there is one accepted record', async () => {
    const contact = await newContact();
    smtpScript.set(contact.email, [
      { code: 421, message: 'Try again later' },
      { code: 421, message: 'Try again later' },
    ]);
    const { outcome, retries } = await deliverWithRetries(followup(contact.id));
    expect(retries).toBe(2);
    expect(outcome).toMatchObject({ status: 'accepted', channel: 'email' });
    await sink.waitFor((m) => m.envelope.to.includes(contact.email));
    expect(sink.to(contact.email)).toHaveLength(1);

    const records = await store.deliveries.find({ contactId: contact.id }).lean();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'accepted', channel: 'email', attempts: 3, provider: 'smtp' });
    const sent = await store.events.find({ contactId: contact.id, name: 'email.sent' }).lean();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      campaignId: 'whitepaper-drip',
      campaignVersion: 1,
      stepId: 'send-followup',
      channel: 'email',
    });
  });

  test('running again with the same key after acceptance sends nothing new', async () => {
    const contact = await newContact();
    const input = followup(contact.id);
    const first = await deliver(input);
    const again = await deliver(input);
    expect(again).toEqual(first);
    await sink.waitFor((m) => m.envelope.to.includes(contact.email));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.to(contact.email)).toHaveLength(1);
  });

  test('a 550 fails once without a retry, suppresses the address, and later sends are suppressed', async () => {
    const contact = await newContact();
    smtpScript.set(contact.email, [{ code: 550, message: 'No such user here' }]);
    const { outcome, retries } = await deliverWithRetries(followup(contact.id));
    expect(retries).toBe(0);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'RECIPIENT_REJECTED' });
    const records = await store.deliveries.find({ contactId: contact.id }).lean();
    expect(records.map((r) => [r.status, r.reason?.split(':')[0]])).toEqual([['failed', 'RECIPIENT_REJECTED']]);
    expect(await store.suppressions.findById(suppressionKey('email', contact.email)).lean()).toMatchObject({
      channel: 'email',
      reason: 'hard_bounce',
    });

    const attemptsBefore = sink.attempts;
    expect(
      await deliver(followup(contact.id, { stepId: 'send-case-study', template: 'whitepaper-case-study' })),
    ).toEqual({
      status: 'suppressed',
      reason: 'suppressed:email',
    });
    expect(sink.attempts).toBe(attemptsBefore);
  });
});

describe('channels and consent', () => {
  const alert = (contactId: string, overrides: Partial<DeliverInput> = {}) =>
    followup(contactId, {
      campaignId: 'back-in-stock',
      stepId: 'send-alert',
      channels: ['email', 'push'],
      template: 'back-in-stock-alert',
      event: {
        name: 'back_in_stock.subscribed',
        occurredAt: '2024-06-08T10:00:00.000Z',
        properties: {
          productId: 'p',
          variantId: 'p-l',
          productName: 'Softshelljacke Kvist',
          size: 'L',
          productUrl: 'https://shop.nordwind.example/p/kvist',
        },
      },
      ...overrides,
    });

  test('without email consent a marketing message falls back to push', async () => {
    const contact = await newContact({
      consent: { email: { status: 'pending', updatedAt: new Date() }, push: granted() },
      push: true,
    });
    const outcome = await deliver(alert(contact.id));
    expect(outcome).toMatchObject({ status: 'accepted', channel: 'push' });
    const pushed = endpoint.requests.find((r) => contact.browser.subscription.endpoint.endsWith(r.path));
    expect(contact.browser.decrypt(pushed!.body)).toMatchObject({ title: 'Deine Größe ist wieder da!' });
    const records = await store.deliveries.find({ contactId: contact.id }).sort({ channel: 1 }).lean();
    expect(records.map((r) => [r.channel, r.status, r.reason ?? null])).toEqual([
      ['email', 'skipped', 'no_consent'],
      ['push', 'accepted', null],
    ]);
    expect(sink.to(contact.email)).toHaveLength(0);
  });

  test('a transactional message needs only an address that was not revoked', async () => {
    const pending = await newContact({ consent: { email: { status: 'pending', updatedAt: new Date() } } });
    expect(await deliver(alert(pending.id, { transactional: true }))).toMatchObject({
      status: 'accepted',
      channel: 'email',
    });
    const revoked = await newContact({ consent: { email: { status: 'revoked', updatedAt: new Date() } } });
    expect(await deliver(alert(revoked.id, { transactional: true }))).toEqual({
      status: 'skipped',
      reason: 'no_consent:email,no_subscription:push',
    });
  });

  test('unknown and erased contacts are skipped', async () => {
    expect(await deliver(followup('000000000000000000000000'))).toEqual({
      status: 'skipped',
      reason: 'contact_not_found',
    });
    const contact = await newContact();
    await store.contacts.updateOne({ _id: contact.id }, { $set: { erasedAt: new Date() } });
    expect(await deliver(followup(contact.id))).toEqual({ status: 'skipped', reason: 'contact_erased' });
  });
});

describe('guardrails', () => {
  test('the daily cap stops marketing on a channel for 24 hours, not transactional messages', async () => {
    const contact = await newContact();
    const capped = { quietHours: null, frequencyCapPerDay: 2 };
    expect(await deliver(followup(contact.id, { guardrails: capped }))).toMatchObject({ status: 'accepted' });
    expect(await deliver(followup(contact.id, { guardrails: capped }))).toMatchObject({ status: 'accepted' });
    expect(await deliver(followup(contact.id, { guardrails: capped }))).toEqual({
      status: 'skipped',
      reason: 'frequency_cap:email',
    });
    expect(await deliver(followup(contact.id, { guardrails: capped, transactional: true }))).toMatchObject({
      status: 'accepted',
    });

    clock = new Date(Date.now() + 25 * 3_600_000);
    expect(await deliver(followup(contact.id, { guardrails: capped }))).toMatchObject({ status: 'accepted' });
  });

  test('quiet hours defer marketing until they end in the contact’s own time zone', async () => {
    const quiet = { quietHours: { start: '21:00', end: '08:00' }, frequencyCapPerDay: null };
    // Monday 10 June 2024, 22:30 in Berlin (CEST, UTC+2) and 16:30 in New York.
    clock = new Date('2024-06-10T20:30:00Z');
    const berlin = await newContact();
    expect(await deliver(followup(berlin.id, { guardrails: quiet }))).toEqual({
      status: 'deferred',
      until: '2024-06-11T06:00:00.000Z',
      reason: 'quiet_hours',
    });
    expect(await store.deliveries.countDocuments({ contactId: berlin.id })).toBe(0);
    expect(await deliver(followup(berlin.id, { guardrails: quiet, transactional: true }))).toMatchObject({
      status: 'accepted',
    });

    const newYork = await newContact({ timeZone: 'America/New_York' });
    expect(await deliver(followup(newYork.id, { guardrails: quiet }))).toMatchObject({ status: 'accepted' });
  });
});

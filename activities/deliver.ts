// The send step's activity: decides whether and where a message may go (consent, suppression list,
// frequency cap, quiet hours), renders it, hands it to the channel's adapter and records what happened.
// It is safe to run again with the same delivery key: an accepted message is never sent twice, and a
// failure that retrying cannot fix is recorded and returned, never thrown as retryable.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { isValidObjectId } from 'mongoose';
import { LocalTimeError, quietHoursEnd } from '../campaigns/local-time';
import type { Channel, Contact } from '../store/contacts';
import type { DeliveryStatus } from '../store/deliveries';
import { countInLastDay, hourKey, staleHours } from '../store/send-counters';
import type { Store } from '../store/store';
import { suppressionKey } from '../store/suppressions';
import type { EventScope, RenderContext } from '../templates/render-context';
import type { RenderOptions, TemplateRenderer } from '../templates/renderer';
import { TemplateError } from '../templates/template-error';
import type { Links } from '../tracking/links';
import { type ChannelAdapter, DeliveryError, type RenderedMessage } from './channels/channel';
import type { ChannelRegistry } from './channels/registry';

export interface DeliverInput {
  /** Idempotency key of this visit of this step, built by the workflow. */
  deliveryKey: string;
  journeyId: string;
  campaignId: string;
  campaignName: string;
  campaignVersion: number;
  stepId: string;
  contactId: string;
  /** In order of preference: the first channel the contact can be reached on gets the message. */
  channels: Channel[];
  template: string;
  transactional: boolean;
  guardrails: { quietHours: { start: string; end: string } | null; frequencyCapPerDay: number | null };
  event?: EventScope;
  waited?: EventScope;
  /**
   * The journey's clock (workflow time). Quiet hours and the daily cap are judged by it, so a journey
   * replayed or run on a time-skipping server decides as it would have live. Default: now.
   */
  at?: string;
  /** Where the webhook channel posts: the webhook step's URL (a CRM hand-off). */
  webhookUrl?: string;
}

export type DeliverOutcome =
  | { status: 'accepted'; channel: Channel; deliveryId: string; providerMessageId: string }
  | { status: 'deferred'; until: string; reason: 'quiet_hours' }
  | { status: 'skipped' | 'suppressed' | 'failed'; reason: string; deliveryId?: string };

export interface DeliverDeps {
  store: Store;
  renderer: TemplateRenderer;
  channels: ChannelRegistry;
  links: Links;
  mailFrom: string;
  /** Click and open tracking; both on when omitted. */
  tracking?: { clicks: boolean; opens: boolean };
  /** For contacts whose time zone is unknown to the tz database. */
  defaultTimeZone?: string;
  now?: () => Date;
}

type LeanContact = Contact & { _id: { toString(): string } };

interface Target {
  address: string;
  subscription?: { endpoint: string; keys: { p256dh: string; auth: string } };
}

/** One record per channel tried, so a fallback from a suppressed email to push shows both. */
export function deliveryIdFor(deliveryKey: string, channel: Channel): string {
  // Hashed: the id travels inside every tracking link, and a short id keeps those links short.
  return `d_${createHash('sha256').update(`${deliveryKey}\n${channel}`).digest('base64url').slice(0, 22)}`;
}

function targetOf(channel: Channel, contact: LeanContact, webhookUrl: string | undefined): Target | undefined {
  switch (channel) {
    case 'email':
      return contact.email ? { address: contact.email } : undefined;
    case 'sms':
      return contact.phone ? { address: contact.phone } : undefined;
    case 'push': {
      // The browser subscribed most recently is the one most likely still in use.
      const newest = [...(contact.pushSubscriptions ?? [])]
        .filter((s) => s.keys?.p256dh && s.keys.auth)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
      if (!newest?.keys) return undefined;
      const keys = { p256dh: newest.keys.p256dh, auth: newest.keys.auth };
      return { address: newest.endpoint, subscription: { endpoint: newest.endpoint, keys } };
    }
    case 'webhook':
      return webhookUrl ? { address: webhookUrl } : undefined;
  }
}

/** Marketing needs a "granted"; a transactional message (one the contact asked for) only no "revoked". */
function hasConsent(channel: Channel, contact: LeanContact, transactional: boolean): boolean {
  if (channel === 'webhook') return true; // goes to our own CRM, not to the person
  const status = contact.consent?.[channel]?.status;
  return transactional ? status !== 'revoked' : status === 'granted';
}

function knownTimeZone(timeZone: string | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function createDeliver(deps: DeliverDeps) {
  const now = deps.now ?? (() => new Date());
  const tracking = deps.tracking ?? { clicks: true, opens: true };
  const { store } = deps;

  async function record(
    id: string,
    input: DeliverInput,
    channel: Channel,
    fields: {
      status: DeliveryStatus;
      reason?: string;
      provider?: string;
      address?: string;
      providerMessageId?: string;
      acceptedAt?: Date;
    },
    options: { attempt?: boolean } = {},
  ): Promise<void> {
    const at = now();
    await store.deliveries.updateOne(
      { _id: id },
      {
        $set: { ...fields, channel, updatedAt: at },
        $setOnInsert: {
          contactId: input.contactId,
          campaignId: input.campaignId,
          campaignVersion: input.campaignVersion,
          stepId: input.stepId,
          journeyId: input.journeyId,
          createdAt: at,
        },
        ...(options.attempt ? { $inc: { attempts: 1 } } : {}),
        ...(fields.reason === undefined ? { $unset: { reason: 1 } } : {}),
      },
      { upsert: true },
    );
  }

  /** The `<channel>.sent` event on the contact's timeline; idempotent, so a re-run can repair a missing one. */
  async function recordSent(
    input: DeliverInput,
    channel: Channel,
    deliveryId: string,
    provider: string | undefined,
    at: Date,
  ) {
    await store.events.updateOne(
      { _id: `${deliveryId}:sent` },
      {
        $setOnInsert: {
          name: `${channel}.sent`,
          contactId: input.contactId,
          properties: {
            deliveryId,
            journeyId: input.journeyId,
            template: input.template,
            transactional: input.transactional,
            provider,
          },
          source: 'omnidrip',
          occurredAt: at,
          receivedAt: now(),
          // Our own record, not input from a source: nothing to route.
          routedAt: now(),
          campaignId: input.campaignId,
          campaignVersion: input.campaignVersion,
          stepId: input.stepId,
          channel,
        },
      },
      { upsert: true },
    );
  }

  async function removeSubscription(contactId: string, endpoint: string): Promise<void> {
    const contact = await store.contacts.findById(contactId, { pushSubscriptions: 1 }).lean();
    // Pulled by exact value, not by a condition on the endpoint: FerretDB's $pull only matches whole
    // documents. Exact values also leave a subscription added meanwhile untouched.
    for (const subscription of contact?.pushSubscriptions ?? []) {
      if (subscription.endpoint !== endpoint) continue;
      await store.contacts.updateOne({ _id: contactId }, { $pull: { pushSubscriptions: subscription } });
    }
  }

  /** Marketing messages this contact got on this channel in the last 24 hours (journey time). */
  async function sentToday(contactId: string, channel: Channel, clock: Date): Promise<number> {
    const counter = await store.sendCounters.findById(`${contactId}:${channel}`).lean();
    const hours = (counter?.hours ?? {}) as Record<string, number>;
    const stale = staleHours(hours, clock);
    if (stale.length > 0) {
      await store.sendCounters.updateOne(
        { _id: `${contactId}:${channel}` },
        { $unset: Object.fromEntries(stale.map((key) => [`hours.${key}`, 1])) },
      );
    }
    return countInLastDay(hours, clock);
  }

  async function countSent(contactId: string, channel: Channel, at: Date): Promise<void> {
    await store.sendCounters.updateOne(
      { _id: `${contactId}:${channel}` },
      { $inc: { [`hours.${hourKey(at)}`]: 1 } },
      { upsert: true },
    );
  }

  function renderContext(
    contact: LeanContact,
    input: DeliverInput,
    channel: Channel,
    deliveryId: string,
    timeZone: string,
  ): RenderContext {
    return {
      contact: {
        id: input.contactId,
        email: contact.email ?? null,
        firstName: contact.firstName ?? null,
        lastName: contact.lastName ?? null,
        locale: contact.locale ?? 'de',
        timeZone,
        attributes: (contact.attributes ?? {}) as Record<string, unknown>,
        tags: contact.tags ?? [],
      },
      event: input.event ?? null,
      waited: input.waited ?? null,
      campaign: {
        id: input.campaignId,
        name: input.campaignName,
        version: input.campaignVersion,
        stepId: input.stepId,
      },
      links: {
        unsubscribe: deps.links.unsubscribe({ contactId: input.contactId, channel, campaignId: input.campaignId }),
        preferences: deps.links.preferences({ contactId: input.contactId }),
      },
      message: { id: deliveryId },
    };
  }

  function render(input: DeliverInput, channel: Channel, target: Target, context: RenderContext): RenderedMessage {
    const ids = { deliveryId: context.message.id, contactId: input.contactId };
    const options: RenderOptions = {
      ...(tracking.clicks ? { trackClick: (url: string) => deps.links.click(url, ids) } : {}),
      ...(tracking.opens && channel === 'email' ? { openPixelUrl: deps.links.open(ids) } : {}),
    };
    const locale = context.contact.locale;
    switch (channel) {
      case 'email': {
        const email = deps.renderer.render(input.template, 'email', locale, context, options);
        return {
          kind: 'email',
          to: target.address,
          from: deps.mailFrom,
          subject: email.subject,
          html: email.html,
          text: email.text,
          // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to this link.
          headers: {
            'List-Unsubscribe': `<${context.links.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        };
      }
      case 'push': {
        const { title, body, url, icon, tag } = deps.renderer.render(input.template, 'push', locale, context, options);
        return {
          kind: 'push',
          subscription: target.subscription!,
          payload: { title, body, ...(url ? { url } : {}), ...(icon ? { icon } : {}), ...(tag ? { tag } : {}) },
        };
      }
      case 'sms':
        return {
          kind: 'sms',
          to: target.address,
          text: deps.renderer.render(input.template, 'sms', locale, context, options).text,
        };
      case 'webhook':
        return {
          kind: 'webhook',
          url: target.address,
          body: deps.renderer.render(input.template, 'webhook', locale, context).body,
        };
    }
  }

  async function send(
    input: DeliverInput,
    contact: LeanContact,
    channel: Channel,
    adapter: ChannelAdapter,
    target: Target,
    timeZone: string,
  ): Promise<DeliverOutcome> {
    const deliveryId = deliveryIdFor(input.deliveryKey, channel);
    await record(
      deliveryId,
      input,
      channel,
      { status: 'sending', provider: adapter.id, address: target.address },
      { attempt: true },
    );

    let message: RenderedMessage;
    try {
      message = render(input, channel, target, renderContext(contact, input, channel, deliveryId, timeZone));
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      // A broken template stays broken on retry: fix it and the next journeys get it.
      await record(deliveryId, input, channel, {
        status: 'failed',
        reason: `TEMPLATE_${err.code.toUpperCase()}: ${err.message}`,
      });
      return { status: 'failed', reason: `template:${err.code}`, deliveryId };
    }

    try {
      const result = await adapter.send(message, { idempotencyKey: input.deliveryKey });
      await record(deliveryId, input, channel, {
        status: 'accepted',
        provider: adapter.id,
        address: target.address,
        providerMessageId: result.providerMessageId,
        acceptedAt: result.acceptedAt,
      });
      const sentAt = input.at ? new Date(input.at) : result.acceptedAt;
      await recordSent(input, channel, deliveryId, adapter.id, sentAt);
      if (!input.transactional) await countSent(input.contactId, channel, sentAt);
      return { status: 'accepted', channel, deliveryId, providerMessageId: result.providerMessageId };
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      if (!err.permanent) {
        await record(deliveryId, input, channel, { status: 'sending', reason: `${err.code}: ${err.message}` });
        // Temporal retries the activity with backoff; the claim above makes the next attempt count.
        throw ApplicationFailure.retryable(`${channel} via ${adapter.id}: ${err.message}`, 'TRANSIENT');
      }
      await record(deliveryId, input, channel, { status: 'failed', reason: `${err.code}: ${err.message}` });
      if (err.code === 'RECIPIENT_REJECTED') {
        await store.suppressions.updateOne(
          { _id: suppressionKey(channel, target.address) },
          {
            $setOnInsert: {
              channel,
              reason: 'hard_bounce',
              detail: `${input.campaignId}/${input.stepId}`,
              createdAt: now(),
            },
          },
          { upsert: true },
        );
      }
      if (err.code === 'SUBSCRIPTION_GONE' && channel === 'push')
        await removeSubscription(input.contactId, target.address);
      return { status: 'failed', reason: err.code, deliveryId };
    }
  }

  const clockOf = (input: DeliverInput) => (input.at ? new Date(input.at) : now());

  return async function deliver(input: DeliverInput): Promise<DeliverOutcome> {
    const contact = isValidObjectId(input.contactId)
      ? ((await store.contacts.findById(input.contactId).lean()) as LeanContact | null)
      : null;
    if (!contact) return { status: 'skipped', reason: 'contact_not_found' };
    if (contact.erasedAt) return { status: 'skipped', reason: 'contact_erased' };

    const channels = [...new Set(input.channels)];
    // One exact _id lookup per channel: FerretDB answers those from its primary key, while `_id: {$in}`
    // scans the whole collection.
    const tried = await Promise.all(
      channels.map((channel) => store.deliveries.findById(deliveryIdFor(input.deliveryKey, channel)).lean()),
    );
    const accepted = tried.find((d) => d?.status === 'accepted');
    if (accepted) {
      const channel = accepted.channel as Channel;
      await recordSent(
        input,
        channel,
        accepted._id,
        accepted.provider ?? undefined,
        input.at ? new Date(input.at) : (accepted.acceptedAt ?? now()),
      );
      return {
        status: 'accepted',
        channel,
        deliveryId: accepted._id,
        providerMessageId: accepted.providerMessageId ?? '',
      };
    }

    const timeZone = knownTimeZone(contact.timeZone) ? contact.timeZone : (deps.defaultTimeZone ?? 'Europe/Berlin');
    if (!input.transactional && input.guardrails.quietHours) {
      const until = quietHoursEndIn(timeZone, input.guardrails.quietHours, clockOf(input));
      if (until) return { status: 'deferred', until: until.toISOString(), reason: 'quiet_hours' };
    }

    const reasons: string[] = [];
    let allSuppressed = true;
    for (const channel of channels) {
      const skip = async (reason: string, status: DeliveryStatus = 'skipped') => {
        if (status !== 'suppressed') allSuppressed = false;
        reasons.push(`${reason}:${channel}`);
        await record(deliveryIdFor(input.deliveryKey, channel), input, channel, { status, reason });
      };
      const adapter = deps.channels.get(channel);
      if (!adapter) {
        await skip('no_provider');
        continue;
      }
      const target = targetOf(channel, contact, input.webhookUrl);
      if (!target) {
        await skip(channel === 'push' ? 'no_subscription' : 'no_address');
        continue;
      }
      if (!hasConsent(channel, contact, input.transactional)) {
        await skip('no_consent');
        continue;
      }
      if (await store.suppressions.exists({ _id: suppressionKey(channel, target.address) })) {
        await skip('suppressed', 'suppressed');
        continue;
      }
      const cap = input.guardrails.frequencyCapPerDay;
      if (!input.transactional && cap !== null && (await sentToday(input.contactId, channel, clockOf(input))) >= cap) {
        await skip('frequency_cap');
        continue;
      }
      return send(input, contact, channel, adapter, target, timeZone);
    }
    const reason = reasons.join(',') || 'no_channel';
    return { status: allSuppressed && reasons.length > 0 ? 'suppressed' : 'skipped', reason };
  };
}

function quietHoursEndIn(timeZone: string, quietHours: { start: string; end: string }, at: Date): Date | null {
  try {
    return quietHoursEnd({ at, timeZone, quietHours });
  } catch (err) {
    // A malformed window in a frozen campaign version cannot be fixed by retrying: send without it.
    if (err instanceof LocalTimeError) return null;
    throw err;
  }
}

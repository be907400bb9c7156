// The one customer profile as the API exposes it: upsert by email or external id, the whole timeline
// across channels, consent per channel, push subscriptions, and GDPR erasure.
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { emailKey } from '../store/contact-keys';
import type { ConsentChannel } from '../store/contacts';
import type { Store } from '../store/store';
import { suppressionKey } from '../store/suppressions';
import { stopSignal } from '../workflows/journey-signals';
import { ContactNotFoundError, type ContactRef, dropContactKeys, resolveContact } from './resolve-contact';
import { signalIfRunning } from './signal-journey';

export interface ContactInput extends ContactRef {
  phone?: string;
  firstName?: string;
  lastName?: string;
  locale?: string;
  timeZone?: string;
  attributes?: Record<string, unknown>;
  tags?: string[];
  consent?: Partial<Record<ConsentChannel, 'granted' | 'revoked'>>;
}

export class ContactConflictError extends Error {
  readonly code = 'CONFLICT';
}

function present(contact: Record<string, unknown> & { _id: unknown }) {
  const { _id, __v: _v, ...rest } = contact;
  return { id: String(_id), ...rest };
}

export async function upsertContact(store: Store, input: ContactInput, source = 'api') {
  const contactId = await resolveContact(store, input);
  const set: Record<string, unknown> = {};
  for (const field of ['phone', 'firstName', 'lastName', 'locale', 'timeZone', 'externalId'] as const) {
    if (input[field] !== undefined) set[field] = input[field];
  }
  if (input.email && input.id) {
    // A new address for a known contact: it must not belong to someone else, and the old one stops leading here.
    const email = input.email.toLowerCase();
    const before = await store.contacts.findById(contactId, { email: 1 }).lean();
    if (before?.email !== email) {
      try {
        await store.contactKeys.create({ _id: emailKey(email), contactId });
      } catch (err) {
        if ((err as { code?: number }).code === 11000)
          throw new ContactConflictError(`${email} belongs to another contact`);
        throw err;
      }
      if (before?.email) await store.contactKeys.deleteOne({ _id: emailKey(before.email) });
      set.email = email;
    }
  }
  for (const [k, v] of Object.entries(input.attributes ?? {})) set[`attributes.${k}`] = v;
  const now = new Date();
  for (const [channel, status] of Object.entries(input.consent ?? {})) {
    set[`consent.${channel}`] = { status, updatedAt: now, source };
  }
  const update: Record<string, unknown> = {};
  if (Object.keys(set).length) update.$set = set;
  if (input.tags?.length) update.$addToSet = { tags: { $each: input.tags } };
  if (Object.keys(update).length) await store.contacts.updateOne({ _id: contactId }, update);
  return getContact(store, contactId);
}

export async function getContact(store: Store, contactId: string) {
  const contact = await store.contacts.findById(contactId).lean();
  if (!contact || contact.erasedAt) throw new ContactNotFoundError(`contact ${contactId} does not exist`);
  return present(contact as unknown as Record<string, unknown> & { _id: unknown });
}

export async function findContact(store: Store, ref: ContactRef) {
  return getContact(store, await resolveContact(store, ref, false));
}

export async function contactTimeline(store: Store, contactId: string, limit = 200) {
  await getContact(store, contactId);
  const [events, deliveries, journeys] = await Promise.all([
    store.events.find({ contactId }).sort({ occurredAt: -1 }).limit(limit).lean(),
    store.deliveries.find({ contactId }).sort({ createdAt: -1 }).limit(limit).lean(),
    store.journeys.find({ contactId }).sort({ startedAt: -1 }).limit(limit).lean(),
  ]);
  return {
    events: events.map((e) => ({
      id: e._id,
      name: e.name,
      occurredAt: e.occurredAt,
      source: e.source,
      properties: e.properties,
      campaignId: e.campaignId ?? undefined,
      stepId: e.stepId ?? undefined,
      channel: e.channel ?? undefined,
      value: e.value ?? undefined,
    })),
    deliveries: deliveries.map((d) => ({
      id: d._id,
      campaignId: d.campaignId,
      campaignVersion: d.campaignVersion,
      stepId: d.stepId,
      channel: d.channel,
      status: d.status,
      reason: d.reason ?? undefined,
      createdAt: d.createdAt,
      acceptedAt: d.acceptedAt ?? undefined,
    })),
    journeys: journeys.map((j) => ({
      id: j.workflowId,
      campaignId: j.campaignId,
      campaignVersion: j.campaignVersion,
      status: j.status,
      stepId: j.stepId ?? undefined,
      startedAt: j.startedAt,
      endedAt: j.endedAt ?? undefined,
    })),
  };
}

/**
 * Events keep their name, time and attribution (statistics stay right) but lose their properties, and
 * their ids are replaced by hashes: senders' idempotency keys often contain an email or order number.
 */
async function anonymizeEvents(store: Store, contactId: string) {
  const events = await store.events.find({ contactId }).lean();
  for (const event of events) {
    if (event._id.startsWith('erased:')) continue;
    const id = `erased:${createHash('sha256').update(event._id).digest('base64url').slice(0, 32)}`;
    await store.events.updateOne(
      { _id: id },
      { $setOnInsert: { ...event, _id: id, properties: {} } },
      { upsert: true },
    );
    await store.events.deleteOne({ _id: event._id });
  }
}

export async function addPushSubscription(
  store: Store,
  contactId: string,
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
) {
  await getContact(store, contactId);
  // Replace a subscription with the same endpoint (browsers rotate keys) instead of duplicating it.
  await store.contacts.updateOne(
    { _id: contactId },
    { $pull: { pushSubscriptions: { endpoint: subscription.endpoint } } },
  );
  await store.contacts.updateOne(
    { _id: contactId },
    { $push: { pushSubscriptions: { ...subscription, createdAt: new Date() } } },
  );
  return getContact(store, contactId);
}

/**
 * GDPR erasure: personal data leaves every collection, running journeys end, and what remains (event
 * names, times, campaign attribution, delivery statuses) is anonymous, so campaign statistics still add up.
 */
export async function eraseContact(deps: { store: Store; temporal: Client }, contactId: string) {
  const { store } = deps;
  const contact = await store.contacts.findById(contactId).lean();
  if (!contact || contact.erasedAt) throw new ContactNotFoundError(`contact ${contactId} does not exist`);
  const active = await store.journeys.find({ contactId, status: 'active' }, { workflowId: 1 }).lean();
  for (const j of active) {
    await signalIfRunning(deps.temporal, j.workflowId, stopSignal, { reason: 'contact_erased' });
  }
  await dropContactKeys(store, contact);
  const addresses = [contact.email, contact.phone].filter((a): a is string => Boolean(a));
  await Promise.all([
    store.contacts.replaceOne(
      { _id: contactId },
      {
        erasedAt: new Date(),
        locale: contact.locale,
        timeZone: contact.timeZone,
        attributes: {},
        tags: [],
        pushSubscriptions: [],
      },
    ),
    anonymizeEvents(store, contactId),
    store.deliveries.updateMany({ contactId }, { $unset: { address: 1, providerMessageId: 1 } }),
    addresses.length
      ? store.suppressions.deleteMany({
          _id: { $in: addresses.flatMap((a) => ['email', 'sms'].map((c) => suppressionKey(c, a))) },
        })
      : undefined,
  ]);
  return { erased: true, journeysStopped: active.length };
}

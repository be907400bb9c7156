// Consent changes a customer makes themselves (one-click unsubscribe, the preference page, double
// opt-in confirmation) or a form reports: each is stored on the profile and put on the timeline, where
// stats count it and journeys see it at their next send.
import type { ConsentChannel } from '../store/contacts';
import type { Store } from '../store/store';
import { ContactNotFoundError } from './resolve-contact';

export type ConsentStatus = 'granted' | 'pending' | 'revoked';

export interface ConsentChange {
  contactId: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  source: string;
  /** The campaign whose message the change came from, for unsubscribe statistics. */
  campaignId?: string;
  /** Makes repeated clicks on the same link one timeline entry. */
  key?: string;
}

const EVENT_FOR: Record<ConsentStatus, string> = {
  granted: 'subscribed',
  pending: 'subscription_pending',
  revoked: 'unsubscribed',
};

export async function changeConsent(store: Store, change: ConsentChange): Promise<void> {
  const now = new Date();
  const result = await store.contacts.updateOne(
    { _id: change.contactId, erasedAt: { $exists: false } },
    { $set: { [`consent.${change.channel}`]: { status: change.status, updatedAt: now, source: change.source } } },
  );
  if (result.matchedCount === 0) throw new ContactNotFoundError(`contact ${change.contactId} does not exist`);
  const eventId = change.key ?? `consent:${change.contactId}:${change.channel}:${change.status}:${now.getTime()}`;
  const campaignVersion = change.campaignId
    ? ((await store.campaigns.findById(change.campaignId, { liveVersion: 1 }).lean())?.liveVersion ?? undefined)
    : undefined;
  await store.events.updateOne(
    { _id: eventId },
    {
      $setOnInsert: {
        name: `${change.channel}.${EVENT_FOR[change.status]}`,
        contactId: change.contactId,
        properties: { source: change.source },
        source: 'omnidrip',
        occurredAt: now,
        receivedAt: now,
        routedAt: now,
        campaignId: change.campaignId,
        campaignVersion,
        channel: change.channel,
      },
    },
    { upsert: true },
  );
}

export async function consentOf(store: Store, contactId: string) {
  const contact = await store.contacts.findById(contactId, { consent: 1, email: 1, erasedAt: 1 }).lean();
  if (!contact || contact.erasedAt) throw new ContactNotFoundError(`contact ${contactId} does not exist`);
  return {
    email: contact.consent?.email?.status ?? 'none',
    push: contact.consent?.push?.status ?? 'none',
    sms: contact.consent?.sms?.status ?? 'none',
  };
}

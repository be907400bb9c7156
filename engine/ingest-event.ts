// The hot path: an event from the website, shop or store is stored on the contact's timeline under
// its idempotency key, routed to journeys, and only then acknowledged. A retry of an event that was
// stored but not routed (a crash in between) routes it again; one that was routed is a no-op.
import type { Store } from '../store/store';
import { attributeConversion } from './attribute-conversion';
import { type ContactRef, resolveContact } from './resolve-contact';
import { type RouteResult, type RouterDeps, routeEvent } from './route-event';

export interface IncomingEvent {
  /** The sender's idempotency key. */
  id: string;
  name: string;
  contact?: ContactRef;
  properties: Record<string, unknown>;
  occurredAt?: string;
  source: string;
  /** For our own messages' events (opens, clicks): which campaign step and channel they belong to. */
  attribution?: { campaignId: string; campaignVersion: number; stepId: string; channel: string };
}

export interface IngestResult {
  eventId: string;
  duplicate: boolean;
  contactId?: string;
  routing?: RouteResult;
}

export async function ingestEvent(deps: RouterDeps & { store: Store }, input: IncomingEvent): Promise<IngestResult> {
  const eventId = `${input.source}:${input.id}`;
  // Resolving the contact is idempotent, so it can come first; the insert then doubles as the duplicate
  // check, which saves the hot path a read per event.
  const contactId = input.contact ? await resolveContact(deps.store, input.contact) : undefined;
  const now = new Date();
  let occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  try {
    await deps.store.events.create({
      _id: eventId,
      name: input.name,
      contactId,
      properties: input.properties,
      source: input.source,
      occurredAt,
      receivedAt: now,
      ...input.attribution,
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const known = await deps.store.events.findById(eventId, { routedAt: 1, occurredAt: 1 }).lean();
    if (known?.routedAt) return { eventId, duplicate: true, contactId };
    // Stored by an earlier attempt that did not finish routing (or by a concurrent retry): route it now.
    // Routing twice is harmless: journeys drop events they have seen.
    if (known?.occurredAt) occurredAt = known.occurredAt;
  }
  const routing = await routeEvent(deps, {
    id: eventId,
    name: input.name,
    properties: input.properties,
    occurredAt: occurredAt.toISOString(),
    contactId,
  });
  if (contactId) {
    await attributeConversion(deps, { eventId, name: input.name, contactId, properties: input.properties, occurredAt });
  }
  await deps.store.events.updateOne({ _id: eventId }, { $set: { routedAt: new Date() } });
  return { eventId, duplicate: false, contactId, routing };
}

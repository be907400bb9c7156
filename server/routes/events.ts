// POST /v1/events and /v1/inventory: the website, shop and store report what happened. Each event is
// stored under its idempotency key and routed before the 202, so a 202 means "journeys know".
import type { Request } from 'express';
import { z } from 'zod';
import { inParallel } from '../../engine/in-parallel';
import { type IncomingEvent, type IngestResult, ingestEvent } from '../../engine/ingest-event';
import type { RouterDeps } from '../../engine/route-event';
import { subscribe } from '../../engine/subscribe';
import type { Links } from '../../tracking/links';
import type { ApiRoutes } from '../api-route';
import type { ApiMetrics } from '../metrics';

const eventName = z.string().regex(/^[a-zA-Z0-9][\w.:-]{0,127}$/, 'must be an event name like "cart.updated"');

export const contactRef = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-f0-9]{24}$/, 'must be an omnidrip contact id')
      .optional(),
    email: z.email().max(254).optional(),
    externalId: z.string().min(1).max(200).optional(),
  })
  .refine((c) => c.id || c.email || c.externalId, { message: 'needs at least one of id, email, externalId' })
  .meta({ id: 'ContactRef', description: 'Who the event is about; unknown emails/external ids create a contact.' });

export const eventInput = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(200)
      .meta({ description: 'Idempotency key: the same id from the same source is stored and routed once.' }),
    name: eventName,
    contact: contactRef.optional(),
    properties: z.record(z.string(), z.unknown()).default({}),
    timestamp: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'When it happened (ISO 8601); default now.' }),
  })
  .meta({ id: 'Event' });

const eventBatch = z.strictObject({ events: z.array(eventInput).min(1).max(500) }).meta({ id: 'EventBatch' });

const accepted = z
  .object({
    accepted: z.array(
      z.object({
        id: z.string(),
        duplicate: z.boolean(),
        contactId: z.string().optional(),
        entered: z.number().meta({ description: 'Journeys this event started' }),
        signalled: z.number().meta({ description: 'Running journeys this event was handed to' }),
        fanOuts: z.number().meta({
          description:
            'Restock fan-outs started: each wakes the subscribers waiting for the variant in the background, earliest first',
        }),
      }),
    ),
  })
  .meta({ id: 'EventsAccepted' });

const BATCH_PARALLELISM = 8;

function source(req: Request): string {
  return req.get('omnidrip-source') ?? 'unknown';
}

function summarize(input: IncomingEvent, r: IngestResult) {
  return {
    id: input.id,
    duplicate: r.duplicate,
    contactId: r.contactId,
    entered: r.routing?.entered.length ?? 0,
    signalled: r.routing?.signalled.length ?? 0,
    fanOuts: r.routing?.fanOuts.length ?? 0,
  };
}

export function eventRoutes(api: ApiRoutes, deps: RouterDeps & { links: Links }, metrics: ApiMetrics) {
  const ingestOne = async (event: IncomingEvent) => {
    const result = await ingestEvent(deps, event);
    metrics.events.inc({ duplicate: String(result.duplicate) });
    metrics.journeys.inc(result.routing?.entered.length ?? 0);
    return summarize(event, result);
  };
  /**
   * A batch is routed with some parallelism across contacts, while each contact's events keep their
   * order (a cart change must not overtake the order that ended the cart).
   */
  const ingestAll = async (events: IncomingEvent[]) => {
    const results = new Array<ReturnType<typeof summarize>>(events.length);
    const lanes = new Map<string, number[]>();
    events.forEach((e, i) => {
      const key = e.contact
        ? JSON.stringify([e.contact.id, e.contact.email?.toLowerCase(), e.contact.externalId])
        : `event:${i}`;
      lanes.set(key, [...(lanes.get(key) ?? []), i]);
    });
    await inParallel([...lanes.values()], BATCH_PARALLELISM, async (lane) => {
      for (const i of lane) results[i] = await ingestOne(events[i] as IncomingEvent);
    });
    return results;
  };

  api
    .add({
      method: 'post',
      path: '/v1/events',
      operationId: 'sendEvents',
      summary: 'Report one event or a batch (signed by the source)',
      description:
        "Answers 202 once every event is stored on its contact's timeline and routed: journeys whose trigger matches are " +
        'started (once, however often the request is retried), journeys waiting for or exiting on it are signalled.',
      tag: 'Events',
      access: { kind: 'signedWebhook' },
      // Single first: when both shapes fail equally, the single-event problems are the helpful ones.
      body: z.union([eventInput, eventBatch]),
      responses: { 202: { description: 'Stored and routed', schema: accepted } },
      handler: async ({ body, req }) => {
        const list = 'events' in body ? body.events : [body];
        const events: IncomingEvent[] = list.map((e) => ({
          id: e.id,
          name: e.name,
          contact: e.contact,
          properties: e.properties,
          occurredAt: e.timestamp,
          source: source(req),
        }));
        return { status: 202, body: { accepted: await ingestAll(events) } };
      },
    })
    .add({
      method: 'post',
      path: '/v1/inventory',
      operationId: 'reportRestock',
      summary: 'Report that a product variant is back in stock (wakes back-in-stock subscribers)',
      description:
        'Same as an `inventory.restocked` event with these properties. Answers at once; subscribers waiting for the ' +
        'variant are then woken in the background, earliest first, at most `quantity` of them where the campaign ' +
        'limits alerts to the restocked quantity.',
      tag: 'Events',
      access: { kind: 'signedWebhook' },
      body: z
        .strictObject({
          id: z.string().min(1).max(200).meta({ description: 'Idempotency key' }),
          productId: z.string().min(1).max(200),
          variantId: z.string().min(1).max(200),
          quantity: z.number().int().min(1).max(1_000_000),
          timestamp: z.iso.datetime({ offset: true }).optional(),
        })
        .meta({ id: 'Restock' }),
      responses: { 202: { description: 'Stored and routed', schema: accepted } },
      handler: async ({ body, req }) => {
        const { id, timestamp, ...properties } = body;
        const event = { id, name: 'inventory.restocked', properties, occurredAt: timestamp, source: source(req) };
        return { status: 202, body: { accepted: await ingestAll([event]) } };
      },
    })
    .add({
      method: 'post',
      path: '/v1/subscriptions',
      operationId: 'subscribe',
      summary: 'A newsletter sign-up from a website form: sends the double opt-in confirmation (signed by the source)',
      description:
        'Email consent becomes "pending" and a confirmation mail goes out at once; consent is granted only when the ' +
        'person follows its link. Retries with the same id send one confirmation.',
      tag: 'Events',
      access: { kind: 'signedWebhook' },
      body: z
        .strictObject({
          id: z.string().min(1).max(200).meta({ description: 'Idempotency key of the sign-up' }),
          email: z.email().max(254),
          firstName: z.string().max(100).optional(),
          locale: z
            .string()
            .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
            .optional(),
        })
        .meta({ id: 'Subscription' }),
      responses: {
        202: {
          description: 'Confirmation on its way (or already subscribed)',
          schema: z.object({ contactId: z.string(), status: z.enum(['confirmation_sent', 'already_subscribed']) }),
        },
      },
      handler: async ({ body, req }) => ({
        status: 202,
        body: await subscribe(deps, { ...body, source: source(req) }),
      }),
    });
}

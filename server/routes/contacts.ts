// /v1/contacts: the one customer profile shared by sales, service and marketing.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import {
  addPushSubscription,
  contactTimeline,
  eraseContact,
  findContact,
  getContact,
  upsertContact,
} from '../../engine/contacts-service';
import type { Store } from '../../store/store';
import type { ApiRoutes } from '../api-route';
import { problems } from '../http-problem';

const contactId = z.strictObject({ id: z.string().regex(/^[a-f0-9]{24}$/, 'must be an omnidrip contact id') });
const consentStatus = z.enum(['granted', 'revoked']);

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone like "Europe/Berlin"' },
);

export const contactInput = z
  .strictObject({
    email: z.email().max(254).optional(),
    externalId: z.string().min(1).max(200).optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be in E.164 form, e.g. +4915112345678')
      .optional(),
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale like "de" or "de-AT"')
      .optional(),
    timeZone: timeZone.optional(),
    attributes: z.record(z.string().regex(/^[\w-]{1,64}$/), z.unknown()).optional(),
    tags: z.array(z.string().min(1).max(64)).max(100).optional(),
    consent: z
      .strictObject({ email: consentStatus.optional(), push: consentStatus.optional(), sms: consentStatus.optional() })
      .optional(),
  })
  .refine((c) => c.email || c.externalId, { message: 'needs an email or an externalId to find or create the contact' })
  .meta({ id: 'ContactInput' });

const contact = z
  .record(z.string(), z.unknown())
  .meta({ id: 'Contact', description: 'The profile: identity, locale, attributes, consent, push subscriptions.' });

export function contactRoutes(api: ApiRoutes, deps: { store: Store; temporal: Client }) {
  const { store } = deps;
  api
    .add({
      method: 'post',
      path: '/v1/contacts',
      operationId: 'upsertContact',
      summary: 'Create or update a contact, found by email or external id',
      tag: 'Contacts',
      access: { kind: 'apiKey', scope: 'write' },
      body: contactInput,
      responses: { 200: { description: 'The contact', schema: contact } },
      handler: async ({ body }) => ({ status: 200, body: await upsertContact(store, body) }),
    })
    .add({
      method: 'get',
      path: '/v1/contacts',
      operationId: 'findContact',
      summary: 'Find a contact by email or external id',
      tag: 'Contacts',
      access: { kind: 'apiKey', scope: 'read' },
      query: z.strictObject({ email: z.email().optional(), externalId: z.string().min(1).optional() }),
      responses: { 200: { description: 'The contact', schema: contact }, 404: { description: 'No such contact' } },
      handler: async ({ query }) => {
        if (!query.email && !query.externalId) {
          throw problems.validation([{ pointer: '#query', code: 'missing', detail: 'give email or externalId' }]);
        }
        return { status: 200, body: await findContact(store, query) };
      },
    })
    .add({
      method: 'get',
      path: '/v1/contacts/:id',
      operationId: 'getContact',
      summary: 'Get a contact',
      tag: 'Contacts',
      access: { kind: 'apiKey', scope: 'read' },
      params: contactId,
      responses: { 200: { description: 'The contact', schema: contact }, 404: { description: 'No such contact' } },
      handler: async ({ params }) => ({ status: 200, body: await getContact(store, params.id) }),
    })
    .add({
      method: 'get',
      path: '/v1/contacts/:id/timeline',
      operationId: 'getContactTimeline',
      summary: 'Every event, send, open, click, purchase and journey of a contact, across channels, newest first',
      tag: 'Contacts',
      access: { kind: 'apiKey', scope: 'read' },
      params: contactId,
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      responses: { 200: { description: 'The timeline' }, 404: { description: 'No such contact' } },
      handler: async ({ params, query }) => ({
        status: 200,
        body: await contactTimeline(store, params.id, query.limit),
      }),
    })
    .add({
      method: 'post',
      path: '/v1/contacts/:id/push-subscriptions',
      operationId: 'addPushSubscription',
      summary: "Store a browser's Web Push subscription (PushSubscription.toJSON()) on the contact",
      tag: 'Contacts',
      access: { kind: 'apiKey', scope: 'write' },
      params: contactId,
      body: z
        .strictObject({
          endpoint: z.url({ protocol: /^https$/ }),
          expirationTime: z.number().nullable().optional(),
          keys: z.strictObject({ p256dh: z.string().min(20), auth: z.string().min(8) }),
        })
        .meta({ id: 'PushSubscription' }),
      responses: { 200: { description: 'The contact', schema: contact }, 404: { description: 'No such contact' } },
      handler: async ({ params, body }) => ({
        status: 200,
        body: await addPushSubscription(store, params.id, { endpoint: body.endpoint, keys: body.keys }),
      }),
    })
    .add({
      method: 'delete',
      path: '/v1/contacts/:id',
      operationId: 'eraseContact',
      summary: 'Erase a contact (GDPR): personal data removed everywhere, running journeys ended, stats kept anonymous',
      tag: 'Contacts',
      access: { kind: 'apiKey', scope: 'admin' },
      params: contactId,
      responses: { 200: { description: 'Erased' }, 404: { description: 'No such contact' } },
      handler: async ({ params }) => ({ status: 200, body: await eraseContact(deps, params.id) }),
    });
}

// The composition of all collections on one mongoose connection. Models are created per connection
// (not on the global mongoose), so the API, the worker and each test file can each hold their own.
import mongoose, { type Connection } from 'mongoose';
import { apiKeySchema } from './api-keys';
import { campaignSchema, campaignVersionSchema } from './campaigns';
import { contactKeySchema } from './contact-keys';
import { contactSchema } from './contacts';
import { deliverySchema } from './deliveries';
import { eventSchema } from './events';
import { journeyHeadSchema, journeySchema, restockClaimSchema } from './journeys';
import { sendCounterSchema } from './send-counters';
import { suppressionSchema } from './suppressions';
import { uploadedTemplateSchema } from './templates';

export function createStore(conn: Connection) {
  return {
    conn,
    contacts: conn.model('Contact', contactSchema),
    contactKeys: conn.model('ContactKey', contactKeySchema),
    events: conn.model('Event', eventSchema),
    deliveries: conn.model('Delivery', deliverySchema),
    suppressions: conn.model('Suppression', suppressionSchema),
    sendCounters: conn.model('SendCounter', sendCounterSchema),
    campaigns: conn.model('Campaign', campaignSchema),
    campaignVersions: conn.model('CampaignVersion', campaignVersionSchema),
    journeys: conn.model('Journey', journeySchema),
    journeyHeads: conn.model('JourneyHead', journeyHeadSchema),
    restockClaims: conn.model('RestockClaim', restockClaimSchema),
    apiKeys: conn.model('ApiKey', apiKeySchema),
    templates: conn.model('Template', uploadedTemplateSchema),
  };
}

export type Store = ReturnType<typeof createStore>;

export async function openStore(uri: string): Promise<Store> {
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: true }).asPromise();
  const store = createStore(conn);
  // Indexes are part of correctness here (unique email, idempotency keys), so wait for them.
  const { conn: _conn, ...models } = store;
  await Promise.all(Object.values(models).map((model) => model.init()));
  return store;
}

export async function pingStore(store: Store): Promise<void> {
  const db = store.conn.db;
  if (!db) throw new Error('MongoDB connection is not open');
  await db.admin().command({ ping: 1 });
}

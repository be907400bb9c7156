// The timeline: every interaction with a contact from any source (website, shop, store, hotline,
// our own opens/clicks/sends), stored once under its idempotency key.
import { type InferSchemaType, Schema, type Types } from 'mongoose';

export const eventSchema = new Schema(
  {
    // The sender's idempotency key (or one we derive), so a retried webhook is stored once.
    _id: { type: String, required: true },
    name: { type: String, required: true },
    contactId: { type: Schema.Types.ObjectId, index: true },
    properties: { type: Schema.Types.Mixed, default: {} },
    source: { type: String, default: 'api' },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    // Routing progress: an event is acknowledged (202) only once routed; a retry re-routes a 'received' one.
    routedAt: { type: Date },
    // Attribution, filled for messages' own events (sent, opened, clicked) and conversions.
    campaignId: { type: String },
    campaignVersion: { type: Number },
    stepId: { type: String },
    channel: { type: String },
    value: { type: Number },
  },
  { minimize: false, versionKey: false },
);
eventSchema.index({ contactId: 1, occurredAt: -1 });
eventSchema.index({ campaignId: 1, name: 1 });

export type StoredEvent = InferSchemaType<typeof eventSchema> & { contactId?: Types.ObjectId };

// One record per message a journey step tried to send, keyed by an idempotency key derived from the
// journey and step, so a retried activity can see that the provider already accepted the message.
import { type InferSchemaType, Schema } from 'mongoose';

export const DELIVERY_STATUSES = [
  'sending', // claimed; the provider may or may not have it yet
  'accepted', // the provider took it (SMTP 250, HTTP 2xx)
  'failed', // permanently refused; never retried
  'skipped', // not sent by rule: no consent, frequency cap, no address on any channel
  'suppressed', // the address is on the suppression list
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    contactId: { type: Schema.Types.ObjectId, required: true, index: true },
    campaignId: { type: String, required: true },
    campaignVersion: { type: Number, required: true },
    stepId: { type: String, required: true },
    journeyId: { type: String, required: true },
    channel: { type: String, required: true },
    provider: { type: String },
    address: { type: String },
    providerMessageId: { type: String },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    reason: { type: String },
    attempts: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    acceptedAt: { type: Date },
  },
  { versionKey: false },
);
deliverySchema.index({ campaignId: 1, status: 1 });
deliverySchema.index({ contactId: 1, channel: 1, acceptedAt: -1 });

export type Delivery = InferSchemaType<typeof deliverySchema>;

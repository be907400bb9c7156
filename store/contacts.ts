// One customer profile shared by every channel and team: identity, locale and time zone, attributes,
// consent per channel and browser push subscriptions. Interactions live in events (the timeline).
import { type InferSchemaType, Schema, type Types } from 'mongoose';

export const CHANNELS = ['email', 'push', 'sms', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels that reach a person and so need their consent; webhooks go to our own CRM. */
export const CONSENT_CHANNELS = ['email', 'push', 'sms'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

const consentSchema = new Schema(
  {
    // pending = double opt-in mail sent, not yet confirmed.
    status: { type: String, enum: ['granted', 'pending', 'revoked'], required: true },
    updatedAt: { type: Date, required: true },
    source: { type: String },
  },
  { _id: false },
);

const pushSubscriptionSchema = new Schema(
  {
    endpoint: { type: String, required: true },
    keys: { p256dh: { type: String, required: true }, auth: { type: String, required: true } },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

export const contactSchema = new Schema(
  {
    email: { type: String, lowercase: true, trim: true },
    externalId: { type: String },
    phone: { type: String },
    firstName: { type: String },
    lastName: { type: String },
    locale: { type: String, default: 'de' },
    timeZone: { type: String, default: 'Europe/Berlin' },
    attributes: { type: Schema.Types.Mixed, default: {} },
    tags: { type: [String], default: [] },
    consent: {
      email: { type: consentSchema },
      push: { type: consentSchema },
      sms: { type: consentSchema },
    },
    pushSubscriptions: { type: [pushSubscriptionSchema], default: [] },
    erasedAt: { type: Date },
  },
  { timestamps: true, minimize: false },
);
// Unique only where present: FerretDB has no partial indexes, so sparse does the job.
contactSchema.index({ email: 1 }, { unique: true, sparse: true });
contactSchema.index({ externalId: 1 }, { unique: true, sparse: true });

export type Contact = InferSchemaType<typeof contactSchema> & { _id: Types.ObjectId };

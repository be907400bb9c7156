// Email addresses and external ids as exact keys to a contact. Every event names its contact by one of
// them, so this lookup is on the hot path: a primary-key read here is fast on any MongoDB-compatible
// store (FerretDB v1 scans for any other filter). The _id's uniqueness also settles races between two
// requests creating the same contact.
import { Schema, type Types } from 'mongoose';

export const contactKeySchema = new Schema(
  {
    _id: { type: String, required: true }, // "email:<address>" or "ext:<external id>"
    contactId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false },
);

export interface ContactKey {
  _id: string;
  contactId: Types.ObjectId;
}

export function emailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

export function externalKey(externalId: string): string {
  return `ext:${externalId}`;
}

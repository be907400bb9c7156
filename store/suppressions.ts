// Addresses that must never be mailed again: hard bounces, complaints, unsubscribes from all mail.
import { type InferSchemaType, Schema } from 'mongoose';

export const suppressionSchema = new Schema(
  {
    // `${channel}:${address}`, lower-cased, so one lookup answers "may we send here?"
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    reason: { type: String, required: true },
    detail: { type: String },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type Suppression = InferSchemaType<typeof suppressionSchema>;

export function suppressionKey(channel: string, address: string): string {
  return `${channel}:${address.trim().toLowerCase()}`;
}

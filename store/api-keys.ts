// Marketers' API keys. Only a SHA-256 hash is stored: a leaked database does not leak working keys.
import { createHash, randomBytes } from 'node:crypto';
import { type InferSchemaType, Schema } from 'mongoose';

export const API_SCOPES = ['read', 'write', 'launch', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const apiKeySchema = new Schema(
  {
    _id: { type: String, required: true }, // sha256 hex of the key
    name: { type: String, required: true },
    prefix: { type: String, required: true }, // first characters, to recognise a key in lists
    scopes: { type: [String], enum: API_SCOPES, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { versionKey: false },
);

export type ApiKeyRecord = InferSchemaType<typeof apiKeySchema>;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function newApiKey(): string {
  return `od_${randomBytes(24).toString('base64url')}`;
}

/** admin may do everything; launch and write include read. */
export function scopeAllows(granted: readonly string[], needed: ApiScope): boolean {
  if (granted.includes('admin') || granted.includes(needed)) return true;
  return needed === 'read' && (granted.includes('write') || granted.includes('launch'));
}

// /v1/api-keys: marketers' keys with scopes. The key is shown once, at creation; only its hash is kept.
import { z } from 'zod';
import { API_SCOPES, hashApiKey, newApiKey } from '../../store/api-keys';
import type { Store } from '../../store/store';
import type { ApiRoutes } from '../api-route';
import { problems } from '../http-problem';

const keySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(API_SCOPES)),
    createdAt: z.date(),
    revokedAt: z.date().optional(),
  })
  .meta({ id: 'ApiKey' });

function summary(k: {
  _id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  revokedAt?: Date | null;
}) {
  return {
    id: k._id.slice(0, 16),
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt ?? undefined,
  };
}

export function apiKeyRoutes(api: ApiRoutes, deps: { store: Store }) {
  const { store } = deps;
  api
    .add({
      method: 'post',
      path: '/v1/api-keys',
      operationId: 'createApiKey',
      summary: 'Create an API key with scopes (read, write, launch, admin); the key is in this answer only',
      tag: 'API keys',
      access: { kind: 'apiKey', scope: 'admin' },
      body: z
        .strictObject({ name: z.string().min(1).max(100), scopes: z.array(z.enum(API_SCOPES)).min(1) })
        .meta({ id: 'ApiKeyInput' }),
      responses: { 201: { description: 'Created; store the key now', schema: keySummary.extend({ key: z.string() }) } },
      handler: async ({ body }) => {
        const key = newApiKey();
        const record = await store.apiKeys.create({
          _id: hashApiKey(key),
          name: body.name,
          prefix: key.slice(0, 7),
          scopes: [...new Set(body.scopes)],
          createdAt: new Date(),
        });
        return { status: 201, body: { ...summary(record.toObject()), key } };
      },
    })
    .add({
      method: 'get',
      path: '/v1/api-keys',
      operationId: 'listApiKeys',
      summary: 'List API keys (names, prefixes and scopes; never the keys)',
      tag: 'API keys',
      access: { kind: 'apiKey', scope: 'admin' },
      responses: { 200: { description: 'All keys', schema: z.object({ keys: z.array(keySummary) }) } },
      handler: async () => {
        const keys = await store.apiKeys.find().sort({ createdAt: 1 }).lean();
        return { status: 200, body: { keys: keys.map(summary) } };
      },
    })
    .add({
      method: 'delete',
      path: '/v1/api-keys/:id',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key (by the id from the list); it stops working within seconds on every API process',
      tag: 'API keys',
      access: { kind: 'apiKey', scope: 'admin' },
      params: z.strictObject({ id: z.string().regex(/^[a-f0-9]{16}$/) }),
      responses: { 200: { description: 'Revoked', schema: keySummary }, 404: { description: 'No such key' } },
      handler: async ({ params }) => {
        const key = await store.apiKeys
          .findOneAndUpdate({ _id: { $regex: `^${params.id}` } }, { $set: { revokedAt: new Date() } }, { new: true })
          .lean();
        if (!key) throw problems.notFound(`API key ${params.id}`);
        return { status: 200, body: summary(key) };
      },
    });
}

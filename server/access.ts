// Who may call what: marketers with API keys (scoped, stored hashed), sources with signed webhooks
// (Standard Webhooks, per-source secret, replay window), customers on public signed-link routes.
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { verifyWebhook } from '../activities/channels/webhook-signature';
import { hashApiKey, scopeAllows } from '../store/api-keys';
import type { Store } from '../store/store';
import type { Access, AccessCheck } from './api-route';
import { problems } from './http-problem';

declare module 'express-serve-static-core' {
  interface Request {
    rawBody?: Buffer;
    /** Who is calling, for logs and rate limits: an API key's prefix or an event source's name. */
    caller?: string;
  }
}

export interface AccessConfig {
  store: Store;
  adminApiKey: string;
  eventSources: Record<string, string>;
  toleranceSeconds: number;
  now?: () => Date;
}

const KEY_CACHE_MS = 5_000;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createAccessCheck(config: AccessConfig): AccessCheck {
  const keyCache = new Map<string, { scopes: string[]; name: string; at: number }>();

  async function scopesOf(key: string): Promise<{ scopes: string[]; name: string } | undefined> {
    if (sameSecret(key, config.adminApiKey)) return { scopes: ['admin'], name: 'admin' };
    const hash = hashApiKey(key);
    const cached = keyCache.get(hash);
    if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached;
    const record = await config.store.apiKeys.findById(hash).lean();
    if (!record || record.revokedAt) return undefined;
    const entry = { scopes: record.scopes, name: record.prefix, at: Date.now() };
    keyCache.set(hash, entry);
    return entry;
  }

  async function checkApiKey(req: Request, access: Extract<Access, { kind: 'apiKey' }>) {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw problems.unauthorized('Send an API key as "Authorization: Bearer <key>".');
    const key = await scopesOf(match[1]);
    if (!key) throw problems.unauthorized('The API key is unknown or revoked.');
    if (!scopeAllows(key.scopes, access.scope)) {
      throw problems.forbidden(`This API key lacks the "${access.scope}" scope.`);
    }
    req.caller = `key:${key.name}`;
  }

  function checkSignature(req: Request) {
    const source = req.get('omnidrip-source');
    if (!source) throw problems.unauthorized('Name the event source in the "omnidrip-source" header.');
    const secret = Object.hasOwn(config.eventSources, source) ? config.eventSources[source] : undefined;
    if (!secret) throw problems.unauthorized(`Unknown event source "${source}".`);
    const result = verifyWebhook({
      secret,
      headers: {
        'webhook-id': req.get('webhook-id'),
        'webhook-timestamp': req.get('webhook-timestamp'),
        'webhook-signature': req.get('webhook-signature'),
      },
      body: req.rawBody?.toString('utf8') ?? '',
      toleranceSeconds: config.toleranceSeconds,
      now: config.now?.(),
    });
    if (!result.ok) throw problems.unauthorized(result.reason);
    req.caller = `source:${source}`;
  }

  return async (req, access) => {
    if (access.kind === 'apiKey') await checkApiKey(req, access);
    else if (access.kind === 'signedWebhook') checkSignature(req);
  };
}

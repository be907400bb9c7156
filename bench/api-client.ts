// The bench talks to omnidrip the way its users do: marketers through the admin API with an API key,
// the website through signed event webhooks (Standard Webhooks, the dev source and secret).
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { signWebhook } from '../activities/channels/webhook-signature';
import { DEV_DEFAULTS } from '../config/env';

const SOURCES = JSON.parse(DEV_DEFAULTS.EVENT_SOURCES) as Record<string, string>;
export const EVENT_SOURCE = 'website';
const SECRET = SOURCES[EVENT_SOURCE]!;

/** Headers of a signed POST with this body, as the website sends them. */
export function signedHeaders(body: string, id = randomUUID()): Record<string, string> {
  return {
    'content-type': 'application/json',
    'omnidrip-source': EVENT_SOURCE,
    ...signWebhook({ secret: SECRET, id, body }),
  };
}

export interface Accepted {
  accepted: {
    id: string;
    duplicate: boolean;
    contactId?: string;
    entered: number;
    signalled: number;
    fanOuts: number;
  }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 500)}`);
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs signed JSON to /v1/events or /v1/inventory; resolves with the 202 body. */
export function postSigned(baseUrl: string, path: '/v1/events' | '/v1/inventory', payload: unknown): Promise<Accepted> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method: 'POST', headers: signedHeaders(body), agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 202) reject(new ApiError(res.statusCode ?? 0, text, `POST ${path}`));
        else resolve(JSON.parse(text) as Accepted);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The admin API with the dev key (every scope). */
export async function admin<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${DEV_DEFAULTS.ADMIN_API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new ApiError(res.status, text, `${method} ${path}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Creates a campaign and launches it, through the API as a marketer would. */
export async function createAndLaunch(baseUrl: string, definition: { id: string }) {
  await admin(baseUrl, 'POST', '/v1/campaigns', definition);
  return admin<{ status: string; liveVersion?: number }>(baseUrl, 'POST', `/v1/campaigns/${definition.id}/launch`);
}

// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
// "<webhook-id>.<webhook-timestamp>.<body>" with a "whsec_<base64>" secret, sent as "v1,<base64>".
// Used for the webhooks we send (CRM hand-offs) and to check the events sources send us.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookSignatureErrorCode =
  | 'invalid_secret'
  | 'missing_headers'
  | 'invalid_signature'
  | 'timestamp_out_of_tolerance';

export class WebhookSignatureError extends Error {
  constructor(
    readonly code: WebhookSignatureErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

// A type, not an interface, so it fits where any header record is expected (fetch, verifyWebhook).
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

export type WebhookVerification =
  | { ok: true; id: string; timestamp: Date }
  | { ok: false; error: WebhookSignatureError; reason: string };

const SECRET_PREFIX = 'whsec_';

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0)
    throw new WebhookSignatureError('invalid_secret', 'The webhook secret must be "whsec_" and base64');
  return key;
}

function signature(key: Buffer, id: string, timestamp: string, body: string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
}

export function signWebhook(input: { secret: string; id: string; body: string; timestamp?: Date }): WebhookHeaders {
  const timestamp = String(Math.floor((input.timestamp ?? new Date()).getTime() / 1000));
  const signed = signature(secretKey(input.secret), input.id, timestamp, input.body).toString('base64');
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signed}` };
}

/**
 * Checks a signed request: all three headers present, one of the (space-separated) v1 signatures right,
 * the timestamp within `toleranceSeconds` of now in either direction (replay protection).
 */
export function verifyWebhook(input: {
  secret: string;
  headers: Partial<Record<string, string | string[] | undefined>>;
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): WebhookVerification {
  const fail = (code: WebhookSignatureErrorCode, reason: string): WebhookVerification => ({
    ok: false,
    error: new WebhookSignatureError(code, reason),
    reason,
  });
  const header = (name: keyof WebhookHeaders) => {
    const value = input.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures) {
    return fail(
      'missing_headers',
      'Sign the request with the webhook-id, webhook-timestamp and webhook-signature headers.',
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) return fail('invalid_signature', 'webhook-timestamp must be Unix seconds.');
  const tolerance = input.toleranceSeconds ?? 300;
  const now = (input.now ?? new Date()).getTime() / 1000;
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    return fail(
      'timestamp_out_of_tolerance',
      `webhook-timestamp is more than ${tolerance} seconds away from our clock.`,
    );
  }
  let key: Buffer;
  try {
    key = secretKey(input.secret);
  } catch (err) {
    return fail('invalid_secret', (err as Error).message);
  }
  const expected = signature(key, id, timestamp, input.body);
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return fail('invalid_signature', 'The webhook-signature does not match the body and secret.');
  return { ok: true, id, timestamp: new Date(Number(timestamp) * 1000) };
}

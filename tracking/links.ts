// Signed links in messages: click and open tracking, unsubscribe and preferences. Everything the server
// needs to act on a link travels inside its token, signed with HMAC-SHA256, so the link works without a
// database lookup and cannot be altered: a click can only redirect to the URL we signed (no open redirect),
// an unsubscribe only ever affects the contact it was sent to.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CHANNELS, type Channel } from '../store/contacts';

export type LinkPayload =
  | { kind: 'click'; url: string; deliveryId: string; contactId: string }
  | { kind: 'open'; deliveryId: string; contactId: string }
  | { kind: 'unsubscribe'; contactId: string; channel: Channel; campaignId?: string }
  | { kind: 'preferences'; contactId: string };

export type LinkTokenErrorCode = 'malformed' | 'bad_signature' | 'invalid_target';

export class LinkTokenError extends Error {
  constructor(
    readonly code: LinkTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LinkTokenError';
  }
}

/**
 * 128 bits of the HMAC: plenty against forgery (RFC 2104 allows truncation to half the output) and it
 * keeps links short enough for plain-text mails and push payloads.
 */
const SIGNATURE_BYTES = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The payload as a positional array with a one-letter kind: shorter than an object with key names. */
type Packed = [string, ...(string | null)[]];

function pack(payload: LinkPayload): Packed {
  switch (payload.kind) {
    case 'click':
      return ['c', payload.url, payload.deliveryId, payload.contactId];
    case 'open':
      return ['o', payload.deliveryId, payload.contactId];
    case 'unsubscribe':
      return ['u', payload.contactId, payload.channel, payload.campaignId ?? null];
    case 'preferences':
      return ['p', payload.contactId];
  }
}

function unpack(packed: unknown): LinkPayload {
  if (!Array.isArray(packed)) throw new LinkTokenError('malformed', 'The link is not valid.');
  const [kind, ...fields] = packed as unknown[];
  const text = (i: number) => {
    const value = fields[i];
    if (typeof value !== 'string' || value === '') throw new LinkTokenError('malformed', 'The link is not valid.');
    return value;
  };
  switch (kind) {
    case 'c':
      return { kind: 'click', url: httpTarget(text(0)), deliveryId: text(1), contactId: text(2) };
    case 'o':
      return { kind: 'open', deliveryId: text(0), contactId: text(1) };
    case 'u': {
      const channel = text(1);
      if (!(CHANNELS as readonly string[]).includes(channel))
        throw new LinkTokenError('malformed', 'The link is not valid.');
      return {
        kind: 'unsubscribe',
        contactId: text(0),
        channel: channel as Channel,
        ...(fields[2] === null ? {} : { campaignId: text(2) }),
      };
    }
    case 'p':
      return { kind: 'preferences', contactId: text(0) };
    default:
      throw new LinkTokenError('malformed', 'The link is not valid.');
  }
}

/** Only http(s) targets: a signed javascript: or data: URL would still be an attack on the customer. */
function httpTarget(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LinkTokenError('invalid_target', 'A tracked link must be an absolute http(s) URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new LinkTokenError('invalid_target', 'A tracked link must be an absolute http(s) URL.');
  }
  return url;
}

export interface LinkConfig {
  /** Where customers reach the API, e.g. "https://news.nordwind.example". */
  publicUrl: string;
  secret: string;
}

export function createLinks(config: LinkConfig) {
  const base = config.publicUrl.replace(/\/+$/, '');
  const sign = (data: Buffer) => createHmac('sha256', config.secret).update(data).digest().subarray(0, SIGNATURE_BYTES);

  function token(payload: LinkPayload): string {
    const data = Buffer.from(JSON.stringify(pack(payload)), 'utf8');
    return Buffer.concat([data, sign(data)]).toString('base64url');
  }

  /** The payload of a token from any of our links, or a LinkTokenError (tampered, truncated, not ours). */
  function verify(token: string): LinkPayload {
    // The open pixel's route carries a file extension so mail clients treat it as an image.
    const bare = token.endsWith('.gif') ? token.slice(0, -'.gif'.length) : token;
    if (!TOKEN_PATTERN.test(bare)) throw new LinkTokenError('malformed', 'The link is not valid.');
    const bytes = Buffer.from(bare, 'base64url');
    if (bytes.length <= SIGNATURE_BYTES) throw new LinkTokenError('malformed', 'The link is not valid.');
    const data = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
    const signature = bytes.subarray(bytes.length - SIGNATURE_BYTES);
    if (!timingSafeEqual(signature, sign(data))) {
      throw new LinkTokenError('bad_signature', 'The link has been altered or was not issued by us.');
    }
    let packed: unknown;
    try {
      packed = JSON.parse(data.toString('utf8'));
    } catch {
      throw new LinkTokenError('malformed', 'The link is not valid.');
    }
    return unpack(packed);
  }

  return {
    click(url: string, ids: { deliveryId: string; contactId: string }): string {
      return `${base}/t/c/${token({ kind: 'click', url: httpTarget(url), ...ids })}`;
    },
    open(ids: { deliveryId: string; contactId: string }): string {
      return `${base}/t/o/${token({ kind: 'open', ...ids })}.gif`;
    },
    unsubscribe(target: { contactId: string; channel: Channel; campaignId?: string }): string {
      return `${base}/u/${token({ kind: 'unsubscribe', ...target })}`;
    },
    preferences(target: { contactId: string }): string {
      return `${base}/p/${token({ kind: 'preferences', ...target })}`;
    },
    verify,
  };
}

export type Links = ReturnType<typeof createLinks>;

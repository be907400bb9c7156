// The one interface every delivery channel implements. An adapter knows its provider's protocol and
// nothing about campaigns: it gets a rendered message and an idempotency key, and answers with the
// provider's id or a DeliveryError that says whether trying again could help.
import type { Channel } from '../../store/contacts';

export interface RenderedEmail {
  kind: 'email';
  to: string;
  from?: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

export interface RenderedPush {
  kind: 'push';
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** What the service worker shows: title, body, the link it opens, an icon. */
  payload: { title: string; body: string; url?: string; icon?: string; tag?: string };
  ttlSeconds?: number;
}

export interface RenderedSms {
  kind: 'sms';
  to: string;
  text: string;
}

export interface RenderedWebhook {
  kind: 'webhook';
  url: string;
  body: unknown;
}

export type RenderedMessage = RenderedEmail | RenderedPush | RenderedSms | RenderedWebhook;

export interface SendContext {
  /** Stable per journey step: providers that support it deduplicate on it; email uses it for Message-ID. */
  idempotencyKey: string;
}

export interface SendResult {
  providerMessageId: string;
  acceptedAt: Date;
}

export interface ChannelAdapter<M extends RenderedMessage = RenderedMessage> {
  /** Registry key, e.g. 'smtp', 'web-push', 'sms-gateway', 'webhook'. */
  readonly id: string;
  readonly channel: Channel;
  send(message: M, context: SendContext): Promise<SendResult>;
  /** Optional: checks credentials/reachability at start (for /readyz and clear start-up errors). */
  verify?(): Promise<void>;
  close?(): Promise<void>;
}

export type DeliveryErrorCode =
  | 'TRANSIENT' // try again later: SMTP 4xx, timeouts, connection refused, HTTP 5xx/429
  | 'RECIPIENT_REJECTED' // permanent for this address: SMTP 5xx on the recipient, invalid number
  | 'SUBSCRIPTION_GONE' // web push 404/410: remove the subscription
  | 'MESSAGE_REJECTED' // permanent for this message (too large, policy): do not retry, do not suppress
  | 'CONFIGURATION'; // our side is misconfigured (auth failed, bad URL): retrying will not help soon

export class DeliveryError extends Error {
  readonly permanent: boolean;
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    readonly detail: { responseCode?: number; providerCode?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: detail.cause });
    this.name = 'DeliveryError';
    this.permanent = code !== 'TRANSIENT';
  }
}

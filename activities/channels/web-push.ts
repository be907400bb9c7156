// Browser push (RFC 8030) with VAPID (RFC 8292) through the web-push package: the payload is encrypted
// for the subscription's keys (aes128gcm, RFC 8291) and posted to the browser vendor's push service.
import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import webpush from 'web-push';
import { type ChannelAdapter, DeliveryError, type RenderedPush, type SendContext, type SendResult } from './channel';

export interface VapidConfig {
  /** mailto: or https: contact for the push service operators. */
  subject: string;
  publicKey: string;
  privateKey: string;
}

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

export interface WebPushConfig {
  vapid: VapidConfig;
  /** How long the push service keeps an undelivered message; default one day. */
  ttlSeconds?: number;
  urgency?: PushUrgency;
  /** For push services with their own CA (the test endpoint); production uses the system's CAs. */
  agent?: Agent;
  timeoutMs?: number;
}

const DAY_SECONDS = 86_400;

/** Maps the push service's HTTP answer (RFC 8030 §5, §8) to what delivery should do about it. */
export function classifyPushError(err: unknown): DeliveryError {
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status !== 'number') {
    // No HTTP answer at all: DNS, refused connection, timeout, TLS.
    return new DeliveryError('TRANSIENT', 'The push service could not be reached', { cause: err });
  }
  const detail = { responseCode: status, cause: err };
  if (status === 404 || status === 410)
    return new DeliveryError('SUBSCRIPTION_GONE', `Push service answered ${status}: subscription expired`, detail);
  if (status === 429 || status >= 500)
    return new DeliveryError('TRANSIENT', `Push service answered ${status}: try again later`, detail);
  if (status === 401 || status === 403)
    return new DeliveryError('CONFIGURATION', `Push service answered ${status}: check the VAPID keys`, detail);
  return new DeliveryError('MESSAGE_REJECTED', `Push service answered ${status}: message refused`, detail);
}

export class WebPushAdapter implements ChannelAdapter<RenderedPush> {
  readonly id = 'web-push';
  readonly channel = 'push' as const;

  constructor(private readonly config: WebPushConfig) {
    if (!config.vapid.publicKey || !config.vapid.privateKey) {
      throw new DeliveryError('CONFIGURATION', 'The web push adapter needs VAPID public and private keys');
    }
  }

  async send(message: RenderedPush, context: SendContext): Promise<SendResult> {
    // A retried send replaces the first one if that is still queued, instead of showing twice.
    const topic = createHash('sha256').update(context.idempotencyKey).digest('base64url').slice(0, 32);
    try {
      const result = await webpush.sendNotification(message.subscription, JSON.stringify(message.payload), {
        vapidDetails: this.config.vapid,
        TTL: message.ttlSeconds ?? this.config.ttlSeconds ?? DAY_SECONDS,
        urgency: this.config.urgency ?? 'normal',
        topic,
        contentEncoding: 'aes128gcm',
        ...(this.config.agent ? { agent: this.config.agent } : {}),
        ...(this.config.timeoutMs ? { timeout: this.config.timeoutMs } : {}),
      });
      // Push services name the message in Location (RFC 8030 §5); the topic identifies it otherwise.
      const location = result.headers.location;
      return { providerMessageId: (Array.isArray(location) ? location[0] : location) ?? topic, acceptedAt: new Date() };
    } catch (err) {
      throw classifyPushError(err);
    }
  }
}

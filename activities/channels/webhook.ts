// Signed JSON POSTs for hand-offs to a CRM or sales tool, in the Standard Webhooks scheme so receivers
// can verify them with any of its libraries. The webhook-id comes from the idempotency key: a retry
// carries the same id and the receiver can drop the duplicate.
import { createHash } from 'node:crypto';
import { type ChannelAdapter, DeliveryError, type RenderedWebhook, type SendContext, type SendResult } from './channel';
import { signWebhook } from './webhook-signature';

export interface WebhookConfig {
  /** "whsec_<base64>" */
  secret: string;
  timeoutMs?: number;
}

export function classifyWebhookStatus(status: number): DeliveryError {
  const detail = { responseCode: status };
  // Redirects are not followed (a signed hand-off goes where the campaign says); the URL needs fixing.
  if (status >= 300 && status < 400)
    return new DeliveryError('MESSAGE_REJECTED', `Webhook receiver redirects (${status})`, detail);
  // 408 and 429 are the receiver saying "not now"; other 4xx will not change on a retry.
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new DeliveryError('MESSAGE_REJECTED', `Webhook receiver answered ${status}`, detail);
  }
  return new DeliveryError('TRANSIENT', `Webhook receiver answered ${status}: try again later`, detail);
}

export class WebhookAdapter implements ChannelAdapter<RenderedWebhook> {
  readonly id = 'webhook';
  readonly channel = 'webhook' as const;

  constructor(private readonly config: WebhookConfig) {
    if (!config.secret.startsWith('whsec_'))
      throw new DeliveryError('CONFIGURATION', 'The webhook secret must start with whsec_');
  }

  async send(message: RenderedWebhook, context: SendContext): Promise<SendResult> {
    const id = `msg_${createHash('sha256').update(context.idempotencyKey).digest('base64url').slice(0, 24)}`;
    const body = JSON.stringify(message.body);
    let response: Response;
    try {
      response = await fetch(message.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWebhook({ secret: this.config.secret, id, body }) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new DeliveryError('TRANSIENT', 'The webhook receiver could not be reached', { cause: err });
    }
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) throw classifyWebhookStatus(response.status);
    return { providerMessageId: id, acceptedAt: new Date() };
  }
}

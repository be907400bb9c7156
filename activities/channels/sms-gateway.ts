// SMS through an HTTP gateway that speaks the Twilio Messages API (Twilio itself, or a compatible
// gateway): POST {baseUrl}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded, basic auth.
import { type ChannelAdapter, DeliveryError, type RenderedSms, type SendContext, type SendResult } from './channel';

export interface SmsGatewayConfig {
  /** e.g. https://api.twilio.com */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Sender number (E.164) or alphanumeric sender id. */
  from: string;
  timeoutMs?: number;
}

/** Gateway error codes that mean "this number cannot get messages": invalid, not a mobile, opted out (STOP). */
const RECIPIENT_CODES = new Set([21211, 21614, 21610]);

export function classifySmsError(status: number, providerCode: number | undefined, cause?: unknown): DeliveryError {
  const detail = {
    responseCode: status,
    providerCode: providerCode === undefined ? undefined : String(providerCode),
    cause,
  };
  const described = `SMS gateway answered ${status}${providerCode === undefined ? '' : ` (code ${providerCode})`}`;
  if (providerCode !== undefined && RECIPIENT_CODES.has(providerCode)) {
    return new DeliveryError('RECIPIENT_REJECTED', `${described}: the number cannot receive messages`, detail);
  }
  if (status === 429 || status >= 500) return new DeliveryError('TRANSIENT', `${described}: try again later`, detail);
  if (status === 401 || status === 403)
    return new DeliveryError('CONFIGURATION', `${described}: check the account SID and token`, detail);
  return new DeliveryError('MESSAGE_REJECTED', `${described}: message refused`, detail);
}

export class SmsGatewayAdapter implements ChannelAdapter<RenderedSms> {
  readonly id = 'sms-gateway';
  readonly channel = 'sms' as const;
  private readonly accountUrl: string;
  private readonly authorization: string;

  constructor(private readonly config: SmsGatewayConfig) {
    if (!config.baseUrl || !config.accountSid || !config.authToken || !config.from) {
      throw new DeliveryError('CONFIGURATION', 'The SMS gateway needs a base URL, account SID, auth token and sender');
    }
    this.accountUrl = `${config.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}`;
    this.authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  }

  async send(message: RenderedSms, _context: SendContext): Promise<SendResult> {
    const response = await this.request(`${this.accountUrl}/Messages.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: message.to, From: this.config.from, Body: message.text }).toString(),
    });
    const answer = (await response.json().catch(() => ({}))) as { sid?: unknown; code?: unknown };
    if (!response.ok)
      throw classifySmsError(response.status, typeof answer.code === 'number' ? answer.code : undefined);
    if (typeof answer.sid !== 'string') {
      throw new DeliveryError('TRANSIENT', `SMS gateway answered ${response.status} without a message sid`);
    }
    return { providerMessageId: answer.sid, acceptedAt: new Date() };
  }

  /** Reads the account: proves the URL and the credentials before the first message. */
  async verify(): Promise<void> {
    const response = await this.request(`${this.accountUrl}.json`, { method: 'GET' });
    await response.body?.cancel();
    if (!response.ok) throw classifySmsError(response.status, undefined);
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: this.authorization,
          accept: 'application/json',
        },
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new DeliveryError('TRANSIENT', 'The SMS gateway could not be reached', { cause: err });
    }
  }
}

// Email over SMTP with nodemailer: one pooled transport per process (connections are reused across
// messages), optional DKIM signing, and a Message-ID derived from the idempotency key, so a message
// sent twice after a crash carries the same id and receiving systems can recognise the duplicate.
import { createHash } from 'node:crypto';
import nodemailer, { type NodemailerError, type Transporter } from 'nodemailer';
import { type ChannelAdapter, DeliveryError, type RenderedEmail, type SendContext, type SendResult } from './channel';

export interface DkimConfig {
  domainName: string;
  keySelector: string;
  /** PEM private key. */
  privateKey: string;
}

export interface SmtpEmailConfig {
  /** smtp:// or smtps:// URL with credentials; ignored when `transport` is given. */
  url?: string;
  /** A ready transport (tests, other nodemailer transports); the adapter then does not own its pool. */
  transport?: Transporter;
  /** Default sender, e.g. "Nordwind Outdoor <news@nordwind.example>". */
  from: string;
  dkim?: DkimConfig;
  /** Parallel SMTP connections of the pool (nodemailer's default is 5). */
  maxConnections?: number;
}

/** Connection-level failures: the message never got an answer, another attempt may well work. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROTOCOL', 'EPROXY', 'EMAXLIMIT']);
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG']);

/**
 * nodemailer's stable `code` and the server's `responseCode` decide; the text of the answer never does
 * (it differs per server and language, and it may contain the address).
 */
export function classifySmtpError(err: unknown): DeliveryError {
  const { code, responseCode } = (err ?? {}) as NodemailerError & { code?: string };
  const detail = { responseCode, providerCode: code, cause: err };
  const described = `SMTP ${responseCode ?? '-'} (${code ?? 'unknown'})`;
  if (code && CONFIGURATION_CODES.has(code))
    return new DeliveryError('CONFIGURATION', `${described}: check SMTP credentials and TLS`, detail);
  if (typeof responseCode === 'number') {
    if (responseCode >= 400 && responseCode < 500)
      return new DeliveryError('TRANSIENT', `${described}: try again later`, detail);
    if ([550, 551, 553].includes(responseCode))
      return new DeliveryError('RECIPIENT_REJECTED', `${described}: recipient refused`, detail);
    if (responseCode === 530 || responseCode === 535) {
      return new DeliveryError('CONFIGURATION', `${described}: the server wants authentication`, detail);
    }
    if (responseCode >= 500) return new DeliveryError('MESSAGE_REJECTED', `${described}: message refused`, detail);
  }
  if (code && TRANSIENT_CODES.has(code))
    return new DeliveryError('TRANSIENT', `${described}: connection problem`, detail);
  // EENVELOPE without a server answer: nodemailer found no usable recipient before talking to the server.
  if (code === 'EENVELOPE') return new DeliveryError('MESSAGE_REJECTED', `${described}: invalid envelope`, detail);
  return new DeliveryError('TRANSIENT', `${described}: unexpected failure`, detail);
}

/** `<hash@sender-domain>`: the same key always gives the same id (RFC 5322 wants it globally unique). */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim() || 'localhost';
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

export class SmtpEmailAdapter implements ChannelAdapter<RenderedEmail> {
  readonly id = 'smtp';
  readonly channel = 'email' as const;
  private readonly transport: Transporter;
  private readonly ownsTransport: boolean;

  constructor(private readonly config: SmtpEmailConfig) {
    if (config.transport) {
      this.transport = config.transport;
      this.ownsTransport = false;
    } else if (config.url) {
      this.transport = nodemailer.createTransport({
        url: config.url,
        pool: true,
        ...(config.maxConnections ? { maxConnections: config.maxConnections } : {}),
      });
      this.ownsTransport = true;
    } else {
      throw new DeliveryError('CONFIGURATION', 'The SMTP adapter needs an SMTP URL or a transport');
    }
  }

  async send(message: RenderedEmail, context: SendContext): Promise<SendResult> {
    const from = message.from ?? this.config.from;
    try {
      const info = await this.transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        messageId: messageIdFor(context.idempotencyKey, from),
        ...(this.config.dkim ? { dkim: this.config.dkim } : {}),
      });
      return { providerMessageId: info.messageId, acceptedAt: new Date() };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  async verify(): Promise<void> {
    try {
      await this.transport.verify();
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  async close(): Promise<void> {
    if (this.ownsTransport) this.transport.close();
  }
}

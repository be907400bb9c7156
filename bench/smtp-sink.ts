// The SMTP sink the benchmarks send into: a real SMTP server (smtp-server, the library under the dev
// stack's mail catcher) that accepts every message and keeps only what the figures need: recipients,
// Message-ID, subject and the moment DATA ended. The mail catcher of `npm start` also parses every
// message with mailparser and keeps it in memory; at 100,000 messages that is gigabytes and a parse per
// message charged to the product's figures, so the benchmarks count instead of parse.
import { EventEmitter, once } from 'node:events';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  to: string[];
  messageId: string;
  subject: string;
  /** performance.now() when the message's DATA ended (before the server's 250 answer). */
  at: number;
  bytes: number;
}

const HEADER_LIMIT = 16 * 1024;

function header(block: string, name: string): string {
  // Folded header lines continue with whitespace; unfold before matching.
  const unfolded = block.replace(/\r\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim() ?? '';
}

export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  /** The first message in full, so a baseline can send a message of the same shape and size. */
  sample?: string;
  private readonly events = new EventEmitter();
  private readonly server: SMTPServer;

  private constructor() {
    this.events.setMaxListeners(0);
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 25 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let head = '';
        let bytes = 0;
        const keepAll = this.sample === undefined;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keepAll) chunks.push(chunk);
          if (head.length < HEADER_LIMIT && !head.includes('\r\n\r\n')) head += chunk.toString('utf8');
        });
        stream.on('end', () => {
          const block = head.split('\r\n\r\n')[0] ?? '';
          const message: SinkMessage = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            messageId: header(block, 'Message-ID'),
            subject: header(block, 'Subject'),
            at: performance.now(),
            bytes,
          };
          if (keepAll && this.sample === undefined) this.sample = Buffer.concat(chunks).toString('utf8');
          this.messages.push(message);
          this.events.emit('message', message);
          callback();
        });
      },
    });
    this.server.on('error', () => {
      // Pools closing their connections are normal for a sink and must not end the run.
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.server.listen(0, '127.0.0.1');
    await once(sink.server.server, 'listening');
    return sink;
  }

  get url(): string {
    const address = this.server.server.address();
    if (!address || typeof address === 'string') throw new Error('the SMTP sink is not listening');
    return `smtp://127.0.0.1:${address.port}`;
  }

  /** Calls `listener` for every message from now on; returns the function that stops it. */
  onMessage(listener: (message: SinkMessage) => void): () => void {
    this.events.on('message', listener);
    return () => this.events.off('message', listener);
  }

  /**
   * Resolves once `count` messages matching `predicate` arrived after index `from`, or rejects after
   * `timeoutMs` with how many did.
   */
  async waitForCount(
    predicate: (m: SinkMessage) => boolean,
    count: number,
    options: { from?: number; timeoutMs: number; progress?: (seen: number) => void },
  ): Promise<void> {
    let seen = this.messages.slice(options.from ?? 0).filter(predicate).length;
    if (seen >= count) return;
    await new Promise<void>((resolve, reject) => {
      const ticker = setInterval(() => options.progress?.(seen), 5_000);
      const timer = setTimeout(() => {
        stop();
        clearInterval(ticker);
        reject(new Error(`only ${seen} of ${count} expected messages arrived within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      const stop = this.onMessage((m) => {
        if (!predicate(m)) return;
        seen += 1;
        if (seen < count) return;
        stop();
        clearTimeout(timer);
        clearInterval(ticker);
        resolve();
      });
    });
  }

  /** Drops what was caught and the sample (between benchmarks, so each samples its own mail). */
  clear(): void {
    this.messages.length = 0;
    this.sample = undefined;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface ExactlyOnce {
  expected: number;
  received: number;
  missing: number;
  /** Messages beyond the first with the same recipient and Message-ID (the same message sent twice). */
  duplicates: number;
  /** Messages to recipients nobody expected. */
  unexpected: number;
  ok: boolean;
}

/** Did every expected recipient get exactly one message, and nobody else any? */
export function checkExactlyOnce(messages: readonly SinkMessage[], expected: Iterable<string>): ExactlyOnce {
  const wanted = new Set([...expected].map((a) => a.toLowerCase()));
  const perRecipient = new Map<string, number>();
  const seenIds = new Set<string>();
  let duplicates = 0;
  let unexpected = 0;
  for (const m of messages) {
    for (const to of m.to) {
      if (!wanted.has(to)) {
        unexpected += 1;
        continue;
      }
      perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      const key = `${to} ${m.messageId}`;
      if (seenIds.has(key)) duplicates += 1;
      seenIds.add(key);
    }
  }
  const missing = [...wanted].filter((a) => !perRecipient.has(a)).length;
  const extra = [...perRecipient.values()].reduce((s, n) => s + (n - 1), 0);
  return {
    expected: wanted.size,
    received: [...perRecipient.values()].reduce((s, n) => s + n, 0),
    missing,
    duplicates: Math.max(duplicates, extra),
    unexpected,
    ok: missing === 0 && extra === 0 && unexpected === 0,
  };
}

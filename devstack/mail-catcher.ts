// A real SMTP server that keeps what it receives: the inbox of `npm start` (with a small web view) and
// the sink the tests read mail back from. Tests can script its answers (421, 550 …) per recipient.
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: Date;
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

/** An SMTP reply a test wants the server to give instead of accepting; `undefined` accepts. */
export interface SmtpReply {
  code: number;
  message: string;
}

export interface MailCatcherOptions {
  smtpPort: number;
  /** 0 = no web inbox. */
  httpPort?: number;
  /** Keep .eml files here so the inbox survives restarts. */
  storeDir?: string;
  /** Decides, per message, whether to answer with an error after DATA (where real servers reject most often). */
  replyAfterData?: (mail: { to: string[]; attempt: number }) => SmtpReply | undefined;
}

type Waiter = { predicate: (m: CaughtMail) => boolean; resolve: (m: CaughtMail) => void };

export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  /** Every DATA attempt, accepted or not, so tests can count retries. */
  attempts = 0;
  private waiters: Waiter[] = [];
  private smtp: SMTPServer;
  private http?: HttpServer;

  private constructor(private readonly options: MailCatcherOptions) {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 25 * 1024 * 1024,
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (err: Error & { responseCode?: number }) => callback(err),
        );
      },
    });
    this.smtp.on('error', () => {
      // Client resets and half-closed sockets are normal for a sink; they must not crash the process.
    });
  }

  static async start(options: MailCatcherOptions): Promise<MailCatcher> {
    const catcher = new MailCatcher(options);
    if (options.storeDir) catcher.load(options.storeDir);
    catcher.smtp.listen(options.smtpPort, '127.0.0.1');
    await once(catcher.smtp.server, 'listening');
    if (options.httpPort) {
      catcher.http = createServer((req, res) => catcher.serveInbox(req.url ?? '/', res));
      catcher.http.listen(options.httpPort, '127.0.0.1');
      await once(catcher.http, 'listening');
    }
    return catcher;
  }

  get smtpPort(): number {
    const address = this.smtp.server.address();
    return typeof address === 'object' && address ? address.port : this.options.smtpPort;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  to(address: string): CaughtMail[] {
    const wanted = address.toLowerCase();
    return this.messages.filter((m) => m.envelope.to.includes(wanted));
  }

  /** Resolves with the first message (already caught or arriving later) that matches. */
  waitFor(predicate: (m: CaughtMail) => boolean, timeoutMs = 15_000): Promise<CaughtMail> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching mail within ${timeoutMs} ms (caught ${this.messages.length})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  clear(): void {
    this.messages.length = 0;
    this.attempts = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
    if (this.http) {
      this.http.closeAllConnections();
      await new Promise<void>((resolve) => this.http?.close(() => resolve()));
    }
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    this.attempts += 1;
    const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const reply = this.options.replyAfterData?.({ to, attempt: this.attempts });
    if (reply) throw Object.assign(new Error(reply.message), { responseCode: reply.code });
    const raw = Buffer.concat(chunks).toString('utf8');
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const mail: CaughtMail = {
      id: `${Date.now().toString(36)}-${this.messages.length}`,
      receivedAt: new Date(),
      envelope: { from, to },
      raw,
      parsed: await simpleParser(raw),
    };
    this.keep(mail);
    if (this.options.storeDir) {
      writeFileSync(join(this.options.storeDir, `${mail.id}.eml`), `X-Omnidrip-Envelope-To: ${to.join(',')}\r\n${raw}`);
    }
  }

  private keep(mail: CaughtMail): void {
    this.messages.push(mail);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(mail)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(mail);
      }
    }
  }

  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()) {
      const stored = readFileSync(join(dir, file), 'utf8');
      const [first, ...rest] = stored.split('\r\n');
      const raw = rest.join('\r\n');
      const to = (first ?? '').replace('X-Omnidrip-Envelope-To: ', '').split(',').filter(Boolean);
      void simpleParser(raw).then((parsed) =>
        this.keep({
          id: file.replace(/\.eml$/, ''),
          receivedAt: parsed.date ?? new Date(),
          envelope: { from: parsed.from?.value[0]?.address ?? '', to },
          raw,
          parsed,
        }),
      );
    }
  }

  private serveInbox(url: string, res: import('node:http').ServerResponse): void {
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const page = (title: string, body: string) =>
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${esc(title)}</title>` +
      '<style>body{font:15px system-ui;margin:2rem;max-width:70rem}td,th{padding:.3rem .6rem;text-align:left}' +
      'tr:nth-child(even){background:#f3f3f3}iframe{width:100%;height:70vh;border:1px solid #ccc}</style>' +
      `<body>${body}</body></html>`;
    const newestFirst = [...this.messages].reverse();
    if (url === '/api/messages') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          newestFirst.map((m) => ({ id: m.id, to: m.envelope.to, subject: m.parsed.subject, date: m.receivedAt })),
        ),
      );
      return;
    }
    const match = /^\/messages\/([\w-]+)(\/html)?$/.exec(url);
    const mail = match ? this.messages.find((m) => m.id === match[1]) : undefined;
    if (match && !mail) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (mail && match?.[2]) {
      // The mail's own HTML, shown in a sandboxed frame so its scripts (if any) cannot run here.
      res.setHeader('content-security-policy', "script-src 'none'");
      res.end(typeof mail.parsed.html === 'string' ? mail.parsed.html : '<p>(no HTML part)</p>');
      return;
    }
    if (mail) {
      const shown = new Set([
        'from',
        'to',
        'subject',
        'date',
        'list-unsubscribe',
        'list-unsubscribe-post',
        'message-id',
      ]);
      const headers = mail.parsed.headerLines
        .filter((h) => shown.has(h.key))
        .map((h) => `<tr><td><code>${esc(h.line)}</code></td></tr>`)
        .join('');
      res.end(
        page(
          mail.parsed.subject ?? '(no subject)',
          `<p><a href="/">← inbox</a></p><table>${headers}</table>` +
            `<h2>HTML</h2><iframe sandbox src="/messages/${mail.id}/html" title="HTML part"></iframe>` +
            `<h2>Text</h2><pre>${esc(mail.parsed.text ?? '')}</pre>`,
        ),
      );
      return;
    }
    const rows = newestFirst
      .map(
        (m) =>
          `<tr><td>${esc(m.receivedAt.toISOString())}</td><td>${esc(m.envelope.to.join(', '))}</td>` +
          `<td><a href="/messages/${m.id}">${esc(m.parsed.subject ?? '(no subject)')}</a></td></tr>`,
      )
      .join('');
    res.end(
      page(
        'omnidrip inbox',
        `<h1>omnidrip inbox</h1><p>${this.messages.length} message(s) caught on SMTP port ${this.smtpPort}.</p>` +
          `<table><tr><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>`,
      ),
    );
  }
}

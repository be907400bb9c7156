// A local stand-in for a Twilio-style SMS gateway: the Messages endpoint with basic auth and form
// bodies, Twilio-shaped answers, every accepted or refused request kept, errors scriptable per request.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

/** An answer a test wants instead of accepting, e.g. { status: 400, body: { code: 21211, message: '…' } }. */
export type SmsReply = { status: number; body: unknown } | undefined;

export interface SmsGatewayServerOptions {
  accountSid: string;
  authToken: string;
}

export class SmsGatewayServer {
  readonly requests: SmsRequest[] = [];
  /** Messages the gateway accepted. */
  readonly messages: { sid: string; to: string; from: string; body: string }[] = [];
  respond: (request: SmsRequest) => SmsReply = () => undefined;
  private server: Server;

  private constructor(private readonly options: SmsGatewayServerOptions) {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request: SmsRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      };
      this.requests.push(request);
      const { status, body } = this.answer(request);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  }

  static async start(options: SmsGatewayServerOptions): Promise<SmsGatewayServer> {
    const gateway = new SmsGatewayServer(options);
    gateway.server.listen(0, '127.0.0.1');
    await once(gateway.server, 'listening');
    return gateway;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: SmsRequest): { status: number; body: unknown } {
    const account = `/2010-04-01/Accounts/${this.options.accountSid}`;
    const expected = `Basic ${Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } };
    }
    if (request.method === 'GET' && request.path === `${account}.json`) {
      return { status: 200, body: { sid: this.options.accountSid, status: 'active' } };
    }
    if (request.method !== 'POST' || request.path !== `${account}/Messages.json`) {
      return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
    }
    const scripted = this.respond(request);
    if (scripted) return scripted;
    const { To: to, From: from, Body: body } = request.form;
    if (!to || !from || !body)
      return { status: 400, body: { code: 21604, message: "A 'To', 'From' and 'Body' are required", status: 400 } };
    const sid = `SM${(this.messages.length + 1).toString(16).padStart(32, '0')}`;
    this.messages.push({ sid, to, from, body });
    return { status: 201, body: { sid, status: 'queued', to, from, body, account_sid: this.options.accountSid } };
  }
}

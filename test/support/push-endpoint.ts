// A push service on localhost, the part of a browser vendor that receives web push messages: HTTPS
// with a self-signed certificate made for the test run, VAPID checked as real services do, every
// request kept. `createBrowserSubscription` is the browser side: a P-256 key pair and an auth secret,
// and the decryption a browser does before showing the notification.
import { execFileSync } from 'node:child_process';
import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ece from 'http_ece';

export interface PushRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The answer a test wants for a request instead of 201 Created; `undefined` accepts. */
export type PushReply = { status: number; body?: string } | undefined;

export interface PushEndpoint {
  origin: string;
  /** An agent that trusts this endpoint's certificate, for the adapter's `agent` option. */
  agent: Agent;
  requests: PushRequest[];
  respond: (request: PushRequest) => PushReply;
  close(): Promise<void>;
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'omnidrip-push-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** RFC 8292: "vapid t=<JWT signed ES256>, k=<public key>"; the JWT's audience is the push service's origin. */
function vapidProblem(authorization: string | undefined, origin: string): string | undefined {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!match) return 'missing or malformed VAPID authorization';
  const [header, payload, signature] = match[1]!.split('.') as [string, string, string];
  const point = Buffer.from(match[2]!, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return 'k is not an uncompressed P-256 point';
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')))
    return 'bad JWT signature';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    aud?: string;
    exp?: number;
    sub?: string;
  };
  if (claims.aud !== origin) return `JWT audience ${claims.aud} is not ${origin}`;
  if (!claims.exp || claims.exp * 1000 < Date.now()) return 'JWT expired';
  if (!claims.sub) return 'JWT has no subject';
  return undefined;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const { key, cert } = selfSignedCertificate();
  const requests: PushRequest[] = [];
  let origin = '';
  const endpoint: PushEndpoint = {
    origin: '',
    agent: new Agent({ ca: cert }),
    requests,
    respond: () => undefined,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      endpoint.agent.destroy();
    },
  };
  const server: Server = createServer({ key, cert }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: PushRequest = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
    requests.push(request);
    const problem = vapidProblem(req.headers.authorization, origin);
    const reply = problem ? { status: 401, body: problem } : endpoint.respond(request);
    if (reply) {
      res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body ?? '');
      return;
    }
    res.writeHead(201, { location: `${origin}/messages/${requests.length}` }).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint.origin = origin;
  return endpoint;
}

/** What a browser creates on `pushManager.subscribe()`, and how it reads what arrives. */
export function createBrowserSubscription(endpointUrl: string) {
  const keys = createECDH('prime256v1');
  keys.generateKeys();
  const auth = randomBytes(16);
  return {
    subscription: {
      endpoint: endpointUrl,
      keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    },
    /** The notification JSON the service worker gets, decrypted from the request body (aes128gcm). */
    decrypt(body: Buffer): unknown {
      return JSON.parse(
        ece.decrypt(body, { version: 'aes128gcm', privateKey: keys, authSecret: auth }).toString('utf8'),
      );
    },
  };
}

// The real HTTP API on a free port, in this process, over an engine harness's services; plus a client
// that signs events like the website would (Standard Webhooks).

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '../../activities/channels/webhook-signature';
import type { Config } from '../../config/env';
import { createLogger, type Logger } from '../../config/logger';
import { TemplateLibrary } from '../../engine/template-library';
import { buildApi } from '../../server/build-api';
import type { EngineHarness } from './engine-harness';

export const ADMIN_KEY = 'od_dev_admin_key_change_me';
export const WEBSITE_SECRET = 'whsec_ZGV2LW9ubHktd2Vic2l0ZS1zZWNyZXQ=';

export interface ApiServer {
  url: string;
  specs: { method: string; path: string; operationId: string }[];
  /** An authenticated API call with the admin key. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** A signed event post as the "website" source would send it. */
  sendSigned(
    path: string,
    body: unknown,
    options?: { secret?: string; timestamp?: Date; rawBody?: string; id?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startApiServer(
  h: EngineHarness,
  options: { logger?: Logger; config?: Partial<Config> } = {},
): Promise<ApiServer> {
  const library = await TemplateLibrary.open(h.store);
  const { app, api } = buildApi({
    config: { ...h.config, ...options.config },
    logger: options.logger ?? createLogger({ level: 'silent', name: 'api' }),
    store: h.store,
    temporal: h.client,
    library,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;
  return {
    url,
    specs: api.specs,
    call(method, path, body, headers = {}) {
      return fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    sendSigned(path, body, options = {}) {
      const raw = options.rawBody ?? JSON.stringify(body);
      n += 1;
      const signed = signWebhook({
        secret: options.secret ?? WEBSITE_SECRET,
        id: options.id ?? `msg_${Date.now()}_${n}`,
        body: raw,
        timestamp: options.timestamp,
      });
      return fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'omnidrip-source': 'website', ...signed },
        body: raw,
      });
    },
    async close() {
      library.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// The Express application: middleware in the order a request meets it, then the routes, then the one
// error handler. Routes stay thin: parse with zod, call one service, answer.
import type { Client } from '@temporalio/client';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config/env';
import type { Logger } from '../config/logger';
import type { Store } from '../store/store';
import { errorHandler, notFoundHandler } from './error-handler';
import { healthRoutes } from './health';
import { problems } from './http-problem';
import type { ApiMetrics } from './metrics';
import { requestId } from './request-id';

export interface AppDeps {
  config: Config;
  logger: Logger;
  store: Store;
  temporal: Client;
  /** Feature routers mounted after health checks, before the 404 handler. */
  routers?: Router[];
  metrics?: ApiMetrics;
  bodyLimit?: string;
}

/** /v1 writes take JSON only; forms are accepted only where RFC 8058 one-click unsubscribe posts them. */
const requireJson: express.RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && req.path.startsWith('/v1/') && !req.is('application/json')) {
    next(problems.unsupportedMediaType());
    return;
  }
  next();
};

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestId);
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req) => (req as express.Request).id,
      // Query strings can carry tokens (tracking links): log the path only.
      serializers: { req: (req) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }) },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(helmet());
  if (deps.metrics) app.use(deps.metrics.timing);
  app.use(healthRoutes({ store: deps.store, temporal: deps.temporal }));
  app.use(requireJson);
  app.use(
    express.json({
      limit: deps.bodyLimit ?? '1mb',
      // Signatures are computed over the exact bytes received, so keep them.
      verify: (req, _res, buf) => {
        (req as express.Request).rawBody = buf;
      },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  for (const router of deps.routers ?? []) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

// The API's composition: every route module registered on one ApiRoutes (so the OpenAPI document is
// complete by construction), access checks, rate limits, and the Express app around them.
import type { Client } from '@temporalio/client';
import type { Config } from '../config/env';
import type { Logger } from '../config/logger';
import { LiveCampaigns } from '../engine/live-campaigns';
import type { TemplateLibrary } from '../engine/template-library';
import type { Store } from '../store/store';
import { createTemplateCatalog } from '../templates/catalog';
import { createLinks } from '../tracking/links';
import { createAccessCheck } from './access';
import { ApiRoutes } from './api-route';
import { createApp } from './app';
import { createApiMetrics } from './metrics';
import { buildOpenApi } from './openapi';
import { createRateLimit } from './rate-limit';
import { apiKeyRoutes } from './routes/api-keys';
import { campaignRoutes } from './routes/campaigns';
import { contactRoutes } from './routes/contacts';
import { customerLinkRoutes } from './routes/customer-links';
import { dashboardRoutes } from './routes/dashboard';
import { docsRoutes } from './routes/docs';
import { eventRoutes } from './routes/events';
import { exampleRoutes } from './routes/examples';
import { statsRoutes } from './routes/stats';
import { templateRoutes } from './routes/templates';

export interface ApiDeps {
  config: Config;
  logger: Logger;
  store: Store;
  temporal: Client;
  library: TemplateLibrary;
  now?: () => Date;
}

export function buildApi(deps: ApiDeps) {
  const { config, store, temporal } = deps;
  const live = new LiveCampaigns(store);
  const catalog = createTemplateCatalog(deps.library.renderer);
  const links = createLinks({ publicUrl: config.PUBLIC_URL, secret: config.LINK_SECRET });
  const engine = {
    store,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    live,
    catalog,
    refreshCatalog: () => deps.library.sync(),
  };
  const metrics = createApiMetrics();
  const api = new ApiRoutes();
  campaignRoutes(api, { ...engine, library: deps.library, links });
  statsRoutes(api, engine);
  eventRoutes(api, { ...engine, links }, metrics);
  contactRoutes(api, engine);
  customerLinkRoutes(api, { ...engine, links });
  templateRoutes(api, { store, library: deps.library, links });
  exampleRoutes(api);
  apiKeyRoutes(api, { store });

  const access = createAccessCheck({
    store,
    adminApiKey: config.ADMIN_API_KEY,
    eventSources: config.EVENT_SOURCES,
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
    now: deps.now,
  });
  let document: unknown;
  const openapi = () => {
    document ??= buildOpenApi(api.specs, { version: '0.1.0', serverUrl: config.PUBLIC_URL });
    return document;
  };
  const app = createApp({
    ...deps,
    metrics,
    // The dashboard goes last: its index.html answers client-side routes that nothing else claimed.
    routers: [
      docsRoutes(openapi),
      metrics.router,
      api.router(access, createRateLimit(config.RATE_LIMIT_PER_MINUTE)),
      dashboardRoutes(),
    ],
  });
  return { app, api, openapi, live };
}

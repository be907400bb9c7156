// Prometheus metrics of the API process at /metrics. The worker's delivery metrics come from its own
// registry (worker/metrics.ts) on WORKER_METRICS_PORT.
import type { RequestHandler, Router } from 'express';
import { Router as createRouter } from 'express';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: 'omnidrip_http_request_duration_seconds',
    help: 'API request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const events = new Counter({
    name: 'omnidrip_events_accepted_total',
    help: 'Events stored and routed, by name and whether they were duplicates',
    labelNames: ['duplicate'],
    registers: [registry],
  });
  const journeys = new Counter({
    name: 'omnidrip_journeys_entered_total',
    help: 'Journeys started by events',
    registers: [registry],
  });

  const timing: RequestHandler = (req, res, next) => {
    const stop = http.startTimer({ method: req.method });
    res.on('finish', () => {
      // The matched route pattern, not the URL: ids and tokens must not become label values.
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      stop({ route, status: String(res.statusCode) });
    });
    next();
  };
  const router: Router = createRouter();
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return { registry, timing, router, events, journeys };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

// Prometheus metrics of a worker process: deliveries by channel and outcome, and how long the whole
// delivery path (checks, render, record, provider) takes. Served on WORKER_METRICS_PORT when set.
import { createServer, type Server } from 'node:http';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { DeliverInput, DeliverOutcome } from '../activities/deliver';

export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: 'omnidrip_deliveries_total',
    help: 'Deliveries by channel and outcome (accepted, deferred, skipped, suppressed, failed, retry)',
    labelNames: ['channel', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'omnidrip_delivery_duration_seconds',
    help: 'Time of one delivery attempt through the whole path',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  /** Wraps the deliver activity; a thrown (retryable) failure counts as "retry" on the first channel. */
  const instrument = (deliver: (input: DeliverInput) => Promise<DeliverOutcome>) => async (input: DeliverInput) => {
    const stop = duration.startTimer();
    try {
      const outcome = await deliver(input);
      const channel = outcome.status === 'accepted' ? outcome.channel : (input.channels[0] ?? 'none');
      deliveries.inc({ channel, status: outcome.status });
      return outcome;
    } catch (err) {
      deliveries.inc({ channel: input.channels[0] ?? 'none', status: 'retry' });
      throw err;
    } finally {
      stop();
    }
  };

  const serve = (port: number, host = '127.0.0.1'): Promise<Server> =>
    new Promise((resolve) => {
      const server = createServer(async (req, res) => {
        if (req.url !== '/metrics') {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('content-type', registry.contentType);
        res.end(await registry.metrics());
      });
      server.listen(port, host, () => resolve(server));
    });

  return { registry, instrument, serve };
}

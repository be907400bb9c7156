// Liveness says the process serves HTTP; readiness says it can do its job, i.e. Temporal and MongoDB
// answer, so a load balancer only sends traffic once both are reachable.
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { pingStore, type Store } from '../store/store';

const CHECK_TIMEOUT_MS = 2_000;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: { store: Store; temporal: Client }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([
      within(CHECK_TIMEOUT_MS, deps.temporal.workflowService.getSystemInfo({})),
      within(CHECK_TIMEOUT_MS, pingStore(deps.store)),
    ]);
    const [temporal, mongodb] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : `unavailable: ${c.reason}`));
    const ready = temporal === 'ok' && mongodb === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: { temporal, mongodb } });
  });
  return router;
}

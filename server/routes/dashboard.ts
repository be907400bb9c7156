// The web dashboard at `/`: the files `npm run build` writes to dashboard/dist, and index.html for the
// dashboard's own client-side routes (/campaigns/abandoned-cart/results …) so they survive a reload.
// The files are public; every piece of data comes from /v1 with the marketer's API key.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

const DEFAULT_DIST = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/** Paths that belong to the API, its documents, probes and the customers' link routes, never to the dashboard. */
const NOT_DASHBOARD = /^\/(?:v1|t|u|p)(?:\/|$)|^\/(?:openapi\.json|docs|metrics|healthz|readyz)\/?$/;
/** A path with a file extension asks for a file; a missing one is a 404, not the app shell. */
const FILE_LIKE = /\.[a-z0-9]+$/i;

const NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
  '<title>omnidrip dashboard not built</title><body style="font:16px/1.5 system-ui;max-width:40rem;margin:3rem auto;padding:0 1rem">' +
  '<h1>The dashboard is not built yet</h1><p>Run <code>npm run build</code> in the omnidrip directory, then reload this page.</p>' +
  '<p>The API works without it: see <a href="/docs">/docs</a>.</p></body></html>';

export function dashboardRoutes(options: { distDir?: string } = {}): Router {
  const dist = options.distDir ?? DEFAULT_DIST;
  const index = join(dist, 'index.html');
  const router = express.Router();

  router.use((req, _res, next) => next(NOT_DASHBOARD.test(req.path) ? 'router' : undefined));
  // Vite puts a content hash in every asset name, so a name never changes meaning: cache for good.
  router.use('/assets', express.static(join(dist, 'assets'), { index: false, immutable: true, maxAge: '1y' }));
  router.use(express.static(dist, { index: false }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || FILE_LIKE.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    // Checked per request, so running the build makes the dashboard appear without a restart.
    if (!existsSync(index)) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

// GET /openapi.json and a readable /docs page rendered from the same document (served from here:
// no CDN, so it works on machines without internet).
import type { Router } from 'express';
import { Router as createRouter } from 'express';

type OpenApi = {
  info: { title: string; version: string; description: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary: string;
        description?: string;
        tags: string[];
        security: Record<string, string[]>[];
        requestBody?: unknown;
        parameters: { name: string; in: string; required: boolean }[];
        responses: Record<string, { description: string }>;
      }
    >
  >;
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function renderDocs(doc: OpenApi): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const access =
        op.security
          .map((s) =>
            Object.entries(s)
              .map(([k, v]) => (v.length ? `${k}: ${v.join(',')}` : k))
              .join(' '),
          )
          .join(' or ') || 'public';
      const params = op.parameters
        .map((p) => `<code>${esc(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`)
        .join(', ');
      const responses = Object.entries(op.responses)
        .map(([code, r]) => `<b>${code}</b> ${esc(r.description)}`)
        .join(' · ');
      const body = op.requestBody
        ? `<details><summary>request body schema</summary><pre>${esc(JSON.stringify(op.requestBody, null, 2))}</pre></details>`
        : '';
      const html =
        `<section id="${esc(method + path)}"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>` +
        `<p>${esc(op.summary)}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}` +
        `<p class="meta">access: ${esc(access)}${params ? ` · parameters: ${params}` : ''}</p><p class="meta">${responses}</p>${body}</section>`;
      const tag = op.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag.entries()].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join('')}`).join('');
  return (
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(doc.info.title)}</title><style>body{font:15px/1.5 system-ui;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}` +
    `section{border-top:1px solid #ddd;padding:.5rem 0}.m{font:bold 12px monospace;padding:2px 6px;border-radius:3px;color:#fff;background:#555}` +
    `.get{background:#1d6fb8}.post{background:#237a3b}.put{background:#8a5a00}.delete{background:#a12622}.meta{color:#444;font-size:13px}` +
    `pre{background:#f5f5f5;padding:.5rem;overflow:auto;font-size:12px}</style>` +
    `<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>` +
    `<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${sections}</html>`
  );
}

export function docsRoutes(document: () => unknown): Router {
  const router = createRouter();
  router.get('/openapi.json', (_req, res) => {
    res.json(document());
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(renderDocs(document() as OpenApi));
  });
  return router;
}

// /v1/templates: list, read, upload (checked before it is stored) and preview templates.
import { z } from 'zod';
import { previewTemplate } from '../../engine/preview-service';
import type { TemplateLibrary } from '../../engine/template-library';
import type { Store } from '../../store/store';
import { filesFromList } from '../../store/templates';
import type { Links } from '../../tracking/links';
import type { ApiRoutes } from '../api-route';
import { HttpProblem, problems } from '../http-problem';

const templateId = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a template id like "cart-reminder"'),
});
const channel = z.enum(['email', 'push', 'sms', 'webhook']);

export const previewInput = z
  .strictObject({
    channel,
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .optional(),
    contactId: z
      .string()
      .regex(/^[a-f0-9]{24}$/)
      .optional()
      .meta({ description: 'Render for this contact; default: a sample contact' }),
    sampleContact: z.record(z.string(), z.unknown()).optional(),
    event: z.strictObject({ name: z.string(), properties: z.record(z.string(), z.unknown()) }).optional(),
    waited: z.strictObject({ name: z.string(), properties: z.record(z.string(), z.unknown()) }).optional(),
    files: z
      .record(z.string().max(128), z.string().max(200_000))
      .optional()
      .meta({ description: 'Unsaved edits to preview instead of the stored template; nothing is saved' }),
  })
  .meta({ id: 'PreviewRequest' });

/** Template errors are the marketer's to fix: a 422 naming the file and the problem. */
export function templateProblem(err: unknown): never {
  const e = err as { name?: string; code?: string; message?: string; file?: string };
  if (e?.name === 'TemplateError') {
    if (e.code === 'template_not_found') throw problems.notFound(e.message ?? 'the template');
    throw new HttpProblem(422, 'template-error', 'Template error', e.message, { code: e.code });
  }
  throw err;
}

export function templateRoutes(api: ApiRoutes, deps: { store: Store; library: TemplateLibrary; links: Links }) {
  const { library } = deps;
  api
    .add({
      method: 'get',
      path: '/v1/templates',
      operationId: 'listTemplates',
      summary: 'List templates with the channels and locales each can render',
      tag: 'Templates',
      access: { kind: 'apiKey', scope: 'read' },
      responses: { 200: { description: 'All templates' } },
      handler: async () => {
        await library.sync();
        return { status: 200, body: { templates: library.renderer.list() } };
      },
    })
    .add({
      method: 'get',
      path: '/v1/templates/:id',
      operationId: 'getTemplate',
      summary: "A template's files (uploaded ones) or summary (shipped ones) and the variables it reads",
      tag: 'Templates',
      access: { kind: 'apiKey', scope: 'read' },
      params: templateId,
      responses: { 200: { description: 'The template' }, 404: { description: 'No such template' } },
      handler: async ({ params }) => {
        await library.sync();
        const summary = library.renderer.list().find((t) => t.id === params.id);
        if (!summary) throw problems.notFound(`template ${params.id}`);
        const uploaded = await deps.store.templates.findById(params.id).lean();
        const files = uploaded ? filesFromList(uploaded.files) : library.shippedFiles(params.id);
        const variables = Object.fromEntries(
          Object.keys(summary.locales).map((c) => [
            c,
            library.renderer.variables(params.id, c as z.infer<typeof channel>),
          ]),
        );
        return { status: 200, body: { ...summary, files, variables, uploaded: Boolean(uploaded) } };
      },
    })
    .add({
      method: 'put',
      path: '/v1/templates/:id',
      operationId: 'uploadTemplate',
      summary: 'Upload or replace a template: files named <channel>.<locale>.<part>.hbs plus meta.json',
      description:
        'Checked before it is stored: handlebars syntax, unknown helpers and partials, and that each channel in ' +
        'meta.json has the default locale. Workers pick it up within seconds.',
      tag: 'Templates',
      access: { kind: 'apiKey', scope: 'write' },
      params: templateId,
      body: z
        .strictObject({ files: z.record(z.string().max(128), z.string().max(200_000)) })
        .meta({ id: 'TemplateUpload' }),
      responses: { 200: { description: 'Stored' } },
      handler: async ({ params, body }) => {
        const revision = await library.upload(params.id, body.files).catch(templateProblem);
        return { status: 200, body: { id: params.id, revision } };
      },
    })
    .add({
      method: 'post',
      path: '/v1/templates/:id/preview',
      operationId: 'previewTemplate',
      summary: 'Render a template for a contact or sample data, without sending',
      tag: 'Templates',
      access: { kind: 'apiKey', scope: 'read' },
      params: templateId,
      body: previewInput,
      responses: { 200: { description: 'The rendered parts (email: subject, html, text; push: title, body, url; …)' } },
      handler: async ({ params, body }) => {
        await library.sync();
        const rendered = await previewTemplate(
          { store: deps.store, renderer: library.renderer, links: deps.links },
          { template: params.id, ...body, sampleContact: body.sampleContact as never },
        ).catch(templateProblem);
        return { status: 200, body: rendered };
      },
    });
}

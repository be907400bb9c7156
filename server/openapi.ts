// The OpenAPI 3.1 document, built from the registered routes' zod schemas (OpenAPI 3.1 speaks JSON
// Schema 2020-12, which z.toJSONSchema emits). Named schemas (zod `.meta({ id })`) become components.
import { z } from 'zod';
import type { RouteSpec } from './api-route';

type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          pointer: { type: 'string', description: 'JSON Pointer to the bad field (or #query/… / #params/…).' },
          code: { type: 'string' },
          detail: { type: 'string' },
        },
        required: ['pointer', 'code', 'detail'],
      },
    },
  },
  required: ['type', 'title', 'status'],
};

export function createSchemaConverter() {
  const components: Record<string, JsonSchema> = { Problem: problemSchema };
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const { $defs, $schema: _ignored, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
    // Refs to $defs must point at components once the definitions move there, inside definitions too.
    const relink = <T>(value: T): T =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
    for (const [name, def] of Object.entries($defs ?? {})) components[name] = relink(def);
    return relink(rest);
  };
  return { convert, components };
}

function openapiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', convert: (s: z.ZodType) => JsonSchema) {
  if (!schema) return [];
  const json = convert(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

export function buildOpenApi(specs: RouteSpec[], info: { version: string; serverUrl: string }) {
  const { convert, components } = createSchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const problemResponse = {
      description: 'Problem details',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = r.schema
        ? {
            description: r.description,
            content: { [r.contentType ?? 'application/json']: { schema: convert(r.schema, 'output') } },
          }
        : r.contentType
          ? { description: r.description, content: { [r.contentType]: {} } }
          : { description: r.description };
    }
    if (spec.body || spec.query || spec.params) responses['422'] ??= problemResponse;
    if (spec.access.kind !== 'public') responses['401'] ??= problemResponse;
    responses.default ??= problemResponse;
    const security =
      spec.access.kind === 'apiKey'
        ? [{ apiKey: [spec.access.scope] }]
        : spec.access.kind === 'signedWebhook'
          ? [{ webhookSignature: [] }]
          : [];
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      parameters: [
        ...parameters(spec.params, 'path', (s) => convert(s, 'input')),
        ...parameters(spec.query, 'query', (s) => convert(s, 'input')),
      ],
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: convert(spec.bodyDoc ?? spec.body, 'input') } },
            },
          }
        : {}),
      responses,
      security,
    };
    const path = openapiPath(spec.path);
    paths[path] ??= {};
    paths[path][spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'omnidrip API',
      version: info.version,
      description:
        'Define, validate, preview, launch and measure campaigns; send events from the website, shop and store; ' +
        'manage the one customer profile. Errors are RFC 9457 problem+json with JSON pointers.',
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An omnidrip API key (Authorization: Bearer od_…). Scopes: read, write, launch, admin.',
        },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description:
            'Standard Webhooks signature: headers webhook-id, webhook-timestamp and webhook-signature ' +
            '(v1,base64 HMAC-SHA256 of "id.timestamp.body" with the source secret), plus omnidrip-source naming the source.',
        },
      },
    },
  };
}

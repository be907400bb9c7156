// One declaration per route drives three things: Express routing, zod validation of params, query and
// body (with JSON-pointer problems), and the OpenAPI 3.1 document. A route cannot exist undocumented.
import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import { type InvalidParam, problems } from './http-problem';

export type Scope = 'read' | 'write' | 'launch' | 'admin';
export type Access = { kind: 'apiKey'; scope: Scope } | { kind: 'signedWebhook' } | { kind: 'public' };

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. /v1/campaigns/:id */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** What the OpenAPI document shows for the body when `body` only checks the shape and a service validates the rest. */
  bodyDoc?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** Returns a Reply, or handles `res` itself and returns undefined (redirects, pixels, HTML pages). */
  handler: (ctx: RouteContext<P, Q, B>) => Promise<Reply | undefined>;
}

/** A zod issue path as an RFC 6901 JSON Pointer. */
export function toPointer(path: PropertyKey[]): string {
  return path.length === 0 ? '' : `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

type Issue = z.core.$ZodIssue;

/**
 * A union that fails reports one issue at its own path; the useful answer is the issues of the option the
 * input came closest to (fewest problems), at their full paths.
 */
function flatten(
  issues: readonly Issue[],
  base: PropertyKey[] = [],
): { path: PropertyKey[]; code: string; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      if (closest.length > 0) return flatten(closest, path);
    }
    return [{ path, code: issue.code, message: issue.message }];
  });
}

export function zodProblems(error: z.ZodError, prefix = ''): InvalidParam[] {
  return flatten(error.issues).map((issue) => ({
    pointer: prefix + toPointer(issue.path),
    code: issue.code,
    detail: issue.message,
  }));
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const prefix = where === 'body' ? '' : `#${where}`;
  const detail = where === 'body' ? 'The body does not match the schema.' : `The ${where} does not match the schema.`;
  throw problems.validation(zodProblems(result.error, prefix), detail);
}

export type AccessCheck = (req: Request, access: Access) => Promise<void>;

export class ApiRoutes {
  readonly specs: RouteSpec[] = [];

  add<P, Q, B>(spec: RouteSpec<P, Q, B>): this {
    this.specs.push(spec as unknown as RouteSpec);
    return this;
  }

  router(checkAccess: AccessCheck, limit: (req: Request) => void = () => {}): Router {
    const router = Router();
    for (const spec of this.specs) {
      router[spec.method](spec.path, async (req, res, next) => {
        try {
          await checkAccess(req, spec.access);
          limit(req);
          const ctx = {
            params: parsePart(spec.params, req.params, 'params'),
            query: parsePart(spec.query, req.query, 'query'),
            body: parsePart(spec.body, req.body, 'body'),
            req,
            res,
          };
          const reply = await spec.handler(ctx);
          if (!reply || res.headersSent) return;
          for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
          if (reply.body === undefined) res.status(reply.status).end();
          else res.status(reply.status).json(reply.body);
        } catch (err) {
          next(err);
        }
      });
    }
    return router;
  }
}

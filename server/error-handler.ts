// Turns anything thrown in a route into problem+json. Unknown errors become a 500 without details
// (logged with the request id); body-parser's errors get their own clear problems.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../config/logger';
import { HttpProblem, problems } from './http-problem';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  body?: unknown;
}

interface DomainError extends Error {
  code?: string;
  problems?: { path: string; code: string; message: string }[];
}

/** Domain errors carry a stable code; this table is the one place that decides their HTTP meaning. */
function fromDomain(err: DomainError): HttpProblem | undefined {
  switch (err.code) {
    case 'CAMPAIGN_NOT_FOUND':
    case 'CONTACT_NOT_FOUND':
    case 'TEMPLATE_NOT_FOUND':
      return new HttpProblem(404, 'not-found', 'Not found', err.message);
    case 'CAMPAIGN_INVALID':
      return problems.validation(
        (err.problems ?? []).map((p) => ({ pointer: p.path, code: p.code, detail: p.message })),
        err.message,
      );
    case 'CAMPAIGN_STATE':
      return new HttpProblem(409, 'campaign-state', 'Not possible in this state', err.message);
    case 'CAMPAIGN_EXISTS':
    case 'CONFLICT':
      return problems.conflict(err.message);
    default:
      return undefined;
  }
}

/**
 * Temporal or MongoDB out of reach: the request is fine and worth retrying (stored events are routed again
 * on retry, nothing accepted is lost), so 503 with Retry-After rather than a 500.
 */
const UNAVAILABLE = new Set([
  'ServiceError', // @temporalio/client: the server did not answer
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
]);

function toProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  const domain = fromDomain(err as DomainError);
  if (domain) return domain;
  if (UNAVAILABLE.has((err as Error)?.name)) {
    return problems.unavailable('A backing service is not reachable right now; retry the request.');
  }
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return problems.malformedJson(`The body is not valid JSON: ${e.message.replace(/^.*?:\s*/, '')}`);
    case 'entity.too.large':
      return problems.tooLarge('The body is larger than this endpoint accepts.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problems.unsupportedMediaType();
    default:
      return undefined;
  }
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toProblem(err);
    const problem = known ?? new HttpProblem(500, 'internal', 'Internal error', 'Something went wrong on our side.');
    if (!known || problem.status >= 500) logger.error({ err, reqId: req.id }, 'request failed');
    if (problem.status === 503) res.setHeader('retry-after', '5');
    if (typeof problem.extra.retryAfter === 'number') res.setHeader('retry-after', String(problem.extra.retryAfter));
    res.status(problem.status).type('application/problem+json').json(problem.toJSON(req.originalUrl));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(problems.notFound(`${req.method} ${req.path}`));
};

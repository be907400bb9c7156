// RFC 9457 problem details: the one error shape of the API. Routes throw HttpProblem; the error
// middleware (server/error-handler.ts) is the only place that writes error responses.

export interface InvalidParam {
  /** JSON Pointer into the request body (or "query"/"header" name for those). */
  pointer: string;
  code: string;
  detail: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { errors?: InvalidParam[]; [key: string]: unknown } = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  toJSON(instance?: string) {
    return {
      type: `https://omnidrip.dev/problems/${this.type}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export const problems = {
  validation: (errors: InvalidParam[], detail = 'The request does not match the schema.') =>
    new HttpProblem(422, 'validation-error', 'Invalid request', detail, { errors }),
  malformedJson: (detail: string) => new HttpProblem(400, 'malformed-json', 'Malformed JSON', detail),
  unauthorized: (detail: string) => new HttpProblem(401, 'unauthorized', 'Unauthorized', detail),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  notFound: (what: string) => new HttpProblem(404, 'not-found', 'Not found', `${what} does not exist.`),
  conflict: (detail: string) => new HttpProblem(409, 'conflict', 'Conflict', detail),
  tooLarge: (detail: string) => new HttpProblem(413, 'payload-too-large', 'Payload too large', detail),
  unsupportedMediaType: () =>
    new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'Send application/json.'),
  rateLimited: (retryAfterSec: number) =>
    new HttpProblem(429, 'rate-limited', 'Too many requests', `Try again in ${retryAfterSec} s.`, {
      retryAfter: retryAfterSec,
    }),
  unavailable: (detail: string) => new HttpProblem(503, 'unavailable', 'Service unavailable', detail),
};

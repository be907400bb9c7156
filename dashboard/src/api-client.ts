// The dashboard's only way to the server: the public /v1 API with the signed-in key. Errors arrive as
// RFC 9457 problem+json and are thrown as ApiError, so screens can tell "not found" from "invalid".
import { session } from './session';

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { pointer: string; code: string; detail: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
  ) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}`);
    this.name = 'ApiError';
  }
}

/** Fired when the key is refused, so the shell can send the marketer back to sign in. */
export const SIGNED_OUT_EVENT = 'omnidrip:signed-out';

/** `trialKey` tries a key before it is kept; its refusal does not sign anyone out. */
async function request<T>(method: string, path: string, body?: unknown, trialKey?: string): Promise<T> {
  const key = trialKey ?? session.key();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = { detail: text.slice(0, 200) };
  }
  if (!response.ok) {
    if (response.status === 401 && trialKey === undefined) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    throw new ApiError(response.status, (json ?? {}) as ProblemDetails);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /** Checks a key before it is kept: any read the key may do answers 2xx. */
  checkKey: (key: string) => request<unknown>('GET', '/v1/campaigns', undefined, key),
};

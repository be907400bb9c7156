// What a screen shows when loading it failed: the server's own words, and a way on.
import { ApiError } from '../api-client';
import { h } from '../dom';
import { type Mounted, RouteNotFoundError } from '../router';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const details = (error.problem.errors ?? []).map((e) => `${e.pointer || '(body)'}: ${e.detail}`);
    return [error.message, ...details].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}

export function errorView(error: unknown): Mounted {
  const notFound = error instanceof RouteNotFoundError || (error instanceof ApiError && error.status === 404);
  const title = notFound ? 'Not found' : 'Something went wrong';
  return {
    title,
    element: h(
      'section',
      { class: 'screen' },
      h('h1', null, title),
      h('p', { class: 'error-text' }, errorMessage(error)),
      h('p', null, h('a', { href: '/campaigns' }, 'Back to campaigns')),
    ),
  };
}

// Sign in with an API key. The key is tried against the API before it is kept for this tab.
import { ApiError, api } from '../api-client';
import { h } from '../dom';
import type { Screen } from '../router';
import { session } from '../session';

function refusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'The server does not know this key, or it was revoked.';
  if (error instanceof ApiError && error.status === 403)
    return 'This key may not read campaigns; use a key with the "read" scope.';
  return `Could not reach the API: ${error instanceof Error ? error.message : String(error)}`;
}

/** Only paths of this dashboard: a crafted ?next= must not send the key's holder elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/campaigns';
}

export const render: Screen = async ({ query, navigate }) => {
  const input = h('input', {
    id: 'api-key',
    name: 'apiKey',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'api-key-help login-error',
  });
  const error = h('p', { id: 'login-error', class: 'error-text', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const key = input.value.trim();
        if (!key) return;
        submit.disabled = true;
        error.textContent = '';
        try {
          await api.checkKey(key);
          session.signIn(key);
          navigate(safeNext(query.get('next')));
        } catch (err) {
          error.textContent = refusal(err);
          input.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', null, 'Sign in to omnidrip'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h(
      'p',
      { id: 'api-key-help', class: 'hint' },
      'The key is kept in this browser tab only and sent to the omnidrip API with each request.',
    ),
    error,
    submit,
  );
  return { title: 'Sign in', element: h('section', { class: 'screen login' }, form) };
};

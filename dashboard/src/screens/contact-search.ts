// Find a contact by email, external id or omnidrip id, then open their timeline.
import { ApiError } from '../api-client';
import { errorMessage } from '../components/error-view';
import { findContact } from '../contact-lookup';
import { h } from '../dom';
import type { Screen } from '../router';

export const render: Screen = async ({ query, navigate }) => {
  const input = h('input', {
    id: 'contact-query',
    name: 'q',
    type: 'search',
    required: true,
    autocomplete: 'off',
    value: query.get('q') ?? '',
    'aria-describedby': 'contact-query-help',
  });
  const result = h('p', { role: 'alert', class: 'error-text' });
  const form = h(
    'form',
    {
      class: 'card narrow',
      role: 'search',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        result.textContent = '';
        try {
          const contact = await findContact(input.value);
          navigate(`/contacts/${contact.id}`);
        } catch (err) {
          result.textContent =
            err instanceof ApiError && err.status === 404
              ? `No contact matches "${input.value.trim()}".`
              : errorMessage(err);
        }
      },
    },
    h('label', { for: 'contact-query' }, 'Email, external id or contact id'),
    h('div', { class: 'input-row' }, input, h('button', { type: 'submit', class: 'primary' }, 'Find')),
    h(
      'p',
      { id: 'contact-query-help', class: 'hint' },
      'An exact email (any case), the id your shop uses, or the 24-character omnidrip id.',
    ),
    result,
  );
  return { title: 'Contacts', element: h('section', { class: 'screen' }, h('h1', null, 'Contacts'), form) };
};

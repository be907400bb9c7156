// A new campaign starts from a shipped example (or a one-step skeleton) and is saved as a draft,
// then opened in the editor.
import { api } from '../api-client';
import type { CampaignExamples, CampaignSummary } from '../api-types';
import { supports } from '../capabilities';
import { errorMessage } from '../components/error-view';
import { h } from '../dom';
import type { Screen } from '../router';

const SKELETON = {
  id: 'new-campaign',
  name: 'New campaign',
  description: 'A welcome mail after sign-up.',
  trigger: { type: 'event', event: 'signup.completed' },
  start: 'welcome',
  steps: [{ id: 'welcome', type: 'send', channels: ['email'], template: 'welcome' }],
};

type Example = CampaignExamples['examples'][number];

/** The example's id, or the first "-2", "-3" … variant no campaign has yet. */
function freeId(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function stepCount(example: Example): number {
  return Array.isArray(example.definition.steps) ? example.definition.steps.length : 0;
}

export const render: Screen = async ({ navigate }) => {
  const [{ campaigns }, examples] = await Promise.all([
    api.get<{ campaigns: CampaignSummary[] }>('/v1/campaigns'),
    (await supports('get', '/v1/campaign-examples'))
      ? api.get<CampaignExamples>('/v1/campaign-examples').then((r) => r.examples)
      : Promise.resolve(undefined),
  ]);
  const taken = new Set(campaigns.map((c) => c.id));
  const choices: Example[] = [
    ...(examples ?? []),
    {
      id: SKELETON.id,
      name: 'Blank campaign',
      description: 'One event, one mail: build from there.',
      definition: SKELETON,
    },
  ];

  const card = (example: Example) => {
    const slug = `example-${example.id}`;
    const idInput = h('input', {
      id: `${slug}-id`,
      name: 'id',
      required: true,
      pattern: '[a-z0-9][a-z0-9_\\-]{0,63}',
      value: freeId(example.id, taken),
      'aria-describedby': `${slug}-id-help`,
    });
    const nameInput = h('input', {
      id: `${slug}-name`,
      name: 'name',
      required: true,
      value: String(example.definition.name ?? example.name),
    });
    const error = h('p', { class: 'error-text', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Use this example');
    return h(
      'form',
      {
        class: 'card example',
        'aria-labelledby': `${slug}-title`,
        'data-example': example.id,
        onsubmit: async (event: Event) => {
          event.preventDefault();
          submit.disabled = true;
          error.textContent = '';
          try {
            const definition = { ...example.definition, id: idInput.value.trim(), name: nameInput.value.trim() };
            const created = await api.post<CampaignSummary>('/v1/campaigns', definition);
            navigate(`/campaigns/${encodeURIComponent(created.id)}/edit`);
          } catch (err) {
            error.textContent = errorMessage(err);
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('h2', { id: `${slug}-title` }, example.name),
      h('p', { class: 'hint' }, `${example.id} · ${stepCount(example)} steps`),
      example.description ? h('p', { class: 'clamp' }, example.description) : null,
      h('label', { for: idInput.id }, 'Campaign id'),
      idInput,
      h('p', { id: `${slug}-id-help`, class: 'hint' }, 'Lower-case letters, digits, "-" and "_"; used in reports.'),
      h('label', { for: nameInput.id }, 'Name'),
      nameInput,
      error,
      submit,
    );
  };

  return {
    title: 'New campaign',
    element: h(
      'section',
      { class: 'screen' },
      h('p', { class: 'crumbs' }, h('a', { href: '/campaigns' }, 'Campaigns')),
      h('h1', null, 'New campaign'),
      examples
        ? h(
            'p',
            null,
            'Start from a shipped example. It is saved as a draft and opens in the editor; nothing runs until you launch it.',
          )
        : h(
            'p',
            { class: 'notice' },
            'This server does not list its example campaigns (GET /v1/campaign-examples); start from a blank campaign.',
          ),
      h('div', { class: 'card-grid' }, choices.map(card)),
    ),
  };
};

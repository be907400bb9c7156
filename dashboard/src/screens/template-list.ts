// Every message template, with its channels and locales and the campaigns that use it.
import { api } from '../api-client';
import type { CampaignSummary, TemplateList } from '../api-types';
import { supports } from '../capabilities';
import { templateUses } from '../components/template-uses';
import { h } from '../dom';
import type { Screen } from '../router';
import { templateUsage } from '../template-usage';

export const render: Screen = async () => {
  const [{ campaigns }, listed] = await Promise.all([
    api.get<{ campaigns: CampaignSummary[] }>('/v1/campaigns'),
    (await supports('get', '/v1/templates')) ? api.get<TemplateList>('/v1/templates') : Promise.resolve(undefined),
  ]);
  const usage = templateUsage(campaigns);
  const templates: TemplateList['templates'] =
    listed?.templates ?? [...usage.keys()].sort().map((id) => ({ id, locales: {} }));

  const rows = templates.map((t) =>
    h(
      'tr',
      { 'data-template': t.id },
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `/templates/${encodeURIComponent(t.id)}` }, t.id),
        t.description ? h('div', { class: 'hint' }, t.description) : null,
      ),
      h(
        'td',
        null,
        Object.entries(t.locales)
          .map(([channel, locales]) => `${channel} (${(locales ?? []).join(', ')})`)
          .join(', ') || '–',
      ),
      h('td', null, templateUses(usage.get(t.id))),
    ),
  );

  return {
    title: 'Templates',
    element: h(
      'section',
      { class: 'screen' },
      h('h1', null, 'Templates'),
      listed
        ? null
        : h(
            'p',
            { class: 'notice' },
            'This server does not offer templates over the API yet (GET /v1/templates). Shown are the templates the campaigns use; their files live in templates/.',
          ),
      templates.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              null,
              h('caption', { class: 'visually-hidden' }, 'Templates'),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, 'Template'),
                  h('th', { scope: 'col' }, 'Channels (locales)'),
                  h('th', { scope: 'col' }, 'Used by'),
                ),
              ),
              h('tbody', null, rows),
            ),
          )
        : h('p', { class: 'empty' }, 'No templates yet.'),
    ),
  };
};

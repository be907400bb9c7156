// The campaign steps that use a template, as links to their journeys.
import { h } from '../dom';
import type { TemplateUse } from '../template-usage';

export function templateUses(uses: TemplateUse[] | undefined): HTMLElement {
  if (!uses?.length) return h('p', { class: 'empty' }, 'No campaign uses this template.');
  return h(
    'ul',
    { class: 'plain' },
    uses.map((u) =>
      h(
        'li',
        null,
        h('a', { href: `/campaigns/${encodeURIComponent(u.campaignId)}` }, u.campaignName),
        ` · step ${u.stepId}${u.channels.length ? ` (${u.channels.join(', ')})` : ''}`,
      ),
    ),
  );
}

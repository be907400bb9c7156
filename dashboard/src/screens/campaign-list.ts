// All campaigns with status, version and how many entered and converted.
import { api } from '../api-client';
import type { CampaignStats, CampaignSummary } from '../api-types';
import { statusBadge } from '../components/status-badge';
import { h } from '../dom';
import { formatCount, formatRate } from '../format';
import type { Screen } from '../router';

function versionText(c: CampaignSummary): string {
  if (c.liveVersion) return `v${c.liveVersion} (draft rev. ${c.draftRevision})`;
  return `draft rev. ${c.draftRevision}`;
}

async function statsOf(id: string): Promise<CampaignStats | undefined> {
  return api.get<CampaignStats>(`/v1/campaigns/${encodeURIComponent(id)}/stats`).catch(() => undefined);
}

export const render: Screen = async () => {
  const { campaigns } = await api.get<{ campaigns: CampaignSummary[] }>('/v1/campaigns');
  const stats = await Promise.all(campaigns.map((c) => statsOf(c.id)));

  const rows = campaigns.map((c, i) => {
    const total = stats[i]?.total;
    return h(
      'tr',
      { 'data-campaign': c.id },
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `/campaigns/${encodeURIComponent(c.id)}` }, c.name),
        h('div', { class: 'hint' }, c.id),
      ),
      h('td', { 'data-label': 'Status' }, statusBadge(c.status)),
      h('td', { 'data-label': 'Version' }, versionText(c)),
      h('td', { class: 'num', 'data-label': 'Entered' }, formatCount(total?.entered)),
      h('td', { class: 'num', 'data-label': 'Converted' }, formatCount(total?.converted)),
      h('td', { class: 'num', 'data-label': 'Conversion' }, total ? formatRate(total.converted, total.entered) : '–'),
    );
  });

  const body = campaigns.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'cards-on-phone' },
          h('caption', { class: 'visually-hidden' }, 'Campaigns'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Campaign'),
              h('th', { scope: 'col' }, 'Status'),
              h('th', { scope: 'col' }, 'Version'),
              h('th', { scope: 'col', class: 'num' }, 'Entered'),
              h('th', { scope: 'col', class: 'num' }, 'Converted'),
              h('th', { scope: 'col', class: 'num' }, 'Conversion'),
            ),
          ),
          h('tbody', null, rows),
        ),
      )
    : h('p', { class: 'empty' }, 'No campaigns yet. Start from one of the shipped examples.');

  return {
    title: 'Campaigns',
    element: h(
      'section',
      { class: 'screen' },
      h(
        'div',
        { class: 'screen-head' },
        h('h1', null, 'Campaigns'),
        h('a', { class: 'button primary', href: '/campaigns/new' }, 'New campaign'),
      ),
      body,
    ),
  };
};

// The top of every campaign screen: name, status, versions, lifecycle actions, and the tabs
// (journey picture, JSON editor, results).
import type { CampaignSummary } from '../api-types';
import { h } from '../dom';
import { type LifecycleOptions, lifecycleActions } from './lifecycle-actions';
import { statusBadge } from './status-badge';

export type CampaignTab = 'journey' | 'edit' | 'results';

const TABS: { tab: CampaignTab; label: string; suffix: string }[] = [
  { tab: 'journey', label: 'Journey', suffix: '' },
  { tab: 'edit', label: 'Edit JSON', suffix: '/edit' },
  { tab: 'results', label: 'Results', suffix: '/results' },
];

export function campaignHeader(
  campaign: CampaignSummary,
  tab: CampaignTab,
  lifecycle: Omit<LifecycleOptions, 'campaign'>,
): HTMLElement {
  const base = `/campaigns/${encodeURIComponent(campaign.id)}`;
  const versions = [
    campaign.liveVersion ? `live version ${campaign.liveVersion}` : 'never launched',
    campaign.latestVersion > (campaign.liveVersion ?? 0) ? `latest version ${campaign.latestVersion}` : null,
    `draft revision ${campaign.draftRevision}`,
  ].filter(Boolean);
  return h(
    'header',
    { class: 'campaign-head' },
    h('p', { class: 'crumbs' }, h('a', { href: '/campaigns' }, 'Campaigns'), ' / ', campaign.id),
    h(
      'div',
      { class: 'screen-head' },
      h(
        'div',
        null,
        h('h1', null, campaign.name),
        h('p', { class: 'meta' }, statusBadge(campaign.status), ' ', versions.join(' · ')),
      ),
      lifecycleActions({ campaign, ...lifecycle }),
    ),
    h(
      'nav',
      { class: 'tabs', 'aria-label': 'Campaign views' },
      TABS.map((t) => h('a', { href: base + t.suffix, 'aria-current': t.tab === tab ? 'page' : null }, t.label)),
    ),
  );
}

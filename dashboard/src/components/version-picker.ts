// Which version a campaign screen shows: a launched version or the draft. Changing it reloads the
// screen with ?version=, so the choice survives a reload and can be shared.
import type { CampaignSummary } from '../api-types';
import { h } from '../dom';

export function versionPicker(
  campaign: CampaignSummary,
  chosen: number | 'draft' | 'all',
  navigate: (path: string) => void,
  options: { includeDraft?: boolean; includeAll?: boolean } = {},
): HTMLElement {
  const values: [string, string][] = [];
  if (options.includeAll) values.push(['all', 'All versions']);
  for (let v = campaign.latestVersion; v >= 1; v -= 1) {
    values.push([String(v), `Version ${v}${v === campaign.liveVersion ? ' (live)' : ''}`]);
  }
  if (options.includeDraft) values.push(['draft', `Draft (revision ${campaign.draftRevision})`]);
  const select = h(
    'select',
    {
      id: 'version',
      onchange: (event: Event) => {
        const value = (event.target as HTMLSelectElement).value;
        navigate(`${location.pathname}?version=${encodeURIComponent(value)}`);
      },
    },
    values.map(([value, label]) => h('option', { value, selected: value === String(chosen) }, label)),
  );
  return h('div', { class: 'field-inline' }, h('label', { for: 'version' }, 'Version'), select);
}

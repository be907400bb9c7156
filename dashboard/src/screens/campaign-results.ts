// What a campaign achieved, per version or in total: the funnel, the course over time, conversions
// by last-touch channel and by channel path, and A/B split arms side by side.
import { api } from '../api-client';
import type { CampaignStats, Counts, StatsSeries } from '../api-types';
import { campaignPath, loadCampaign, loadStats } from '../campaign-loader';
import { supports } from '../capabilities';
import { campaignHeader } from '../components/campaign-header';
import { byChannel, funnel, overTime, pathTable, splitArms, tiles, versionTable } from '../components/results-sections';
import { versionPicker } from '../components/version-picker';
import { h, replaceChildren } from '../dom';
import { poll } from '../poll';
import type { Screen } from '../router';

const REFRESH_MS = 5000;
type Chosen = number | 'all';

function chosen(query: URLSearchParams, latest: number): Chosen {
  const n = Number(query.get('version'));
  return Number.isInteger(n) && n >= 1 && n <= latest ? n : 'all';
}

function countsOf(stats: CampaignStats, version: Chosen): Counts {
  if (version === 'all') return stats.total;
  const found = stats.versions.find((v) => v.version === version);
  return found ?? { ...stats.total, ...Object.fromEntries(Object.keys(stats.total).map((k) => [k, 0])) };
}

export const render: Screen = async ({ params, query, navigate }) => {
  const id = params.id ?? '';
  const campaign = await loadCampaign(id);
  const version = chosen(query, campaign.latestVersion);
  const hasSeries = await supports('get', '/v1/campaigns/{id}/stats/series');
  const interval = query.get('interval') === 'hour' ? 'hour' : 'day';
  const body = h('div', { class: 'results' });
  let destroyers: (() => void)[] = [];
  let shown = '';

  const section = (title: string, ...content: (Node | null)[]) =>
    h('section', { class: 'card', 'aria-label': title }, h('h2', null, title), content);

  const show = (stats: CampaignStats, series: StatsSeries | undefined) => {
    const key = JSON.stringify([stats, series]);
    if (key === shown) return; // unchanged: keep the charts (and the reader's place) as they are
    shown = key;
    for (const destroy of destroyers) destroy();
    const counts = countsOf(stats, version);
    const funnelChart = funnel(counts);
    const timeChart = series?.buckets.length ? overTime(series) : undefined;
    const channels = byChannel(stats);
    const arms = splitArms(stats);
    destroyers = [funnelChart.destroy, timeChart?.destroy ?? (() => undefined), channels.destroy, arms.destroy];
    const scope = version === 'all' ? 'all versions' : `version ${version}`;
    replaceChildren(
      body,
      tiles(counts),
      h(
        'div',
        { class: 'grid-2' },
        section(`Funnel, ${scope}`, funnelChart.element),
        section(
          `Over time, ${scope}`,
          h(
            'div',
            { class: 'field-inline' },
            h('label', { for: 'interval' }, 'Per'),
            h(
              'select',
              {
                id: 'interval',
                onchange: (e: Event) =>
                  navigate(`${location.pathname}?version=${version}&interval=${(e.target as HTMLSelectElement).value}`),
              },
              h('option', { value: 'day', selected: interval === 'day' }, 'day'),
              h('option', { value: 'hour', selected: interval === 'hour' }, 'hour'),
            ),
          ),
          timeChart?.element ??
            h(
              'p',
              { class: 'empty' },
              hasSeries
                ? 'Nothing happened in this period yet.'
                : 'This server does not report statistics over time yet.',
            ),
        ),
        section('Conversions by last-touch channel (all versions)', channels.element),
        section('Conversions by channel path (all versions)', pathTable(stats)),
        section('A/B split arms (all versions)', arms.element),
        section('Versions', versionTable(stats)),
      ),
    );
  };

  const load = async () => {
    const [stats, series] = await Promise.all([
      loadStats(id),
      hasSeries
        ? api.get<StatsSeries>(
            `${campaignPath(id)}/stats/series?interval=${interval}${version === 'all' ? '' : `&version=${version}`}`,
          )
        : Promise.resolve(undefined),
    ]);
    show(stats, series);
  };
  await load();
  const stop = poll(load, REFRESH_MS, { loaded: true });

  return {
    title: `${campaign.name} · Results`,
    dispose: () => {
      stop();
      for (const destroy of destroyers) destroy();
    },
    element: h(
      'section',
      { class: 'screen' },
      campaignHeader(campaign, 'results', { onChanged: () => navigate(location.pathname + location.search) }),
      campaign.latestVersion
        ? h('div', { class: 'toolbar' }, versionPicker(campaign, version, navigate, { includeAll: true }))
        : h('p', { class: 'notice' }, 'Not launched yet: results appear once people enter the journey.'),
      body,
    ),
  };
};

// The parts of a campaign's results: number tiles, the funnel, the course over time, conversions by
// last-touch channel and by channel path, split arms side by side, and versions. Each chart comes with
// its numbers as text (tiles, a table, or the chart's description) and a `destroy` for Chart.js.
import { type CampaignStats, type Counts, FUNNEL_METRICS, type StatsSeries } from '../api-types';
import { h } from '../dom';
import { formatCount, formatMoney, formatRate } from '../format';
import { chartFigure, METRIC_COLORS } from './chart';
import { dataTable } from './data-table';

const LABELS: Record<string, string> = {
  entered: 'Entered',
  sent: 'Sent',
  opened: 'Opened',
  clicked: 'Clicked',
  converted: 'Converted',
  revenue: 'Revenue',
};

export function tiles(c: Counts) {
  const tile = (metric: string, value: string, rate?: string) =>
    h(
      'div',
      { class: 'tile', 'data-metric': metric },
      h('dt', null, LABELS[metric]),
      h('dd', null, value),
      rate ? h('dd', { class: 'hint' }, rate) : null,
    );
  return h(
    'dl',
    { class: 'tiles' },
    tile('entered', formatCount(c.entered)),
    tile('sent', formatCount(c.sent), `${formatRate(c.delivered, c.sent)} delivered`),
    tile('opened', formatCount(c.opened), `${formatRate(c.opened, c.delivered || c.sent)} of delivered`),
    tile('clicked', formatCount(c.clicked), `${formatRate(c.clicked, c.delivered || c.sent)} of delivered`),
    tile('converted', formatCount(c.converted), `${formatRate(c.converted, c.entered)} of entered`),
    tile('revenue', formatMoney(c.revenue)),
  );
}

export function funnel(c: Counts) {
  const values = FUNNEL_METRICS.map((m) => c[m]);
  const description = `Funnel: ${FUNNEL_METRICS.map((m) => `${LABELS[m]} ${c[m]}`).join(', ')}`;
  return chartFigure(
    {
      type: 'bar',
      data: {
        labels: FUNNEL_METRICS.map((m) => LABELS[m] ?? m),
        datasets: [
          { label: 'People', data: values, backgroundColor: FUNNEL_METRICS.map((m) => METRIC_COLORS[m] ?? '#555') },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    },
    description,
  );
}

export function overTime(series: StatsSeries) {
  const labels = series.buckets.map((b) =>
    new Date(b.start).toLocaleString(
      undefined,
      series.interval === 'day' ? { dateStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' },
    ),
  );
  const metrics = [...FUNNEL_METRICS, 'revenue'] as const;
  return chartFigure(
    {
      type: 'line',
      data: {
        labels,
        datasets: metrics.map((m) => ({
          label: LABELS[m] ?? m,
          data: series.buckets.map((b) => b[m]),
          borderColor: METRIC_COLORS[m],
          backgroundColor: METRIC_COLORS[m],
          yAxisID: m === 'revenue' ? 'revenue' : 'people',
        })),
      },
      options: {
        scales: {
          people: { position: 'left', beginAtZero: true, ticks: { precision: 0 } },
          revenue: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } },
        },
      },
    },
    `Entered, sent, opened, clicked, converted and revenue per ${series.interval}, ${series.buckets.length} ${series.interval}s`,
  );
}

export function byChannel(stats: CampaignStats) {
  const rows = Object.entries(stats.conversionsByLastTouchChannel).sort(([, a], [, b]) => b.converted - a.converted);
  if (!rows.length) return { element: h('p', { class: 'empty' }, 'No conversions yet.'), destroy: () => undefined };
  const chart = chartFigure(
    {
      type: 'bar',
      data: {
        labels: rows.map(([channel]) => channel),
        datasets: [
          { label: 'Conversions', data: rows.map(([, r]) => r.converted), backgroundColor: METRIC_COLORS.converted },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    },
    `Conversions by last-touch channel: ${rows.map(([ch, r]) => `${ch} ${r.converted}`).join(', ')}`,
  );
  const table = dataTable(
    ['Last touch', 'Conversions', 'Revenue'],
    rows.map(([channel, r]) => [channel, formatCount(r.converted), formatMoney(r.revenue)]),
  );
  return { element: h('div', null, chart.element, table), destroy: chart.destroy };
}

export function splitArms(stats: CampaignStats) {
  if (!stats.splitArms.length)
    return { element: h('p', { class: 'empty' }, 'This campaign has no A/B split.'), destroy: () => undefined };
  const arms = [...stats.splitArms].sort((a, b) => a.arm.localeCompare(b.arm));
  const chart = chartFigure(
    {
      type: 'bar',
      data: {
        labels: arms.map((a) => a.arm),
        datasets: [
          {
            label: 'Conversion rate (%)',
            data: arms.map((a) => Math.round(a.conversionRate * 1000) / 10),
            backgroundColor: METRIC_COLORS.converted,
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, title: { display: true, text: '%' } } },
      },
    },
    `Conversion rate by split arm: ${arms.map((a) => `${a.arm} ${formatRate(a.converted, a.entered)}`).join(', ')}`,
  );
  const table = dataTable(
    ['Arm', 'Entered', 'Converted', 'Conversion rate'],
    arms.map((a) => [a.arm, formatCount(a.entered), formatCount(a.converted), formatRate(a.converted, a.entered)]),
  );
  return { element: h('div', { class: 'split-arms' }, chart.element, table), destroy: chart.destroy };
}

export function versionTable(stats: CampaignStats) {
  return dataTable(
    ['Version', 'Entered', 'Sent', 'Opened', 'Clicked', 'Converted', 'Revenue'],
    stats.versions.map((v) => [
      `v${v.version}`,
      formatCount(v.entered),
      formatCount(v.sent),
      formatCount(v.opened),
      formatCount(v.clicked),
      formatCount(v.converted),
      formatMoney(v.revenue),
    ]),
  );
}

export function pathTable(stats: CampaignStats) {
  const rows = Object.entries(stats.channelPaths).sort(([, a], [, b]) => b - a);
  if (!rows.length) return h('p', { class: 'empty' }, 'No conversions yet.');
  return dataTable(
    ['Channels that led to the order', 'Conversions'],
    rows.map(([path, n]) => [path, formatCount(n)]),
  );
}

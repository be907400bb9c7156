// What a campaign was worth, per version and per step: entered, sent, delivered, opened, clicked,
// converted, revenue, unsubscribed, bounced, suppressed; conversions by last-touch channel and by the
// channel path that led there; A/B split arms side by side. Unique counts are per contact.
import type { Store } from '../store/store';

export const METRICS = [
  'entered',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'converted',
  'unsubscribed',
  'bounced',
  'suppressed',
  'skipped',
] as const;
export type Metric = (typeof METRICS)[number];
export type Counts = Record<Metric, number> & { revenue: number };

function zero(): Counts {
  return Object.fromEntries([...METRICS.map((m) => [m, 0]), ['revenue', 0]]) as Counts;
}

const EVENT_METRIC: Record<string, Metric> = {
  opened: 'opened',
  clicked: 'clicked',
  unsubscribed: 'unsubscribed',
};

export async function campaignStats(store: Store, campaignId: string) {
  const [journeys, deliveries, events] = await Promise.all([
    store.journeys.aggregate<{ _id: { v: number; arm?: string; status: string }; n: number }>([
      { $match: { campaignId } },
      { $group: { _id: { v: '$campaignVersion', arm: '$splitArm', status: '$status' }, n: { $sum: 1 } } },
    ]),
    store.deliveries.aggregate<{
      _id: { v: number; step: string; status: string; channel: string; reason?: string };
      n: number;
    }>([
      { $match: { campaignId } },
      {
        $group: {
          _id: { v: '$campaignVersion', step: '$stepId', status: '$status', channel: '$channel', reason: '$reason' },
          n: { $sum: 1 },
        },
      },
    ]),
    // Engagement and outcomes, one row per (version, step, kind, contact) so counts can be unique.
    store.events.aggregate<{
      _id: { v: number; step?: string; name: string; c: unknown; ch?: string };
      n: number;
      value: number;
    }>([
      { $match: { campaignId, name: { $regex: '\\.(opened|clicked|converted|unsubscribed)$' } } },
      {
        $group: {
          _id: { v: '$campaignVersion', step: '$stepId', name: '$name', c: '$contactId', ch: '$channel' },
          n: { $sum: 1 },
          value: { $sum: '$value' },
        },
      },
    ]),
  ]);

  const total = zero();
  const versions = new Map<number, Counts>();
  const steps = new Map<string, Counts>();
  const byChannel: Record<string, { converted: number; revenue: number }> = {};
  const arms = new Map<string, { entered: number; converted: number }>();
  const bump = (version: number, step: string | undefined, metric: Metric | 'revenue', n: number) => {
    total[metric] += n;
    if (!versions.has(version)) versions.set(version, zero());
    (versions.get(version) as Counts)[metric] += n;
    if (step) {
      const key = `${version}:${step}`;
      if (!steps.has(key)) steps.set(key, zero());
      (steps.get(key) as Counts)[metric] += n;
    }
  };

  for (const j of journeys) {
    bump(j._id.v, undefined, 'entered', j.n);
    if (j._id.arm) {
      const arm = arms.get(j._id.arm) ?? { entered: 0, converted: 0 };
      arm.entered += j.n;
      arms.set(j._id.arm, arm);
    }
  }
  for (const d of deliveries) {
    const { v, step, status, reason } = d._id;
    if (status === 'accepted') {
      bump(v, step, 'sent', d.n);
      bump(v, step, 'delivered', d.n);
    } else if (status === 'failed') {
      bump(v, step, 'sent', d.n);
      if (reason?.includes('RECIPIENT_REJECTED')) bump(v, step, 'bounced', d.n);
    } else if (status === 'suppressed') bump(v, step, 'suppressed', d.n);
    else if (status === 'skipped') bump(v, step, 'skipped', d.n);
  }
  for (const e of events) {
    const metric = EVENT_METRIC[e._id.name.split('.').pop() ?? ''];
    if (metric) bump(e._id.v, e._id.step, metric, 1); // unique per contact: one row per contact
  }

  const passedSteps = await store.journeys.aggregate<{ _id: { v: number; step: string }; n: number }>([
    { $match: { campaignId } },
    { $unwind: '$passedSteps' },
    { $group: { _id: { v: '$campaignVersion', step: '$passedSteps' }, n: { $sum: 1 } } },
  ]);
  const passed = new Map<string, number>();
  for (const r of passedSteps) {
    const key = `${r._id.v}:${r._id.step}`;
    passed.set(key, r.n);
    if (!steps.has(key)) steps.set(key, zero());
  }
  const now = await store.journeys.aggregate<{ _id: { v: number; step: string }; n: number }>([
    { $match: { campaignId, status: 'active' } },
    { $group: { _id: { v: '$campaignVersion', step: '$stepId' }, n: { $sum: 1 } } },
  ]);
  // Conversions are summed here rather than with $group's $sum over a field, which FerretDB v1 gets wrong
  // (it returns 0); there is one conversion per goal event and campaign, so the documents stay few.
  const paths = await store.events
    .find(
      { campaignId, name: 'campaign.converted' },
      { properties: 1, contactId: 1, value: 1, channel: 1, campaignVersion: 1, stepId: 1 },
    )
    .lean();
  const channelPaths: Record<string, number> = {};
  for (const p of paths) {
    const value = p.value ?? 0;
    bump(p.campaignVersion ?? 0, p.stepId ?? undefined, 'converted', 1);
    bump(p.campaignVersion ?? 0, p.stepId ?? undefined, 'revenue', value);
    const channel = p.channel ?? 'unknown';
    byChannel[channel] ??= { converted: 0, revenue: 0 };
    byChannel[channel].converted += 1;
    byChannel[channel].revenue += value;
    const path = ((p.properties as { channelPath?: string[] }).channelPath ?? []).join(' → ') || 'unknown';
    channelPaths[path] = (channelPaths[path] ?? 0) + 1;
  }
  // Arms' conversions: contacts in an arm who converted.
  if (arms.size > 0 && paths.length > 0) {
    const converters = new Set(paths.map((p) => String(p.contactId)));
    const inArms = await store.journeys
      .find({ campaignId, splitArm: { $exists: true } }, { contactId: 1, splitArm: 1 })
      .lean();
    for (const arm of arms.values()) arm.converted = 0;
    for (const j of inArms) {
      if (j.splitArm && converters.has(String(j.contactId)))
        (arms.get(j.splitArm) as { converted: number }).converted += 1;
    }
  }

  return {
    campaignId,
    total,
    versions: [...versions.entries()].sort(([a], [b]) => a - b).map(([version, counts]) => ({ version, ...counts })),
    /** Per step; `passed` counts journeys that finished the step (they may be further on or done). */
    steps: [...steps.entries()].map(([key, counts]) => {
      const [version, stepId] = key.split(/:(.*)/s);
      return { version: Number(version), stepId, ...counts, passed: passed.get(key) ?? 0 };
    }),
    /** Journeys in each step right now (the live counts on the journey picture). */
    activeByStep: now.map((r) => ({ version: r._id.v, stepId: r._id.step, active: r.n })),
    conversionsByLastTouchChannel: byChannel,
    channelPaths,
    splitArms: [...arms.entries()].map(([arm, a]) => ({
      arm,
      entered: a.entered,
      converted: a.converted,
      conversionRate: a.entered ? a.converted / a.entered : 0,
    })),
  };
}

export type SeriesInterval = 'hour' | 'day';
const SERIES_METRICS = ['entered', 'sent', 'opened', 'clicked', 'converted', 'revenue'] as const;
export type SeriesBucket = { start: string } & Record<(typeof SERIES_METRICS)[number], number>;

/**
 * The same counts over time, in UTC buckets. Read as plain documents and bucketed here: FerretDB v1 has no
 * $dateTrunc, and a campaign's documents in the chart's window are few enough to stream.
 */
export async function campaignSeries(
  store: Store,
  campaignId: string,
  options: { interval: SeriesInterval; version?: number; since?: Date },
): Promise<SeriesBucket[]> {
  const size = options.interval === 'hour' ? 3_600_000 : 86_400_000;
  const since = options.since ?? new Date(Date.now() - (options.interval === 'hour' ? 48 : 60) * size);
  const version = options.version === undefined ? {} : { campaignVersion: options.version };
  const buckets = new Map<number, SeriesBucket>();
  const add = (at: Date | null | undefined, metric: (typeof SERIES_METRICS)[number], n = 1) => {
    if (!at || at < since) return;
    const start = Math.floor(at.getTime() / size) * size;
    let bucket = buckets.get(start);
    if (!bucket) {
      bucket = {
        start: new Date(start).toISOString(),
        entered: 0,
        sent: 0,
        opened: 0,
        clicked: 0,
        converted: 0,
        revenue: 0,
      };
      buckets.set(start, bucket);
    }
    bucket[metric] += n;
  };
  const [journeys, deliveries, events] = await Promise.all([
    store.journeys.find({ campaignId, ...version, startedAt: { $gte: since } }, { startedAt: 1 }).lean(),
    store.deliveries
      .find({ campaignId, ...version, status: 'accepted', acceptedAt: { $gte: since } }, { acceptedAt: 1 })
      .lean(),
    store.events
      .find(
        { campaignId, ...version, occurredAt: { $gte: since }, name: { $regex: '\\.(opened|clicked|converted)$' } },
        { name: 1, occurredAt: 1, value: 1 },
      )
      .lean(),
  ]);
  for (const j of journeys) add(j.startedAt, 'entered');
  for (const d of deliveries) add(d.acceptedAt, 'sent');
  for (const e of events) {
    const kind = e.name.split('.').pop();
    if (kind === 'opened' || kind === 'clicked') add(e.occurredAt, kind);
    if (kind === 'converted') {
      add(e.occurredAt, 'converted');
      add(e.occurredAt, 'revenue', e.value ?? 0);
    }
  }
  return [...buckets.values()].sort((a, b) => a.start.localeCompare(b.start));
}

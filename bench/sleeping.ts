// 5. Scale at rest: journeys entered by a segment launch sleep in a wait step until one local time of
// day. At rest: the worker's memory (against the same worker before any journey existed), Temporal's and
// MongoDB's disk per journey, the CPU the sleeping costs. Then the wait ends for all at once: the time
// until every one of them has woken and sent its mail.
import type { JourneyView } from '../workflows/journey-signals';
import { admin } from './api-client';
import { type Benchmark, measured, type PhaseCpu, sleep, until, verify } from './benchmark';
import { launchBatchSize, segmentWaitThenSend } from './campaigns';
import { seedContacts } from './contacts';
import { cpuWindow, rssMb } from './proc-stats';
import { launchAndFollow } from './segment-launch';
import { checkExactlyOnce } from './smtp-sink';

const TIME_ZONE = 'Europe/Berlin'; // the seeded contacts' zone; `wait.until` is local time
/** Journeys per second assumed for planning when no segment launch ran before in this run. */
const ASSUMED_LAUNCH_RATE = 4;

function localTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

export const sleeping: Benchmark = async (ctx) => {
  const count = ctx.options.sizes.sleepingJourneys;
  const { stack } = ctx;
  const tenant = await stack.tenant('sleeping');
  const cpu: PhaseCpu[] = [];
  const verified: string[] = [];
  const [api, worker] = await Promise.all([stack.startApi(tenant), stack.startWorker(tenant)]);
  try {
    const contacts = await seedContacts(tenant.store, 'sleeping', count, { attributes: { cohort: 'sleep' } });
    // One wake-up for all: the next full minute after the launch should be done, with room to spare.
    const rate = ctx.measured.segmentLaunchPerSecond ?? ASSUMED_LAUNCH_RATE;
    const wakeAt = new Date(Date.now() + (count / rate) * 2_000 + 45_000);
    wakeAt.setUTCSeconds(60, 0);
    const until_ = { time: localTime(wakeAt) };
    const definition = segmentWaitThenSend('bench-sleeping', 'sleep', { until: until_ }, launchBatchSize(count));
    await admin(api.url, 'POST', '/v1/campaigns', definition);
    await sleep(2_000);
    const idleRss = worker.rssMb();
    const temporalBefore = stack.temporalBytes();
    const mongoBefore = tenant.mongoBytes();
    ctx.log(`launching ${count} journeys that sleep until ${until_.time} ${TIME_ZONE} (${wakeAt.toISOString()})`);
    const launch = await measured(ctx, `product: launch ${count} sleepers`, cpu, () =>
      launchAndFollow(ctx, api, definition.id, count),
    );
    verify(launch.result.entered === count, `${count} journeys entered`, verified);
    let asleep = 0;
    await until(
      `${count} journeys recorded in their wait step`,
      async () => {
        asleep = await tenant.store.journeys.countDocuments({
          campaignId: definition.id,
          status: 'active',
          stepId: 'sleep',
        });
        return asleep >= count;
      },
      { timeoutMs: Math.max(60_000, wakeAt.getTime() - Date.now() - 5_000), intervalMs: 2_000 },
    );
    verify(asleep === count, `${asleep} journeys are recorded as sleeping in the wait step`, verified);
    await sleep(5_000); // the last planWait calls and history writes settle
    const remaining = wakeAt.getTime() - Date.now();
    if (remaining < 3_000)
      throw new Error(`the launch took too long: the planned wake-up ${wakeAt.toISOString()} has passed`);
    // A sample of journeys says when it wakes: all at the planned minute, none a day later.
    const sample = contacts.filter((_, i) => i % Math.max(1, Math.floor(count / 20)) === 0).slice(0, 20);
    for (const c of sample) {
      const view = await stack.client.workflow
        .getHandle(`journey:${definition.id}:${c.id}`)
        .query<JourneyView>('journey');
      if (!view.wakeAt || Math.abs(Date.parse(view.wakeAt) - wakeAt.getTime()) > 1_000)
        throw new Error(`journey of ${c.email} wakes at ${view.wakeAt}, not ${wakeAt.toISOString()}`);
    }
    verify(true, `${sample.length} sampled journeys all wake at ${wakeAt.toISOString()}`, verified);

    const restWindow = cpuWindow(() => stack.watched());
    await sleep(Math.min(10_000, remaining - 2_000));
    const rest = restWindow();
    cpu.push({ phase: `at rest: ${count} journeys sleeping`, seconds: rest.seconds, shares: rest.shares });
    const restRss = worker.rssMb();
    const temporalBytes = stack.temporalBytes() - temporalBefore;
    const mongoBytes = tenant.mongoBytes() - mongoBefore;
    const watched = stack.watched();
    const rssOf = (name: string) => {
      const p = watched.find((w) => w.name === name);
      return p ? rssMb(p.pid) : Number.NaN;
    };
    ctx.log(
      `at rest: worker ${restRss.toFixed(0)} MB (idle ${idleRss.toFixed(0)} MB); waking at ${wakeAt.toISOString()}`,
    );

    const from = stack.sink.messages.length;
    const wanted = new Set(contacts.map((c) => c.email));
    const ours = (m: { to: string[] }) => m.to.some((to) => wanted.has(to));
    await sleep(Math.max(0, wakeAt.getTime() - Date.now()));
    const wake = await measured(ctx, `wake: ${count} journeys send`, cpu, async () => {
      await stack.sink.waitForCount(ours, count, {
        from,
        timeoutMs: wakeAt.getTime() - Date.now() + 120_000 + count * 2_000,
        progress: (seen) => ctx.log(`${seen}/${count} woken and sent`),
      });
      const last = stack.sink.messages.slice(from).filter(ours).at(-1)!.at;
      // The sink's clock is performance.now(); the wake-up is wall-clock time.
      const wakePerf = wakeAt.getTime() - Date.now() + performance.now();
      return { seconds: (last - wakePerf) / 1000 };
    });
    await sleep(2_000);
    const once = checkExactlyOnce(stack.sink.messages.slice(from), wanted);
    verify(
      once.ok,
      `every sleeper sent exactly one mail after waking (missing ${once.missing}, duplicates ${once.duplicates})`,
      verified,
    );
    const ratio = restRss / idleRss;
    return {
      name: 'sleeping_100k_rss_mb',
      value: restRss,
      unit: 'MB',
      baseline: idleRss,
      baselineIs: 'the same worker process before any journey existed, MB',
      ratio,
      target: 'ratio <= 2 (derived: sleeping journeys live in Temporal, not in worker memory)',
      met: ratio <= 2,
      size: count,
      details: {
        temporal_kb_per_journey: temporalBytes / count / 1024,
        mongodb_kb_per_journey: mongoBytes / count / 1024,
        wake_and_send_s: wake.seconds,
        wake_messages_per_s: count / wake.seconds,
        launch_s: launch.seconds,
        temporal_rss_mb: rssOf('temporal dev server'),
        ferretdb_rss_mb: rssOf('ferretdb'),
      },
      verified,
      cpu,
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
};

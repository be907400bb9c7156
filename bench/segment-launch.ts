// 6. Segment launch: launching a segment campaign (through the API) enters every matching contact; the
// time until the launch workflow reports all of them entered, with its progress as a marketer would
// query it. The journeys then sleep 30 days. Baseline: as many bare signalWithStart calls from as many
// concurrent callers as the launch uses (activities/enter-segment-batch.ts starts 16 at a time).
import { campaignDefinition } from '../campaigns/schema';
import { segmentLaunchId } from '../engine/launch-audience';
import type { SegmentLaunchProgress } from '../workflows/segment-launch';
import { admin } from './api-client';
import { bareSignalWithStart } from './bare-temporal';
import { type BenchContext, type Benchmark, measured, type PhaseCpu, sleep, until, verify } from './benchmark';
import { launchBatchSize, segmentWaitThenSend } from './campaigns';
import { seedContacts } from './contacts';
import type { ApiProcess } from './stack';

const PARALLEL_STARTS = 16;

/** Launches a created campaign and follows its segment launch to the end; resolves with the seconds. */
export async function launchAndFollow(ctx: BenchContext, api: ApiProcess, campaignId: string, expected: number) {
  const t0 = performance.now();
  const launched = await admin<{ liveVersion: number }>(api.url, 'POST', `/v1/campaigns/${campaignId}/launch`);
  const handle = ctx.stack.client.workflow.getHandle(segmentLaunchId(campaignId, launched.liveVersion));
  let done = false;
  const progress: { at: number; entered: number }[] = [];
  const follow = (async () => {
    while (!done) {
      await sleep(5_000);
      if (done) break;
      try {
        const p = await handle.query<SegmentLaunchProgress>('progress');
        progress.push({ at: (performance.now() - t0) / 1000, entered: p.entered });
        ctx.log(`launch progress: ${p.entered}/${expected} entered, ${p.scanned} scanned (${p.state})`);
      } catch {
        // Between two runs of a continued-as-new launch there is briefly nothing to ask.
      }
    }
  })();
  const result = (await handle.result()) as SegmentLaunchProgress;
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await follow;
  return { seconds, result, progress };
}

export const segmentLaunch: Benchmark = async (ctx) => {
  const count = ctx.options.sizes.segmentContacts;
  const { stack } = ctx;
  const tenant = await stack.tenant('segment');
  const cpu: PhaseCpu[] = [];
  const verified: string[] = [];
  const [api, worker] = await Promise.all([stack.startApi(tenant), stack.startWorker(tenant)]);
  try {
    const definition = segmentWaitThenSend('bench-segment', 'launch', { duration: '30d' }, launchBatchSize(count));
    await seedContacts(tenant.store, 'segment', count, { attributes: { cohort: 'launch' } });
    // Contacts outside the segment, so the launch also has to skip some.
    await seedContacts(tenant.store, 'segment-other', Math.ceil(count / 10), { attributes: { cohort: 'other' } });
    await admin(api.url, 'POST', '/v1/campaigns', definition);
    ctx.log(`launching a segment of ${count} contacts`);
    const launch = await measured(ctx, `product: launch ${count}`, cpu, () =>
      launchAndFollow(ctx, api, definition.id, count),
    );
    ctx.log(`product: all entered after ${launch.seconds.toFixed(1)} s`);
    verify(launch.result.state === 'done', 'the launch workflow finished', verified);
    verify(launch.result.entered === count, `it reports ${launch.result.entered} contacts entered`, verified);
    let inTemporal = 0;
    await until(
      'Temporal visibility to list every journey',
      async () => {
        inTemporal = (await stack.client.workflow.count(`OmnidripCampaignId = "${definition.id}"`)).count;
        return inTemporal >= count;
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    verify(inTemporal === count, `${inTemporal} journey workflows exist in Temporal (no one entered twice)`, verified);
    ctx.measured.segmentLaunchPerSecond = count / launch.seconds;
    const workerRss = worker.rssMb();
    await Promise.all([api.stop(), worker.stop()]);

    const campaign = campaignDefinition.parse({ ...definition, id: `${definition.id}-bare` });
    const bare = await measured(ctx, 'baseline: bare signalWithStart', cpu, () =>
      bareSignalWithStart(stack.client, {
        taskQueue: `${tenant.taskQueue}-bare`,
        campaign,
        count,
        concurrency: PARALLEL_STARTS,
      }),
    );
    const ratio = launch.seconds / bare.seconds;
    return {
      name: 'segment_launch_100k_s',
      value: launch.seconds,
      unit: 's',
      baseline: bare.seconds,
      baselineIs: `seconds for as many bare signalWithStart calls, ${PARALLEL_STARTS} concurrent`,
      ratio,
      target: 'ratio <= 1.25 (derived: 80% of the bare rate, as for ingestion)',
      met: ratio <= 1.25,
      size: count,
      details: {
        journeys_per_s: count / launch.seconds,
        baseline_journeys_per_s: bare.perSecond,
        progress: launch.progress.map((p) => `${p.at.toFixed(0)}s:${p.entered}`).join(' '),
        worker_rss_mb: workerRss,
      },
      verified,
      cpu,
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
};

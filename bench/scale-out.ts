// 7. Scale-out: the send workload of benchmark 3 with one and with two worker processes on the same task
// queue, and ingestion through one port with one and with two API processes behind it. On a 2-core
// machine that already runs Temporal and FerretDB little speed-up is possible; the figure shows that
// the work spreads over the task queue and that nothing is lost or sent twice when it does.
import { type BenchContext, type Benchmark, measured, type PhaseCpu } from './benchmark';
import { fireEvents, prepareIngestion, verifyRouted } from './ingestion';
import { RoundRobinProxy } from './round-robin-proxy';
import { drainBacklog } from './send-throughput';

async function ingestThroughProxy(ctx: BenchContext, apis: number, cpu: PhaseCpu[], verified: string[]) {
  const { scaleOutEvents: count, ingestionConcurrency: connections } = ctx.options.sizes;
  const tenant = await ctx.stack.tenant(`scale-${apis}api`);
  const processes = await Promise.all(Array.from({ length: apis }, () => ctx.stack.startApi(tenant)));
  const proxy = await RoundRobinProxy.start(processes.map((p) => p.port));
  try {
    const { campaignId, emails } = await prepareIngestion(tenant, proxy.url, count, `scale${apis}`);
    const run = await measured(ctx, `product: ingestion, ${apis} API process(es) behind one port`, cpu, () =>
      fireEvents(proxy.url, emails, connections),
    );
    await verifyRouted(ctx, tenant, campaignId, run, count, verified);
    return run;
  } finally {
    await proxy.close();
    await Promise.all(processes.map((p) => p.stop()));
  }
}

export const scaleOut: Benchmark = async (ctx) => {
  const count = ctx.options.sizes.scaleOutMessages;
  const cpu: PhaseCpu[] = [];
  const verified: string[] = [];
  ctx.log(`sending ${count} messages with one worker`);
  const one = await drainBacklog(ctx, { tenant: 'scale-1w', count, workers: 1, cpu, verified });
  ctx.log(`one worker: ${one.perSecond.toFixed(1)} messages/s; now two workers`);
  const two = await drainBacklog(ctx, { tenant: 'scale-2w', count, workers: 2, cpu, verified });
  ctx.log(`two workers: ${two.perSecond.toFixed(1)} messages/s`);
  const oneApi = await ingestThroughProxy(ctx, 1, cpu, verified);
  const twoApis = await ingestThroughProxy(ctx, 2, cpu, verified);
  ctx.log(`ingestion: ${oneApi.perSecond.toFixed(1)} → ${twoApis.perSecond.toFixed(1)} events/s`);
  return {
    name: 'scale_out_2_workers',
    value: two.perSecond,
    unit: 'messages/s',
    baseline: one.perSecond,
    baselineIs: 'the same workload with one worker process, messages/s',
    ratio: two.perSecond / one.perSecond,
    // Both drains passed their exactly-once checks, or this line is never reached.
    target: 'nothing lost or sent twice with two workers (speed-up informational on 2 cores)',
    met: two.exactlyOnce.ok && one.exactlyOnce.ok,
    size: count,
    details: {
      ingestion_1_api_events_per_s: oneApi.perSecond,
      ingestion_2_apis_events_per_s: twoApis.perSecond,
      ingestion_ratio: twoApis.perSecond / oneApi.perSecond,
      worker_rss_mb_1: one.workerRssMb.map((v) => v.toFixed(0)).join('/'),
      worker_rss_mb_2: two.workerRssMb.map((v) => v.toFixed(0)).join('/'),
    },
    verified,
    cpu,
  };
};

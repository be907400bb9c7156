// 1. Event ingestion: signed POST /v1/events from concurrent clients (autocannon) against one API
// process; every accepted event must have started its journey. Baseline: the same number of bare
// signalWithStart calls (the one Temporal call per event) from as many concurrent callers.
// No worker runs in either case, so the figures are the API's and the Temporal front end's alone.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { campaignDefinition } from '../campaigns/schema';
import { createAndLaunch, postSigned, signedHeaders } from './api-client';
import { bareSignalWithStart, type CallLoopResult } from './bare-temporal';
import { type BenchContext, type Benchmark, measured, type PhaseCpu, until, verify } from './benchmark';
import { sendAtOnce, WHITEPAPER_PROPERTIES } from './campaigns';
import { seedContacts } from './contacts';
import { type Distribution, distribution } from './percentiles';
import type { Tenant } from './stack';

const EVENT = 'bench.whitepaper.downloaded';

export interface IngestionRun {
  accepted: number;
  entered: number;
  failed: number;
  seconds: number;
  perSecond: number;
  latencyMs: Distribution;
  /** Accepted events per second over the first and the last quarter of the run (growth shows here). */
  firstQuarterPerSecond: number;
  lastQuarterPerSecond: number;
  samples: number[];
}

/**
 * Fires `emails.length` signed whitepaper events (one per address) at `url` from `connections`
 * concurrent connections and checks every answer.
 */
export async function fireEvents(url: string, emails: string[], connections: number): Promise<IngestionRun> {
  let next = 0;
  let entered = 0;
  let accepted = 0;
  let failed = 0;
  const answeredAt: number[] = [];
  const latencies: number[] = [];
  const sentAt = new Map<object, number>();
  const started = performance.now();
  const result = await autocannon({
    url,
    connections,
    amount: emails.length,
    timeout: 120,
    requests: [
      {
        method: 'POST',
        path: '/v1/events',
        setupRequest: (request, context) => {
          const email = emails[next++ % emails.length];
          const body = JSON.stringify({
            id: randomUUID(),
            name: EVENT,
            contact: { email },
            properties: WHITEPAPER_PROPERTIES,
          });
          sentAt.set(context, performance.now());
          return { ...request, body, headers: signedHeaders(body) };
        },
        onResponse: (status, body, context) => {
          const now = performance.now();
          const t = sentAt.get(context);
          if (t !== undefined) latencies.push(now - t);
          if (status !== 202) {
            failed += 1;
            return;
          }
          accepted += 1;
          answeredAt.push(now);
          const parsed = JSON.parse(body) as { accepted: { entered: number }[] };
          entered += parsed.accepted.reduce((s, a) => s + a.entered, 0);
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const quarter = Math.max(1, Math.floor(answeredAt.length / 4));
  const rate = (slice: number[]) =>
    slice.length > 1 ? ((slice.length - 1) / (slice.at(-1)! - slice[0]!)) * 1000 : Number.NaN;
  return {
    accepted,
    entered,
    failed: failed + result.errors + result.timeouts,
    seconds,
    perSecond: accepted / seconds,
    latencyMs: distribution(latencies),
    samples: latencies,
    firstQuarterPerSecond: rate(answeredAt.slice(0, quarter)),
    lastQuarterPerSecond: rate(answeredAt.slice(-quarter)),
  };
}

/** Sets up a tenant for ingestion: the campaign (through the API) and `count` contacts with consent. */
export async function prepareIngestion(tenant: Tenant, apiUrl: string, count: number, prefix: string) {
  const campaign = sendAtOnce(`ingest-${tenant.name}`, EVENT, { transactional: true, frequencyCapPerDay: null });
  await createAndLaunch(apiUrl, campaign as { id: string });
  const contacts = await seedContacts(tenant.store, prefix, count);
  // A few events first, so the API's code is warm and its connections are open when the clock runs.
  for (let i = 0; i < 20; i++) {
    await postSigned(apiUrl, '/v1/events', {
      id: randomUUID(),
      name: EVENT,
      contact: { email: `${prefix}-warmup-${i}@bench.example` },
      properties: WHITEPAPER_PROPERTIES,
    });
  }
  return { campaignId: campaign.id, emails: contacts.map((c) => c.email) };
}

/** Every accepted event is stored as routed and its journey exists in Temporal. */
export async function verifyRouted(
  ctx: BenchContext,
  tenant: Tenant,
  campaignId: string,
  run: IngestionRun,
  expected: number,
  verified: string[],
) {
  verify(run.failed === 0 && run.accepted === expected, `all ${expected} events answered 202`, verified);
  verify(run.entered === expected, `every answer reports its journey entered (${run.entered})`, verified);
  const routed = await tenant.store.events.countDocuments({ name: EVENT, routedAt: { $exists: true } });
  verify(routed === expected + 20, `${expected} events (+20 warm-up) are stored as routed in MongoDB`, verified);
  let inTemporal = 0;
  await until(
    'Temporal visibility to list every journey',
    async () => {
      inTemporal = (await ctx.stack.client.workflow.count(`OmnidripCampaignId = "${campaignId}"`)).count;
      return inTemporal >= expected + 20;
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );
  verify(inTemporal === expected + 20, `${inTemporal} journey workflows exist in Temporal`, verified);
}

const ROUNDS = 2;

/** Rounds of one measurement as one: totals, all latencies, the first round's start and the last's end. */
export function mergeRuns(runs: IngestionRun[]): IngestionRun {
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const accepted = runs.reduce((s, r) => s + r.accepted, 0);
  const samples = runs.flatMap((r) => r.samples);
  return {
    accepted,
    entered: runs.reduce((s, r) => s + r.entered, 0),
    failed: runs.reduce((s, r) => s + r.failed, 0),
    seconds,
    perSecond: accepted / seconds,
    latencyMs: distribution(samples),
    samples,
    firstQuarterPerSecond: runs[0]?.firstQuarterPerSecond ?? Number.NaN,
    lastQuarterPerSecond: runs.at(-1)?.lastQuarterPerSecond ?? Number.NaN,
  };
}

export const ingestion: Benchmark = async (ctx) => {
  const { ingestionEvents: count, ingestionConcurrency: connections } = ctx.options.sizes;
  const tenant = await ctx.stack.tenant('ingestion');
  const api = await ctx.stack.startApi(tenant);
  const cpu: PhaseCpu[] = [];
  const verified: string[] = [];
  try {
    const { campaignId, emails } = await prepareIngestion(tenant, api.url, count, 'ingest');
    ctx.log(
      `${count} bare signalWithStart calls and ${count} signed events, ${connections} concurrent, in ${ROUNDS} rounds`,
    );
    // Its own campaign id, so Temporal's count of the product's journeys does not include these.
    const campaign = campaignDefinition.parse(
      sendAtOnce(`${campaignId}-bare`, EVENT, { transactional: true, frequencyCapPerDay: null }),
    );
    // Baseline and product take turns, so a burst of load from elsewhere hits both about equally.
    const bareRounds: CallLoopResult[] = [];
    const runs: IngestionRun[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const slice = emails.slice((round * count) / ROUNDS, ((round + 1) * count) / ROUNDS);
      bareRounds.push(
        await measured(ctx, `baseline: bare signalWithStart (round ${round + 1})`, cpu, () =>
          bareSignalWithStart(ctx.stack.client, {
            taskQueue: `${tenant.taskQueue}-bare`,
            campaign,
            count: slice.length,
            concurrency: connections,
          }),
        ),
      );
      runs.push(
        await measured(ctx, `product: POST /v1/events (round ${round + 1})`, cpu, () =>
          fireEvents(api.url, slice, connections),
        ),
      );
      ctx.log(
        `round ${round + 1}: baseline ${bareRounds.at(-1)!.perSecond.toFixed(1)} calls/s, ` +
          `product ${runs.at(-1)!.perSecond.toFixed(1)} events/s`,
      );
    }
    const bareSeconds = bareRounds.reduce((s, r) => s + r.seconds, 0);
    const bare = {
      perSecond: count / bareSeconds,
      latencyMs: distribution(bareRounds.flatMap((r) => r.samples)),
    };
    const run = mergeRuns(runs);
    ctx.log(`product: ${run.perSecond.toFixed(1)} events/s, p99 ${run.latencyMs.p99.toFixed(0)} ms`);
    await verifyRouted(ctx, tenant, campaignId, run, count, verified);
    const ratio = run.perSecond / bare.perSecond;
    return {
      name: 'ingestion',
      value: run.perSecond,
      unit: 'events/s',
      baseline: bare.perSecond,
      baselineIs: `bare Temporal signalWithStart calls/s, ${connections} concurrent, taking turns with the product`,
      ratio,
      target: 'ratio >= 0.8',
      met: ratio >= 0.8,
      size: count,
      details: {
        connections,
        p50_ms: run.latencyMs.p50,
        p99_ms: run.latencyMs.p99,
        first_quarter_events_per_s: run.firstQuarterPerSecond,
        last_quarter_events_per_s: run.lastQuarterPerSecond,
        baseline_p50_ms: bare.latencyMs.p50,
        baseline_p99_ms: bare.latencyMs.p99,
        api_rss_mb: api.rssMb(),
      },
      verified,
      cpu,
    };
  } finally {
    await api.stop();
  }
};

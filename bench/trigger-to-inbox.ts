// 2. Trigger-to-inbox latency: from the 202 of a signed event to the SMTP sink receiving the mail of the
// journey it started, whose first step sends at once. Events arrive open-loop at a fixed rate (not as
// fast as possible), so the figure is the latency a shop sees under steady traffic. Baseline: a bare
// Temporal workflow whose one activity sends the same message with pooled nodemailer, started at the
// same rate by the same client; the time from start() returning to the sink receiving it.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAndLaunch, postSigned } from './api-client';
import { sampleFromRaw } from './bare-smtp';
import { type Benchmark, measured, type PhaseCpu, sleep, until, verify } from './benchmark';
import { sendAtOnce, WHITEPAPER_PROPERTIES } from './campaigns';
import { seedContacts } from './contacts';
import { distribution } from './percentiles';
import { checkExactlyOnce, type SmtpSink } from './smtp-sink';

const EVENT = 'bench.latency.downloaded';

/**
 * Calls `start(i)` for i in [0, count) at `perSecond` (open loop); `start` resolves when the trigger
 * is acknowledged. Resolves with, per recipient, when it was acknowledged and when its mail arrived.
 */
async function pacedJourneys(
  sink: SmtpSink,
  recipients: string[],
  perSecond: number,
  start: (to: string) => Promise<void>,
  timeoutMs: number,
) {
  const acknowledged = new Map<string, number>();
  const requested = new Map<string, number>();
  const arrived = new Map<string, number>();
  const wanted = new Set(recipients);
  const stop = sink.onMessage((m) => {
    for (const to of m.to) if (wanted.has(to) && !arrived.has(to)) arrived.set(to, m.at);
  });
  const from = sink.messages.length;
  try {
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < recipients.length; i++) {
      const due = t0 + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const to = recipients[i]!;
      requested.set(to, performance.now());
      pending.push(start(to).then(() => void acknowledged.set(to, performance.now())));
    }
    await Promise.all(pending);
    await sink.waitForCount((m) => m.to.some((to) => wanted.has(to)), recipients.length, { from, timeoutMs });
    // Anything sent twice would arrive within this grace period.
    await sleep(2_000);
  } finally {
    stop();
  }
  const fromAck = recipients.map((to) => arrived.get(to)! - acknowledged.get(to)!);
  const fromRequest = recipients.map((to) => arrived.get(to)! - requested.get(to)!);
  return {
    fromAck: distribution(fromAck),
    fromRequest: distribution(fromRequest),
    exactlyOnce: checkExactlyOnce(sink.messages.slice(from), recipients),
  };
}

export const triggerToInbox: Benchmark = async (ctx) => {
  const { latencyJourneys: count, latencyRate: rate } = ctx.options.sizes;
  const { stack } = ctx;
  const tenant = await stack.tenant('latency');
  const cpu: PhaseCpu[] = [];
  const verified: string[] = [];
  const [api, worker] = await Promise.all([stack.startApi(tenant), stack.startWorker(tenant)]);
  const campaign = sendAtOnce('bench-latency', EVENT, { transactional: true, frequencyCapPerDay: null });
  await createAndLaunch(api.url, campaign as { id: string });
  const warmups = 10;
  const contacts = await seedContacts(tenant.store, 'latency', count + warmups);
  const trigger = async (email: string) => {
    await postSigned(api.url, '/v1/events', {
      id: randomUUID(),
      name: EVENT,
      contact: { email },
      properties: WHITEPAPER_PROPERTIES,
    });
  };
  const emails = contacts.map((c) => c.email);
  ctx.log(`warm-up: ${warmups} journeys`);
  await pacedJourneys(stack.sink, emails.slice(0, warmups), rate, trigger, 120_000);
  ctx.log(`product: ${count} journeys at ${rate} events/s`);
  const timeoutMs = 120_000 + (count / rate) * 3_000;
  const product = await measured(ctx, 'product: event → mail', cpu, () =>
    pacedJourneys(stack.sink, emails.slice(warmups), rate, trigger, timeoutMs),
  );
  ctx.log(`product: p50 ${product.fromAck.p50.toFixed(0)} ms, p99 ${product.fromAck.p99.toFixed(0)} ms`);
  const e = product.exactlyOnce;
  verify(
    e.ok,
    `every one of ${count} journeys delivered exactly one mail (missing ${e.missing}, duplicates ${e.duplicates})`,
    verified,
  );
  let completed = 0;
  await until(
    'every journey to record its end',
    async () => {
      completed = await tenant.store.journeys.countDocuments({ campaignId: campaign.id, status: 'completed' });
      return completed >= count + warmups;
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );
  verify(completed === count + warmups, `${completed} journeys recorded as completed`, verified);
  const workerRss = worker.rssMb();
  await Promise.all([api.stop(), worker.stop()]);

  // The same message the product sent, through the bare path.
  if (!stack.sink.sample) throw new Error('the sink kept no sample message');
  const sampleFile = join(stack.dataDir, 'sample-mail.json');
  writeFileSync(sampleFile, JSON.stringify(await sampleFromRaw(stack.sink.sample)));
  const bareQueue = `${tenant.taskQueue}-bare`;
  const bareWorker = await stack.startBareWorker(bareQueue, sampleFile);
  try {
    const startBare = async (to: string) => {
      await stack.client.workflow.start('bareJourney', {
        workflowId: `bare-latency:${to}`,
        taskQueue: bareQueue,
        args: [{ to }],
      });
    };
    const bareRecipients = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => `bare-latency-${tag}-${i}@bench.example`);
    await pacedJourneys(stack.sink, bareRecipients(warmups, 'warm'), rate, startBare, 120_000);
    ctx.log(`baseline: ${count} bare workflows at ${rate}/s`);
    const bare = await measured(ctx, 'baseline: bare workflow → mail', cpu, () =>
      pacedJourneys(stack.sink, bareRecipients(count, 'run'), rate, startBare, timeoutMs),
    );
    verify(bare.exactlyOnce.ok, `the baseline delivered each of its ${count} mails exactly once`, verified);
    const value = product.fromAck.p99;
    return {
      name: 'trigger_to_inbox_p99_ms',
      value,
      unit: 'ms',
      baseline: bare.fromAck.p99,
      baselineIs: 'p99 of a bare Temporal workflow + nodemailer activity, same rate',
      ratio: value / bare.fromAck.p99,
      target: 'value < 500',
      met: value < 500,
      size: count,
      details: {
        events_per_s: rate,
        p50_ms: product.fromAck.p50,
        p90_ms: product.fromAck.p90,
        max_ms: product.fromAck.max,
        p50_from_request_ms: product.fromRequest.p50,
        p99_from_request_ms: product.fromRequest.p99,
        baseline_p50_ms: bare.fromAck.p50,
        baseline_p99_ms: bare.fromAck.p99,
        worker_rss_mb: workerRss,
      },
      verified,
      cpu,
    };
  } finally {
    await bareWorker.stop();
  }
};

// 3. Send throughput: messages per second through the full durable delivery path (journey workflow,
// consent, frequency cap, render, delivery record, timeline, SMTP) into the sink. The journeys are
// entered through the API first, with no worker running; then the worker starts and drains the backlog,
// so the figure is the worker's sending rate, not the ingestion rate. Baseline: a pooled nodemailer loop
// sending the same message into the same sink.
import { randomUUID } from 'node:crypto';
import { createAndLaunch, postSigned } from './api-client';
import { bareNodemailerLoop, sampleFromRaw } from './bare-smtp';
import { type BenchContext, type Benchmark, measured, type PhaseCpu, sleep, verify } from './benchmark';
import { sendAtOnce, WHITEPAPER_PROPERTIES } from './campaigns';
import { seedContacts } from './contacts';
import { checkExactlyOnce } from './smtp-sink';
import type { AppProcess } from './stack';

const EVENT = 'bench.send.downloaded';
const EVENTS_PER_REQUEST = 100;
const PARALLEL_REQUESTS = 4;

export interface Drain {
  messages: number;
  /** Messages per second from the moment every worker polled to the last message. */
  perSecond: number;
  /** Messages per second from the first to the last message. */
  firstToLastPerSecond: number;
  seconds: number;
  workerRssMb: number[];
  exactlyOnce: ReturnType<typeof checkExactlyOnce>;
}

/**
 * Enters `count` journeys of a send-at-once campaign through the API of a fresh tenant, then starts
 * `workers` worker processes together and measures how fast they send the backlog.
 */
export async function drainBacklog(
  ctx: BenchContext,
  options: { tenant: string; count: number; workers: number; cpu: PhaseCpu[]; verified: string[] },
): Promise<Drain> {
  const { stack } = ctx;
  const { count, cpu, verified } = options;
  const tenant = await stack.tenant(options.tenant);
  const api = await stack.startApi(tenant);
  const campaign = sendAtOnce(`send-${options.tenant}`, EVENT, { transactional: false, frequencyCapPerDay: 10 });
  const contacts = await seedContacts(tenant.store, options.tenant, count);
  const recipients = contacts.map((c) => c.email);
  try {
    await createAndLaunch(api.url, campaign as { id: string });
    ctx.log(`entering ${count} journeys through POST /v1/events (no worker yet)`);
    let next = 0;
    let entered = 0;
    await Promise.all(
      Array.from({ length: PARALLEL_REQUESTS }, async () => {
        for (let start = next; start < count; start = next) {
          next += EVENTS_PER_REQUEST;
          const batch = recipients.slice(start, start + EVENTS_PER_REQUEST).map((email) => ({
            id: randomUUID(),
            name: EVENT,
            contact: { email },
            properties: WHITEPAPER_PROPERTIES,
          }));
          const answer = await postSigned(api.url, '/v1/events', { events: batch });
          entered += answer.accepted.reduce((s, a) => s + a.entered, 0);
        }
      }),
    );
    verify(entered === count, `${count} journeys entered before any worker ran`, verified);
  } finally {
    await api.stop();
  }

  const from = stack.sink.messages.length;
  const wanted = new Set(recipients);
  const ours = (m: { to: string[] }) => m.to.some((to) => wanted.has(to));
  const spawned: AppProcess[] = [];
  const drain = await measured(ctx, `product: ${options.workers} worker(s) drain ${count} journeys`, cpu, async () => {
    const started = await Promise.all(
      Array.from({ length: options.workers }, async () => {
        const w = await stack.startWorker(tenant);
        spawned.push(w);
        return performance.now();
      }),
    );
    const allPolling = Math.max(...started);
    await stack.sink.waitForCount(ours, count, {
      from,
      timeoutMs: 120_000 + count * 2_000,
      progress: (seen) => ctx.log(`${seen}/${count} sent`),
    });
    const mine = stack.sink.messages.slice(from).filter(ours);
    const last = mine.at(-1)!.at;
    const first = mine[0]!.at;
    const afterAllPolling = mine.filter((m) => m.at >= allPolling).length;
    return {
      perSecond: afterAllPolling / ((last - allPolling) / 1000),
      firstToLastPerSecond: (mine.length - 1) / ((last - first) / 1000),
      seconds: (last - first) / 1000,
    };
  });
  await sleep(2_000); // anything sent twice would arrive meanwhile
  const workerRssMb = spawned.map((w) => w.rssMb());
  await Promise.all(spawned.map((w) => w.stop()));
  const exactlyOnce = checkExactlyOnce(stack.sink.messages.slice(from), recipients);
  verify(
    exactlyOnce.ok,
    `${options.workers} worker(s): every one of ${count} contacts got exactly one mail (missing ${exactlyOnce.missing}, duplicates ${exactlyOnce.duplicates})`,
    verified,
  );
  const accepted = await tenant.store.deliveries.countDocuments({ campaignId: campaign.id, status: 'accepted' });
  verify(accepted === count, `${accepted} deliveries recorded as accepted`, verified);
  return { messages: count, ...drain, workerRssMb, exactlyOnce };
}

export const sendThroughput: Benchmark = async (ctx) => {
  const count = ctx.options.sizes.sendMessages;
  const cpu: PhaseCpu[] = [];
  const verified: string[] = [];
  const product = await drainBacklog(ctx, { tenant: 'send', count, workers: 1, cpu, verified });
  ctx.log(`product: ${product.perSecond.toFixed(1)} messages/s`);
  if (!ctx.stack.sink.sample) throw new Error('the sink kept no sample message');
  const sample = await sampleFromRaw(ctx.stack.sink.sample);
  const recipients = Array.from({ length: count }, (_, i) => `bare-send-${i}@bench.example`);
  const from = ctx.stack.sink.messages.length;
  const bare = await measured(ctx, 'baseline: pooled nodemailer loop', cpu, () =>
    bareNodemailerLoop({ smtpUrl: ctx.stack.sink.url, sample, recipients }),
  );
  verify(
    checkExactlyOnce(ctx.stack.sink.messages.slice(from), recipients).ok,
    `the baseline's ${count} mails all arrived once`,
    verified,
  );
  ctx.log(`baseline: ${bare.perSecond.toFixed(1)} messages/s`);
  const ratio = product.perSecond / bare.perSecond;
  return {
    name: 'send_throughput',
    value: product.perSecond,
    unit: 'messages/s',
    baseline: bare.perSecond,
    baselineIs: 'pooled nodemailer loop into the same sink, messages/s',
    ratio,
    target: 'ratio >= 0.7',
    met: ratio >= 0.7,
    size: count,
    details: {
      first_to_last_messages_per_s: product.firstToLastPerSecond,
      stretch_messages_per_s: 280,
      stretch_met: product.perSecond >= 280 ? 'yes' : 'no',
      messages_per_hour: product.perSecond * 3600,
      worker_rss_mb: product.workerRssMb[0] ?? Number.NaN,
      mail_bytes: sample.html.length + sample.text.length,
    },
    verified,
    cpu,
  };
};

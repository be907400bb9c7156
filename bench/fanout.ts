// 4. Fan-out: one restock event wakes every back-in-stock subscriber of the variant (the shipped
// campaign, from its wait on): the time from the signed POST /v1/inventory to the sink accepting the
// last alert. Baseline: the pooled nodemailer loop sending as many copies of the alert into the sink.
import { randomUUID } from 'node:crypto';
import { createAndLaunch, postSigned } from './api-client';
import { bareNodemailerLoop, sampleFromRaw } from './bare-smtp';
import { type Benchmark, measured, type PhaseCpu, sleep, until, verify } from './benchmark';
import { backInStockFromRestock, RESTOCK, SUBSCRIPTION_PROPERTIES } from './campaigns';
import { seedContacts } from './contacts';
import { checkExactlyOnce } from './smtp-sink';

const EVENTS_PER_REQUEST = 100;

export const fanout: Benchmark = async (ctx) => {
  const count = ctx.options.sizes.fanoutSubscribers;
  const { stack } = ctx;
  const tenant = await stack.tenant('fanout');
  const cpu: PhaseCpu[] = [];
  const verified: string[] = [];
  const [api, worker] = await Promise.all([stack.startApi(tenant), stack.startWorker(tenant)]);
  const campaign = backInStockFromRestock('bench-back-in-stock');
  await createAndLaunch(api.url, campaign as { id: string });
  const contacts = await seedContacts(tenant.store, 'fanout', count);
  const recipients = contacts.map((c) => c.email);

  ctx.log(`${count} contacts subscribe to ${RESTOCK.variantId}`);
  let entered = 0;
  for (let start = 0; start < count; start += EVENTS_PER_REQUEST) {
    const events = recipients.slice(start, start + EVENTS_PER_REQUEST).map((email) => ({
      id: randomUUID(),
      name: 'back_in_stock.subscribed',
      contact: { email },
      properties: SUBSCRIPTION_PROPERTIES,
    }));
    const answer = await postSigned(api.url, '/v1/events', { events });
    entered += answer.accepted.reduce((s, a) => s + a.entered, 0);
  }
  verify(entered === count, `${count} subscriptions entered the campaign`, verified);
  const waitKey = `inventory.restocked:${RESTOCK.variantId}`;
  let waiting = 0;
  await until(
    `${count} journeys waiting for the restock`,
    async () => {
      waiting = await tenant.store.journeys.countDocuments({ campaignId: campaign.id, status: 'active', waitKey });
      return waiting >= count;
    },
    { timeoutMs: 120_000 + count * 1_000, intervalMs: 2_000 },
  );
  verify(waiting === count, `${waiting} journeys wait on ${waitKey}`, verified);
  await sleep(1_000); // let the worker settle before the clock runs

  const from = stack.sink.messages.length;
  const wanted = new Set(recipients);
  const ours = (m: { to: string[] }) => m.to.some((to) => wanted.has(to));
  const product = await measured(ctx, `product: restock wakes ${count}`, cpu, async () => {
    const t0 = performance.now();
    const answer = await postSigned(api.url, '/v1/inventory', { id: randomUUID(), ...RESTOCK, quantity: count });
    const acknowledged = performance.now();
    await stack.sink.waitForCount(ours, count, {
      from,
      timeoutMs: 120_000 + count * 2_000,
      progress: (seen) => ctx.log(`${seen}/${count} alerts`),
    });
    const last = stack.sink.messages.slice(from).filter(ours).at(-1)!.at;
    return {
      fanOuts: answer.accepted[0]?.fanOuts ?? 0,
      seconds: (last - t0) / 1000,
      ackSeconds: (acknowledged - t0) / 1000,
    };
  });
  await sleep(2_000);
  verify(product.fanOuts === 1, `the restock's 202 reports ${product.fanOuts} fan-out started`, verified);
  const once = checkExactlyOnce(stack.sink.messages.slice(from), recipients);
  verify(
    once.ok,
    `every subscriber got exactly one alert (missing ${once.missing}, duplicates ${once.duplicates})`,
    verified,
  );
  // Temporal is the record of what ran; the journeys index in MongoDB should agree with it.
  let finished = 0;
  await until(
    'every woken journey to complete in Temporal',
    async () => {
      const query = `OmnidripCampaignId = "${campaign.id}" AND ExecutionStatus = "Completed"`;
      finished = (await stack.client.workflow.count(query)).count;
      return finished >= count;
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );
  verify(finished === count, `${finished} journey workflows completed in Temporal`, verified);
  let indexed = 0;
  await until(
    'the journeys index to record every end',
    async () => {
      indexed = await tenant.store.journeys.countDocuments({ campaignId: campaign.id, status: 'completed' });
      return indexed >= count;
    },
    { timeoutMs: 15_000, intervalMs: 1_000 },
  ).catch(() => {});
  const defects: string[] = [];
  if (indexed < count) {
    defects.push(
      `${count - indexed} of ${count} journeys completed in Temporal are still "active" in the journeys index ` +
        '(lost update: see "Defects found")',
    );
  }
  const workerRss = worker.rssMb();
  await Promise.all([api.stop(), worker.stop()]);
  ctx.log(`product: last alert after ${product.seconds.toFixed(1)} s (202 after ${product.ackSeconds.toFixed(1)} s)`);

  if (!stack.sink.sample) throw new Error('the sink kept no sample message');
  const sample = await sampleFromRaw(stack.sink.sample);
  const bareRecipients = Array.from({ length: count }, (_, i) => `bare-fanout-${i}@bench.example`);
  const bare = await measured(ctx, 'baseline: pooled nodemailer loop', cpu, () =>
    bareNodemailerLoop({ smtpUrl: stack.sink.url, sample, recipients: bareRecipients }),
  );
  const ratio = product.seconds / bare.seconds;
  return {
    name: 'fanout_10k_s',
    value: product.seconds,
    unit: 's',
    baseline: bare.seconds,
    baselineIs: 'seconds for a pooled nodemailer loop to send as many alerts',
    ratio,
    // The issue names no target; the send-throughput bar (70% of the bare rate) applied to this batch.
    target: 'ratio <= 1.43 (derived: 70% of the bare rate)',
    met: ratio <= 1 / 0.7,
    size: count,
    details: {
      restock_202_s: product.ackSeconds,
      alerts_per_s: count / product.seconds,
      baseline_alerts_per_s: bare.perSecond,
      worker_rss_mb: workerRss,
    },
    verified,
    defects,
    cpu,
  };
};

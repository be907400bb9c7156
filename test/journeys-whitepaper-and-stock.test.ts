// The shipped whitepaper drip and back-in-stock campaigns, and campaign versioning, on a time-skipping
// Temporal server: exactly which messages go out, on which channel, at which journey time.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backInStock, whitepaperDrip } from '../campaigns/examples';
import { launchCampaign, updateDraft } from '../engine/campaign-lifecycle';
import { journeyWorkflowId } from '../engine/enter-journey';
import type { journeyWorkflow } from '../workflows/journey';
import { journeyQuery } from '../workflows/journey-signals';
import { restockFanOutWorkflow } from '../workflows/restock-fanout';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { eventually } from './support/eventually';
import { middayTimeZone } from './support/midday-time-zone';
import { recordHistory } from './support/record-history';

let h: EngineHarness;
beforeAll(async () => {
  h = await openEngineHarness('drip', { timeSkipping: true });
  h.startWorker();
  await h.launch(whitepaperDrip);
  await h.launch(backInStock);
});
afterAll(async () => {
  await h?.close();
});

let n = 0;
async function person(locale = 'de') {
  n += 1;
  const email = `interessent${n}-${Date.now()}@example.de`;
  const id = await h.contact({
    email,
    firstName: 'Jonas',
    locale,
    timeZone: middayTimeZone(),
    consent: { email: 'granted' },
  });
  return { id, email };
}

const DAY = 86_400_000;
const download = (contactId: string) =>
  h.send({
    name: 'whitepaper.downloaded',
    contact: { id: contactId },
    properties: {
      whitepaperId: 'omni-guide',
      title: 'Omnichannel-Leitfaden',
      downloadUrl: 'https://nordwind.example/omni-guide.pdf',
    },
  });

async function drip(contactId: string) {
  return h.client.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId('whitepaper-drip', contactId));
}

/** The journey records a send once the activity reports back, a moment after the mail arrived. */
async function firstSent(contactId: string) {
  for (let i = 0; i < 100; i++) {
    const view = await (await drip(contactId)).query(journeyQuery);
    if (view.sent[0]) return view.sent[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the journey recorded no send');
}

describe('whitepaper drip', () => {
  test('download link at once, follow-up on day 2, case study on day 5, no demo offer without a click', async () => {
    const p = await person();
    const start = await h.env!.currentTimeMs();
    await download(p.id);
    const first = await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
    expect(first.parsed.html).toContain('https://news.nordwind.example/t/c/'); // links are tracked
    await h.env!.sleep('10d');
    const result = await (await drip(p.id)).result();
    const days = result.sent.map((s) => [s.stepId, Math.floor((Date.parse(s.at) - Number(start)) / DAY)]);
    expect(days).toEqual(
      whitepaperDrip.steps
        .filter((s) => s.type === 'send' && s.template !== 'whitepaper-demo-offer')
        .map((s, i) => [s.id, [0, 2, 5][i]]),
    );
    expect(h.sink.to(p.email)).toHaveLength(3);
    expect(h.sink.to(p.email).map((m) => m.parsed.subject)).not.toContain(undefined);
  });

  test('a contact who clicked gets the demo offer on day 9', async () => {
    const p = await person('en');
    const start = await h.env!.currentTimeMs();
    await download(p.id);
    await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
    const firstSend = await firstSent(p.id);
    // The click arrives as the tracking route reports it: an engagement event naming journey and step.
    await h.send({
      name: 'email.clicked',
      contact: { id: p.id },
      properties: {
        journeyId: journeyWorkflowId('whitepaper-drip', p.id),
        stepId: firstSend!.stepId,
        url: 'https://nordwind.example/omni-guide.pdf',
      },
    });
    await h.env!.sleep('10d');
    const result = await (await drip(p.id)).result();
    await recordHistory(await drip(p.id), 'whitepaper-drip-clicked');
    const last = result.sent.at(-1)!;
    const demoStep = whitepaperDrip.steps.find((s) => s.type === 'send' && s.template === 'whitepaper-demo-offer')!;
    expect(last.stepId).toBe(demoStep.id);
    expect(Math.floor((Date.parse(last.at) - Number(start)) / DAY)).toBe(9);
    expect(h.sink.to(p.email)).toHaveLength(4);
  });

  test('booking a demo ends the drip on whatever step it is', async () => {
    const p = await person();
    await download(p.id);
    await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
    await h.env!.sleep('3d');
    await h.send({ name: 'demo.booked', contact: { id: p.id }, properties: {} });
    await h.env!.sleep('10d');
    const result = await (await drip(p.id)).result();
    expect(result).toMatchObject({ status: 'exited', exitReason: 'exit:demo.booked' });
    expect(result.sent).toHaveLength(2);
  });
});

describe('back in stock', () => {
  const subscribe = (contactId: string, variantId: string) =>
    h.send({
      name: 'back_in_stock.subscribed',
      contact: { id: contactId },
      properties: {
        productId: 'jacke-fjord',
        variantId,
        productName: 'Regenjacke Fjord',
        size: variantId.split('-').pop(),
        productUrl: 'https://shop.nordwind.example/jacke-fjord',
      },
    });

  const fanOutResult = (ingested: Awaited<ReturnType<typeof h.send>>) =>
    h.client.workflow.getHandle<typeof restockFanOutWorkflow>(ingested.routing!.fanOuts[0]!).result();

  test('one restock of one unit alerts the earliest subscriber of that size only', async () => {
    const early = await person();
    const late = await person();
    const other = await person();
    await subscribe(early.id, 'fjord-M');
    await h.env!.sleep('1h');
    await subscribe(late.id, 'fjord-M');
    await subscribe(other.id, 'fjord-L');
    for (const p of [early, late, other]) await h.sink.waitFor((m) => m.envelope.to.includes(p.email)); // confirmations
    await h.env!.sleep('2d');

    const restock = await h.send({
      name: 'inventory.restocked',
      properties: { productId: 'jacke-fjord', variantId: 'fjord-M', quantity: 1 },
    });
    // The webhook's answer only starts the fan-out; it wakes as many as came back in stock.
    expect(restock.routing?.fanOuts).toHaveLength(1);
    expect(await fanOutResult(restock)).toEqual({ woken: 1 });
    const alert = await h.sink.waitFor(
      (m) => m.envelope.to.includes(early.email) && m.parsed.subject !== h.sink.to(early.email)[0]?.parsed.subject,
    );
    expect(alert.parsed.text).toContain('Regenjacke Fjord');
    await h.env!.sleep('1h');
    expect(h.sink.to(late.email)).toHaveLength(1);
    expect(h.sink.to(other.email)).toHaveLength(1);

    // The next unit goes to the next in line.
    const second = await h.send({
      name: 'inventory.restocked',
      properties: { productId: 'jacke-fjord', variantId: 'fjord-M', quantity: 1 },
    });
    expect(await fanOutResult(second)).toEqual({ woken: 1 });
    await h.sink.waitFor(() => h.sink.to(late.email).length === 2);
    const earlyJourney = h.client.workflow.getHandle<typeof journeyWorkflow>(
      journeyWorkflowId('back-in-stock', early.id, 'fjord-M'),
    );
    await earlyJourney.result();
    await recordHistory(earlyJourney, 'back-in-stock-alerted');
  });

  test('a restock for everyone waiting wakes them page by page, each exactly once, and a second run wakes nobody', async () => {
    const waiting = [await person(), await person(), await person(), await person(), await person()];
    for (const p of waiting) await subscribe(p.id, 'fjord-XL');
    for (const p of waiting) await h.sink.waitFor((m) => m.envelope.to.includes(p.email)); // confirmations
    const waitKey = 'inventory.restocked:fjord-XL';
    await eventually(
      async () => (await h.store.journeys.countDocuments({ waitKey, status: 'active' })) === 5 || undefined,
    );
    const event = {
      id: 'test:restock-xl',
      name: 'inventory.restocked',
      properties: { productId: 'jacke-fjord', variantId: 'fjord-XL', quantity: 100 },
      occurredAt: new Date(Number(await h.env!.currentTimeMs())).toISOString(),
    };
    const fanOut = (workflowId: string) =>
      h.client.workflow.execute(restockFanOutWorkflow, {
        workflowId,
        taskQueue: h.config.TEMPORAL_TASK_QUEUE,
        args: [{ campaignId: 'back-in-stock', waitKey, limit: 0, event, pageSize: 2 }],
      });
    expect(await fanOut('restock-xl-1')).toEqual({ woken: 5 });
    for (const p of waiting) await h.sink.waitFor(() => h.sink.to(p.email).length === 2);
    // Woken journeys are claimed for this restock: another fan-out finds nobody left to wake.
    expect(await fanOut('restock-xl-2')).toEqual({ woken: 0 });
    await h.env!.sleep('1h');
    for (const p of waiting) expect(h.sink.to(p.email)).toHaveLength(2);
  });

  test('a subscription expires after 90 days with a notice', async () => {
    const p = await person();
    await subscribe(p.id, 'fjord-XS');
    await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
    await h.env!.sleep('91d');
    const handle = h.client.workflow.getHandle<typeof journeyWorkflow>(
      journeyWorkflowId('back-in-stock', p.id, 'fjord-XS'),
    );
    const result = await handle.result();
    await recordHistory(handle, 'back-in-stock-expired');
    expect(result.status).toBe('completed');
    expect(result.sent.map((s) => s.stepId)).toHaveLength(2);
    expect(h.sink.to(p.email)).toHaveLength(2);
  });
});

describe('versions', () => {
  test('a journey started on version 1 finishes on version 1 after version 2 is launched', async () => {
    const p = await person();
    await download(p.id);
    await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
    // Version 2 sends the case study on day 3 instead of day 5; the running journey must keep day 5.
    const v2 = structuredClone(whitepaperDrip) as typeof whitepaperDrip;
    const caseStudy = v2.steps.find((s) => s.type === 'send' && s.template === 'whitepaper-case-study')!;
    const waitBefore = v2.steps.find((s) => s.type === 'wait' && s.next === caseStudy.id) as { duration?: string };
    waitBefore.duration = '1d';
    await updateDraft(h.engine, 'whitepaper-drip', v2);
    const launched = await launchCampaign(h.engine, 'whitepaper-drip');
    expect(launched.liveVersion).toBe(2);
    const start = Number(await h.env!.currentTimeMs());
    const newcomer = await person();
    await download(newcomer.id);
    await h.env!.sleep('10d');
    const old = await (await drip(p.id)).result();
    const fresh = await (await drip(newcomer.id)).result();
    const caseStudyDay = (r: typeof old) =>
      Math.floor((Date.parse(r.sent.find((s) => s.stepId === caseStudy.id)!.at) - start) / DAY);
    expect(caseStudyDay(old)).toBe(5);
    expect(caseStudyDay(fresh)).toBe(3);
    const records = await h.store.journeys
      .find({
        workflowId: {
          $in: [journeyWorkflowId('whitepaper-drip', p.id), journeyWorkflowId('whitepaper-drip', newcomer.id)],
        },
      })
      .lean();
    expect(records.map((r) => r.campaignVersion).sort()).toEqual([1, 2]);
  });
});

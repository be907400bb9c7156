// Journeys that run long (continue-as-new keeps their history bounded) and campaigns that launch for a
// whole segment (in batches, with progress) or on a schedule.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pauseCampaign, stopCampaign } from '../engine/campaign-lifecycle';
import { journeyWorkflowId } from '../engine/enter-journey';
import { scheduleId, segmentLaunchId } from '../engine/launch-audience';
import { HISTORY_LIMIT, type journeyWorkflow } from '../workflows/journey';
import { type segmentLaunchWorkflow, segmentProgressQuery } from '../workflows/segment-launch';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { middayTimeZone } from './support/midday-time-zone';

describe('a journey that loops for months', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await openEngineHarness('loop', { timeSkipping: true });
    h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('continues as new with its state and still obeys its exit event', { timeout: 180_000 }, async () => {
    await h.launch({
      id: 'hourly-score',
      name: 'Hourly score',
      trigger: { type: 'event', event: 'score.started' },
      exitOn: [{ event: 'score.stopped' }],
      start: 'tick',
      steps: [
        { id: 'tick', type: 'wait', duration: '1h', next: 'mark' },
        { id: 'mark', type: 'update', addTags: ['aktiv'], next: 'tick' },
      ],
    });
    const contactId = await h.contact({ email: `loop-${Date.now()}@example.de` });
    await h.send({ name: 'score.started', contact: { id: contactId }, properties: {} });
    const handle = h.client.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId('hourly-score', contactId));
    const firstRun = (await handle.describe()).runId;
    // Each loop adds about ten history events; enough loops to pass the limit at least once.
    await h.env!.sleep(`${Math.ceil(HISTORY_LIMIT / 8)}h`);
    const now = await handle.describe();
    expect(now.runId).not.toBe(firstRun);
    expect(now.historyLength).toBeLessThan(HISTORY_LIMIT + 50);

    await h.send({ name: 'score.stopped', contact: { id: contactId }, properties: {} });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'exited', exitReason: 'exit:score.stopped' });
    // One journey record across runs: continue-as-new is not a new entry.
    expect(await h.store.journeys.countDocuments({ campaignId: 'hourly-score' })).toBe(1);
    const contact = await h.store.contacts.findById(contactId).lean();
    expect(contact?.tags).toEqual(['aktiv']);
  });
});

describe('segment and schedule launches', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await openEngineHarness('segment');
    h.startWorker();
    await h.library.upload('herbst-newsletter', {
      'meta.json': JSON.stringify({ channels: ['email'], description: 'Herbst-Newsletter' }),
      'email.de.subject.hbs': 'Neu im Herbst, {{contact.firstName}}',
      'email.de.html.hbs': '<p>Hallo {{contact.firstName}}, die Herbstkollektion ist da.</p>',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('launching a segment campaign enters exactly the matching contacts, in batches, with progress', {
    timeout: 120_000,
  }, async () => {
    const vip: string[] = [];
    for (let i = 0; i < 23; i++) {
      const email = `segment${i}-${Date.now()}@example.de`;
      const isVip = i % 3 !== 0;
      await h.contact({
        email,
        firstName: `K${i}`,
        tags: isVip ? ['vip'] : ['neu'],
        timeZone: middayTimeZone(),
        consent: { email: 'granted' },
      });
      if (isVip) vip.push(email);
    }
    await h.launch({
      id: 'herbst-vip',
      name: 'Herbst VIP',
      trigger: { type: 'segment', where: { field: 'contact.tags', op: 'contains', value: 'vip' }, batchSize: 5 },
      start: 'mail',
      steps: [{ id: 'mail', type: 'send', channels: ['email'], template: 'herbst-newsletter' }],
    });
    const launch = h.client.workflow.getHandle<typeof segmentLaunchWorkflow>(segmentLaunchId('herbst-vip', 1));
    const progress = await launch.result();
    expect(progress).toEqual({ entered: vip.length, scanned: 23, state: 'done' });
    expect(await launch.query(segmentProgressQuery)).toEqual(progress);
    await h.sink.waitFor(() => h.sink.messages.length >= vip.length, 30_000);
    expect(h.sink.messages.flatMap((m) => m.envelope.to).sort()).toEqual([...vip].sort());
    expect(h.sink.messages[0]?.parsed.subject).toMatch(/^Neu im Herbst, K\d+$/);
  });

  test('a scheduled campaign gets a Temporal schedule that follows pause and stop', async () => {
    await h.launch({
      id: 'montags-tipp',
      name: 'Montags-Tipp',
      trigger: {
        type: 'schedule',
        cron: '0 9 * * 1',
        timeZone: 'Europe/Berlin',
        where: { field: 'contact.tags', op: 'contains', value: 'vip' },
      },
      start: 'mail',
      steps: [{ id: 'mail', type: 'send', channels: ['email'], template: 'herbst-newsletter' }],
    });
    const schedule = h.client.schedule.getHandle(scheduleId('montags-tipp'));
    const described = await schedule.describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }] });
    expect(described.spec.timezone).toBe('Europe/Berlin');
    expect(described.state.paused).toBe(false);
    await pauseCampaign(h.engine, 'montags-tipp');
    expect((await schedule.describe()).state.paused).toBe(true);
    await stopCampaign(h.engine, 'montags-tipp');
    await expect(schedule.describe()).rejects.toThrow();
  });
});

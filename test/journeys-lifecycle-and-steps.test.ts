// What marketers and customers see of a campaign's life (pause, resume, stop, re-entry) and of the
// steps the shipped examples do not use (weekday waits, A/B splits, CRM webhooks, profile branches and
// updates), on a time-skipping Temporal server; re-entry cooldowns on the real-time dev server.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyWebhook } from '../activities/channels/webhook-signature';
import { chooseArm } from '../campaigns/split';
import { launchCampaign, pauseCampaign, resumeCampaign, stopCampaign, updateDraft } from '../engine/campaign-lifecycle';
import { campaignStats } from '../engine/campaign-stats';
import { journeyWorkflowId } from '../engine/enter-journey';
import type { journeyWorkflow } from '../workflows/journey';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { eventually } from './support/eventually';
import { middayTimeZone } from './support/midday-time-zone';

const DAY = 86_400_000;

/** Contact-only mails whose subject tells the reader which step sent them. */
const NOTES: Record<string, string> = {
  'kurs-willkommen': 'Willkommen im Kurs',
  'kurs-erinnerung': 'Morgen geht es los',
  'webinar-erinnerung': 'Heute: unser Webinar',
  'betreff-kurz': 'Neu: Fjord',
  'betreff-lang': 'Die Regenjacke Fjord ist da',
  'pro-willkommen': 'Willkommen bei Pro',
  'testphase-willkommen': 'Deine Testphase läuft',
  'allgemein-willkommen': 'Willkommen',
};

async function uploadNotes(h: EngineHarness) {
  for (const [id, subject] of Object.entries(NOTES)) {
    await h.library.upload(id, {
      'meta.json': JSON.stringify({ channels: ['email'], description: subject }),
      'email.de.subject.hbs': subject,
      'email.de.html.hbs': `<p>Hallo {{default contact.firstName "du"}}, ${subject}.</p>`,
    });
  }
}

const mail = (id: string, template: string, next?: string) => ({
  id,
  type: 'send',
  channels: ['email'],
  template,
  ...(next ? { next } : {}),
});

/** A course booking: a welcome at once, a reminder after `wait`. */
const course = (id: string, event: string, wait: string) => ({
  id,
  name: `Kurs ${id}`,
  trigger: { type: 'event', event },
  start: 'willkommen',
  steps: [
    mail('willkommen', 'kurs-willkommen', 'warten'),
    { id: 'warten', type: 'wait', duration: wait, next: 'erinnerung' },
    mail('erinnerung', 'kurs-erinnerung'),
  ],
});

let n = 0;
async function person(
  h: EngineHarness,
  extra: { timeZone?: string; attributes?: Record<string, unknown> } = {},
): Promise<{ id: string; email: string }> {
  n += 1;
  const email = `kontakt${n}-${Date.now()}@example.de`;
  // Midday in journey time, which earlier tests on this server have moved on by days.
  const now = h.env ? new Date(Number(await h.env.currentTimeMs())) : new Date();
  const id = await h.contact({
    email,
    firstName: 'Mara',
    locale: 'de',
    timeZone: extra.timeZone ?? middayTimeZone(now),
    attributes: extra.attributes,
    consent: { email: 'granted' },
  });
  return { id, email };
}

const journey = (h: EngineHarness, campaignId: string, contactId: string) =>
  h.client.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId(campaignId, contactId));

const subjects = (h: EngineHarness, email: string) => h.sink.to(email).map((m) => m.parsed.subject);

describe('on a time-skipping server', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await openEngineHarness('lifecycle', { timeSkipping: true });
    h.startWorker();
    await uploadNotes(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const journeyTime = async () => Number(await h.env!.currentTimeMs());
  const trigger = (event: string, contactId: string, properties: Record<string, unknown> = {}) =>
    h.send({ name: event, contact: { id: contactId }, properties });

  test('by default a contact who finished the journey does not enter it again', async () => {
    await h.launch({
      id: 'einmal-willkommen',
      name: 'Einmal Willkommen',
      trigger: { type: 'event', event: 'newsletter.abonniert' },
      start: 'hallo',
      steps: [mail('hallo', 'allgemein-willkommen')],
    });
    const p = await person(h);
    const workflowId = journeyWorkflowId('einmal-willkommen', p.id);
    expect((await trigger('newsletter.abonniert', p.id)).routing?.entered).toEqual([workflowId]);
    expect((await journey(h, 'einmal-willkommen', p.id).result()).status).toBe('completed');

    await h.env!.sleep('30d');
    const again = await trigger('newsletter.abonniert', p.id);
    expect(again.routing).toEqual({
      entered: [],
      signalled: [],
      skipped: [`${workflowId}:skipped:reentry_never`],
      fanOuts: [],
    });
    await h.env!.sleep('1d');
    expect(h.sink.to(p.email)).toHaveLength(1);
    expect(await h.store.journeys.countDocuments({ campaignId: 'einmal-willkommen' })).toBe(1);
  });

  // Delivery keys are per entry: the second journey must not find the first one's accepted delivery.
  test('a contact who walks a journey again (reentry "always") gets its message again', async () => {
    await h.launch({
      id: 'jedes-mal',
      name: 'Jedes Mal',
      trigger: { type: 'event', event: 'katalog.bestellt' },
      entry: { reentry: 'always' },
      start: 'hallo',
      steps: [mail('hallo', 'allgemein-willkommen')],
    });
    const p = await person(h);
    await trigger('katalog.bestellt', p.id);
    const first = await journey(h, 'jedes-mal', p.id).result();
    await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
    await h.env!.sleep('2d');
    expect((await trigger('katalog.bestellt', p.id)).routing?.entered).toEqual([journeyWorkflowId('jedes-mal', p.id)]);
    const second = await journey(h, 'jedes-mal', p.id).result();
    expect(second.sent.map((s) => s.stepId)).toEqual(['hallo']);
    expect(second.sent[0]!.deliveryId).not.toBe(first.sent[0]!.deliveryId);
    await h.sink.waitFor(() => h.sink.to(p.email).length === 2, 5_000);
  });

  test('a wait until Monday 09:00 sends at 09:00 on the next Monday in each contact’s own time zone', async () => {
    await h.launch({
      id: 'webinar-montag',
      name: 'Webinar am Montag',
      trigger: { type: 'event', event: 'webinar.angemeldet' },
      start: 'bis-montag',
      steps: [
        { id: 'bis-montag', type: 'wait', until: { time: '09:00', weekdays: ['mon'] }, next: 'erinnerung' },
        mail('erinnerung', 'webinar-erinnerung'),
      ],
    });
    // A half-hour offset and a zone with daylight saving time, on opposite sides of UTC.
    const zones = ['Asia/Kolkata', 'America/Los_Angeles'];
    const people = [];
    for (const timeZone of zones) people.push({ ...(await person(h, { timeZone })), timeZone });
    const start = await journeyTime();
    for (const p of people) await trigger('webinar.angemeldet', p.id);

    const sentAt: number[] = [];
    for (const p of people) {
      const result = await journey(h, 'webinar-montag', p.id).result();
      expect(result.sent.map((s) => s.stepId)).toEqual(['erinnerung']);
      const at = new Date(result.sent[0]!.at);
      const local = Object.fromEntries(
        new Intl.DateTimeFormat('en-GB', {
          timeZone: p.timeZone,
          weekday: 'short',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        })
          .formatToParts(at)
          .filter((part) => part.type !== 'literal')
          .map((part) => [part.type, part.value]),
      );
      expect(local).toEqual({ weekday: 'Mon', hour: '09', minute: '00' });
      // The next such Monday, not a later one.
      expect(at.getTime()).toBeGreaterThan(start);
      expect(at.getTime() - start).toBeLessThanOrEqual(7 * DAY);
      sentAt.push(at.getTime());
      await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
      expect(subjects(h, p.email)).toEqual(['Heute: unser Webinar']);
    }
    expect(sentAt[0]).not.toBe(sentAt[1]);
  });

  test('an A/B split puts each contact in one fixed arm, sends that arm’s message and reports the arms', async () => {
    const arms = [
      { name: 'kurz', weight: 1, next: 'mail-kurz' },
      { name: 'lang', weight: 3, next: 'mail-lang' },
    ];
    await h.launch({
      id: 'betreff-test',
      name: 'Betreff-Test',
      trigger: { type: 'event', event: 'produkt.angesehen' },
      entry: { reentry: 'always' },
      start: 'ab',
      steps: [{ id: 'ab', type: 'split', arms }, mail('mail-kurz', 'betreff-kurz'), mail('mail-lang', 'betreff-lang')],
    });
    // Contacts until each arm has two, so the test does not depend on how the ids fall.
    const people: { id: string; email: string; arm: string }[] = [];
    const count = (arm: string) => people.filter((p) => p.arm === arm).length;
    while ((count('kurz') < 2 || count('lang') < 2) && people.length < 40) {
      const p = await person(h);
      people.push({ ...p, arm: chooseArm(arms, p.id, 'ab').name });
    }
    expect(count('kurz')).toBeGreaterThanOrEqual(2);
    for (const p of people) await trigger('produkt.angesehen', p.id);

    const expectedSubject = { kurz: 'Neu: Fjord', lang: 'Die Regenjacke Fjord ist da' } as Record<string, string>;
    for (const p of people) {
      const result = await journey(h, 'betreff-test', p.id).result();
      expect(result.sent.map((s) => s.stepId)).toEqual([`mail-${p.arm}`]);
      await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
      expect(subjects(h, p.email)).toEqual([expectedSubject[p.arm]]);
    }

    // The same contact walking the journey again lands in the same arm.
    const returning = people[0]!;
    expect((await trigger('produkt.angesehen', returning.id)).routing?.entered).toHaveLength(1);
    const second = await journey(h, 'betreff-test', returning.id).result();
    expect(second.sent.map((s) => s.stepId)).toEqual([`mail-${returning.arm}`]);
    const records = await h.store.journeys.find({ campaignId: 'betreff-test', contactId: returning.id }).lean();
    expect(records.map((r) => r.splitArm)).toEqual([returning.arm, returning.arm]);

    const stats = await campaignStats(h.store, 'betreff-test');
    const entered = (arm: string) => count(arm) + (returning.arm === arm ? 1 : 0);
    expect(
      stats.splitArms.map((a) => ({ arm: a.arm, entered: a.entered })).sort((a, b) => a.arm.localeCompare(b.arm)),
    ).toEqual([
      { arm: 'kurz', entered: entered('kurz') },
      { arm: 'lang', entered: entered('lang') },
    ]);
    expect(stats.splitArms.reduce((sum, a) => sum + a.entered, 0)).toBe(stats.total.entered);
    expect(stats.total.entered).toBe(people.length + 1);
  });

  describe('webhook hand-off to a CRM', () => {
    let crm: Server;
    let crmUrl: string;
    const requests: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
    beforeAll(async () => {
      crm = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          // A CRM having a bad moment: the first request fails, the retry gets through.
          const answered = requests.length === 0 ? 500 : 200;
          requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
          res.writeHead(answered, { 'content-type': 'application/json' }).end('{}');
        });
      });
      crm.listen(0, '127.0.0.1');
      await once(crm, 'listening');
      crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/hooks/omnidrip`;
    });
    afterAll(async () => {
      crm?.closeAllConnections();
      await new Promise((resolve) => crm?.close(resolve));
    });

    test('the CRM gets one signed hand-off with contact and trigger, even after answering 500 once', async () => {
      await h.launch({
        id: 'demo-uebergabe',
        name: 'Demo-Übergabe',
        trigger: { type: 'event', event: 'demo.angefragt', properties: ['company', 'seats'] },
        start: 'an-crm',
        steps: [{ id: 'an-crm', type: 'webhook', url: crmUrl }],
      });
      const p = await person(h, { attributes: { plan: 'pro' } });
      await trigger('demo.angefragt', p.id, { company: 'Nordwind Outdoor GmbH', seats: 12 });
      const result = await journey(h, 'demo-uebergabe', p.id).result();
      expect(result.status).toBe('completed');

      expect(requests.map((r) => r.answered)).toEqual([500, 200]);
      for (const r of requests) {
        const verified = verifyWebhook({ secret: h.config.OUTBOUND_WEBHOOK_SECRET, headers: r.headers, body: r.body });
        expect(verified).toMatchObject({ ok: true });
      }
      // The retry is the same message: the CRM can drop a duplicate by its id.
      expect(requests[1]!.headers['webhook-id']).toBe(requests[0]!.headers['webhook-id']);
      expect(requests[1]!.body).toBe(requests[0]!.body);
      const body = JSON.parse(requests[1]!.body);
      expect(body).toMatchObject({
        type: 'lead.handoff',
        campaign: { id: 'demo-uebergabe', name: 'Demo-Übergabe', step: 'an-crm' },
        contact: { id: p.id, email: p.email, firstName: 'Mara', attributes: { plan: 'pro' } },
        trigger: { name: 'demo.angefragt', properties: { company: 'Nordwind Outdoor GmbH', seats: 12 } },
      });

      const deliveries = await h.store.deliveries.find({ campaignId: 'demo-uebergabe' }).lean();
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ channel: 'webhook', status: 'accepted', attempts: 2, address: crmUrl });
      expect(await h.store.events.countDocuments({ contactId: p.id, name: 'webhook.sent' })).toBe(1);
    });
  });

  test('a branch on the plan attribute, and an update step whose attribute a later branch sees', async () => {
    await h.launch({
      id: 'konto-start',
      name: 'Konto-Start',
      trigger: { type: 'event', event: 'konto.erstellt' },
      start: 'welcher-plan',
      steps: [
        {
          id: 'welcher-plan',
          type: 'branch',
          cases: [{ when: { field: 'contact.attributes.plan', op: 'eq', value: 'pro' }, next: 'mail-pro' }],
          otherwise: 'testphase-starten',
        },
        mail('mail-pro', 'pro-willkommen'),
        {
          id: 'testphase-starten',
          type: 'update',
          set: { plan: 'trial' },
          addTags: ['testphase'],
          next: 'in-testphase',
        },
        {
          id: 'in-testphase',
          type: 'branch',
          cases: [{ when: { field: 'contact.attributes.plan', op: 'eq', value: 'trial' }, next: 'mail-testphase' }],
          otherwise: 'mail-allgemein',
        },
        mail('mail-testphase', 'testphase-willkommen'),
        mail('mail-allgemein', 'allgemein-willkommen'),
      ],
    });
    const pro = await person(h, { attributes: { plan: 'pro' } });
    const free = await person(h, { attributes: { plan: 'free' } });
    // Text compares exactly: "Pro" is not "pro".
    const capitalised = await person(h, { attributes: { plan: 'Pro' } });
    for (const p of [pro, free, capitalised]) await trigger('konto.erstellt', p.id);

    const paths = [];
    for (const p of [pro, free, capitalised]) {
      paths.push((await journey(h, 'konto-start', p.id).result()).sent.map((s) => s.stepId));
      await h.sink.waitFor((m) => m.envelope.to.includes(p.email));
    }
    expect(paths).toEqual([['mail-pro'], ['mail-testphase'], ['mail-testphase']]);
    expect(subjects(h, pro.email)).toEqual(['Willkommen bei Pro']);
    expect(subjects(h, free.email)).toEqual(['Deine Testphase läuft']);

    const profile = async (id: string) => h.store.contacts.findById(id).lean();
    expect(await profile(pro.id)).toMatchObject({ attributes: { plan: 'pro' }, tags: [] });
    expect(await profile(free.id)).toMatchObject({ attributes: { plan: 'trial' }, tags: ['testphase'] });
  });
});

describe('on the real-time dev server', () => {
  // Pause, resume and stop also pause or delete the campaign's Temporal schedule, an API the time-skipping
  // test server does not implement; and re-entry cooldowns are judged by the wall clock (enterJourney's
  // `now`, the journey record's endedAt), which time skipping does not move. So these run in real time,
  // with waits of seconds.
  let h: EngineHarness;
  beforeAll(async () => {
    h = await openEngineHarness('lifecycle-live');
    h.startWorker();
    await uploadNotes(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const trigger = (event: string, contactId: string, properties: Record<string, unknown> = {}) =>
    h.send({ name: event, contact: { id: contactId }, properties });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

  test('while paused nobody new enters, a journey in flight still gets its reminder; after resume entries work again', async () => {
    await h.launch(course('kurs-pause', 'kurs.gebucht', '2s'));
    const early = await person(h);
    const late = await person(h);
    const first = await trigger('kurs.gebucht', early.id);
    expect(first.routing?.entered).toEqual([journeyWorkflowId('kurs-pause', early.id)]);
    await h.sink.waitFor((m) => m.envelope.to.includes(early.email));

    expect((await pauseCampaign(h.engine, 'kurs-pause')).status).toBe('paused');
    const whilePaused = await trigger('kurs.gebucht', late.id);
    expect(whilePaused.routing).toEqual({ entered: [], signalled: [], skipped: [], fanOuts: [] });
    const result = await journey(h, 'kurs-pause', early.id).result();
    expect(result.status).toBe('completed');
    expect(result.sent.map((s) => s.stepId)).toEqual(['willkommen', 'erinnerung']);
    await h.sink.waitFor(() => h.sink.to(early.email).length === 2);
    expect(subjects(h, early.email)).toEqual(['Willkommen im Kurs', 'Morgen geht es los']);
    expect(h.sink.to(late.email)).toHaveLength(0);
    expect(await h.store.journeys.countDocuments({ campaignId: 'kurs-pause' })).toBe(1);

    expect((await resumeCampaign(h.engine, 'kurs-pause')).status).toBe('live');
    const afterResume = await trigger('kurs.gebucht', late.id);
    expect(afterResume.routing?.entered).toEqual([journeyWorkflowId('kurs-pause', late.id)]);
    const resumed = await journey(h, 'kurs-pause', late.id).result();
    expect(resumed.sent.map((s) => s.stepId)).toEqual(['willkommen', 'erinnerung']);
    await h.sink.waitFor(() => h.sink.to(late.email).length === 2);
  });

  test('a journey in flight hears its exit event though its campaign is paused and version 2 no longer listens for it', async () => {
    const v1 = { ...course('kurs-storno', 'seminar.gebucht', '1d'), exitOn: [{ event: 'kurs.storniert' }] };
    await h.launch(v1);
    const booked = await person(h);
    await trigger('seminar.gebucht', booked.id);
    await h.sink.waitFor((m) => m.envelope.to.includes(booked.email));
    await updateDraft(h.engine, 'kurs-storno', { ...v1, exitOn: [] });
    expect((await launchCampaign(h.engine, 'kurs-storno')).liveVersion).toBe(2);
    await pauseCampaign(h.engine, 'kurs-storno');

    const cancelled = await trigger('kurs.storniert', booked.id);
    const workflowId = journeyWorkflowId('kurs-storno', booked.id);
    expect(cancelled.routing).toEqual({ entered: [], signalled: [workflowId], skipped: [], fanOuts: [] });
    const result = await journey(h, 'kurs-storno', booked.id).result();
    expect(result).toMatchObject({ status: 'exited', exitReason: 'exit:kurs.storniert' });
    expect(subjects(h, booked.email)).toEqual(['Willkommen im Kurs']);
    // Nobody else is in the campaign: an exit event for a contact without a journey signals nothing.
    const stranger = await person(h);
    expect((await trigger('kurs.storniert', stranger.id)).routing?.signalled).toEqual([]);
  });

  test('one purchase ends every keyed journey of the contact (a size alarm per variant), nobody else’s', async () => {
    await h.launch({
      ...course('groessen-alarm', 'groesse.abonniert', '1d'),
      entry: { reentry: 'never', key: 'event.properties.variantId' },
      exitOn: [{ event: 'kauf.abgeschlossen' }],
    });
    const [buyer, other] = [await person(h), await person(h)];
    for (const variantId of ['jacke-m', 'jacke-l']) await trigger('groesse.abonniert', buyer.id, { variantId });
    await trigger('groesse.abonniert', other.id, { variantId: 'jacke-m' });
    await h.sink.waitFor(() => h.sink.to(buyer.email).length === 2 && h.sink.to(other.email).length === 1);
    const ids = ['jacke-m', 'jacke-l'].map((k) => journeyWorkflowId('groessen-alarm', buyer.id, k));
    // The journey records are written by the journeys' first activity; wait until both exist.
    await eventually(async () => (await h.store.journeyHeads.countDocuments({ _id: { $in: ids } })) === 2 || undefined);

    const purchase = await trigger('kauf.abgeschlossen', buyer.id);
    expect([...(purchase.routing?.signalled ?? [])].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const result = await h.client.workflow.getHandle<typeof journeyWorkflow>(id).result();
      expect(result.status).toBe('exited');
    }
    const others = await h.client.workflow
      .getHandle(journeyWorkflowId('groessen-alarm', other.id, 'jacke-m'))
      .describe();
    expect(others.status.name).toBe('RUNNING');
    expect(subjects(h, buyer.email)).toEqual(['Willkommen im Kurs', 'Willkommen im Kurs']);
  });

  test('stop ends every journey in flight at once; nobody gets another message and nobody new enters', async () => {
    const WAIT_MS = 5_000;
    await h.launch(course('kurs-stopp', 'kurs.reserviert', `${WAIT_MS / 1000}s`));
    const people = [await person(h), await person(h)];
    const entered = Date.now();
    for (const p of people) await trigger('kurs.reserviert', p.id);
    for (const p of people) await h.sink.waitFor((m) => m.envelope.to.includes(p.email));

    // Both now wait for their reminder.
    const { campaign, stopping } = await stopCampaign(h.engine, 'kurs-stopp');
    expect(campaign.status).toBe('stopped');
    expect(stopping).toBe(2);
    for (const p of people) {
      const result = await journey(h, 'kurs-stopp', p.id).result();
      expect(result).toMatchObject({ status: 'stopped', exitReason: 'stopped:campaign_stopped' });
      expect(result.sent.map((s) => s.stepId)).toEqual(['willkommen']);
    }
    // Ended by the signal, before the wait for the reminder was over.
    expect(Date.now() - entered).toBeLessThan(WAIT_MS);
    const records = await h.store.journeys.find({ campaignId: 'kurs-stopp' }).lean();
    expect(records.map((r) => r.status)).toEqual(['stopped', 'stopped']);

    const newcomer = await person(h);
    expect((await trigger('kurs.reserviert', newcomer.id)).routing).toEqual({
      entered: [],
      signalled: [],
      skipped: [],
      fanOuts: [],
    });
    await pause(entered + WAIT_MS + 1_000 - Date.now());
    for (const p of people) expect(subjects(h, p.email)).toEqual(['Willkommen im Kurs']);
    expect(h.sink.to(newcomer.email)).toHaveLength(0);
  });

  test('with a cooldown a contact re-enters only once the cooldown after their last journey has passed', async () => {
    const COOLDOWN_MS = 3_000;
    await h.launch({
      id: 'stoebern',
      name: 'Stöbern',
      trigger: { type: 'event', event: 'katalog.angesehen' },
      entry: { reentry: { cooldown: `${COOLDOWN_MS / 1000}s` } },
      start: 'hallo',
      steps: [mail('hallo', 'allgemein-willkommen')],
    });
    const p = await person(h);
    const workflowId = journeyWorkflowId('stoebern', p.id);
    const browse = () => trigger('katalog.angesehen', p.id);

    expect((await browse()).routing?.entered).toEqual([workflowId]);
    expect((await journey(h, 'stoebern', p.id).result()).status).toBe('completed');
    const [ended] = await h.store.journeys.find({ workflowId }).lean();
    const endedAt = ended!.endedAt!.getTime();

    const tooSoon = await browse();
    expect(Date.now() - endedAt).toBeLessThan(COOLDOWN_MS); // otherwise this run proves nothing
    expect(tooSoon.routing).toEqual({
      entered: [],
      signalled: [],
      skipped: [`${workflowId}:skipped:reentry_cooldown`],
      fanOuts: [],
    });

    await pause(endedAt + COOLDOWN_MS + 200 - Date.now());
    expect((await browse()).routing?.entered).toEqual([workflowId]);
    expect((await journey(h, 'stoebern', p.id).result()).status).toBe('completed');
    const records = await h.store.journeys.find({ workflowId }).lean();
    expect(records.map((r) => r.status)).toEqual(['completed', 'completed']);
  });
});

// Guardrails that hold across campaigns, seen from a journey on a time-skipping server: a marketing
// send in the contact's quiet hours waits for them to end; a confirmation the contact asked for does not.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { journeyWorkflowId } from '../engine/enter-journey';
import type { journeyWorkflow } from '../workflows/journey';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { timeZoneWhereItIs } from './support/midday-time-zone';

let h: EngineHarness;
beforeAll(async () => {
  h = await openEngineHarness('guardrails', { timeSkipping: true });
  h.startWorker();
  await h.launch({
    id: 'late-offer',
    name: 'Late offer',
    trigger: { type: 'event', event: 'guide.requested', properties: ['title', 'downloadUrl'] },
    start: 'confirm',
    steps: [
      {
        id: 'confirm',
        type: 'send',
        channels: ['email'],
        template: 'whitepaper-download',
        transactional: true,
        next: 'offer',
      },
      { id: 'offer', type: 'send', channels: ['email'], template: 'whitepaper-followup' },
    ],
  });
});
afterAll(async () => {
  await h?.close();
});

test('at 23:00 local time the confirmation goes at once and the marketing mail waits until 08:00', async () => {
  const timeZone = timeZoneWhereItIs(23);
  const email = `nachteule-${Date.now()}@example.de`;
  const contactId = await h.contact({ email, timeZone, consent: { email: 'granted' } });
  const start = Number(await h.env!.currentTimeMs());
  await h.send({
    name: 'guide.requested',
    contact: { id: contactId },
    properties: { title: 'Packliste', downloadUrl: 'https://nordwind.example/p.pdf' },
  });
  await h.sink.waitFor((m) => m.envelope.to.includes(email));
  await h.env!.sleep('12h');
  const result = await h.client.workflow
    .getHandle<typeof journeyWorkflow>(journeyWorkflowId('late-offer', contactId))
    .result();
  const hourOf = (iso: string) =>
    Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(iso)));
  const [confirm, offer] = result.sent;
  expect(confirm?.stepId).toBe('confirm');
  expect(Date.parse(confirm!.at) - start).toBeLessThan(60_000);
  expect(offer?.stepId).toBe('offer');
  expect(hourOf(offer!.at)).toBe(8);
  expect(Date.parse(offer!.at) - start).toBeGreaterThan(8 * 3_600_000);
  expect(h.sink.to(email)).toHaveLength(2);
});

// Durability on real processes: a worker killed (SIGKILL) in the middle of 100 journeys is replaced by a
// new one, every journey completes, and no customer gets a message twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type EngineHarness, openEngineHarness } from './support/engine-harness';
import { eventually } from './support/eventually';

let h: EngineHarness;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  h = await openEngineHarness('crash', { inProcessWorker: false });
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await h?.close();
});

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: h.config.temporalAddress,
      TEMPORAL_TASK_QUEUE: h.config.TEMPORAL_TASK_QUEUE,
      MONGODB_URI: h.config.mongodbUri,
      SMTP_URL: h.config.smtpUrl,
      PUBLIC_URL: h.config.PUBLIC_URL,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 90_000);
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker polling')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
}

test('killing the worker in the middle of 100 journeys loses none and sends nothing twice', {
  timeout: 240_000,
}, async () => {
  await h.launch({
    id: 'crash-drip',
    name: 'Crash drill',
    trigger: { type: 'event', event: 'whitepaper.downloaded', properties: ['whitepaperId', 'title', 'downloadUrl'] },
    guardrails: { quietHours: null, frequencyCapPerDay: null },
    start: 'link',
    steps: [
      { id: 'link', type: 'send', channels: ['email'], template: 'whitepaper-download', next: 'pause' },
      { id: 'pause', type: 'wait', duration: '8s', next: 'followup' },
      { id: 'followup', type: 'send', channels: ['email'], template: 'whitepaper-followup' },
    ],
  });
  const first = await startWorkerProcess();
  const emails: string[] = [];
  for (let i = 0; i < 100; i++) {
    const email = `crash${i}-${Date.now()}@example.de`;
    emails.push(email);
    const contactId = await h.contact({ email, consent: { email: 'granted' } });
    await h.send({
      name: 'whitepaper.downloaded',
      contact: { id: contactId },
      properties: {
        whitepaperId: 'omni-guide',
        title: 'Omnichannel-Leitfaden',
        downloadUrl: 'https://nordwind.example/g.pdf',
      },
    });
  }
  // Every journey has sent its first mail and sleeps: now the worker dies without any chance to clean up.
  // It dies once the first mails are recorded, not the instant the 100th arrives: between an SMTP server's
  // "250 accepted" and the delivery record lie a few milliseconds in which no SMTP client can know that
  // the mail went out; a crash exactly there resends it with the same Message-ID (see README, Operations).
  await h.sink.waitFor(() => h.sink.messages.length >= 100, 90_000);
  await eventually(
    async () => (await h.store.deliveries.countDocuments({ status: 'accepted' })) >= 100 || undefined,
    30_000,
  );
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  const atCrash = h.sink.messages.length;

  await startWorkerProcess();
  await h.sink.waitFor(() => h.sink.messages.length >= 200, 120_000);
  await new Promise((r) => setTimeout(r, 3_000)); // anything sent twice would arrive in this window

  expect(atCrash).toBeLessThan(200);
  expect(h.sink.messages).toHaveLength(200);
  for (const email of emails) {
    const subjects = h.sink.to(email).map((m) => m.parsed.subject);
    expect(new Set(subjects).size).toBe(2);
  }
  const completed = await h.store.journeys.countDocuments({ campaignId: 'crash-drip', status: 'completed' });
  expect(completed).toBe(100);
});

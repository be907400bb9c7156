// The whole path on real services: Temporal runs a workflow, an activity writes through mongoose to
// FerretDB, another sends a mail over SMTP that the sink receives and parses.
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MailCatcher } from '../devstack/mail-catcher';
import type { SmokeActivities } from './fixtures/smoke-workflows';
import { openTestStack, type TestStack, uniqueName, withWorker } from './support/stack';

let stack: TestStack;
let sink: MailCatcher;

beforeAll(async () => {
  stack = await openTestStack('smoke');
  sink = await MailCatcher.start({ smtpPort: 0 });
});
afterAll(async () => {
  await sink?.close();
  await stack?.close();
});

test('a workflow writes to MongoDB and delivers a mail the SMTP sink parses', async () => {
  const Visit = stack.mongo.model('Visit', new mongoose.Schema({ email: String, at: Date }));
  const transport = nodemailer.createTransport(sink.smtpUrl);
  const activities: SmokeActivities = {
    async recordVisit(email) {
      const visit = await Visit.create({ email, at: new Date() });
      return visit.id as string;
    },
    async sendWelcome(email, visitId) {
      const info = await transport.sendMail({
        from: 'omnidrip <hello@omnidrip.localhost>',
        to: email,
        subject: 'Willkommen bei omnidrip',
        text: `Besuch ${visitId}`,
      });
      return info.messageId;
    },
  };

  const email = `${uniqueName('kunde')}@example.org`;
  const result = await withWorker(
    stack,
    { workflowsPath: fileURLToPath(new URL('./fixtures/smoke-workflows.ts', import.meta.url)), activities },
    () =>
      stack.client.workflow.execute('smokeWorkflow', {
        taskQueue: stack.taskQueue,
        workflowId: uniqueName('smoke'),
        args: [email],
      }),
  );
  transport.close();

  const stored = await Visit.findById(result.visitId).lean();
  expect(stored?.email).toBe(email);
  const mail = await sink.waitFor((m) => m.envelope.to.includes(email));
  expect(mail.parsed.subject).toBe('Willkommen bei omnidrip');
  expect(mail.parsed.text?.trim()).toBe(`Besuch ${result.visitId}`);
  expect(mail.parsed.messageId).toBe(result.messageId);
});

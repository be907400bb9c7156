// Entry point of the bare worker process (a child of the bench, like the product's worker): runs
// bare-workflows.ts with one activity that sends a sample message through a pooled nodemailer transport.
// Configured by the bench through BARE_* variables.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { SampleMail } from './bare-smtp';

function createBareActivities(smtpUrl: string, sample: SampleMail) {
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true });
  return {
    transport,
    activities: {
      async bareSend(input: { to: string }): Promise<void> {
        await transport.sendMail({ ...sample, to: input.to });
      },
    },
  };
}
export type BareActivities = ReturnType<typeof createBareActivities>['activities'];

async function main() {
  const { BARE_TEMPORAL_ADDRESS, BARE_TASK_QUEUE, BARE_SMTP_URL, BARE_SAMPLE_FILE } = process.env;
  if (!BARE_TEMPORAL_ADDRESS || !BARE_TASK_QUEUE || !BARE_SMTP_URL || !BARE_SAMPLE_FILE) {
    throw new Error('bare-worker needs BARE_TEMPORAL_ADDRESS, BARE_TASK_QUEUE, BARE_SMTP_URL and BARE_SAMPLE_FILE');
  }
  // Warnings only, as the product's worker logs at LOG_LEVEL=warn.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const sample = JSON.parse(readFileSync(BARE_SAMPLE_FILE, 'utf8')) as SampleMail;
  const { transport, activities } = createBareActivities(BARE_SMTP_URL, sample);
  const connection = await NativeConnection.connect({ address: BARE_TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: BARE_TASK_QUEUE,
    workflowsPath: createRequire(import.meta.url).resolve('./bare-workflows.ts'),
    activities,
  });
  process.once('SIGTERM', () => worker.shutdown());
  process.stdout.write(`worker polling task queue ${BARE_TASK_QUEUE}\n`);
  await worker.run();
  transport.close();
  await connection.close();
}

await main();

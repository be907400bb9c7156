// Proves the harness can skip journey time: nine days of workflow time pass without waiting for them.
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uniqueName } from './support/stack';
import { createTimeSkippingEnv } from './support/time-skipping';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a nine-day wait completes with nine days of workflow time elapsed', async () => {
  const taskQueue = uniqueName('sleepy');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./fixtures/sleepy-workflows.ts', import.meta.url)),
  });
  const elapsed = await worker.runUntil(
    env.client.workflow.execute('sleepNineDays', { taskQueue, workflowId: uniqueName('sleep') }),
  );
  expect(elapsed).toBeGreaterThanOrEqual(9 * 24 * 3600 * 1000);
});

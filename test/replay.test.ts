// Journeys run for months; a deploy must not change what a running journey decides. Each recorded
// history (test/histories/, from real runs of the shipped campaigns) is replayed against the current
// workflow code: a non-deterministic change fails here, before it reaches production.
// Re-record after an intended change with: RECORD_HISTORIES=1 npx vitest run test/journeys-*.test.ts
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, test } from 'vitest';
import { workflowBundle } from './support/engine-harness';
import { HISTORIES_DIR, readHistory } from './support/record-history';

const files = readdirSync(fileURLToPath(HISTORIES_DIR)).filter((f) => f.endsWith('.history.pb'));

describe('recorded journey histories replay on the current workflow code', () => {
  test('there are recorded histories of every shipped campaign', () => {
    const campaigns = new Set(
      files.map((f) => f.replace(/-(purchase|three-changes|clicked|expired|alerted)\.history\.pb$/, '')),
    );
    expect([...campaigns].sort()).toEqual(['abandoned-cart', 'back-in-stock', 'whitepaper-drip']);
  });

  test.each(files)('%s', async (file) => {
    const history = readHistory(file);
    await expect(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
  });
});

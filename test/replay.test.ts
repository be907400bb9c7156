// Journeys run for months; a deploy must not change what a running journey decides. Each recorded
// history (test/histories/, from real runs of the shipped campaigns) is replayed against the current
// workflow code: a non-deterministic change fails here, before it reaches production.
// Re-record after an intended change with: RECORD_HISTORIES=1 npx vitest run test/journeys-*.test.ts; keep
// the older recordings in a subdirectory while journeys started under that code may still be running.
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, test } from 'vitest';
import { workflowBundle } from './support/engine-harness';
import { HISTORIES_DIR, readHistory } from './support/record-history';

// Histories of today's code at the top; those of journeys started under older code in subdirectories
// (activity-records/: before journeys recorded themselves with local activities).
const files = readdirSync(fileURLToPath(HISTORIES_DIR), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.history.pb'))
  .sort();

describe('recorded journey histories replay on the current workflow code', () => {
  test('there are recorded histories of every shipped campaign, from today’s and from older code', () => {
    const campaigns = (dir: string) =>
      new Set(
        files
          .filter((f) => dirname(f) === dir)
          .map((f) => basename(f).replace(/-(purchase|three-changes|clicked|expired|alerted)\.history\.pb$/, '')),
      );
    for (const dir of ['.', 'activity-records']) {
      expect([...campaigns(dir)].sort()).toEqual(['abandoned-cart', 'back-in-stock', 'whitepaper-drip']);
    }
  });

  test.each(files)('%s', async (file) => {
    const history = readHistory(file);
    await expect(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
  });
});

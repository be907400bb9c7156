// The raw limit under event ingestion and segment launches: nothing but Temporal signalWithStart calls,
// the one call omnidrip makes per journey entry, with the same workflow type, input, signal and search
// attributes, from a fixed number of concurrent callers, on a task queue no worker polls (so no worker
// competes for the cores, as none does while the API ingests).
import { randomUUID } from 'node:crypto';
import { type Client, WorkflowIdReusePolicy } from '@temporalio/client';
import type { CampaignDefinition } from '../campaigns/schema';
import { journeyWorkflowId } from '../engine/enter-journey';
import type { JourneyInput } from '../workflows/journey';
import { eventSignal, type JourneyEvent } from '../workflows/journey-signals';
import { CAMPAIGN_ID, CAMPAIGN_VERSION, CONTACT_ID } from '../workflows/search-attributes';
import { type Distribution, distribution } from './percentiles';

export interface CallLoopResult {
  calls: number;
  seconds: number;
  perSecond: number;
  latencyMs: Distribution;
  /** Every call's latency, to merge rounds. */
  samples: number[];
}

/** Runs `call(i)` for i in [0, count) from `concurrency` callers; measures rate and per-call latency. */
export async function callLoop(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<void>,
): Promise<CallLoopResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { calls: count, seconds, perSecond: count / seconds, latencyMs: distribution(latencies), samples: latencies };
}

/** `count` signalWithStart calls shaped like enterJourney's, each for a fresh contact id. */
export function bareSignalWithStart(
  client: Client,
  options: { taskQueue: string; campaign: CampaignDefinition; count: number; concurrency: number },
): Promise<CallLoopResult> {
  const run = randomUUID().slice(0, 8);
  return callLoop(options.count, options.concurrency, async (i) => {
    const contactId = `${run}${i.toString(16).padStart(16, '0')}`;
    const event: JourneyEvent = {
      id: `bare:${run}:${i}`,
      name: 'bench.bare',
      properties: { n: i },
      occurredAt: new Date().toISOString(),
    };
    const workflowId = journeyWorkflowId(options.campaign.id, contactId);
    const input: JourneyInput = {
      journeyId: workflowId,
      campaign: options.campaign,
      version: 1,
      contactId,
      trigger: event,
    };
    await client.workflow.signalWithStart('journeyWorkflow', {
      workflowId,
      taskQueue: options.taskQueue,
      args: [input],
      signal: eventSignal,
      signalArgs: [event],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: [
        { key: CAMPAIGN_ID, value: options.campaign.id },
        { key: CONTACT_ID, value: contactId },
        { key: CAMPAIGN_VERSION, value: 1 },
      ],
    });
  });
}

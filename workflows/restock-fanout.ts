// Wakes the subscribers of a restocked variant, earliest first, page by page: a webhook answers at once
// (shops give up on slow webhooks after seconds) while thousands of alerts are handed out in the
// background, durably, with no subscriber woken twice if a page is retried.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/journey-activities';
import type { JourneyEvent } from './journey-signals';

export interface RestockFanOutInput {
  campaignId: string;
  waitKey: string;
  /** Wake at most this many (the restocked quantity); 0 wakes everyone waiting. */
  limit: number;
  event: JourneyEvent;
  /** Journeys claimed and signalled per activity; default 500. */
  pageSize?: number;
}

export interface RestockFanOutResult {
  woken: number;
}

const { wakeRestockWaiters } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', maximumInterval: '1 minute' },
});

const PAGE = 500;

export async function restockFanOutWorkflow(input: RestockFanOutInput): Promise<RestockFanOutResult> {
  const { campaignId, waitKey, event } = input;
  let woken = 0;
  for (let page = 1; ; page++) {
    const pageSize = input.pageSize ?? PAGE;
    const max = input.limit ? Math.min(pageSize, input.limit - woken) : pageSize;
    if (max <= 0) break;
    // Claims carry the page: a retried page re-signals its own claims, a later page skips them.
    const claimant = `${workflowInfo().workflowId}#${page}`;
    const result = await wakeRestockWaiters({ claimant, campaignId, waitKey, max, event });
    woken += result.woken;
    if (result.done) break;
  }
  return { woken };
}

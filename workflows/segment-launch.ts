// Enters every contact of a segment into a campaign, batch by batch, with progress a marketer can
// query. A paused campaign holds the launch; a stopped one ends it. Long launches continue-as-new.
import { continueAsNew, defineQuery, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/journey-activities';

export interface SegmentLaunchInput {
  campaignId: string;
  version: number;
  afterId?: string;
  entered?: number;
  scanned?: number;
}

export interface SegmentLaunchProgress {
  entered: number;
  scanned: number;
  state: 'running' | 'held' | 'done' | 'stopped';
}

export const segmentProgressQuery = defineQuery<SegmentLaunchProgress>('progress');

const { enterSegmentBatch } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', maximumInterval: '1 minute' },
});

const BATCHES_PER_RUN = 100;

export async function segmentLaunchWorkflow(input: SegmentLaunchInput): Promise<SegmentLaunchProgress> {
  const progress: SegmentLaunchProgress = {
    entered: input.entered ?? 0,
    scanned: input.scanned ?? 0,
    state: 'running',
  };
  let afterId = input.afterId;
  setHandler(segmentProgressQuery, () => progress);
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const result = await enterSegmentBatch({ campaignId: input.campaignId, version: input.version, afterId });
    if (result.halted === 'paused') {
      progress.state = 'held';
      await sleep('1 minute');
      progress.state = 'running';
      continue;
    }
    if (result.halted === 'stopped') {
      progress.state = 'stopped';
      return progress;
    }
    progress.entered += result.entered;
    progress.scanned += result.scanned;
    afterId = result.lastId;
    if (result.done) {
      progress.state = 'done';
      return progress;
    }
  }
  return continueAsNew<typeof segmentLaunchWorkflow>({
    ...input,
    afterId,
    entered: progress.entered,
    scanned: progress.scanned,
  });
}

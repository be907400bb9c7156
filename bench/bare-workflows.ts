// The raw limit under trigger-to-inbox latency: a Temporal workflow whose only step is an activity that
// hands a ready message to a pooled nodemailer transport. No campaign, no MongoDB, no rendering.
import { proxyActivities } from '@temporalio/workflow';
import type { BareActivities } from './bare-worker';

const { bareSend } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

export async function bareJourney(input: { to: string }): Promise<void> {
  await bareSend(input);
}

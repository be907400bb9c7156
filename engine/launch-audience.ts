// Who enters when a campaign goes live: event-triggered campaigns wait for events; segment campaigns
// start a launch workflow at once; scheduled ones get a Temporal Schedule that starts one per occurrence.
import { ScheduleNotFoundError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { CampaignDefinition } from '../campaigns/schema';
import type { LifecycleDeps } from './campaign-lifecycle';

export function scheduleId(campaignId: string): string {
  return `campaign-schedule:${campaignId}`;
}

export function segmentLaunchId(campaignId: string, version: number): string {
  return `segment-launch:${campaignId}@${version}`;
}

export async function launchAudience(
  deps: LifecycleDeps,
  campaign: CampaignDefinition,
  version: number,
): Promise<void> {
  const trigger = campaign.trigger;
  if (trigger.type === 'segment') {
    await deps.temporal.workflow.start('segmentLaunchWorkflow', {
      workflowId: segmentLaunchId(campaign.id, version),
      taskQueue: deps.taskQueue,
      args: [{ campaignId: campaign.id, version }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } else if (trigger.type === 'schedule') {
    await deleteSchedule(deps, campaign.id);
    await deps.temporal.schedule.create({
      scheduleId: scheduleId(campaign.id),
      spec: { cronExpressions: [trigger.cron], timezone: trigger.timeZone },
      action: {
        type: 'startWorkflow',
        workflowType: 'segmentLaunchWorkflow',
        taskQueue: deps.taskQueue,
        workflowId: `${segmentLaunchId(campaign.id, version)}:scheduled`,
        args: [{ campaignId: campaign.id, version }],
      },
    });
  }
}

async function deleteSchedule(deps: LifecycleDeps, campaignId: string) {
  try {
    await deps.temporal.schedule.getHandle(scheduleId(campaignId)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

/** Keeps a scheduled campaign's schedule in step with its status (segment launches check the status themselves). */
export async function syncSchedule(deps: LifecycleDeps, campaignId: string, action: 'pause' | 'resume' | 'stop') {
  // Only scheduled campaigns have a schedule; asking for one otherwise would be a wasted round trip (and
  // an error on servers without the Schedule API, such as the time-skipping test server).
  const campaign = await deps.store.campaigns.findById(campaignId, { liveVersion: 1 }).lean();
  const live = campaign?.liveVersion
    ? await deps.store.campaignVersions.findById(`${campaignId}@${campaign.liveVersion}`, { definition: 1 }).lean()
    : undefined;
  if ((live?.definition as CampaignDefinition | undefined)?.trigger.type !== 'schedule') return;
  const handle = deps.temporal.schedule.getHandle(scheduleId(campaignId));
  try {
    if (action === 'pause') await handle.pause('campaign paused');
    else if (action === 'resume') await handle.unpause('campaign resumed');
    else await handle.delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

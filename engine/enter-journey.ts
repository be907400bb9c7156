// Puts a contact into a campaign's journey, or hands the event to the journey they are already in.
// signalWithStart makes this one atomic call: however often a webhook is retried, or two events race,
// there is one journey per contact and campaign, and the workflow drops events it has seen.
import { type Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { readField } from '../campaigns/conditions';
import { parseDuration } from '../campaigns/duration';
import type { CampaignDefinition } from '../campaigns/schema';
import type { Store } from '../store/store';
import type { JourneyInput } from '../workflows/journey';
import { eventSignal, type JourneyEvent } from '../workflows/journey-signals';
import { CAMPAIGN_ID, CAMPAIGN_VERSION, CONTACT_ID } from '../workflows/search-attributes';

export interface JourneyTarget {
  temporal: Client;
  taskQueue: string;
  store: Store;
}

/** One journey per contact and campaign, or per contact, campaign and entry key (e.g. a variant). */
export function journeyWorkflowId(campaignId: string, contactId: string, key?: string): string {
  return key === undefined ? `journey:${campaignId}:${contactId}` : `journey:${campaignId}:${contactId}:${key}`;
}

export function entryKey(campaign: CampaignDefinition, event: JourneyEvent): string | undefined {
  if (!campaign.entry.key) return undefined;
  const value = readField(campaign.entry.key, { event: { name: event.name, properties: event.properties } });
  return value === undefined || value === null ? '' : String(value);
}

export interface EnterResult {
  workflowId: string;
  outcome: 'entered' | 'signalled' | `skipped:${string}`;
}

export async function enterJourney(
  deps: JourneyTarget,
  args: { campaign: CampaignDefinition; version: number; contactId: string; event: JourneyEvent; now?: Date },
): Promise<EnterResult> {
  const { campaign, version, contactId, event } = args;
  const workflowId = journeyWorkflowId(campaign.id, contactId, entryKey(campaign, event));
  const last = await deps.store.journeyHeads.findById(workflowId, { status: 1, endedAt: 1 }).lean();
  const active = last?.status === 'active';
  if (last && !active) {
    const reentry = campaign.entry.reentry;
    if (reentry === 'never') return { workflowId, outcome: 'skipped:reentry_never' };
    if (typeof reentry === 'object' && last.endedAt) {
      const until = last.endedAt.getTime() + parseDuration(reentry.cooldown);
      if ((args.now ?? new Date()).getTime() < until) return { workflowId, outcome: 'skipped:reentry_cooldown' };
    }
  }
  const input: JourneyInput = { journeyId: workflowId, campaign, version, contactId, trigger: event };
  await deps.temporal.workflow.signalWithStart('journeyWorkflow', {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [input],
    signal: eventSignal,
    signalArgs: [event],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [
      { key: CAMPAIGN_ID, value: campaign.id },
      { key: CONTACT_ID, value: contactId },
      { key: CAMPAIGN_VERSION, value: version },
    ],
  });
  return { workflowId, outcome: active ? 'signalled' : 'entered' };
}

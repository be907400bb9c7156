// Keeps the journeys index (what the event router reads to find listening journeys) and puts the
// journey's entry and end on the contact's timeline.

import type { JourneyStatus } from '../store/journeys';
import type { Store } from '../store/store';

export interface RecordJourneyInput {
  /** The workflow id (one per contact, campaign and entry key). */
  journeyId: string;
  /** The workflow's first run id: tells two entries of the same contact apart. */
  runId: string;
  campaignId: string;
  version: number;
  contactId: string;
  status: Extract<JourneyStatus, 'active' | 'completed' | 'exited' | 'stopped'>;
  stepId?: string;
  listensTo: string[];
  splitArms: Record<string, string>;
  /** Steps finished so far (accumulated; older workers did not send it). */
  passed?: string[];
  exitReason?: string;
  /** Set on the first record of a journey: when the contact entered (the trigger's time). */
  startedAt?: string;
  /** Back-in-stock wait key; '' clears it. */
  waitKey?: string;
}

export function createRecordJourney(deps: { store: Store; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return async function recordJourney(input: RecordJourneyInput): Promise<void> {
    const { store } = deps;
    const at = now();
    const recordId = `${input.journeyId}@${input.runId}`;
    const update: Record<string, unknown> = {
      workflowId: input.journeyId,
      campaignId: input.campaignId,
      campaignVersion: input.version,
      contactId: input.contactId,
      status: input.status,
      stepId: input.stepId,
      listensTo: input.status === 'active' ? input.listensTo : [],
      splitArm: Object.values(input.splitArms)[0],
    };
    if (input.status !== 'active') update.endedAt = at;
    // '' (leaving the wait) and the end of the journey take it off the restock waiting list.
    const clearWaitKey = input.waitKey === '' || (input.status !== 'active' && input.waitKey === undefined);
    if (input.waitKey) {
      update.waitKey = input.waitKey;
      update.waitingSince = at;
    }
    await store.journeys.updateOne(
      { _id: recordId },
      {
        $set: update,
        ...(clearWaitKey ? { $unset: { waitKey: 1 } } : {}),
        $setOnInsert: { startedAt: input.startedAt ? new Date(input.startedAt) : at },
        ...(input.passed?.length ? { $addToSet: { passedSteps: { $each: input.passed } } } : {}),
      },
      { upsert: true },
    );
    // The head changes only when an entry begins or ends: what re-entry checks need, at two writes a journey.
    if (input.startedAt || input.status !== 'active') {
      await store.journeyHeads.replaceOne(
        { _id: input.journeyId },
        { recordId, status: input.status, ...(input.status !== 'active' ? { endedAt: at } : {}) },
        { upsert: true },
      );
    }
    // Timeline entries are keyed so that a retried activity writes each once.
    const timeline =
      input.startedAt && input.status === 'active'
        ? { name: 'journey.entered', key: `${recordId}/entered` }
        : input.status !== 'active'
          ? { name: `journey.${input.status}`, key: `${recordId}/${input.status}` }
          : undefined;
    if (timeline) {
      await store.events.updateOne(
        { _id: timeline.key },
        {
          $setOnInsert: {
            name: timeline.name,
            contactId: input.contactId,
            properties: { journeyId: input.journeyId, stepId: input.stepId, reason: input.exitReason },
            source: 'omnidrip',
            occurredAt: at,
            receivedAt: at,
            routedAt: at,
            campaignId: input.campaignId,
            campaignVersion: input.version,
            stepId: input.stepId,
          },
        },
        { upsert: true },
      );
    }
  };
}

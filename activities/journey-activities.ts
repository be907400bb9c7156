// Every activity a journey can call, composed from their modules. The worker (worker/create-worker.ts)
// is the only place that builds the dependencies; workflows import only the type of this object.
import type { Client } from '@temporalio/client';
import type { Store } from '../store/store';
import { createContactActivities } from './contact-activities';
import type { createDeliver } from './deliver';
import { createEnterSegmentBatch } from './enter-segment-batch';
import { createPlanWait } from './plan-wait';
import { createRecordJourney } from './record-journey';
import { createWakeRestockWaiters } from './wake-restock-waiters';

export interface JourneyActivityDeps {
  store: Store;
  temporal: Client;
  taskQueue: string;
  defaultTimeZone: string;
  deliver: ReturnType<typeof createDeliver>;
}

export function createJourneyActivities(deps: JourneyActivityDeps) {
  return {
    deliver: deps.deliver,
    planWait: createPlanWait(deps),
    recordJourney: createRecordJourney(deps),
    enterSegmentBatch: createEnterSegmentBatch(deps),
    wakeRestockWaiters: createWakeRestockWaiters(deps),
    ...createContactActivities(deps),
  };
}

export type JourneyActivities = ReturnType<typeof createJourneyActivities>;

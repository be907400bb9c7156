// Signals and queries of a journey, defined once and imported by the workflow, the event router and tests.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface JourneyEvent {
  /** The event's idempotency key: a signal delivered twice (webhook retry, router retry) counts once. */
  id: string;
  name: string;
  properties: Record<string, unknown>;
  occurredAt: string;
}

export type EngagementAction = 'delivered' | 'opened' | 'clicked';

export interface SentMessage {
  stepId: string;
  channel: string;
  deliveryId: string;
  at: string;
}

export interface JourneyView {
  status: 'active' | 'completed' | 'exited' | 'stopped';
  stepId?: string;
  /** When a waiting journey wakes next (ISO), if it waits on a timer. */
  wakeAt?: string;
  sent: SentMessage[];
  skipped: { stepId: string; reason: string }[];
  engagement: Record<string, EngagementAction[]>;
  splitArms: Record<string, string>;
  exitReason?: string;
}

/** Every event the router delivers to a running journey: trigger repeats, awaited events, exits, goals, engagement. */
export const eventSignal = defineSignal<[JourneyEvent]>('event');
/** Ends the journey cleanly (campaign stopped, contact erased); recorded as stopped. */
export const stopSignal = defineSignal<[{ reason: string }]>('stop');
export const journeyQuery = defineQuery<JourneyView>('journey');

// The journey's decisions as plain functions: which events a journey listens to, what an incoming
// event means for it, and which step comes next. Deterministic and free of I/O, so the workflow stays
// a thin loop and these rules get fast unit tests.

import { type ConditionScope, evaluateCondition, matchesEvent, readField } from '../campaigns/conditions';
import type { CampaignDefinition, EventMatch, Step } from '../campaigns/schema';
import { chooseArm } from '../campaigns/split';
import type { EngagementAction, JourneyEvent } from './journey-signals';

/** Event names that carry engagement with one of our messages; properties.stepId says which. */
const ENGAGEMENT_SUFFIXES: Record<string, EngagementAction> = {
  delivered: 'delivered',
  opened: 'opened',
  clicked: 'clicked',
};

export function engagementOf(event: JourneyEvent): { stepId: string; action: EngagementAction } | undefined {
  const suffix = event.name.split('.').pop() ?? '';
  const action = ENGAGEMENT_SUFFIXES[suffix];
  const stepId = event.properties.stepId;
  return action && typeof stepId === 'string' ? { stepId, action } : undefined;
}

/** Names of all events a journey of this campaign needs to receive while it runs. */
export function listensTo(campaign: CampaignDefinition): string[] {
  const names = new Set<string>();
  if (campaign.trigger.type === 'event') names.add(campaign.trigger.event);
  for (const exit of campaign.exitOn) names.add(exit.event);
  if (campaign.goal?.exit) names.add(campaign.goal.event);
  for (const step of campaign.steps) {
    if (step.type === 'waitFor') names.add(step.event);
    if (step.type === 'wait' && step.restartOn) names.add(step.restartOn.event);
  }
  for (const channel of ['email', 'push', 'sms']) {
    for (const action of Object.keys(ENGAGEMENT_SUFFIXES)) names.add(`${channel}.${action}`);
  }
  return [...names].sort();
}

export function eventScope(event: JourneyEvent | undefined) {
  return event ? { name: event.name, properties: event.properties, occurredAt: event.occurredAt } : undefined;
}

function matches(match: EventMatch, event: JourneyEvent, scope: ConditionScope): boolean {
  return matchesEvent(
    match,
    { name: event.name, properties: event.properties },
    { ...scope, waited: eventScope(event) },
  );
}

export interface EventMeaning {
  /** A new occurrence of the trigger (e.g. another cart change): it becomes the journey's event. */
  retriggers: boolean;
  exitReason?: string;
}

/** What an incoming event means for a running journey, given the trigger it started with. */
export function interpretEvent(campaign: CampaignDefinition, event: JourneyEvent, scope: ConditionScope): EventMeaning {
  const trigger = campaign.trigger;
  const retriggers =
    trigger.type === 'event' &&
    event.name === trigger.event &&
    (!trigger.where || evaluateCondition(trigger.where, { ...scope, event: eventScope(event) }));
  let exitReason: string | undefined;
  if (campaign.goal?.exit && matches(campaign.goal, event, scope)) exitReason = `goal:${event.name}`;
  else if (campaign.exitOn.some((exit) => matches(exit, event, scope))) exitReason = `exit:${event.name}`;
  return { retriggers, exitReason };
}

export function restartsWait(step: Step, event: JourneyEvent, scope: ConditionScope): boolean {
  return step.type === 'wait' && step.restartOn !== undefined && matches(step.restartOn, event, scope);
}

export function satisfiesWaitFor(step: Step, event: JourneyEvent, scope: ConditionScope): boolean {
  return step.type === 'waitFor' && matches({ event: step.event, where: step.where }, event, scope);
}

export function branchTarget(step: Extract<Step, { type: 'branch' }>, scope: ConditionScope): string | undefined {
  for (const c of step.cases) if (evaluateCondition(c.when, scope)) return c.next;
  return step.otherwise;
}

export function splitTarget(step: Extract<Step, { type: 'split' }>, contactId: string) {
  const arm = chooseArm(step.arms, contactId, step.id);
  return { arm: arm.name, next: arm.next };
}

/** Idempotency key of one visit of one step: stable across activity retries, worker crashes and continue-as-new. */
export function deliveryKey(journeyId: string, stepId: string, visit: number): string {
  return `${journeyId}/${stepId}/${visit}`;
}

/**
 * The key under which a back-in-stock journey waits, e.g. "inventory.restocked:SKU-42-M". The router finds
 * the earliest waiters of a restocked variant by it, reading the same property name off the restock event.
 */
export function backInStockKey(campaign: CampaignDefinition, step: Step, scope: ConditionScope): string | undefined {
  if (!campaign.backInStock || step.type !== 'waitFor') return undefined;
  const value = readField(campaign.backInStock.keyField, scope);
  return value === undefined || value === null ? undefined : `${step.event}:${String(value)}`;
}

/** The property the restock event carries the key in: the last segment of the campaign's keyField. */
export function backInStockProperty(campaign: CampaignDefinition): string | undefined {
  return campaign.backInStock?.keyField.split('.').pop();
}

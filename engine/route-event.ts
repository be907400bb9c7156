// Where an accepted event goes: into new journeys whose trigger it matches, to the running journeys
// of its contact that listen for it, and, for events about a product rather than a person (a restock),
// to the earliest journeys waiting on that product.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { conditionFields, evaluateCondition } from '../campaigns/conditions';
import { readContactScope } from '../store/contact-scope';
import { backInStockProperty } from '../workflows/journey-rules';
import { eventSignal, type JourneyEvent } from '../workflows/journey-signals';
import type { RestockFanOutInput } from '../workflows/restock-fanout';
import { enterJourney, type JourneyTarget, journeyWorkflowId } from './enter-journey';
import type { LiveCampaigns } from './live-campaigns';
import { signalIfRunning } from './signal-journey';

export interface RoutableEvent extends JourneyEvent {
  contactId?: string;
}

export interface RouteResult {
  entered: string[];
  signalled: string[];
  skipped: string[];
  /** Restock fan-outs started (workflow ids): they wake the waiting journeys in the background. */
  fanOuts: string[];
}

export interface RouterDeps extends JourneyTarget {
  live: LiveCampaigns;
}

export async function routeEvent(deps: RouterDeps, event: RoutableEvent): Promise<RouteResult> {
  const result: RouteResult = { entered: [], signalled: [], skipped: [], fanOuts: [] };
  const campaigns = await deps.live.all();
  const signalled = new Set<string>();
  const signal = async (workflowId: string) => {
    if (signalled.has(workflowId)) return;
    signalled.add(workflowId);
    if (await signalIfRunning(deps.temporal, workflowId, eventSignal, event)) result.signalled.push(workflowId);
  };

  if (event.contactId) {
    const contactId = event.contactId;
    const triggered = campaigns.filter(
      (c) => c.definition.trigger.type === 'event' && c.definition.trigger.event === event.name,
    );
    if (triggered.length > 0) {
      // The profile is read only when a trigger's condition looks at it: most filter on the event alone.
      const needsContact = triggered.some(
        (c) =>
          c.definition.trigger.type === 'event' &&
          c.definition.trigger.where &&
          conditionFields(c.definition.trigger.where).some((f) => f.startsWith('contact.')),
      );
      const contact = needsContact ? await readContactScope(deps.store, contactId) : undefined;
      for (const { definition, version } of triggered) {
        const trigger = definition.trigger;
        if (trigger.type !== 'event') continue;
        const scope = { contact: contact as unknown as Record<string, unknown> | undefined, event: { ...event } };
        if (trigger.where && !evaluateCondition(trigger.where, scope)) continue;
        const { workflowId, outcome } = await enterJourney(deps, { campaign: definition, version, contactId, event });
        if (outcome.startsWith('skipped')) result.skipped.push(`${workflowId}:${outcome}`);
        else {
          signalled.add(workflowId);
          (outcome === 'entered' ? result.entered : result.signalled).push(workflowId);
        }
      }
    }
    // Engagement with a message concerns only the journey that sent it.
    const journeyId = typeof event.properties.journeyId === 'string' ? event.properties.journeyId : undefined;
    if (journeyId) await signal(journeyId);
    else {
      // A journey's id follows from campaign and contact, so the journeys that may listen are signalled by
      // id (Temporal answers "not running" from its own index); only journeys with entry keys need a lookup.
      for (const { campaignId, keyed } of await deps.live.listeningTo(event.name)) {
        if (!keyed) {
          await signal(journeyWorkflowId(campaignId, contactId));
          continue;
        }
        const running = await deps.store.journeys
          .find({ campaignId, contactId, status: 'active' }, { workflowId: 1 })
          .lean();
        for (const j of running) await signal(j.workflowId);
      }
    }
  }

  // Restocks: wake the earliest waiters of the variant, at most as many as came back in stock.
  for (const { definition } of campaigns) {
    const property = backInStockProperty(definition);
    const waitsFor = definition.steps.some((s) => s.type === 'waitFor' && s.event === event.name);
    if (!property || !waitsFor) continue;
    const value = event.properties[property];
    if (value === undefined || value === null) continue;
    const quantity = Number(event.properties.quantity);
    const limit = definition.backInStock?.limitToQuantity && Number.isFinite(quantity) && quantity > 0 ? quantity : 0;
    const waitKey = `${event.name}:${String(value)}`;
    // Thousands may wait: the fan-out runs as its own workflow, one per restock and campaign (a retried
    // event finds it started and starts nothing), so the sender gets its answer at once.
    const workflowId = `restock:${definition.id}:${event.id}`;
    const input: RestockFanOutInput = { campaignId: definition.id, waitKey, limit, event };
    try {
      await deps.temporal.workflow.start('restockFanOutWorkflow', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    result.fanOuts.push(workflowId);
  }
  return result;
}

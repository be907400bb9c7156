// One customer's walk through one frozen campaign version. Deterministic: every side effect (loading the
// contact, sending, recording) is an activity; waiting is Temporal timers and conditions, so a journey
// survives worker restarts and deploys and sends each message once.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { JourneyActivities } from '../activities/journey-activities';
import type { ConditionScope } from '../campaigns/conditions';
import { parseDuration } from '../campaigns/duration';
import type { CampaignDefinition, Step } from '../campaigns/schema';
import type { Channel } from '../store/contacts';
import {
  backInStockKey,
  branchTarget,
  deliveryKey,
  engagementOf,
  eventScope,
  interpretEvent,
  listensTo,
  restartsWait,
  satisfiesWaitFor,
  splitTarget,
} from './journey-rules';
import { eventSignal, type JourneyEvent, type JourneyView, journeyQuery, stopSignal } from './journey-signals';

export interface JourneyInput {
  journeyId: string;
  campaign: CampaignDefinition;
  version: number;
  contactId: string;
  trigger: JourneyEvent;
  /** Carried over by continue-as-new; absent on a fresh start. */
  carried?: CarriedState;
}

interface CarriedState {
  stepId?: string;
  visits: Record<string, number>;
  view: JourneyView;
  seen: string[];
  waited?: JourneyEvent;
}

export interface JourneyResult {
  status: JourneyView['status'];
  exitReason?: string;
  sent: JourneyView['sent'];
}

const acts = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '1 minute',
  // Transient provider trouble (SMTP 4xx, timeouts) retries with backoff for a day; permanent failures are
  // returned as outcomes by the activity, never thrown as retryable.
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 150 },
});
const local = proxyLocalActivities<JourneyActivities>({ startToCloseTimeout: '10s' });

/**
 * Journeys started before this patch record themselves with a regular activity; newer ones with a local
 * activity: a few store writes that need no task queue round trip, which saves a workflow task and three
 * history events per record (a one-message journey went from four workflow tasks to two).
 */
export const LOCAL_JOURNEY_RECORDS = 'journey-records-local';

const SEEN_LIMIT = 500;
/**
 * Far below Temporal's own limits (50k events / 50 MB), so that a looping journey's history, which every
 * replay reads, stays small.
 */
export const HISTORY_LIMIT = 2_000;

export async function journeyWorkflow(input: JourneyInput): Promise<JourneyResult> {
  const { campaign, contactId, journeyId, version } = input;
  const steps = new Map<string, Step>(campaign.steps.map((s) => [s.id, s]));
  const carried: CarriedState = input.carried ?? {
    stepId: campaign.start,
    visits: {},
    view: { status: 'active', sent: [], skipped: [], engagement: {}, splitArms: {} },
    seen: [input.trigger.id],
  };
  const view = carried.view;
  const seen = new Set(carried.seen);
  let trigger = input.trigger;
  let waited = carried.waited;
  let stopped: string | undefined;
  // Events since the current step began, for waitFor and restartable waits.
  let inbox: JourneyEvent[] = [];
  let contact: Record<string, unknown> | undefined;
  // Steps this run has finished, sent along with every journey record (the dashboard's "passed" counts).
  const passed = new Set<string>();

  const scope = (): ConditionScope => ({
    contact,
    event: eventScope(trigger),
    waited: eventScope(waited),
    engagement: view.engagement,
  });

  setHandler(eventSignal, (event) => {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    const engaged = engagementOf(event);
    if (engaged) {
      const actions = view.engagement[engaged.stepId] ?? [];
      if (!actions.includes(engaged.action)) view.engagement[engaged.stepId] = [...actions, engaged.action];
    }
    const meaning = interpretEvent(campaign, event, scope());
    if (meaning.retriggers) trigger = event;
    if (meaning.exitReason && !view.exitReason) view.exitReason = meaning.exitReason;
    inbox.push(event);
  });
  setHandler(stopSignal, ({ reason }) => {
    stopped = reason;
  });
  setHandler(journeyQuery, () => view);

  const ended = () => stopped !== undefined || view.exitReason !== undefined;
  let entering = !input.carried;
  const recorder = patched(LOCAL_JOURNEY_RECORDS) ? local : acts;
  const record = (status: 'active' | 'completed' | 'exited' | 'stopped', extra: { waitKey?: string } = {}) =>
    recorder.recordJourney({
      journeyId,
      runId: workflowInfo().firstExecutionRunId,
      campaignId: campaign.id,
      version,
      contactId,
      status,
      stepId: carried.stepId,
      listensTo: listensTo(campaign),
      splitArms: view.splitArms,
      passed: [...passed],
      exitReason: stopped ? `stopped:${stopped}` : view.exitReason,
      // Only the first record is the entry (it puts journey.entered on the timeline once).
      startedAt: entering ? trigger.occurredAt : undefined,
      ...extra,
    });

  if (entering) {
    await record('active');
    entering = false;
  }

  /** Waits until `ms` passed or `wakeEarly` holds, whichever is first; false on timeout. */
  const sleepUnless = async (ms: number, wakeEarly: () => boolean): Promise<boolean> => {
    view.wakeAt = new Date(Date.now() + ms).toISOString();
    try {
      return await condition(() => ended() || wakeEarly(), ms);
    } finally {
      view.wakeAt = undefined;
    }
  };

  /**
   * Sends one step's message, waiting out quiet hours when told to. The key is per entry (the first run id
   * survives continue-as-new, a re-entry gets a new one), per step and per visit, so retries never send
   * twice and a contact who walks the journey again gets the message again.
   */
  const deliverStep = async (
    step: Step,
    visit: number,
    message: { channels: Channel[]; template: string; transactional: boolean; webhookUrl?: string },
  ) => {
    for (;;) {
      const outcome = await acts.deliver({
        deliveryKey: deliveryKey(`${journeyId}@${workflowInfo().firstExecutionRunId}`, step.id, visit),
        journeyId,
        campaignId: campaign.id,
        campaignName: campaign.name,
        campaignVersion: version,
        stepId: step.id,
        contactId,
        ...message,
        guardrails: campaign.guardrails,
        event: eventScope(trigger),
        waited: eventScope(waited),
        at: new Date().toISOString(),
      });
      if (outcome.status === 'deferred') {
        // Quiet hours: the message waits for the window to end, unless the journey ends first.
        await sleepUnless(Math.max(0, Date.parse(outcome.until) - Date.now()), () => false);
        if (ended()) return;
        continue;
      }
      if (outcome.status === 'accepted') {
        const at = new Date().toISOString();
        view.sent.push({ stepId: step.id, channel: outcome.channel, deliveryId: outcome.deliveryId, at });
      } else {
        view.skipped.push({ stepId: step.id, reason: `${outcome.status}:${outcome.reason}` });
      }
      return;
    }
  };

  while (carried.stepId && !ended()) {
    const step = steps.get(carried.stepId);
    if (!step) throw ApplicationFailure.nonRetryable(`step ${carried.stepId} is not in campaign ${campaign.id}`);
    const visit = (carried.visits[step.id] ?? 0) + 1;
    carried.visits[step.id] = visit;
    view.stepId = step.id;
    inbox = [];
    let next: string | undefined;

    switch (step.type) {
      case 'send': {
        await deliverStep(step, visit, {
          channels: step.channels,
          template: step.template,
          transactional: step.transactional,
        });
        next = step.next;
        break;
      }
      case 'wait': {
        await record('active');
        for (;;) {
          const started = inbox.length;
          const wakeAt = step.until
            ? await local.planWait({
                contactId,
                after: new Date().toISOString(),
                duration: step.duration,
                until: step.until,
              })
            : new Date(Date.now() + parseDuration(step.duration ?? '0s')).toISOString();
          const restarted = await sleepUnless(Math.max(0, Date.parse(wakeAt) - Date.now()), () =>
            inbox.slice(started).some((e) => restartsWait(step, e, scope())),
          );
          if (!restarted || ended()) break;
        }
        next = step.next;
        break;
      }
      case 'waitFor': {
        const waitKey = backInStockKey(campaign, step, scope());
        await record('active', { waitKey });
        let got: JourneyEvent | undefined;
        await sleepUnless(parseDuration(step.timeout), () => {
          got = inbox.find((e) => satisfiesWaitFor(step, e, scope()));
          return got !== undefined;
        });
        if (ended()) break;
        if (got) waited = got;
        next = got ? step.onEvent : step.onTimeout;
        if (waitKey) await record('active', { waitKey: '' });
        break;
      }
      case 'branch': {
        contact = await local.loadContactScope({ contactId });
        next = branchTarget(step, scope());
        break;
      }
      case 'split': {
        const { arm, next: armNext } = splitTarget(step, contactId);
        view.splitArms[step.id] = arm;
        await record('active');
        next = armNext;
        break;
      }
      case 'update': {
        await acts.updateContact({ contactId, set: step.set, addTags: step.addTags, removeTags: step.removeTags });
        contact = undefined;
        next = step.next;
        break;
      }
      case 'webhook': {
        // A CRM hand-off is a delivery like any other (idempotent, recorded, retried), to the step's own URL.
        await deliverStep(step, visit, {
          channels: ['webhook'],
          template: step.template ?? 'crm-handoff',
          transactional: true,
          webhookUrl: step.url,
        });
        next = step.next;
        break;
      }
      case 'exit':
        next = undefined;
        break;
    }
    if (!ended()) passed.add(step.id);
    carried.stepId = ended() ? carried.stepId : next;

    const info = workflowInfo();
    if (carried.stepId && !ended() && (info.continueAsNewSuggested || info.historyLength > HISTORY_LIMIT)) {
      // Long journeys (loops, many signals) restart with a fresh history; state travels in the input.
      await continueAsNew<typeof journeyWorkflow>({
        ...input,
        trigger,
        carried: { ...carried, view, seen: [...seen].slice(-SEEN_LIMIT), waited },
      });
    }
  }

  view.status = stopped ? 'stopped' : view.exitReason ? 'exited' : 'completed';
  view.stepId = carried.stepId;
  // Recording the end must happen even if the workflow is being cancelled.
  await CancellationScope.nonCancellable(() => record(view.status));
  return { status: view.status, exitReason: stopped ? `stopped:${stopped}` : view.exitReason, sent: view.sent };
}

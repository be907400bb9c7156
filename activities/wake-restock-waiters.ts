// One page of a restock fan-out: claims the earliest journeys waiting on the restocked variant and
// signals them. A claim is an insert per journey and restock key, so a journey is woken by one restock
// only and the next restock wakes the next in line, even before the woken journeys have moved on.
import { Context } from '@temporalio/activity';
import type { JourneyTarget } from '../engine/enter-journey';
import { inParallel } from '../engine/in-parallel';
import { signalIfRunning } from '../engine/signal-journey';
import { eventSignal, type JourneyEvent } from '../workflows/journey-signals';

const SIGNAL_PARALLELISM = 32;

export interface WakeRestockWaitersInput {
  /** Who claims: the fan-out and its page. A retry of the same page recognises its own claims. */
  claimant: string;
  campaignId: string;
  waitKey: string;
  /** At most this many in this page. */
  max: number;
  event: JourneyEvent;
}

export interface WakeRestockWaitersResult {
  woken: number;
  /** Nobody else is waiting. */
  done: boolean;
}

export function createWakeRestockWaiters(deps: JourneyTarget) {
  const { store } = deps;

  /** True if the journey is ours to wake: claimed now, or by an earlier attempt of this page. */
  async function claim(recordId: string, input: WakeRestockWaitersInput): Promise<boolean> {
    const id = `${recordId}:${input.waitKey}`;
    try {
      await store.restockClaims.create({ _id: id, at: new Date(), by: input.claimant });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const existing = await store.restockClaims.findById(id, { by: 1 }).lean();
      return existing?.by === input.claimant;
    }
  }

  return async function wakeRestockWaiters(input: WakeRestockWaitersInput): Promise<WakeRestockWaitersResult> {
    const waiting = await store.journeys
      .find({ campaignId: input.campaignId, status: 'active', waitKey: input.waitKey }, { workflowId: 1 })
      .sort({ waitingSince: 1, _id: 1 })
      .lean();
    const woken: string[] = [];
    let candidates = 0;
    for (const journey of waiting) {
      if (woken.length >= input.max) break;
      candidates++;
      if (await claim(journey._id, input)) woken.push(journey.workflowId);
    }
    await inParallel(woken, SIGNAL_PARALLELISM, async (workflowId) => {
      // One that ended meanwhile (expired, stopped) waits for nothing any more.
      await signalIfRunning(deps.temporal, workflowId, eventSignal, input.event);
      Context.current().heartbeat(workflowId);
    });
    return { woken: woken.length, done: candidates === waiting.length && woken.length < input.max };
  };
}

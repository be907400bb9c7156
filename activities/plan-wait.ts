// Turns a wait step into an instant. Time-of-day waits depend on the contact's time zone (and the tz
// database), which is why this runs as an activity rather than in deterministic workflow code.
import { parseDuration } from '../campaigns/duration';
import { nextLocalTime } from '../campaigns/local-time';
import type { Store } from '../store/store';

export interface PlanWaitInput {
  contactId: string;
  after: string;
  duration?: string;
  until?: { time: string; weekdays?: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[] };
}

export function createPlanWait(deps: { store: Store; defaultTimeZone: string }) {
  return async function planWait(input: PlanWaitInput): Promise<string> {
    let at = new Date(Date.parse(input.after) + (input.duration ? parseDuration(input.duration) : 0));
    if (input.until) {
      const contact = await deps.store.contacts.findById(input.contactId, { timeZone: 1 }).lean();
      const timeZone = contact?.timeZone ?? deps.defaultTimeZone;
      at = nextLocalTime({ after: at, timeZone, time: input.until.time, weekdays: input.until.weekdays });
    }
    return at.toISOString();
  };
}

// Wall-clock arithmetic in a contact's time zone: "next Tuesday 09:30 in Berlin", "when do quiet hours
// end". It needs the tz database (Intl), which may change between deployments, so it runs in activities
// and never in workflow code.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export class LocalTimeError extends Error {
  constructor(
    readonly code: 'invalid_time_zone' | 'invalid_time_of_day',
    message: string,
  ) {
    super(message);
    this.name = 'LocalTimeError';
  }
}

/** Weekday names in the order of Date#getUTCDay. */
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE = 60_000;
const DAY = 86_400_000;

interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw Object.assign(new LocalTimeError('invalid_time_zone', `"${timeZone}" is not a known time zone`), { cause });
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock at an instant, written as if it were UTC: its difference to the instant is the offset. */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

function parseTimeOfDay(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new LocalTimeError('invalid_time_of_day', `"${time}" is not a time of day like "09:30"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instants at which a wall time occurs on a date, earliest first: usually one, two when clocks go
 * back (02:30 in Berlin on the last Sunday of October), and when clocks go forward past it (02:30 on
 * the last Sunday of March) the moment the clocks jump, the first valid instant after the gap.
 */
function instantsOf(date: CivilDate, minuteOfDay: number, timeZone: string): number[] {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  // Offsets in force a day either side cover any single transition around this wall time.
  const offsets = [...new Set([offsetAt(asUtc - DAY, timeZone), offsetAt(asUtc + DAY, timeZone)])];
  const found = offsets.map((offset) => asUtc - offset).filter((t) => wallClock(t, timeZone) === asUtc);
  if (found.length > 0) return [...new Set(found)].sort((a, b) => a - b);
  return [transitionBetween(asUtc - Math.max(...offsets), asUtc - Math.min(...offsets), timeZone)];
}

/** The first instant in (from, to] whose offset differs from the one at `from`, to the second. */
function transitionBetween(from: number, to: number, timeZone: string): number {
  const before = offsetAt(from, timeZone);
  let lo = from;
  let hi = to;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function civilDate(instant: number, timeZone: string): CivilDate {
  const wall = new Date(wallClock(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

function addDays(date: CivilDate, days: number): CivilDate & { weekday: Weekday } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: WEEKDAYS[d.getUTCDay()]!,
  };
}

/** The first instant at or after `after` when the local clock shows `time` on one of `weekdays` (default: any). */
export function nextLocalTime(input: { after: Date; timeZone: string; time: string; weekdays?: Weekday[] }): Date {
  const minuteOfDay = parseTimeOfDay(input.time);
  const after = input.after.getTime();
  const today = civilDate(after, input.timeZone);
  // A week and a day: the allowed weekday may be today with the time already gone.
  for (let days = 0; days <= 7; days++) {
    const date = addDays(today, days);
    if (input.weekdays && !input.weekdays.includes(date.weekday)) continue;
    const instant = instantsOf(date, minuteOfDay, input.timeZone).find((t) => t >= after);
    if (instant !== undefined) return new Date(instant);
  }
  throw new LocalTimeError('invalid_time_of_day', 'weekdays must name at least one day');
}

/**
 * When a quiet-hours window that contains `at` ends, or null if `at` is outside it. Windows may wrap
 * midnight ("21:00"-"08:00"); a window that starts and ends at the same time is empty.
 */
export function quietHoursEnd(input: {
  at: Date;
  timeZone: string;
  quietHours: { start: string; end: string };
}): Date | null {
  const start = parseTimeOfDay(input.quietHours.start);
  const end = parseTimeOfDay(input.quietHours.end);
  const wall = new Date(wallClock(input.at.getTime(), input.timeZone));
  const now = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  const inside = start < end ? now >= start && now < end : start > end && (now >= start || now < end);
  return inside ? nextLocalTime({ after: input.at, timeZone: input.timeZone, time: input.quietHours.end }) : null;
}

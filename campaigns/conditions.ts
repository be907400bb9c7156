// Evaluates campaign conditions against what a journey knows. Runs inside Temporal workflows, so it is
// pure: no node: modules, no clock, no randomness; the same scope always gives the same answer.
import type { Condition, EventMatch } from './schema';

type EngagedCondition = Extract<Condition, { engaged: unknown }>;
export type EngagementAction = EngagedCondition['engaged']['action'];
type Comparison = Extract<Condition, { op: unknown }>;
type FieldEquality = Extract<Condition, { equalsField: unknown }>;
export type ConditionLeaf = Comparison | EngagedCondition | FieldEquality;

export interface ConditionScope {
  contact?: Record<string, unknown>;
  /** The event that started (or last re-triggered) the journey. */
  event?: Record<string, unknown>;
  /** The event a waitFor step received; inside an event match's `where`, the event being matched. */
  waited?: Record<string, unknown>;
  /** What the contact did with the messages of each send step, by step id. */
  engagement?: Record<string, readonly EngagementAction[]>;
}

/**
 * A click proves an open and an open proves delivery, even when the open pixel was blocked or the
 * delivery receipt never came; so "opened" is also true for a contact who only has a click recorded.
 */
const ENGAGEMENT_RANK: Record<EngagementAction, number> = { delivered: 0, opened: 1, clicked: 2 };

/**
 * The value at a path like "contact.attributes.plan" or "event.properties.items.length". Dots walk into
 * objects, numeric segments index arrays, and "length" of an array or string is its size.
 */
export function readField(path: string, scope: ConditionScope): unknown {
  const [root, ...rest] = path.split('.');
  let value: unknown = root === 'contact' || root === 'event' || root === 'waited' ? scope[root] : undefined;
  for (const segment of rest) value = step(value, segment);
  return value;
}

function step(value: unknown, segment: string): unknown {
  if ((typeof value === 'string' || Array.isArray(value)) && segment === 'length') return value.length;
  if (Array.isArray(value)) return /^\d+$/.test(segment) ? value[Number(segment)] : undefined;
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
    return (value as Record<string, unknown>)[segment];
  }
  return undefined;
}

export function evaluateCondition(cond: Condition, scope: ConditionScope): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, scope));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, scope));
  if ('not' in cond) return !evaluateCondition(cond.not, scope);
  if ('engaged' in cond) return hasEngaged(cond.engaged, scope);
  if ('equalsField' in cond) {
    const left = readField(cond.field, scope);
    // Two missing fields are not "the same variant": equality needs something to compare.
    return isPresent(left) && equal(left, readField(cond.equalsField, scope));
  }
  return compare(cond, readField(cond.field, scope));
}

/** Whether an incoming event is the one a match (exitOn, goal, restartOn, waitFor) waits for. */
export function matchesEvent(
  match: EventMatch,
  event: { name: string; properties?: Record<string, unknown> },
  scope: ConditionScope,
): boolean {
  if (match.event !== event.name) return false;
  return !match.where || evaluateCondition(match.where, { ...scope, waited: event });
}

function hasEngaged({ step, action }: EngagedCondition['engaged'], scope: ConditionScope): boolean {
  const actions = scope.engagement?.[step] ?? [];
  return actions.some((done) => ENGAGEMENT_RANK[done] >= ENGAGEMENT_RANK[action]);
}

function compare({ op, value }: Comparison, actual: unknown): boolean {
  switch (op) {
    case 'exists':
      return isPresent(actual) === (value !== false);
    case 'eq':
      return equal(actual, value);
    case 'neq':
      return !equal(actual, value);
    case 'gt':
      return order(actual, value, (d) => d > 0);
    case 'gte':
      return order(actual, value, (d) => d >= 0);
    case 'lt':
      return order(actual, value, (d) => d < 0);
    case 'lte':
      return order(actual, value, (d) => d <= 0);
    case 'in':
      return isIn(actual, value);
    case 'nin':
      return !isIn(actual, value);
    case 'contains':
      return contains(actual, value);
    case 'startsWith':
      return typeof actual === 'string' && typeof value === 'string' && actual.startsWith(value);
  }
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A missing field equals null, so `{ op: "eq", value: null }` finds contacts without the field. */
function equal(a: unknown, b: unknown): boolean {
  if (!isPresent(a) || !isPresent(b)) return !isPresent(a) && !isPresent(b);
  const diff = difference(a, b);
  return diff === undefined ? a === b : diff === 0;
}

function order(a: unknown, b: unknown, accept: (diff: number) => boolean): boolean {
  const diff = difference(a, b);
  return diff !== undefined && !Number.isNaN(diff) && accept(diff);
}

/**
 * The signed distance of two comparable values, or undefined when they are not comparable: instants
 * (ISO-8601 strings or dates) by time, numbers numerically (a numeric string counts as its number,
 * because shops often send "129.90"), other strings by code unit, case-sensitive.
 */
function difference(a: unknown, b: unknown): number | undefined {
  const ta = instant(a);
  const tb = instant(b);
  if (ta !== undefined && tb !== undefined) return ta - tb;
  const na = number(a, b);
  const nb = number(b, a);
  if (na !== undefined && nb !== undefined) return na - nb;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function number(value: unknown, other: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && typeof other === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value);
  }
  return undefined;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?)?$/;

function instant(value: unknown): number | undefined {
  // Dates may come from another realm (the workflow sandbox), so no instanceof.
  if (Object.prototype.toString.call(value) === '[object Date]') return (value as Date).getTime();
  if (typeof value !== 'string') return undefined;
  const match = ISO_8601.exec(value);
  if (!match) return undefined;
  // A time without an offset is read as UTC: the worker's own time zone must never change an answer.
  const time = match[1] && !match[2] ? `${value.replace(' ', 'T')}Z` : value.replace(' ', 'T');
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/** For a list field (e.g. tags) `in` means "shares at least one item with the value list". */
function isIn(actual: unknown, value: Comparison['value']): boolean {
  const options = Array.isArray(value) ? value : [value];
  const items = Array.isArray(actual) ? actual : [actual];
  return items.some((item) => options.some((option) => equal(item, option)));
}

/** A list contains an item; a string contains a substring; a list value must be contained entirely. */
function contains(actual: unknown, value: Comparison['value']): boolean {
  const wanted = Array.isArray(value) ? value : [value];
  if (Array.isArray(actual)) return wanted.every((w) => actual.some((item) => equal(item, w)));
  if (typeof actual === 'string') return wanted.every((w) => typeof w === 'string' && actual.includes(w));
  return false;
}

/** Every comparison, engagement and field equality in a condition, with its path inside it. */
export function conditionLeaves(cond: Condition, path: (string | number)[] = []) {
  const leaves: { leaf: ConditionLeaf; path: (string | number)[] }[] = [];
  const walk = (c: Condition, at: (string | number)[]): void => {
    if ('all' in c) c.all.forEach((child, i) => void walk(child, [...at, 'all', i]));
    else if ('any' in c) c.any.forEach((child, i) => void walk(child, [...at, 'any', i]));
    else if ('not' in c) walk(c.not, [...at, 'not']);
    else leaves.push({ leaf: c, path: at });
  };
  walk(cond, path);
  return leaves;
}

/** The field paths a condition reads, e.g. ["contact.attributes.plan", "event.properties.total"]. */
export function conditionFields(cond: Condition): string[] {
  const fields = conditionLeaves(cond).flatMap(({ leaf }) =>
    'equalsField' in leaf ? [leaf.field, leaf.equalsField] : 'field' in leaf ? [leaf.field] : [],
  );
  return [...new Set(fields)];
}

/** The ids of the send steps whose engagement a condition asks about. */
export function engagedSteps(cond: Condition): string[] {
  const steps = conditionLeaves(cond).flatMap(({ leaf }) => ('engaged' in leaf ? [leaf.engaged.step] : []));
  return [...new Set(steps)];
}

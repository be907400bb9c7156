// Campaign durations ("90m", "2d") as milliseconds. Workflow code imports this, so it stays free of
// node: modules and of anything that reads the clock.
/** A number and a unit. The schema checks campaign JSON against it too. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

export class InvalidDurationError extends Error {
  readonly code = 'invalid_duration';
  constructor(readonly input: string) {
    super(`"${input}" is not a duration like "30m", "1h", "2d" or "1w"`);
    this.name = 'InvalidDurationError';
  }
}

/** Milliseconds in a duration such as "1.5h"; fractions round to the nearest millisecond. */
export function parseDuration(input: string): number {
  const match = DURATION_PATTERN.exec(input);
  if (!match) throw new InvalidDurationError(input);
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS;
  return Math.round(amount * UNIT_MS[unit]);
}

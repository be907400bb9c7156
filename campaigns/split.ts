// Assigns a contact to one arm of a split step. The arm comes from a hash of contact and step, not from
// randomness, so a replayed workflow, a retried activity or a report computed later all agree on it.

export class SplitError extends Error {
  readonly code = 'invalid_split';
  constructor(message: string) {
    super(message);
    this.name = 'SplitError';
  }
}

/** The arm a contact lands in, with probability proportional to its weight; always the same one. */
export function chooseArm<Arm extends { weight: number }>(
  arms: readonly Arm[],
  contactId: string,
  stepId: string,
): Arm {
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  if (arms.length === 0 || !(total > 0) || arms.some((arm) => !(arm.weight >= 0))) {
    throw new SplitError(`split step "${stepId}" needs arms with positive weights`);
  }
  // Scale an unsigned 32-bit hash to [0, total): the position within the stacked weights.
  let point = (hash32(`${contactId}:${stepId}`) / 2 ** 32) * total;
  for (const arm of arms) {
    point -= arm.weight;
    if (point < 0) return arm;
  }
  // Only reachable through floating-point rounding at the very top of the range.
  return arms[arms.length - 1]!;
}

/**
 * FNV-1a over the UTF-16 code units, then murmur3's finaliser: FNV alone leaves ids that differ only in
 * their last characters ("contact-41", "contact-42") clustered in the high bits used for the arm.
 */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

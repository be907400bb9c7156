import { expect, test } from 'vitest';
import { chooseArm, SplitError } from '../campaigns/split';

const abTest = [
  { name: 'control', weight: 1, next: 'send-a' },
  { name: 'variant', weight: 1, next: 'send-b' },
];
const ids = Array.from({ length: 10_000 }, (_, i) => `contact-${i}`);

function tally(arms: { name: string; weight: number; next?: string }[], stepId: string) {
  const counts: Record<string, number> = {};
  for (const id of ids) {
    const arm = chooseArm(arms, id, stepId).name;
    counts[arm] = (counts[arm] ?? 0) + 1;
  }
  return counts;
}

test('a 50/50 split of 10,000 contacts lands within 2% of even', () => {
  const counts = tally(abTest, 'subject-test');
  expect(counts.control! + counts.variant!).toBe(10_000);
  expect(Math.abs(counts.control! - 5_000)).toBeLessThan(200);
});

test('weights set the proportions: 90/10 gives about a tenth to the small arm', () => {
  const counts = tally(
    [
      { name: 'holdout', weight: 10, next: undefined },
      { name: 'mail', weight: 90, next: 'send' },
    ],
    'holdout-test',
  );
  expect(Math.abs(counts.holdout! - 1_000)).toBeLessThan(150);
});

test('a contact always lands in the same arm of a step, even with the arms passed again', () => {
  for (const id of ids.slice(0, 200)) {
    const first = chooseArm(abTest, id, 'subject-test');
    expect(chooseArm([...abTest], id, 'subject-test')).toBe(abTest[abTest.indexOf(first)]);
  }
});

test('two split steps assign independently', () => {
  const same = ids.filter((id) => chooseArm(abTest, id, 'step-1') === chooseArm(abTest, id, 'step-2')).length;
  expect(Math.abs(same - 5_000)).toBeLessThan(250);
});

test('a split without arms is a typed error', () => {
  expect(() => chooseArm([], 'contact-1', 'broken')).toThrow(SplitError);
  expect(() => chooseArm([], 'contact-1', 'broken')).toThrow(expect.objectContaining({ code: 'invalid_split' }));
});

// The live numbers for each node of one version's journey picture, taken from the campaign statistics.
import type { CampaignStats } from './api-types';
import type { DiagramCounts } from './components/journey-diagram';
import { GOAL_KEY, stepKey, TRIGGER_KEY } from './journey-graph';

/** Every step of the version gets numbers (0 until something happens); `passed` only if the server reports it. */
export function journeyCounts(stats: CampaignStats, version: number, stepIds: string[]): DiagramCounts {
  const counts: DiagramCounts = new Map();
  const totals = stats.versions.find((v) => v.version === version);
  counts.set(TRIGGER_KEY, { entered: totals?.entered ?? 0 });
  counts.set(GOAL_KEY, { converted: totals?.converted ?? 0, revenue: totals?.revenue ?? 0 });
  const step = (id: string) => {
    const key = stepKey(id);
    const row = counts.get(key) ?? { active: 0, sent: 0, opened: 0, clicked: 0, converted: 0 };
    counts.set(key, row);
    return row;
  };
  for (const id of stepIds) step(id);
  for (const s of stats.steps) {
    if (s.version !== version) continue;
    Object.assign(step(s.stepId), {
      sent: s.sent,
      opened: s.opened,
      clicked: s.clicked,
      converted: s.converted,
      passed: s.passed,
    });
  }
  for (const a of stats.activeByStep) {
    if (a.version === version && a.stepId) step(a.stepId).active = a.active;
  }
  return counts;
}

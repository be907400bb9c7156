// The journey picture as data, computed from the campaign JSON: a trigger node, one node per step,
// edges for every way out of a step (labelled with the branch case, split arm, event or timeout), a
// shared "journey ends" node, and, apart from the flow, the goal and exit events that end a journey at
// any step. Works on drafts that do not validate yet: malformed steps are skipped, references to
// missing steps are drawn.
import type { CampaignInput } from '../../campaigns/schema';
import { conditionText } from './condition-text';

type StepInput = CampaignInput['steps'][number];

export type NodeKind = StepInput['type'] | 'trigger' | 'end' | 'missing' | 'goal' | 'exitOn';

export interface JourneyNode {
  key: string;
  kind: NodeKind;
  stepId?: string;
  /** What the node does, with its numbers: "Wait 1h", "Send cart-reminder". */
  heading: string;
  /** The marketer's own name for the step, if any. */
  name?: string;
  lines: string[];
  /** The template a send step renders, for a link to its preview. */
  template?: string;
}

export interface JourneyEdge {
  from: string;
  to: string;
  label?: string;
}

export interface JourneyGraph {
  /** The flow: trigger, steps, missing steps, the end. */
  nodes: JourneyNode[];
  edges: JourneyEdge[];
  /** The goal and exit events: they end a journey on whatever step it is, so they stand beside the flow. */
  anytime: JourneyNode[];
}

export const TRIGGER_KEY = 'trigger';
export const END_KEY = 'end';
export const GOAL_KEY = 'goal';
export const stepKey = (id: string) => `step:${id}`;

const WEEKDAYS: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStep(value: unknown): value is StepInput {
  return isRecord(value) && typeof value.id === 'string' && typeof value.type === 'string';
}

function triggerNode(campaign: Partial<CampaignInput>): JourneyNode {
  const trigger = campaign.trigger;
  const lines: string[] = [];
  let heading = 'Trigger';
  if (trigger?.type === 'event') heading = `When ${trigger.event} happens`;
  if (trigger?.type === 'segment') heading = 'Everyone in a segment, at launch';
  if (trigger?.type === 'schedule') heading = `On schedule ${trigger.cron} (${trigger.timeZone ?? 'Europe/Berlin'})`;
  const where = conditionText(trigger?.where);
  if (where) lines.push(`if ${where}`);
  const reentry = campaign.entry?.reentry ?? 'never';
  if (reentry === 'never') lines.push('enters once');
  else if (reentry === 'always') lines.push('enters again after finishing');
  else lines.push(`enters again ${reentry.cooldown} after finishing`);
  return { key: TRIGGER_KEY, kind: 'trigger', heading, lines };
}

function stepNode(step: StepInput): JourneyNode {
  const base = { key: stepKey(step.id), kind: step.type, stepId: step.id, name: step.name };
  switch (step.type) {
    case 'send':
      return {
        ...base,
        template: step.template,
        heading: `Send ${step.template}`,
        lines: [
          (step.channels ?? []).join(', else '),
          ...(step.transactional ? ['transactional: no quiet hours or cap'] : []),
        ],
      };
    case 'wait': {
      const lines: string[] = [];
      if (step.until) {
        const days = step.until.weekdays?.map((d) => WEEKDAYS[d] ?? d).join(', ');
        lines.push(`until ${step.until.time}${days ? ` on ${days}` : ''} local time`);
      }
      if (step.restartOn) lines.push(`restarts on ${step.restartOn.event}`);
      return { ...base, heading: step.duration ? `Wait ${step.duration}` : 'Wait', lines };
    }
    case 'waitFor': {
      const where = conditionText(step.where);
      return {
        ...base,
        heading: `Wait up to ${step.timeout} for ${step.event}`,
        lines: where ? [`if ${where}`] : [],
      };
    }
    case 'branch':
      return { ...base, heading: 'Branch', lines: [] };
    case 'split':
      return { ...base, heading: 'A/B split', lines: [] };
    case 'update': {
      const lines = [
        ...Object.entries(step.set ?? {}).map(([k, v]) => `set ${k} = ${JSON.stringify(v)}`),
        ...(step.addTags ?? []).map((t) => `add tag ${t}`),
        ...(step.removeTags ?? []).map((t) => `remove tag ${t}`),
      ];
      return { ...base, heading: 'Update profile', lines };
    }
    case 'webhook': {
      let host = step.url;
      try {
        host = new URL(step.url).host;
      } catch {
        // An unfinished URL in a draft is shown as written.
      }
      return { ...base, heading: `Webhook to ${host}`, lines: step.template ? [`body: ${step.template}`] : [] };
    }
    case 'exit':
      return { ...base, heading: 'Exit', lines: [] };
  }
}

/** Every way out of a step: the target step id (undefined = the journey ends) and the edge label. */
function exits(step: StepInput): { to: string | undefined; label?: string }[] {
  switch (step.type) {
    case 'send':
    case 'wait':
    case 'update':
    case 'webhook':
      return [{ to: step.next }];
    case 'waitFor':
      return [
        { to: step.onEvent, label: step.event },
        { to: step.onTimeout, label: `after ${step.timeout}` },
      ];
    case 'branch':
      return [
        ...(step.cases ?? []).map((c) => ({ to: c.next, label: conditionText(c.when) || 'case' })),
        { to: step.otherwise, label: 'otherwise' },
      ];
    case 'split': {
      const arms = step.arms ?? [];
      const total = arms.reduce((sum, arm) => sum + Math.max(arm.weight, 0), 0);
      return arms.map((arm) => ({
        to: arm.next,
        label: `${arm.name} · ${total ? Math.round((arm.weight / total) * 100) : 0}%`,
      }));
    }
    case 'exit':
      return [];
  }
}

function goalNodes(campaign: Partial<CampaignInput>): JourneyNode[] {
  const nodes: JourneyNode[] = [];
  const goal = campaign.goal;
  if (goal) {
    const where = conditionText(goal.where);
    nodes.push({
      key: GOAL_KEY,
      kind: 'goal',
      heading: `Goal: ${goal.event}`,
      lines: [
        ...(where ? [`if ${where}`] : []),
        `revenue from ${goal.valueProperty ?? 'total'}`,
        `last touch within ${goal.attributionWindow ?? '5d'}`,
        goal.exit === false ? 'journey continues' : 'ends the journey',
      ],
    });
  }
  (campaign.exitOn ?? []).forEach((match, i) => {
    const where = conditionText(match.where);
    nodes.push({
      key: `exit-on:${i}`,
      kind: 'exitOn',
      heading: `Exit on ${match.event}`,
      lines: where ? [`if ${where}`] : [],
    });
  });
  return nodes;
}

export function journeyGraph(definition: unknown): JourneyGraph {
  const campaign = (isRecord(definition) ? definition : {}) as Partial<CampaignInput>;
  const steps = (Array.isArray(campaign.steps) ? campaign.steps : []).filter(isStep);
  const known = new Set(steps.map((s) => s.id));
  const nodes: JourneyNode[] = [triggerNode(campaign)];
  const edges: JourneyEdge[] = [];
  const missing = new Set<string>();
  let ends = false;

  const connect = (from: string, to: string | undefined, label?: string) => {
    if (to === undefined) {
      ends = true;
      edges.push({ from, to: END_KEY, label });
      return;
    }
    if (!known.has(to)) missing.add(to);
    edges.push({ from, to: known.has(to) ? stepKey(to) : `missing:${to}`, label });
  };

  if (typeof campaign.start === 'string') connect(TRIGGER_KEY, campaign.start);
  for (const step of steps) {
    nodes.push(stepNode(step));
    for (const out of exits(step)) connect(stepKey(step.id), out.to, out.label);
  }
  for (const id of missing) {
    nodes.push({
      key: `missing:${id}`,
      kind: 'missing',
      heading: `Missing step ${id}`,
      lines: ['no step has this id'],
    });
  }
  if (ends) nodes.push({ key: END_KEY, kind: 'end', heading: 'Journey ends', lines: [] });
  return { nodes, edges, anytime: goalNodes(campaign) };
}

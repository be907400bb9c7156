// Everything wrong with a campaign, at once, in words a marketer understands, each problem pointing at
// the exact spot (a JSON Pointer). The zod schema checks the shape; this adds the rules that need the
// whole campaign: step references, reachability, loops, templates and the variables they can be given.
import type { z } from 'zod';
import { type ConditionLeaf, conditionLeaves } from './conditions';
import { parseDuration } from './duration';
import { type CampaignDefinition, type Condition, campaignDefinition, type Step, step as stepSchema } from './schema';
import type { TemplateCatalog } from './template-catalog';

export const PROBLEM_CODES = [
  'schema',
  'duplicate_step_id',
  'unknown_step',
  'unreachable_step',
  'cycle_without_wait',
  'not_a_send_step',
  'wait_without_time',
  'invalid_duration',
  'invalid_condition',
  'missing_template',
  'unknown_variable',
  'unavailable_variable',
  'invalid_back_in_stock',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  /** JSON Pointer into the submitted campaign, e.g. "/steps/3/next"; "" is the campaign itself. */
  path: string;
  code: ProblemCode;
  message: string;
}

export type ValidationResult = { ok: true; campaign: CampaignDefinition } | { ok: false; problems: Problem[] };

export class InvalidCampaignError extends Error {
  readonly code = 'invalid_campaign';
  constructor(readonly problems: Problem[]) {
    super(
      `The campaign has ${problems.length} problem(s): ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
    this.name = 'InvalidCampaignError';
  }
}

/** Variable roots a template can read; conditions are limited to the first three by the schema. */
const KNOWN_ROOTS = ['contact', 'event', 'waited', 'campaign', 'links', 'message'];
const MAX_DURATION_MS = 400 * 86_400_000;

type Path = (string | number)[];

export function validateCampaign(input: unknown, catalog?: TemplateCatalog): ValidationResult {
  const parsed = campaignDefinition.safeParse(input, { reportInput: true });
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => schemaProblems(issue, []));
  // A campaign with shape errors is still checked as far as its parts allow, so the marketer sees
  // every problem in one round instead of fixing them one at a time.
  const view = parsed.success ? parsed.data : salvage(input);
  const graph = stepGraph(input);
  problems.push(...graphProblems(graph, input), ...meaningProblems(view, graph, catalog));
  if (parsed.success && problems.length === 0) return { ok: true, campaign: parsed.data };
  return { ok: false, problems: tidy(problems) };
}

/** The campaign with defaults applied, or InvalidCampaignError listing every problem. */
export function parseCampaign(input: unknown, catalog?: TemplateCatalog): CampaignDefinition {
  const result = validateCampaign(input, catalog);
  if (!result.ok) throw new InvalidCampaignError(result.problems);
  return result.campaign;
}

// ---------------------------------------------------------------------------------------------------
// Shape problems from zod, in plain words.

type Issue = z.core.$ZodIssue;

function schemaProblems(issue: Issue, base: PropertyKey[]): Problem[] {
  const path = [...base, ...issue.path].map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => problem([...path, key], 'schema', `"${key}" is not a known field here`));
  }
  if (issue.code === 'invalid_union') {
    if (issue.discriminator) {
      const options = (('options' in issue && issue.options) || []).map((o) => `"${String(o)}"`).join(', ');
      return [problem(path, 'schema', `${label(path)} must be one of ${options}`)];
    }
    if (isMissing(issue)) return [problem(path, 'schema', `${label(path)} is required`)];
    // A union's branches all fail; if one fits the input's shape, its errors are the helpful ones.
    const branches = [...issue.errors].sort((a, b) => misfit(a) - misfit(b));
    const best = branches[0];
    if (best && misfit(best) === 0) return best.flatMap((inner) => schemaProblems(inner, path));
    return [problem(path, 'schema', unionMessage(path))];
  }
  return [problem(path, 'schema', `${label(path)} ${plainMessage(issue)}`)];
}

/** How badly a union branch's shape fits the input: unknown and missing keys. */
function misfit(issues: Issue[]): number {
  return issues.reduce((sum, issue) => {
    if (issue.code === 'unrecognized_keys') return sum + issue.keys.length;
    if (issue.code === 'invalid_type' && isMissing(issue)) return sum + 1;
    if (issue.code === 'invalid_union') return sum + Math.min(1, ...issue.errors.map(misfit));
    return sum;
  }, 0);
}

function isMissing(issue: Issue): boolean {
  return !('input' in issue) || issue.input === undefined;
}

function unionMessage(path: Path): string {
  const last = path.at(-1);
  const parent = path.at(-2);
  const isCondition =
    last === 'when' ||
    last === 'where' ||
    last === 'not' ||
    (typeof last === 'number' && (parent === 'all' || parent === 'any'));
  return isCondition
    ? `${label(path)} is not a condition: use {"field", "op", "value"}, {"field", "equalsField"}, {"engaged"}, {"all"}, {"any"} or {"not"}`
    : `${label(path)} does not match any of the allowed forms`;
}

function plainMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return isMissing(issue) ? 'is required' : `must be ${KIND_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return sizeMessage('at least', issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return sizeMessage('at most', issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'must be an http:// or https:// URL';
      // The schema's own messages ("must be a duration like …") are already written for people.
      return issue.message.startsWith('must') ? issue.message : `is not a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

const KIND_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function sizeMessage(bound: 'at least' | 'at most', origin: string, limit: number, inclusive: boolean): string {
  if (origin === 'array' || origin === 'set') return `needs ${bound} ${limit} item${limit === 1 ? '' : 's'}`;
  if (origin === 'string') {
    return bound === 'at least' && limit === 1 ? 'must not be empty' : `must be ${bound} ${limit} characters long`;
  }
  if (inclusive) return `must be ${bound} ${limit}`;
  return `must be ${bound === 'at least' ? 'more' : 'less'} than ${limit}`;
}

/** The name a marketer recognises: the field, with the list positions after it, e.g. "channels[0]". */
function label(path: Path): string {
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end--;
  if (end === 0) return path.length === 0 ? 'The campaign' : `Item [${path.join('][')}]`;
  const indices = path.slice(end).map((i) => `[${i}]`);
  return `"${String(path[end - 1])}${indices.join('')}"`;
}

/** Whatever parts of an invalid campaign are valid on their own, so the other checks can look at them. */
type CampaignView = Partial<Omit<CampaignDefinition, 'steps'>> & { steps: (Step | undefined)[] };

function salvage(input: unknown): CampaignView {
  if (!isRecord(input)) return { steps: [] };
  const parts: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(campaignDefinition.shape) as [string, z.ZodType][]) {
    const part = schema.safeParse(input[key]);
    if (part.success && key !== 'steps') parts[key] = part.data;
  }
  const steps = Array.isArray(input.steps) ? input.steps.map((s) => stepSchema.safeParse(s).data) : [];
  return { ...(parts as Partial<CampaignDefinition>), steps };
}

// ---------------------------------------------------------------------------------------------------
// The step graph, read from the raw input so that steps with shape errors still count as targets.

interface StepNode {
  index: number;
  id?: string;
  type?: string;
  edges: { path: Path; target: string }[];
}

interface StepGraph {
  nodes: StepNode[];
  byId: Map<string, StepNode[]>;
}

/** Per step type: the fields naming one following step, and the lists whose items have a `next`. */
const EDGE_FIELDS: Record<string, [string[], string[]]> = {
  send: [['next'], []],
  wait: [['next'], []],
  update: [['next'], []],
  webhook: [['next'], []],
  waitFor: [['onEvent', 'onTimeout'], []],
  branch: [['otherwise'], ['cases']],
  split: [[], ['arms']],
  exit: [[], []],
};

function stepGraph(input: unknown): StepGraph {
  const raw = isRecord(input) && Array.isArray(input.steps) ? input.steps : [];
  const nodes = raw.map((value, index): StepNode => {
    const s = isRecord(value) ? value : {};
    const type = typeof s.type === 'string' ? s.type : undefined;
    // A misspelt type still has its references checked; a known one only where it can have them.
    const [single, lists] = (type && EDGE_FIELDS[type]) || [
      ['next', 'onEvent', 'onTimeout', 'otherwise'],
      ['cases', 'arms'],
    ];
    const edges: StepNode['edges'] = [];
    for (const key of single) {
      const target = s[key];
      if (typeof target === 'string') edges.push({ path: ['steps', index, key], target });
    }
    for (const key of lists) {
      const items = s[key];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => {
        if (isRecord(item) && typeof item.next === 'string')
          edges.push({ path: ['steps', index, key, i, 'next'], target: item.next });
      });
    }
    return { index, id: typeof s.id === 'string' ? s.id : undefined, type, edges };
  });
  const byId = new Map<string, StepNode[]>();
  for (const node of nodes) if (node.id !== undefined) byId.set(node.id, [...(byId.get(node.id) ?? []), node]);
  return { nodes, byId };
}

function graphProblems({ nodes, byId }: StepGraph, input: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const [id, same] of byId) {
    for (const node of same.slice(1)) {
      problems.push(
        problem(
          ['steps', node.index, 'id'],
          'duplicate_step_id',
          `Step id "${id}" is already used by the step at /steps/${same[0]!.index}; step ids must be unique`,
        ),
      );
    }
  }
  const start = isRecord(input) && typeof input.start === 'string' ? input.start : undefined;
  if (start !== undefined && !byId.has(start)) {
    problems.push(problem(['start'], 'unknown_step', `The start step "${start}" does not exist`));
  }
  for (const node of nodes) {
    for (const edge of node.edges) {
      if (!byId.has(edge.target))
        problems.push(problem(edge.path, 'unknown_step', `There is no step "${edge.target}" to go to`));
    }
  }
  if (start !== undefined && byId.has(start)) {
    const reached = reachableFrom(byId.get(start)!, byId);
    for (const node of nodes) {
      if (!reached.has(node) && node.id !== undefined) {
        problems.push(
          problem(
            ['steps', node.index],
            'unreachable_step',
            `Step "${node.id}" can never be reached from the start step "${start}"`,
          ),
        );
      }
    }
  }
  for (const loop of loopsWithoutWait(nodes, byId)) {
    const ids = loop.map((node) => `"${node.id}"`).join(', ');
    const what = loop.length === 1 ? `Step ${ids} leads back to itself` : `Steps ${ids} form a loop`;
    problems.push(
      problem(
        ['steps', loop[0]!.index],
        'cycle_without_wait',
        `${what} without a wait or waitFor step; a journey would repeat it endlessly`,
      ),
    );
  }
  return problems;
}

function successors(node: StepNode, byId: Map<string, StepNode[]>): StepNode[] {
  return node.edges.flatMap((edge) => byId.get(edge.target) ?? []);
}

function reachableFrom(starts: StepNode[], byId: Map<string, StepNode[]>): Set<StepNode> {
  const reached = new Set<StepNode>(starts);
  const queue = [...starts];
  for (let node = queue.shift(); node; node = queue.shift()) {
    for (const next of successors(node, byId)) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}

const WAITS = new Set(['wait', 'waitFor']);

/** Strongly connected groups of steps that never pause (Tarjan), each sorted by position. */
function loopsWithoutWait(nodes: StepNode[], byId: Map<string, StepNode[]>): StepNode[][] {
  const busy = nodes.filter((node) => !WAITS.has(node.type ?? ''));
  const next = (node: StepNode) => successors(node, byId).filter((n) => !WAITS.has(n.type ?? ''));
  const order = new Map<StepNode, number>();
  const low = new Map<StepNode, number>();
  const stack: StepNode[] = [];
  const onStack = new Set<StepNode>();
  const loops: StepNode[][] = [];
  const visit = (node: StepNode): void => {
    order.set(node, order.size);
    low.set(node, order.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const succ of next(node)) {
      if (!order.has(succ)) {
        visit(succ);
        low.set(node, Math.min(low.get(node)!, low.get(succ)!));
      } else if (onStack.has(succ)) {
        low.set(node, Math.min(low.get(node)!, order.get(succ)!));
      }
    }
    if (low.get(node) !== order.get(node)) return;
    const group: StepNode[] = [];
    let member: StepNode;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || next(node).includes(node)) loops.push(group.sort((a, b) => a.index - b.index));
  };
  for (const node of busy) if (!order.has(node)) visit(node);
  return loops.sort((a, b) => a[0]!.index - b[0]!.index);
}

// ---------------------------------------------------------------------------------------------------
// What the steps mean: waits, durations, conditions, templates and the variables they read.

/**
 * Where a field is read, which decides what `waited` means there: `start` before any waitFor (trigger
 * filter, back-in-stock key), `match` inside an event match (the event being matched), `journey`
 * everywhere else (the event the last waitFor received, so only if the campaign has one).
 */
type ReadContext = 'start' | 'match' | 'journey';

function meaningProblems(campaign: CampaignView, graph: StepGraph, catalog?: TemplateCatalog): Problem[] {
  const problems: Problem[] = [];
  const hasWaitFor = graph.nodes.some((node) => node.type === 'waitFor');
  const checkVariable = (variable: string, path: Path, context: ReadContext, source: string) => {
    const found = variableProblem(variable, campaign, context, hasWaitFor, source);
    if (found) problems.push(problem(path, found.code, found.message));
  };

  for (const { path, value } of durations(campaign)) {
    const ms = parseDuration(value);
    if (ms === 0) problems.push(problem(path, 'invalid_duration', `A duration of "${value}" does not wait at all`));
    else if (ms > MAX_DURATION_MS) {
      problems.push(problem(path, 'invalid_duration', `"${value}" is longer than the limit of 400 days`));
    }
  }

  for (const { condition, path, context } of conditions(campaign)) {
    for (const { leaf, path: at } of conditionLeaves(condition, path)) {
      problems.push(...leafProblems(leaf, at, graph));
      for (const key of ['field', 'equalsField'] as const) {
        const variable = (leaf as Partial<Record<typeof key, string>>)[key];
        if (variable) checkVariable(variable, [...at, key], context, 'The condition');
      }
    }
  }

  campaign.steps.forEach((step, index) => {
    if (step?.type === 'wait' && !step.duration && !step.until) {
      problems.push(
        problem(
          ['steps', index],
          'wait_without_time',
          `Wait step "${step.id}" needs a "duration", an "until" time of day, or both`,
        ),
      );
    }
    if (!catalog) return;
    const uses =
      step?.type === 'send'
        ? [...new Set(step.channels)].map((channel) => ({ template: step.template, channel }))
        : step?.type === 'webhook' && step.template
          ? [{ template: step.template, channel: 'webhook' as const }]
          : [];
    for (const { template, channel } of uses) {
      const path = ['steps', index, 'template'];
      if (!catalog.has(template, channel)) {
        problems.push(problem(path, 'missing_template', `Template "${template}" has no ${channel} version`));
        continue;
      }
      for (const variable of catalog.variables(template, channel)) {
        checkVariable(variable, path, 'journey', `Template "${template}" (${channel})`);
      }
    }
  });

  if (campaign.backInStock) {
    if (campaign.trigger && campaign.trigger.type !== 'event') {
      problems.push(
        problem(
          ['backInStock'],
          'invalid_back_in_stock',
          'A back-in-stock campaign needs an event trigger, the subscription event',
        ),
      );
    }
    if (!hasWaitFor) {
      problems.push(
        problem(
          ['backInStock'],
          'invalid_back_in_stock',
          'A back-in-stock campaign needs a waitFor step that waits for the restock',
        ),
      );
    }
    checkVariable(campaign.backInStock.keyField, ['backInStock', 'keyField'], 'start', 'The back-in-stock key');
  }
  return problems;
}

function durations(campaign: CampaignView): { path: Path; value: string }[] {
  const found: { path: Path; value: string }[] = [];
  const reentry = campaign.entry?.reentry;
  if (typeof reentry === 'object') found.push({ path: ['entry', 'reentry', 'cooldown'], value: reentry.cooldown });
  if (campaign.goal) found.push({ path: ['goal', 'attributionWindow'], value: campaign.goal.attributionWindow });
  campaign.steps.forEach((step, index) => {
    if (step?.type === 'wait' && step.duration)
      found.push({ path: ['steps', index, 'duration'], value: step.duration });
    if (step?.type === 'waitFor') found.push({ path: ['steps', index, 'timeout'], value: step.timeout });
  });
  return found;
}

function conditions(campaign: CampaignView): { condition: Condition; path: Path; context: ReadContext }[] {
  const found: { condition: Condition; path: Path; context: ReadContext }[] = [];
  const add = (condition: Condition | undefined, path: Path, context: ReadContext): void => {
    if (condition) found.push({ condition, path, context });
  };
  add(campaign.trigger?.where, ['trigger', 'where'], 'start');
  campaign.exitOn?.forEach((exit, i) => void add(exit.where, ['exitOn', i, 'where'], 'match'));
  add(campaign.goal?.where, ['goal', 'where'], 'match');
  campaign.steps.forEach((step, index) => {
    if (step?.type === 'wait') add(step.restartOn?.where, ['steps', index, 'restartOn', 'where'], 'match');
    if (step?.type === 'waitFor') add(step.where, ['steps', index, 'where'], 'match');
    if (step?.type === 'branch')
      step.cases.forEach((c, i) => void add(c.when, ['steps', index, 'cases', i, 'when'], 'journey'));
  });
  return found;
}

function leafProblems(leaf: ConditionLeaf, path: Path, graph: StepGraph): Problem[] {
  if ('engaged' in leaf) {
    const target = graph.byId.get(leaf.engaged.step)?.[0];
    const at = [...path, 'engaged', 'step'];
    if (!target)
      return [problem(at, 'unknown_step', `There is no step "${leaf.engaged.step}" to check engagement with`)];
    if (target.type !== 'send') {
      return [
        problem(
          at,
          'not_a_send_step',
          `Step "${leaf.engaged.step}" is a ${target.type ?? 'malformed'} step; engagement needs a send step`,
        ),
      ];
    }
    return [];
  }
  if (!('op' in leaf)) return [];
  const { op, value } = leaf;
  const at = [...path, 'value'];
  if (op === 'exists') {
    return value === undefined || typeof value === 'boolean'
      ? []
      : [problem(at, 'invalid_condition', '"exists" takes true or false (or no value, meaning true)')];
  }
  if (op === 'in' || op === 'nin') {
    return Array.isArray(value)
      ? []
      : [problem(at, 'invalid_condition', `"${op}" needs a list of values, e.g. ["de", "at"]`)];
  }
  if (value === undefined) return [problem(at, 'invalid_condition', `"${op}" needs a value to compare with`)];
  if (Array.isArray(value) && op !== 'contains') {
    return [problem(at, 'invalid_condition', `"${op}" compares with a single value, not a list`)];
  }
  return [];
}

function variableProblem(
  variable: string,
  campaign: CampaignView,
  context: ReadContext,
  hasWaitFor: boolean,
  source: string,
): { code: ProblemCode; message: string } | undefined {
  // Handlebars' block-local names (this, @index, ../x) are not data the campaign has to supply.
  const name = variable.startsWith('@root.') ? variable.slice('@root.'.length) : variable;
  if (name.startsWith('@') || name.startsWith('../') || name === 'this' || name.startsWith('this.')) return undefined;
  const [root, second, third] = name.split('.');
  if (!KNOWN_ROOTS.includes(root ?? '')) {
    return {
      code: 'unknown_variable',
      message: `${source} uses "${variable}", but variables must start with ${KNOWN_ROOTS.join(', ')}`,
    };
  }
  const trigger = campaign.trigger;
  if (root === 'event' && trigger && trigger.type !== 'event') {
    return {
      code: 'unavailable_variable',
      message: `${source} uses "${variable}", but a ${trigger.type}-triggered campaign has no trigger event`,
    };
  }
  if (root === 'event' && trigger?.type === 'event' && trigger.properties && second === 'properties' && third) {
    if (!trigger.properties.includes(third)) {
      return {
        code: 'unknown_variable',
        message: `${source} uses "${variable}", but "${trigger.event}" only declares the properties ${trigger.properties.join(', ')}`,
      };
    }
  }
  if (root === 'waited' && context === 'start') {
    return {
      code: 'unavailable_variable',
      message: `${source} uses "${variable}", but nothing has been waited for at this point`,
    };
  }
  if (root === 'waited' && context === 'journey' && !hasWaitFor) {
    return {
      code: 'unavailable_variable',
      message: `${source} uses "${variable}", but the campaign has no waitFor step that could supply it`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------

function problem(path: Path, code: ProblemCode, message: string): Problem {
  return { path: toPointer(path), code, message };
}

/** RFC 6901: "~" and "/" inside a segment are escaped. */
function toPointer(path: Path): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** In document order (numeric positions compared as numbers), each distinct problem once. */
function tidy(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.path}\n${p.code}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

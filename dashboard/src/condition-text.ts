// A campaign condition in short words for the journey picture: "event.properties.total ≥ 50",
// "opened send-reminder", "a and (b or c)".
import type { Condition } from '../../campaigns/schema';

const OPERATORS: Record<string, string> = {
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'in',
  nin: 'not in',
  contains: 'contains',
  startsWith: 'starts with',
};

function literal(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(literal).join(', ')}]` : (JSON.stringify(value) ?? '');
}

/**
 * Takes `unknown` because drafts are shown before they validate. `nested` wraps and/or groups in
 * parentheses where precedence would otherwise be unclear.
 */
export function conditionText(value: unknown, nested = false): string {
  if (!value || typeof value !== 'object') return '';
  const condition = value as Condition;
  const group = (parts: Condition[], word: string) => {
    if (!Array.isArray(parts)) return '';
    const text = parts.map((c) => conditionText(c, true)).join(` ${word} `);
    return nested && parts.length > 1 ? `(${text})` : text;
  };
  if ('all' in condition) return group(condition.all, 'and');
  if ('any' in condition) return group(condition.any, 'or');
  if ('not' in condition) return `not ${conditionText(condition.not, true)}`;
  if ('engaged' in condition) return `${condition.engaged.action} ${condition.engaged.step}`;
  if ('equalsField' in condition) return `${condition.field} = ${condition.equalsField}`;
  if (condition.op === 'exists') return `${condition.field} ${condition.value === false ? 'is missing' : 'exists'}`;
  return `${condition.field} ${OPERATORS[condition.op] ?? condition.op} ${literal(condition.value)}`;
}

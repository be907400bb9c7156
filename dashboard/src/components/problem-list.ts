// A campaign's problems as the validator words them, each with where it is. `locate` turns a JSON
// Pointer into a line number where the text is at hand (the editor); elsewhere the pointer is shown.
import type { CampaignProblem } from '../api-types';
import { h } from '../dom';

export interface ProblemListOptions {
  line?(problem: CampaignProblem): number | undefined;
  onSelect?(problem: CampaignProblem): void;
}

export function problemItems(problems: CampaignProblem[], options: ProblemListOptions = {}): HTMLElement[] {
  return problems.map((problem) => {
    const line = options.line?.(problem);
    const where = line !== undefined ? `Line ${line}` : problem.path || '(campaign)';
    // Only the place is a button (it moves the cursor there); the message stays plain, wrapping text.
    const place = options.onSelect
      ? h('button', { type: 'button', class: 'link-button where', onclick: () => options.onSelect?.(problem) }, where)
      : h('span', { class: 'where' }, where);
    return h(
      'li',
      { 'data-code': problem.code, 'data-line': line ?? null },
      place,
      ' ',
      problem.message,
      ' ',
      h('code', { class: 'hint' }, problem.path),
    );
  });
}

// Launch, pause, resume and stop, each behind a confirmation that says what happens to the people
// already on their way (counted live from the campaign's statistics).

import { announce } from '../announce';
import { api } from '../api-client';
import type { CampaignStats, CampaignSummary } from '../api-types';
import { type Child, h } from '../dom';
import { formatCount } from '../format';
import { confirmDialog } from './confirm-dialog';

type Action = 'launch' | 'pause' | 'resume' | 'stop';

export interface LifecycleOptions {
  campaign: CampaignSummary;
  onChanged(campaign: CampaignSummary): void;
  /** Runs before the action, e.g. saving unsaved edits so they are what gets launched. */
  beforeAction?: () => Promise<void>;
}

async function inFlight(id: string): Promise<number> {
  const stats = await api.get<CampaignStats>(`/v1/campaigns/${encodeURIComponent(id)}/stats`).catch(() => undefined);
  return (stats?.activeByStep ?? []).reduce((sum, s) => sum + s.active, 0);
}

/** "In flight now: 3 people." A line of its own, so the sentences after it read the same for any number. */
function inFlightLine(n: number) {
  return h('p', null, h('strong', null, `In flight now: ${n === 1 ? '1 person' : `${formatCount(n)} people`}.`));
}

function entryText(draft: unknown): string {
  const trigger = (draft as { trigger?: { type?: string; event?: string; cron?: string } } | undefined)?.trigger;
  if (trigger?.type === 'event')
    return `From then on, every "${trigger.event}" event starts a journey for its contact.`;
  if (trigger?.type === 'segment') return 'Every contact matching the segment enters right away.';
  if (trigger?.type === 'schedule') return `Contacts matching the filter enter on the schedule "${trigger.cron}".`;
  return 'New journeys start as the trigger says.';
}

function explain(action: Action, c: CampaignSummary, flying: number): { title: string; body: Child[]; label: string } {
  const next = c.latestVersion + 1;
  switch (action) {
    case 'launch':
      return {
        title: c.liveVersion ? `Launch the draft as version ${next}?` : `Launch "${c.name}"?`,
        label: `Launch v${next}`,
        body: [
          h('p', null, `The saved draft is frozen as version ${next} and goes live. ${entryText(c.draft)}`),
          ...(c.liveVersion
            ? [
                inFlightLine(flying),
                h('p', null, `They stay on the version they started with; only new entries get version ${next}.`),
              ]
            : []),
        ],
      };
    case 'pause':
      return {
        title: `Pause "${c.name}"?`,
        label: 'Pause',
        body: [
          h('p', null, 'No one new enters while the campaign is paused. You can resume at any time.'),
          inFlightLine(flying),
          h('p', null, 'They carry on: their waits run out and their messages are still sent.'),
        ],
      };
    case 'resume':
      return {
        title: `Resume "${c.name}"?`,
        label: 'Resume',
        body: [
          h('p', null, `New entries start again on version ${c.liveVersion ?? c.latestVersion}.`),
          inFlightLine(flying),
          h('p', null, 'They continue as before.'),
        ],
      };
    case 'stop':
      return {
        title: `Stop "${c.name}" for good?`,
        label: 'Stop campaign',
        body: [
          h('p', null, 'No one new enters. Results are kept. A stopped campaign cannot be launched again.'),
          inFlightLine(flying),
          h('p', null, 'They leave their journeys now and get no further messages.'),
        ],
      };
  }
}

function available(c: CampaignSummary): Action[] {
  switch (c.status) {
    case 'draft':
      return ['launch', 'stop'];
    case 'live':
      return ['launch', 'pause', 'stop'];
    case 'paused':
      return ['resume', 'launch', 'stop'];
    case 'stopped':
      return [];
  }
}

const BUTTON_TEXT: Record<Action, (c: CampaignSummary) => string> = {
  launch: (c) => (c.liveVersion ? 'Launch draft as new version' : 'Launch'),
  pause: () => 'Pause',
  resume: () => 'Resume',
  stop: () => 'Stop',
};

export function lifecycleActions(options: LifecycleOptions): HTMLElement {
  const c = options.campaign;
  const open = async (action: Action) => {
    await options.beforeAction?.();
    const text = explain(action, c, await inFlight(c.id));
    await confirmDialog({
      title: text.title,
      body: text.body,
      confirmLabel: text.label,
      danger: action === 'stop',
      action: async () => {
        const changed = await api.post<CampaignSummary>(`/v1/campaigns/${encodeURIComponent(c.id)}/${action}`);
        announce(`Campaign ${changed.status}`);
        options.onChanged(changed);
      },
    });
  };
  return h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': 'Campaign actions' },
    available(c).map((action) =>
      h(
        'button',
        {
          type: 'button',
          class: action === 'launch' ? 'primary' : action === 'stop' ? 'danger-outline' : '',
          'data-action': action,
          // A failed beforeAction (an unsaved draft that does not save) reports itself on the screen.
          onclick: () => void open(action).catch(() => undefined),
        },
        BUTTON_TEXT[action](c),
      ),
    ),
  );
}

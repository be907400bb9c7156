// One contact: profile, consent per channel, the journeys they are in now, and everything that
// happened with them across channels, newest first.
import { api } from '../api-client';
import type { Contact, Timeline } from '../api-types';
import { dataTable } from '../components/data-table';
import { h, replaceChildren } from '../dom';
import { formatDateTime } from '../format';
import type { Screen } from '../router';
import { type EntryKind, type TimelineEntry, timelineEntries } from '../timeline-entries';

const FILTERS: { value: EntryKind | 'all'; label: string }[] = [
  { value: 'all', label: 'Everything' },
  { value: 'message', label: 'Messages' },
  { value: 'engagement', label: 'Opens and clicks' },
  { value: 'purchase', label: 'Purchases' },
  { value: 'conversion', label: 'Conversions' },
  { value: 'journey', label: 'Journeys' },
  { value: 'event', label: 'Other events' },
];

function displayName(c: Contact): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.externalId || c.id;
}

function profile(c: Contact) {
  const rows: [string, string | undefined][] = [
    ['Email', c.email],
    ['Phone', c.phone],
    ['External id', c.externalId],
    ['Locale', c.locale],
    ['Time zone', c.timeZone],
    ['Tags', c.tags?.join(', ')],
    ['Push subscriptions', c.pushSubscriptions ? String(c.pushSubscriptions.length) : undefined],
    ...Object.entries(c.attributes ?? {}).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
    ['Contact id', c.id],
  ];
  return h(
    'dl',
    { class: 'facts' },
    rows.filter(([, v]) => v).map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v ?? ''))),
  );
}

function consents(c: Contact) {
  return dataTable(
    ['Channel', 'Consent', 'Since', 'Source'],
    (['email', 'push', 'sms'] as const).map((channel) => {
      const consent = c.consent?.[channel];
      return [channel, consent?.status ?? 'not given', formatDateTime(consent?.updatedAt), consent?.source ?? '–'];
    }),
    [false, false, false, false],
  );
}

function activeJourneys(timeline: Timeline) {
  const active = timeline.journeys.filter((j) => j.status === 'active');
  if (!active.length) return h('p', { class: 'empty' }, 'Not in any journey right now.');
  return h(
    'ul',
    { class: 'plain' },
    active.map((j) =>
      h(
        'li',
        { 'data-journey': j.campaignId },
        h('a', { href: `/campaigns/${encodeURIComponent(j.campaignId)}?version=${j.campaignVersion}` }, j.campaignId),
        ` v${j.campaignVersion} · at step ${j.stepId ?? '–'} · since ${formatDateTime(j.startedAt)}`,
      ),
    ),
  );
}

function entryItem(e: TimelineEntry) {
  return h(
    'li',
    { class: `entry entry-${e.kind}`, 'data-kind': e.kind, 'data-channel': e.channel ?? null },
    h('time', { datetime: e.at }, formatDateTime(e.at)),
    h(
      'div',
      null,
      h('p', { class: 'entry-title' }, e.title),
      e.details.length ? h('p', { class: 'hint' }, e.details.join(' · ')) : null,
    ),
  );
}

export const render: Screen = async ({ params, navigate }) => {
  const id = params.id ?? '';
  const [contact, timeline] = await Promise.all([
    api.get<Contact>(`/v1/contacts/${encodeURIComponent(id)}`),
    api.get<Timeline>(`/v1/contacts/${encodeURIComponent(id)}/timeline?limit=500`),
  ]);
  const entries = timelineEntries(timeline);
  const list = h('ol', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  const showEntries = (filter: string) =>
    replaceChildren(list, entries.filter((e) => filter === 'all' || e.kind === filter).map(entryItem));
  showEntries('all');

  return {
    title: displayName(contact),
    element: h(
      'section',
      { class: 'screen' },
      h('p', { class: 'crumbs' }, h('a', { href: '/contacts' }, 'Contacts')),
      h(
        'div',
        { class: 'screen-head' },
        h('h1', null, displayName(contact)),
        h('button', { type: 'button', onclick: () => navigate(location.pathname) }, 'Refresh'),
      ),
      h(
        'div',
        { class: 'grid-2' },
        h('section', { class: 'card' }, h('h2', null, 'Profile'), profile(contact)),
        h(
          'div',
          null,
          h('section', { class: 'card' }, h('h2', null, 'Consent'), consents(contact)),
          h('section', { class: 'card' }, h('h2', null, 'In journeys now'), activeJourneys(timeline)),
        ),
      ),
      h(
        'section',
        { class: 'card' },
        h(
          'div',
          { class: 'screen-head' },
          h('h2', { id: 'timeline-title' }, 'Timeline'),
          h(
            'div',
            { class: 'field-inline' },
            h('label', { for: 'timeline-filter' }, 'Show'),
            h(
              'select',
              { id: 'timeline-filter', onchange: (e: Event) => showEntries((e.target as HTMLSelectElement).value) },
              FILTERS.map((f) => h('option', { value: f.value }, f.label)),
            ),
          ),
        ),
        entries.length ? list : h('p', { class: 'empty' }, 'Nothing has happened with this contact yet.'),
      ),
    ),
  };
};

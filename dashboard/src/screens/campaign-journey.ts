// The journey as a picture: the chosen version drawn as a flow graph, with each step's live counts.

import { chosenVersion, definitionOf, loadCampaign, loadStats } from '../campaign-loader';
import { campaignHeader } from '../components/campaign-header';
import { journeyDiagram } from '../components/journey-diagram';
import { problemItems } from '../components/problem-list';
import { versionPicker } from '../components/version-picker';
import { h } from '../dom';
import { journeyCounts } from '../journey-counts';
import { journeyGraph } from '../journey-graph';
import { poll } from '../poll';
import type { Screen } from '../router';

const REFRESH_MS = 3000;

export const render: Screen = async ({ params, query, navigate }) => {
  const id = params.id ?? '';
  const campaign = await loadCampaign(id);
  const version = chosenVersion(campaign, query);
  const definition = await definitionOf(campaign, version);
  const graph = journeyGraph(definition);
  const stepIds = graph.nodes.flatMap((n) => (n.stepId ? [n.stepId] : []));
  const label = version === 'draft' ? 'the draft' : `version ${version}`;
  const diagram = journeyDiagram(graph, `Journey of ${campaign.name}, ${label}`);
  const updated = h('p', { class: 'hint', 'aria-live': 'off' });

  const stop =
    version === 'draft'
      ? undefined
      : poll(async () => {
          diagram.showCounts(journeyCounts(await loadStats(id), version, stepIds));
          updated.textContent = `Counts as of ${new Date().toLocaleTimeString()}, refreshed every ${REFRESH_MS / 1000} s.`;
        }, REFRESH_MS);

  const problems =
    version === 'draft' && campaign.problems.length
      ? h(
          'div',
          { class: 'notice', role: 'note' },
          h('p', null, `The draft has ${campaign.problems.length} problem(s) to fix before it can be launched:`),
          h('ul', { class: 'problems' }, problemItems(campaign.problems)),
          h('p', null, h('a', { href: `/campaigns/${encodeURIComponent(id)}/edit` }, 'Open the editor')),
        )
      : null;

  return {
    title: `${campaign.name} · Journey`,
    dispose: stop,
    element: h(
      'section',
      { class: 'screen' },
      campaignHeader(campaign, 'journey', { onChanged: () => navigate(location.pathname + location.search) }),
      h(
        'div',
        { class: 'toolbar' },
        versionPicker(campaign, version, navigate, { includeDraft: true }),
        version === 'draft'
          ? h('p', { class: 'hint' }, 'The draft has no numbers yet: it has not been launched as it is.')
          : updated,
      ),
      problems,
      diagram.element,
    ),
  };
};

// Edit a campaign's draft as JSON: problems appear at their lines as the marketer types, the journey
// picture beside the editor follows the text, and saving replaces the draft (live journeys keep theirs).

import { announce } from '../announce';
import { api } from '../api-client';
import type { CampaignSummary, Validation } from '../api-types';
import { campaignPath, loadCampaign } from '../campaign-loader';
import { campaignHeader } from '../components/campaign-header';
import { campaignJsonEditor, type EditorCheck, type LocatedProblem } from '../components/campaign-json-editor';
import { errorMessage } from '../components/error-view';
import { journeyDiagram } from '../components/journey-diagram';
import { problemItems } from '../components/problem-list';
import { h, replaceChildren } from '../dom';
import { journeyGraph } from '../journey-graph';
import { lineAt, parseJsonWithLocations } from '../json-locations';
import type { Screen } from '../router';

export const render: Screen = async ({ params, navigate }) => {
  let campaign = await loadCampaign(params.id ?? '');
  const readOnly = campaign.status === 'stopped';
  let saved = JSON.stringify(campaign.draft, null, 2);

  const headerSlot = h('div');
  const summary = h('p', { id: 'problem-summary', class: 'problem-summary', role: 'status' }, 'Checking…');
  const list = h('ol', { class: 'problems', 'aria-labelledby': 'problems-title' });
  const saveStatus = h('p', { class: 'hint', role: 'status' });
  const preview = h('div', { class: 'editor-preview' });
  const saveButton = h('button', { type: 'button', class: 'primary', disabled: readOnly }, 'Save draft');

  const dirty = () => editor.text() !== saved;
  const showHeader = () =>
    replaceChildren(
      headerSlot,
      campaignHeader(campaign, 'edit', {
        onChanged: () => navigate(location.pathname),
        beforeAction: async () => {
          if (dirty()) await save();
        },
      }),
    );

  const showCheck = (check: EditorCheck) => {
    if (check.kind === 'syntax') {
      summary.textContent = `Line ${check.line}: ${check.message}`;
      summary.className = 'problem-summary bad';
      list.replaceChildren();
      return;
    }
    if (check.kind === 'unchecked') {
      summary.textContent = `Could not check the campaign: ${check.message}`;
      summary.className = 'problem-summary bad';
    } else {
      const n = check.problems.length;
      summary.textContent = n
        ? `${n} problem${n === 1 ? '' : 's'} to fix before launch`
        : 'No problems: ready to launch.';
      summary.className = `problem-summary ${n ? 'bad' : 'good'}`;
      list.replaceChildren(
        ...problemItems(check.problems, {
          line: (p) => (p as LocatedProblem).line,
          onSelect: (p) => editor.goTo((p as LocatedProblem).from),
        }),
      );
    }
    replaceChildren(preview, journeyDiagram(journeyGraph(check.value), 'Journey of the text in the editor').element);
  };

  const editor = campaignJsonEditor({
    doc: saved,
    label: `Campaign JSON of ${campaign.name}`,
    readOnly,
    validate: async (definition) => (await api.post<Validation>('/v1/campaigns/validate', definition)).problems,
    onCheck: showCheck,
    onChange: () => {
      saveStatus.textContent = dirty() ? 'Unsaved changes' : '';
    },
  });

  async function save() {
    const text = editor.text();
    const parsed = parseJsonWithLocations(text);
    if (!parsed.ok) {
      saveStatus.textContent = `Not saved: line ${lineAt(text, parsed.offset)}: ${parsed.message}`;
      throw new Error(parsed.message);
    }
    saveButton.disabled = true;
    try {
      campaign = await api.put<CampaignSummary>(campaignPath(campaign.id), parsed.value);
      saved = text;
      saveStatus.textContent = `Saved as draft revision ${campaign.draftRevision}.`;
      announce(saveStatus.textContent);
      showHeader();
    } catch (err) {
      saveStatus.textContent = `Not saved: ${errorMessage(err)}`;
      throw err;
    } finally {
      saveButton.disabled = readOnly;
    }
  }
  saveButton.addEventListener('click', () => void save().catch(() => undefined));

  const warnBeforeLeaving = (event: BeforeUnloadEvent) => {
    if (dirty()) event.preventDefault();
  };
  window.addEventListener('beforeunload', warnBeforeLeaving);
  showHeader();

  return {
    title: `${campaign.name} · Edit`,
    dispose: () => {
      window.removeEventListener('beforeunload', warnBeforeLeaving);
      editor.destroy();
    },
    element: h(
      'section',
      { class: 'screen' },
      headerSlot,
      readOnly ? h('p', { class: 'notice' }, 'This campaign is stopped; its JSON can be read but not changed.') : null,
      h(
        'div',
        { class: 'editor-layout' },
        h(
          'div',
          { class: 'editor-main' },
          h('div', { class: 'toolbar' }, saveButton, saveStatus),
          h('div', { class: 'editor-frame' }, editor.element),
          h('h2', { id: 'problems-title' }, 'Problems'),
          summary,
          list,
        ),
        h(
          'aside',
          { class: 'editor-side', 'aria-label': 'Journey preview' },
          h('h2', null, 'Journey preview'),
          preview,
        ),
      ),
    ),
  };
};

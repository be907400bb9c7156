// Edit a template's files per channel and locale, and preview the message live for a contact or
// sample data before a campaign sends it.

import { announce } from '../announce';
import { api } from '../api-client';
import type { CampaignSummary, TemplateDocument, TemplatePreview } from '../api-types';
import { supports } from '../capabilities';
import { errorMessage } from '../components/error-view';
import { messagePreview } from '../components/message-preview';
import { templateUses } from '../components/template-uses';
import { findContact } from '../contact-lookup';
import { h, replaceChildren } from '../dom';
import type { Screen } from '../router';
import { partFiles } from '../template-files';
import { templateUsage } from '../template-usage';

const PREVIEW_DELAY_MS = 600;
/** What a cart or whitepaper journey typically supplies; the marketer edits it freely. */
const SAMPLE_DATA = {
  contact: { firstName: 'Erika', lastName: 'Mustermann', email: 'erika@example.org' },
  event: {
    name: 'cart.updated',
    properties: {
      cartId: 'c-1001',
      cartUrl: 'https://shop.example/cart/c-1001',
      total: 59.9,
      currency: 'EUR',
      items: [
        {
          sku: 'SKU-1',
          name: 'Sneaker',
          size: '42',
          quantity: 1,
          price: 59.9,
          imageUrl: 'https://shop.example/img/sneaker.jpg',
          url: 'https://shop.example/p/sneaker',
        },
      ],
    },
  },
};

function picker(id: string, label: string, values: string[], chosen: string, onChange: (v: string) => void) {
  return h(
    'div',
    { class: 'field-inline' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
      values.map((v) => h('option', { value: v, selected: v === chosen }, v)),
    ),
  );
}

function unavailable(id: string, head: HTMLElement[], uses: HTMLElement) {
  return {
    title: `Template ${id}`,
    element: h(
      'section',
      { class: 'screen' },
      head,
      h(
        'p',
        { class: 'notice' },
        'This server does not offer templates over the API yet (GET /v1/templates/{id}); edit the files in templates/.',
      ),
      uses,
    ),
  };
}

export const render: Screen = async ({ params, query }) => {
  const id = params.id ?? '';
  const path = `/v1/templates/${encodeURIComponent(id)}`;
  const [{ campaigns }, canRead, canWrite, canPreview] = await Promise.all([
    api.get<{ campaigns: CampaignSummary[] }>('/v1/campaigns'),
    supports('get', '/v1/templates/{id}'),
    supports('put', '/v1/templates/{id}'),
    supports('post', '/v1/templates/{id}/preview'),
  ]);
  const uses = h(
    'section',
    { class: 'card' },
    h('h2', null, 'Used by'),
    templateUses(templateUsage(campaigns).get(id)),
  );
  const head = [
    h('p', { class: 'crumbs' }, h('a', { href: '/templates' }, 'Templates'), ' / ', id),
    h('h1', null, `Template ${id}`),
  ];
  if (!canRead) return unavailable(id, head, uses);

  const doc = await api.get<TemplateDocument>(path);
  const files = { ...doc.files };
  const parts = partFiles(files);
  const channels = [...new Set(parts.map((f) => f.channel))];
  const localesOf = (c: string) => [...new Set(parts.filter((f) => f.channel === c).map((f) => f.locale))];
  let channel = channels.find((c) => c === query.get('channel')) ?? channels[0] ?? 'email';
  let locale = localesOf(channel).find((l) => l === query.get('locale')) ?? localesOf(channel)[0] ?? 'de';

  const pickers = h('div', { class: 'toolbar' });
  const partsSlot = h('div', { class: 'template-parts' });
  const saveStatus = h('p', { class: 'hint', role: 'status' });
  const previewSlot = h('div', { 'aria-live': 'polite' });
  const previewError = h('p', { class: 'error-text', role: 'alert' });
  const sample = h('textarea', { id: 'sample-data', rows: 10, spellcheck: 'false', class: 'code' });
  sample.value = JSON.stringify(SAMPLE_DATA, null, 2);
  const contactInput = h('input', {
    id: 'preview-contact',
    type: 'text',
    autocomplete: 'off',
    'aria-describedby': 'preview-contact-help',
  });

  let previewTimer: number | undefined;
  const schedulePreview = () => {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(() => void runPreview(), PREVIEW_DELAY_MS);
  };

  /** The preview renders the saved template (the API renders stored files) for a contact or the sample data. */
  async function runPreview() {
    if (!canPreview) return;
    previewError.textContent = '';
    try {
      const who = contactInput.value.trim();
      const sampleData = JSON.parse(sample.value) as { contact?: unknown; event?: unknown; waited?: unknown };
      const subject = who
        ? { contactId: (await findContact(who)).id, event: sampleData.event, waited: sampleData.waited }
        : { sampleContact: sampleData.contact, event: sampleData.event, waited: sampleData.waited };
      const result = await api.post<TemplatePreview>(`${path}/preview`, { channel, locale, ...subject });
      replaceChildren(previewSlot, messagePreview(result));
    } catch (err) {
      previewError.textContent = err instanceof SyntaxError ? 'The sample data is not valid JSON.' : errorMessage(err);
    }
  }

  const showParts = () => {
    replaceChildren(
      pickers,
      picker('channel', 'Channel', channels, channel, (v) => {
        channel = v as typeof channel;
        if (!localesOf(channel).includes(locale)) locale = localesOf(channel)[0] ?? locale;
        showParts();
      }),
      picker('locale', 'Locale', localesOf(channel), locale, (v) => {
        locale = v;
        showParts();
      }),
    );
    replaceChildren(
      partsSlot,
      parts
        .filter((f) => f.channel === channel && f.locale === locale)
        .map((f) => {
          const fieldId = `file-${f.name.replace(/[^\w-]/g, '_')}`;
          const area = h('textarea', {
            id: fieldId,
            class: 'code',
            rows: f.part === 'html' ? 16 : f.part === 'subject' ? 2 : 8,
            spellcheck: 'false',
            readonly: !canWrite,
            oninput: (e: Event) => {
              files[f.name] = (e.target as HTMLTextAreaElement).value;
              saveStatus.textContent = 'Unsaved changes: the preview shows the saved template.';
            },
          });
          area.value = files[f.name] ?? '';
          return h('div', { class: 'field' }, h('label', { for: fieldId }, `${f.part} (${f.name})`), area);
        }),
    );
    schedulePreview();
  };

  const save = async () => {
    try {
      const saved = await api.put<TemplateDocument>(path, { files });
      saveStatus.textContent = saved.revision ? `Saved as revision ${saved.revision}.` : 'Saved.';
      announce(saveStatus.textContent);
      schedulePreview();
    } catch (err) {
      saveStatus.textContent = `Not saved: ${errorMessage(err)}`;
    }
  };

  sample.addEventListener('input', schedulePreview);
  contactInput.addEventListener('input', schedulePreview);
  showParts();

  return {
    title: `Template ${id}`,
    dispose: () => window.clearTimeout(previewTimer),
    element: h(
      'section',
      { class: 'screen' },
      head,
      pickers,
      h(
        'div',
        { class: 'grid-2' },
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'files-title' },
          h('h2', { id: 'files-title' }, 'Files'),
          partsSlot,
          canWrite
            ? h(
                'div',
                { class: 'toolbar' },
                h('button', { type: 'button', class: 'primary', onclick: () => void save() }, 'Save template'),
                saveStatus,
              )
            : h('p', { class: 'hint' }, 'This server does not accept template changes over the API.'),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'preview-title' },
          h('h2', { id: 'preview-title' }, 'Preview'),
          canPreview
            ? [
                h('label', { for: 'preview-contact' }, 'Contact'),
                contactInput,
                h(
                  'p',
                  { id: 'preview-contact-help', class: 'hint' },
                  'Email or contact id; leave empty to use the sample contact below.',
                ),
                h('label', { for: 'sample-data' }, 'Sample data: a contact and the event that started the journey'),
                sample,
                previewError,
                previewSlot,
              ]
            : h('p', { class: 'notice' }, 'This server cannot render previews yet (POST /v1/templates/{id}/preview).'),
        ),
      ),
      uses,
    ),
  };
};

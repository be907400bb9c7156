// A rendered message as the customer would see it: an email (subject, HTML in a sandboxed frame, the
// plain-text part), a push notification, an SMS, or a webhook body.
import type { TemplatePreview } from '../api-types';
import { h } from '../dom';

const PLACEHOLDER =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="100%" height="100%" fill="#e5e7eb"/></svg>',
  );

/**
 * Remote images are shown as grey boxes, as mail clients do before the reader allows them: the
 * preview makes no requests to shops or trackers (and the dashboard's CSP would refuse them anyway).
 */
function withoutRemoteImages(html: string): { html: string; blocked: number } {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let blocked = 0;
  for (const img of doc.querySelectorAll('img')) {
    if (img.getAttribute('src')?.startsWith('data:')) continue;
    img.setAttribute('src', PLACEHOLDER);
    img.removeAttribute('srcset');
    blocked += 1;
  }
  return { html: `<!doctype html>${doc.documentElement.outerHTML}`, blocked };
}

export function messagePreview(m: TemplatePreview): HTMLElement {
  const where = `${m.channel}, ${m.locale}`;
  switch (m.channel) {
    case 'email': {
      const shown = withoutRemoteImages(m.html);
      return h(
        'div',
        { class: 'preview preview-email' },
        h('p', null, h('strong', null, 'Subject: '), m.subject),
        // No scripts, no same-origin access: template HTML is content, never code of this page.
        h('iframe', { sandbox: '', srcdoc: shown.html, title: `Email preview (${where})`, class: 'email-frame' }),
        shown.blocked ? h('p', { class: 'hint' }, `${shown.blocked} remote image(s) shown as grey boxes.`) : null,
        h('details', null, h('summary', null, 'Plain-text part'), h('pre', { class: 'code' }, m.text)),
      );
    }
    case 'push':
      return h(
        'div',
        { class: 'preview preview-push', role: 'group', 'aria-label': `Push notification (${where})` },
        h('p', { class: 'push-title' }, m.title),
        h('p', null, m.body),
        m.url ? h('p', { class: 'hint' }, `Opens ${m.url}`) : null,
      );
    case 'sms':
      return h(
        'div',
        { class: 'preview preview-sms', role: 'group', 'aria-label': `SMS (${where})` },
        h('p', { class: 'sms-bubble' }, m.text),
        h('p', { class: 'hint' }, `${m.text.length} characters`),
      );
    case 'webhook':
      return h('pre', { class: 'preview code' }, JSON.stringify(m.body, null, 2));
  }
}

// The few HTML pages a customer sees (unsubscribe, preferences, invalid link), in their language.
const TEXT = {
  de: {
    invalidTitle: 'Link ungültig',
    invalidBody: 'Dieser Link ist nicht (mehr) gültig. Bitte nutze den Link aus deiner neuesten Nachricht.',
    unsubscribeTitle: 'Abmelden',
    unsubscribeBody: 'Möchtest du wirklich keine Nachrichten mehr auf diesem Kanal von uns erhalten?',
    unsubscribeButton: 'Ja, abmelden',
    unsubscribedTitle: 'Du bist abgemeldet',
    unsubscribedBody:
      'Du erhältst auf diesem Kanal keine Werbung mehr von uns. Bestellbestätigungen und Verfügbarkeitsalarme, um die du gebeten hast, bekommst du weiterhin.',
    managePreferences: 'Einstellungen verwalten',
    preferencesTitle: 'Deine Einstellungen',
    preferencesBody: 'Wähle, worüber wir dich erreichen dürfen.',
    confirmedBody: 'Danke! Deine Anmeldung ist bestätigt.',
    savedBody: 'Gespeichert. Deine Einstellungen gelten ab sofort.',
    save: 'Speichern',
    channel_email: 'E-Mail-Newsletter und Angebote',
    channel_push: 'Push-Benachrichtigungen im Browser',
    channel_sms: 'SMS',
  },
  en: {
    invalidTitle: 'Invalid link',
    invalidBody: 'This link is not valid (any more). Please use the link in your latest message.',
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeBody: 'Do you really want to stop receiving messages from us on this channel?',
    unsubscribeButton: 'Yes, unsubscribe',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedBody:
      'You will no longer receive marketing from us on this channel. Order confirmations and stock alerts you asked for still reach you.',
    managePreferences: 'Manage preferences',
    preferencesTitle: 'Your preferences',
    preferencesBody: 'Choose how we may reach you.',
    confirmedBody: 'Thank you! Your subscription is confirmed.',
    savedBody: 'Saved. Your preferences apply right away.',
    save: 'Save',
    channel_email: 'Email newsletter and offers',
    channel_push: 'Browser push notifications',
    channel_sms: 'Text messages',
  },
} as const;

type Key = keyof (typeof TEXT)['de'];

function language(locale: string): keyof typeof TEXT {
  return locale.toLowerCase().startsWith('en') ? 'en' : 'de';
}

export function pageText(locale: string, key: string): string {
  const table = TEXT[language(locale)] as Record<string, string>;
  return table[key] ?? key;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PageForm {
  action: string;
  button: string;
  checkboxes?: { name: string; label: string; checked: boolean }[];
}

export function customerPage(
  locale: string,
  titleKey: Key,
  body: string,
  link?: { href: string; label: string },
  form?: PageForm,
): string {
  const lang = language(locale);
  const title = pageText(lang, titleKey);
  const boxes = (form?.checkboxes ?? [])
    .map(
      (c) =>
        `<p><label><input type="checkbox" name="${esc(c.name)}"${c.checked ? ' checked' : ''}> ${esc(c.label)}</label></p>`,
    )
    .join('');
  const formHtml = form
    ? `<form method="post" action="${esc(form.action)}">${boxes}<button type="submit">${esc(form.button)}</button></form>`
    : '';
  const linkHtml = link ? `<p><a href="${esc(link.href)}">${esc(link.label)}</a></p>` : '';
  return (
    `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(title)}</title><style>body{font:16px/1.5 system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}` +
    'button{font:inherit;padding:.5rem 1rem;background:#1d4e89;color:#fff;border:0;border-radius:4px;cursor:pointer}a{color:#1d4e89}</style>' +
    `<main><h1>${esc(title)}</h1><p>${esc(body)}</p>${formHtml}${linkHtml}</main></html>`
  );
}

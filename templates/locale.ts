// Which locale's files a message is rendered from: the contact's locale, then its language, then the
// default. "de-AT" falls back to "de"; "fr" (no French copy) gets the default.

/** Lower-cased, "_" spelled "-": locale tags compare case-insensitively (BCP 47). */
export function normalizeLocale(locale: string): string {
  return locale.trim().replaceAll('_', '-').toLowerCase();
}

export function localeChain(requested: string, defaultLocale: string): string[] {
  const locale = normalizeLocale(requested);
  const language = locale.split('-')[0] ?? locale;
  return [...new Set([locale, language, normalizeLocale(defaultLocale)].filter(Boolean))];
}

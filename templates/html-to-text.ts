// The plain-text part for an email whose template has no text file: the HTML's words and links, in
// reading order. Deliberately simple (no layout reconstruction); a template that cares writes its own
// text file.
import { decodeEntities } from './html-entities';

const BLOCK_END = /<\/(p|div|h[1-6]|table|ul|ol|blockquote|section|header|footer|article)\s*>/gi;

export function htmlToText(html: string): string {
  const text = html
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    // Source line breaks are just spaces in HTML; the structure below decides where lines end.
    .replace(/\s+/g, ' ')
    .replace(
      /<a\s(?:[^>]*?\s)?href\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a\s*>/gi,
      (_a, _q, href: string, label: string) => {
        const url = decodeEntities(href.trim());
        const words = decodeEntities(label.replace(/<[^>]+>/g, '')).trim();
        return words && words !== url ? `${words} (${url})` : url;
      },
    )
    .replace(/<img\s[^>]*?\balt\s*=\s*(["'])(.*?)\1[^>]*>/gi, '$2')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/tr\s*>/gi, '\n')
    .replace(/<(td|th)\b[^>]*>/gi, ' ')
    .replace(BLOCK_END, '\n\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Click and open tracking for emails, applied after rendering so no template can forget it: every
// http(s) link is rewritten to a signed tracking link, except the unsubscribe and preference links
// (they must work without a redirect, and mail clients call the unsubscribe link themselves).
import { decodeEntities, escapeAttribute } from './html-entities';

export interface LinkTracking {
  /** The tracking URL that redirects to `url`. */
  click(url: string): string;
  /** Links left as they are. */
  exempt: ReadonlySet<string>;
}

const ANCHOR_HREF = /(<a\s(?:[^>]*?\s)?href\s*=\s*)(["'])(.*?)\2/gi;
/** A URL in running text, without the punctuation that ends the sentence around it. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'\]]/gi;

function trackable(url: string, tracking: LinkTracking): boolean {
  return /^https?:\/\//i.test(url) && !tracking.exempt.has(url);
}

export function trackHtmlLinks(html: string, tracking: LinkTracking): string {
  return html.replace(ANCHOR_HREF, (whole, start: string, quote: string, raw: string) => {
    const url = decodeEntities(raw.trim());
    return trackable(url, tracking) ? `${start}${quote}${escapeAttribute(tracking.click(url))}${quote}` : whole;
  });
}

export function trackTextLinks(text: string, tracking: LinkTracking): string {
  return text.replace(URL_IN_TEXT, (url) => (trackable(url, tracking) ? tracking.click(url) : url));
}

/** A 1x1 image at the end of the body: loading it is the open signal. */
export function appendOpenPixel(html: string, src: string): string {
  const pixel = `<img src="${escapeAttribute(src)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const end = html.search(/<\/body\s*>/i);
  return end === -1 ? `${html}${pixel}` : `${html.slice(0, end)}${pixel}${html.slice(end)}`;
}

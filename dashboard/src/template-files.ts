// Template file names as templates/template-files.ts lays them out: "<channel>.<locale>.<part>.hbs".
// The editor groups a template's files by channel and locale; other files (meta.json) are kept as they are.
import type { ChannelName } from './api-types';

export interface PartFile {
  name: string;
  channel: ChannelName;
  locale: string;
  part: string;
}

const PART_FILE = /^(email|push|sms|webhook)\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(subject|html|text|json)\.hbs$/;
/** The order parts are shown in: as an email client shows them. */
const PART_ORDER = ['subject', 'html', 'text', 'json'];

export function partFiles(files: Record<string, string>): PartFile[] {
  return Object.keys(files)
    .flatMap((name) => {
      const m = PART_FILE.exec(name);
      return m ? [{ name, channel: m[1] as ChannelName, locale: m[2] as string, part: m[3] as string }] : [];
    })
    .sort((a, b) => PART_ORDER.indexOf(a.part) - PART_ORDER.indexOf(b.part));
}

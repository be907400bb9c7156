// How templates are laid out as files, on disk or uploaded through the API:
//   <id>/meta.json                        { "channels": ["email", "push"], "description": "…" }
//   <id>/email.<locale>.subject.hbs       <id>/email.<locale>.html.hbs      <id>/email.<locale>.text.hbs
//   <id>/push.<locale>.json.hbs           <id>/sms.<locale>.text.hbs        <id>/webhook.<locale>.json.hbs
//   layouts/email.html.hbs, layouts/email.text.hbs   (wrap every email: {{> @partial-block}} is the body)
//   partials/<name>[.<locale>].<html|text>.hbs       (the variant matching the part's format and locale)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../store/contacts';
import { normalizeLocale } from './locale';
import { TemplateError } from './template-error';

export type TemplatePart = 'subject' | 'html' | 'text' | 'json';
/** Whether a part is HTML (escaped output) or text (written as is). */
export type TemplateFormat = 'html' | 'text';

export const CHANNEL_PARTS: Record<Channel, { required: TemplatePart[]; optional: TemplatePart[] }> = {
  email: { required: ['subject', 'html'], optional: ['text'] },
  push: { required: ['json'], optional: [] },
  sms: { required: ['text'], optional: [] },
  webhook: { required: ['json'], optional: [] },
};

const LOCALE = '[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*';
const PART_FILE = new RegExp(`^(${CHANNELS.join('|')})\\.(${LOCALE})\\.(subject|html|text|json)\\.hbs$`);
const PARTIAL_FILE = new RegExp(`^([a-z0-9][a-z0-9_-]*)(?:\\.(${LOCALE}))?\\.(html|text)\\.hbs$`);
export const TEMPLATE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** The name the layout is invoked under; no partial file may take it. */
export const LAYOUT_PARTIAL = 'layout';

export interface PartFile {
  channel: Channel;
  locale: string;
  part: TemplatePart;
}

export function parsePartFileName(name: string): PartFile | undefined {
  const match = PART_FILE.exec(name);
  if (!match) return undefined;
  const [, channel, locale, part] = match as unknown as [string, Channel, string, TemplatePart];
  if (!CHANNEL_PARTS[channel].required.includes(part) && !CHANNEL_PARTS[channel].optional.includes(part))
    return undefined;
  return { channel, locale: normalizeLocale(locale), part };
}

export interface PartialFile {
  name: string;
  locale?: string;
  format: TemplateFormat;
  source: string;
}

export function parsePartialFileName(file: string, source: string): PartialFile | undefined {
  const match = PARTIAL_FILE.exec(file);
  if (!match || match[1] === LAYOUT_PARTIAL) return undefined;
  return {
    name: match[1]!,
    ...(match[2] ? { locale: normalizeLocale(match[2]) } : {}),
    format: match[3] as TemplateFormat,
    source,
  };
}

export const templateMeta = z.strictObject({
  channels: z.array(z.enum(CHANNELS)).optional(),
  description: z.string().max(2000).optional(),
});
export type TemplateMeta = z.infer<typeof templateMeta>;

export function parseMeta(id: string, source: string | undefined): TemplateMeta {
  if (source === undefined) return {};
  try {
    return templateMeta.parse(JSON.parse(source));
  } catch (cause) {
    throw new TemplateError(
      'invalid_template',
      `${id}/meta.json must be JSON like {"channels": ["email"], "description": "…"}`,
      {
        templateId: id,
        file: 'meta.json',
        cause,
      },
    );
  }
}

export interface TemplateDirectory {
  layouts: Partial<Record<TemplateFormat, string>>;
  partials: PartialFile[];
  /** Template id -> file name -> source. */
  templates: Map<string, Record<string, string>>;
}

const read = (path: string) => readFileSync(path, 'utf8');

export function readTemplateDirectory(dir: string): TemplateDirectory {
  const result: TemplateDirectory = { layouts: {}, partials: [], templates: new Map() };
  for (const format of ['html', 'text'] as const) {
    const path = join(dir, 'layouts', `email.${format}.hbs`);
    if (existsSync(path)) result.layouts[format] = read(path);
  }
  const partialsDir = join(dir, 'partials');
  if (existsSync(partialsDir)) {
    for (const file of readdirSync(partialsDir).sort()) {
      const partial = parsePartialFileName(file, read(join(partialsDir, file)));
      if (!partial) {
        throw new TemplateError('invalid_template', `partials/${file} is not named <name>[.<locale>].<html|text>.hbs`, {
          file,
        });
      }
      result.partials.push(partial);
    }
  }
  for (const entry of readdirSync(dir).sort()) {
    const folder = join(dir, entry);
    // The directory also holds the renderer's own modules and the shared folders; a template is a
    // folder with a meta.json.
    if (!statSync(folder).isDirectory() || !existsSync(join(folder, 'meta.json'))) continue;
    const files: Record<string, string> = {};
    for (const file of readdirSync(folder).sort()) files[file] = read(join(folder, file));
    result.templates.set(entry, files);
  }
  return result;
}

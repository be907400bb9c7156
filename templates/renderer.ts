// Turns a template id, a channel, a locale and the render context into the parts a channel sends.
// Templates are compiled once (at load or upload) in strict mode: a variable that does not exist is an
// error at send time, never an empty gap in a customer's mail. HTML parts escape {{ }} output; text
// parts (subjects, plain text, SMS, JSON strings) are written as is, because they are not HTML.
import Handlebars from 'handlebars';
import type { Channel } from '../store/contacts';
import { BUILTIN_HELPERS, FORMAT_HELPERS, type HelperData, registerFormatHelpers } from './handlebars-helpers';
import { htmlToText } from './html-to-text';
import { compileJsonTemplate, renderJsonTemplate } from './json-template';
import { localeChain, normalizeLocale } from './locale';
import type { RenderContext } from './render-context';
import { TemplateError } from './template-error';
import {
  CHANNEL_PARTS,
  LAYOUT_PARTIAL,
  type PartialFile,
  parseMeta,
  parsePartFileName,
  readTemplateDirectory,
  TEMPLATE_ID,
  type TemplateFormat,
  type TemplateMeta,
  type TemplatePart,
} from './template-files';
import { templateReferences } from './template-variables';
import { appendOpenPixel, type LinkTracking, trackHtmlLinks, trackTextLinks } from './track-links';

export interface RenderedEmailParts {
  channel: 'email';
  locale: string;
  subject: string;
  html: string;
  text: string;
}
export interface RenderedPushParts {
  channel: 'push';
  locale: string;
  title: string;
  body: string;
  url?: string;
  icon?: string;
  tag?: string;
}
export interface RenderedSmsParts {
  channel: 'sms';
  locale: string;
  text: string;
}
export interface RenderedWebhookParts {
  channel: 'webhook';
  locale: string;
  body: unknown;
}
export interface RenderedByChannel {
  email: RenderedEmailParts;
  push: RenderedPushParts;
  sms: RenderedSmsParts;
  webhook: RenderedWebhookParts;
}
export type RenderedParts = RenderedByChannel[Channel];

export interface RenderOptions {
  /** Rewrites http(s) links in emails (HTML and text) and a push's URL; omitted = links stay as written. */
  trackClick?: (url: string) => string;
  /** Appended to email HTML as a 1x1 image; omitted = no open tracking. */
  openPixelUrl?: string;
}

export interface TemplateRendererOptions {
  /** The locale every template must have and every other locale falls back to. */
  defaultLocale?: string;
}

export interface TemplateSummary {
  id: string;
  description?: string;
  /** Channel -> locales it can be rendered in. */
  locales: Partial<Record<Channel, string[]>>;
}

interface CompiledPart {
  format: TemplateFormat;
  /** Syntax trees, for the variables and partials a part uses. */
  programs: hbs.AST.Program[];
  render(context: object, runtime: Handlebars.RuntimeOptions): unknown;
}

interface CompiledTemplate {
  meta: TemplateMeta;
  /** `${channel}.${locale}.${part}` -> compiled part. */
  parts: Map<string, CompiledPart>;
}

interface CompiledPartial extends PartialFile {
  ast: hbs.AST.Program;
  render: Handlebars.TemplateDelegate;
}

const partKey = (channel: Channel, locale: string, part: TemplatePart) => `${channel}.${locale}.${part}`;
const formatOf = (channel: Channel, part: TemplatePart): TemplateFormat =>
  channel === 'email' && part === 'html' ? 'html' : 'text';

export class TemplateRenderer {
  readonly defaultLocale: string;
  private readonly hb = Handlebars.create();
  private readonly helpers: ReadonlySet<string>;
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly layouts = new Map<TemplateFormat, CompiledPartial>();
  private readonly partials: CompiledPartial[] = [];
  private readonly runtimePartials = new Map<string, Record<string, Handlebars.TemplateDelegate>>();

  constructor(
    shared: { layouts?: Partial<Record<TemplateFormat, string>>; partials?: PartialFile[] } = {},
    options: TemplateRendererOptions = {},
  ) {
    this.defaultLocale = normalizeLocale(options.defaultLocale ?? 'de');
    registerFormatHelpers(this.hb);
    this.helpers = new Set([...BUILTIN_HELPERS, ...FORMAT_HELPERS]);
    for (const partial of shared.partials ?? []) {
      const file = `partials/${partial.name}${partial.locale ? `.${partial.locale}` : ''}.${partial.format}.hbs`;
      this.partials.push({ ...partial, ...this.compile(partial.source, partial.format, file) });
    }
    for (const format of ['html', 'text'] as const) {
      const source = shared.layouts?.[format];
      if (source !== undefined) {
        const file = `layouts/email.${format}.hbs`;
        this.layouts.set(format, { name: LAYOUT_PARTIAL, format, source, ...this.compile(source, format, file) });
      }
    }
  }

  /** Loads every template folder, the layouts and the partials of a directory laid out as in template-files.ts. */
  static fromDirectory(dir: string, options: TemplateRendererOptions = {}): TemplateRenderer {
    const found = readTemplateDirectory(dir);
    const renderer = new TemplateRenderer(found, options);
    for (const [id, files] of found.templates) renderer.register(id, files);
    return renderer;
  }

  /**
   * Adds or replaces a template from its files (name -> source, e.g. "email.de.subject.hbs", "meta.json").
   * Everything is parsed and checked here, so a broken upload is refused instead of failing at send time.
   */
  register(id: string, files: Record<string, string>): void {
    if (!TEMPLATE_ID.test(id)) {
      const why = `"${id}" is not a template id: use lower-case letters, digits, "-" and "_"`;
      throw new TemplateError('invalid_template', why, { templateId: id });
    }
    const template: CompiledTemplate = { meta: parseMeta(id, files['meta.json']), parts: new Map() };
    for (const [file, source] of Object.entries(files)) {
      if (file === 'meta.json') continue;
      const name = parsePartFileName(file);
      if (!name) {
        throw new TemplateError(
          'invalid_template',
          `${id}/${file} is not a template file: name it <channel>.<locale>.<part>.hbs, e.g. email.de.subject.hbs`,
          { templateId: id, file },
        );
      }
      template.parts.set(
        partKey(name.channel, name.locale, name.part),
        this.compilePart(name.channel, name.part, source, `${id}/${file}`),
      );
    }
    if (template.parts.size === 0) {
      throw new TemplateError('invalid_template', `${id} has no template files`, { templateId: id });
    }
    for (const channel of template.meta.channels ?? []) {
      if (!this.localesOf(template, channel).includes(this.defaultLocale)) {
        const needed = CHANNEL_PARTS[channel].required.map((part) => `${channel}.${this.defaultLocale}.${part}.hbs`);
        throw new TemplateError('invalid_template', `${id} lists ${channel} but lacks ${needed.join(' or ')}`, {
          templateId: id,
        });
      }
    }
    this.templates.set(id, template);
  }

  /** Whether the template can render for the channel in the default locale (and so in every locale). */
  has(id: string, channel: Channel): boolean {
    const template = this.templates.get(id);
    return template !== undefined && this.localesOf(template, channel).includes(this.defaultLocale);
  }

  list(): TemplateSummary[] {
    return [...this.templates.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, template]) => {
        const locales: TemplateSummary['locales'] = {};
        for (const channel of Object.keys(CHANNEL_PARTS) as Channel[]) {
          const found = this.localesOf(template, channel);
          if (found.length > 0) locales[channel] = found;
        }
        return { id, ...(template.meta.description ? { description: template.meta.description } : {}), locales };
      });
  }

  /** The data paths the template reads on this channel, over every locale and the partials it uses. */
  variables(id: string, channel: Channel): string[] {
    const template = this.templates.get(id);
    if (!template) return [];
    const found = new Set<string>();
    for (const [key, part] of template.parts) {
      if (!key.startsWith(`${channel}.`)) continue;
      for (const variable of this.references(part).variables) found.add(variable);
    }
    return [...found].sort();
  }

  render<C extends Channel>(
    id: string,
    channel: C,
    locale: string,
    context: RenderContext,
    options: RenderOptions = {},
  ): RenderedByChannel[C] {
    const template = this.templates.get(id);
    if (!template) throw new TemplateError('template_not_found', `There is no template "${id}"`, { templateId: id });
    const available = this.localesOf(template, channel);
    const resolved = localeChain(locale, this.defaultLocale).find((l) => available.includes(l));
    if (!resolved) {
      throw new TemplateError('template_not_found', `Template "${id}" has no ${channel} version`, { templateId: id });
    }
    const data: HelperData = { locale: formattingLocale(locale, resolved), timeZone: context.contact.timeZone };
    const run = (part: TemplatePart): unknown => {
      const compiled = template.parts.get(partKey(channel, resolved, part));
      if (!compiled) return undefined;
      try {
        return compiled.render(context, { data, partials: this.partialsFor(compiled.format, resolved) });
      } catch (cause) {
        if (cause instanceof TemplateError)
          throw new TemplateError(cause.code, `${id}: ${cause.message}`, { templateId: id, cause });
        throw new TemplateError('render_failed', `${id} (${channel}, ${resolved}): ${(cause as Error).message}`, {
          templateId: id,
          cause,
        });
      }
    };
    const exempt = new Set([context.links.unsubscribe, context.links.preferences]);
    const tracking: LinkTracking | undefined = options.trackClick ? { click: options.trackClick, exempt } : undefined;

    switch (channel) {
      case 'email': {
        const subject = String(run('subject')).replace(/\s+/g, ' ').trim();
        if (!subject) throw new TemplateError('invalid_output', `${id}: the subject is empty`, { templateId: id });
        let html = String(run('html'));
        const ownText = run('text');
        let text = ownText === undefined ? htmlToText(html) : tidyText(String(ownText));
        if (tracking) {
          html = trackHtmlLinks(html, tracking);
          text = trackTextLinks(text, tracking);
        }
        if (options.openPixelUrl) html = appendOpenPixel(html, options.openPixelUrl);
        return { channel, locale: resolved, subject, html, text } satisfies RenderedEmailParts as RenderedByChannel[C];
      }
      case 'push': {
        const push = pushParts(id, run('json'));
        const url = push.url && tracking && !exempt.has(push.url) ? tracking.click(push.url) : push.url;
        return {
          channel,
          locale: resolved,
          ...push,
          ...(url ? { url } : {}),
        } satisfies RenderedPushParts as RenderedByChannel[C];
      }
      case 'sms': {
        const text = tidyText(String(run('text')));
        if (!text) throw new TemplateError('invalid_output', `${id}: the SMS text is empty`, { templateId: id });
        return { channel, locale: resolved, text } satisfies RenderedSmsParts as RenderedByChannel[C];
      }
      default:
        return {
          channel: 'webhook',
          locale: resolved,
          body: run('json'),
        } satisfies RenderedWebhookParts as RenderedByChannel[C];
    }
  }

  private localesOf(template: CompiledTemplate, channel: Channel): string[] {
    const locales = new Set<string>();
    for (const key of template.parts.keys()) {
      const [c, locale] = key.split('.');
      if (c === channel && locale) locales.add(locale);
    }
    return [...locales].filter((locale) =>
      CHANNEL_PARTS[channel].required.every((part) => template.parts.has(partKey(channel, locale, part))),
    );
  }

  private compile(
    source: string,
    format: TemplateFormat,
    file: string,
  ): { ast: hbs.AST.Program; render: Handlebars.TemplateDelegate } {
    let ast: hbs.AST.Program;
    try {
      ast = this.hb.parse(source);
    } catch (cause) {
      throw new TemplateError('template_syntax', `${file}: ${(cause as Error).message}`, { file, cause });
    }
    // Compiled from the source, not the tree: Handlebars' compiler edits the tree it is given (it adds
    // implicit partial arguments), and the tree is kept for finding variables. It compiles lazily on
    // first render and keeps the result.
    return { ast, render: this.hb.compile(source, { strict: true, noEscape: format === 'text' }) };
  }

  private compilePart(channel: Channel, part: TemplatePart, source: string, file: string): CompiledPart {
    const format = formatOf(channel, part);
    let compiled: CompiledPart;
    if (part === 'json') {
      const json = compileJsonTemplate(source, this.hb, (name) => this.helpers.has(name), file);
      compiled = {
        format,
        programs: json.programs,
        render: (context, runtime) => renderJsonTemplate(json.tree, context, runtime),
      };
    } else {
      // Email bodies are wrapped in the layout, which renders them where it says {{> @partial-block}}.
      // Same line, so error positions still match the file.
      const wrap = channel === 'email' && part !== 'subject' && this.layouts.has(format);
      const { ast, render } = this.compile(
        wrap ? `{{#> ${LAYOUT_PARTIAL}}}${source}{{/${LAYOUT_PARTIAL}}}` : source,
        format,
        file,
      );
      compiled = { format, programs: [ast], render };
    }
    const missing = [...this.references(compiled).partials].filter(
      (name) => name !== LAYOUT_PARTIAL && !this.partials.some((p) => p.name === name && p.format === format),
    );
    if (missing.length > 0) {
      throw new TemplateError(
        'template_syntax',
        `${file} uses the partial(s) ${missing.join(', ')}, which do not exist as ${format}`,
        {
          file,
        },
      );
    }
    return compiled;
  }

  private references(part: CompiledPart) {
    return templateReferences(part.programs, {
      helpers: this.helpers,
      partial: (name) =>
        name === LAYOUT_PARTIAL
          ? [this.layouts.get(part.format)?.ast].filter((ast): ast is hbs.AST.Program => ast !== undefined)
          : this.partials.filter((p) => p.name === name && p.format === part.format).map((p) => p.ast),
    });
  }

  /** Each partial in its variant for this format and locale: the locale's own, its fallbacks, the neutral one. */
  private partialsFor(format: TemplateFormat, locale: string): Record<string, Handlebars.TemplateDelegate> {
    const key = `${format}.${locale}`;
    let found = this.runtimePartials.get(key);
    if (!found) {
      found = {};
      const chain = [...localeChain(locale, this.defaultLocale), undefined];
      for (const name of new Set(this.partials.map((p) => p.name))) {
        for (const candidate of chain) {
          const partial = this.partials.find((p) => p.name === name && p.format === format && p.locale === candidate);
          if (partial) {
            found[name] = partial.render;
            break;
          }
        }
      }
      const layout = this.layouts.get(format);
      if (layout) found[LAYOUT_PARTIAL] = layout.render;
      this.runtimePartials.set(key, found);
    }
    return found;
  }
}

/**
 * Numbers and dates in the contact's own variant of the copy's language (de-AT: "€ 49,95"), but never
 * in a language the copy is not in: a French contact reading the German fallback sees German formats.
 */
function formattingLocale(requested: string, resolved: string): string {
  const language = (tag: string) => normalizeLocale(tag).split('-')[0];
  if (language(requested) !== language(resolved)) return resolved;
  try {
    return Intl.NumberFormat.supportedLocalesOf([requested])[0] ?? resolved;
  } catch {
    return resolved;
  }
}

/** Template files end in newlines and indentation; a message should not. */
function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function pushParts(id: string, value: unknown): Omit<RenderedPushParts, 'channel' | 'locale'> {
  const fail = (why: string) => new TemplateError('invalid_output', `${id}: the push ${why}`, { templateId: id });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('template must be a JSON object');
  const { title, body, url, icon, tag } = value as Record<string, unknown>;
  if (typeof title !== 'string' || !title.trim()) throw fail('needs a non-empty "title"');
  if (typeof body !== 'string' || !body.trim()) throw fail('needs a non-empty "body"');
  const optional = { url, icon, tag };
  const parts: Omit<RenderedPushParts, 'channel' | 'locale'> = { title: title.trim(), body: body.trim() };
  for (const [key, v] of Object.entries(optional)) {
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string') throw fail(`"${key}" must be text`);
    if (key !== 'tag' && !/^https?:\/\//i.test(v)) throw fail(`"${key}" must be an http(s) URL`);
    parts[key as 'url' | 'icon' | 'tag'] = v;
  }
  return parts;
}

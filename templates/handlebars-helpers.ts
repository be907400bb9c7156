// The formatting helpers templates may call. Numbers, prices and dates are written the way the contact
// reads them (their locale, their time zone): "49,95 €" for de, "€49.95" for en.
import type Handlebars from 'handlebars';
import { TemplateError } from './template-error';

/** Per-render data the renderer hands to helpers (`options.data`); templates see it as @locale, @timeZone. */
export interface HelperData {
  locale: string;
  timeZone: string;
}

export const FORMAT_HELPERS = ['money', 'date', 'number', 'default'] as const;
/** Handlebars' own helpers; a name in this list or FORMAT_HELPERS is a call, not a variable. */
export const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'blockHelperMissing', 'helperMissing'];

const DATE_STYLES = ['short', 'medium', 'long', 'full'] as const;
type DateStyle = (typeof DATE_STYLES)[number];

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** Handlebars passes its options object last; the arguments before it are what the template wrote. */
function split(args: unknown[]): { values: unknown[]; data: HelperData } {
  const options = args.at(-1) as Handlebars.HelperOptions & { data?: HelperData };
  return { values: args.slice(0, -1), data: options.data ?? { locale: 'de', timeZone: 'Europe/Berlin' } };
}

function numeric(helper: string, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new TemplateError(
      'render_failed',
      `The ${helper} helper needs a number, got ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return n;
}

function money(...args: unknown[]): string {
  const { values, data } = split(args);
  const amount = numeric('money', values[0]);
  const currency = values[1];
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) {
    throw new TemplateError('render_failed', 'The money helper needs a currency code like "EUR" as second argument');
  }
  const code = currency.toUpperCase();
  return cached(
    `money:${data.locale}:${code}`,
    () => new Intl.NumberFormat(data.locale, { style: 'currency', currency: code }),
  ).format(amount);
}

function number(...args: unknown[]): string {
  const { values, data } = split(args);
  const value = numeric('number', values[0]);
  const digits = values[1] === undefined ? 2 : numeric('number', values[1]);
  return cached(
    `number:${data.locale}:${digits}`,
    () => new Intl.NumberFormat(data.locale, { maximumFractionDigits: digits }),
  ).format(value);
}

function date(...args: unknown[]): string {
  const { values, data } = split(args);
  const raw = values[0];
  const instant =
    raw instanceof Date ? raw : typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new TemplateError('render_failed', `The date helper needs a date, got ${JSON.stringify(raw) ?? 'nothing'}`);
  }
  const style = (values[1] ?? 'medium') as DateStyle;
  if (!DATE_STYLES.includes(style)) {
    throw new TemplateError('render_failed', `The date helper's style must be one of ${DATE_STYLES.join(', ')}`);
  }
  return cached(
    `date:${data.locale}:${data.timeZone}:${style}`,
    () => new Intl.DateTimeFormat(data.locale, { dateStyle: style, timeZone: data.timeZone }),
  ).format(instant);
}

/** `{{default contact.firstName "du"}}`: the value, or the fallback when it is missing or empty. */
function fallback(...args: unknown[]): unknown {
  const { values } = split(args);
  const [value, otherwise] = values;
  return value === undefined || value === null || value === '' ? otherwise : value;
}

export function registerFormatHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('money', money);
  hb.registerHelper('number', number);
  hb.registerHelper('date', date);
  hb.registerHelper('default', fallback);
}

// JSON templates (push notifications, webhook bodies): a JSON file whose strings are Handlebars
// templates. Rendering string by string and serializing afterwards means a product name with a quote
// cannot break the JSON, and nothing is HTML-escaped ("Hosen & Jacken" stays as written). A string
// that is exactly one variable, "{{event.properties.items}}", keeps the value's type (number, list, object).
import type Handlebars from 'handlebars';
import { TemplateError } from './template-error';

export type JsonTemplate =
  | { kind: 'literal'; value: unknown }
  | { kind: 'text'; render: Handlebars.TemplateDelegate }
  | { kind: 'value'; path: string[]; original: string }
  | { kind: 'array'; items: JsonTemplate[] }
  | { kind: 'object'; entries: [string, JsonTemplate][] };

export interface CompiledJsonTemplate {
  tree: JsonTemplate;
  /** The syntax tree of every templated string, for finding the variables it reads. */
  programs: hbs.AST.Program[];
}

export function compileJsonTemplate(
  source: string,
  hb: typeof Handlebars,
  isHelper: (name: string) => boolean,
  file: string,
): CompiledJsonTemplate {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (cause) {
    throw new TemplateError('template_syntax', `${file} is not valid JSON: ${(cause as Error).message}`, {
      file,
      cause,
    });
  }
  const programs: hbs.AST.Program[] = [];

  const compile = (value: unknown): JsonTemplate => {
    if (Array.isArray(value)) return { kind: 'array', items: value.map(compile) };
    if (value !== null && typeof value === 'object') {
      return { kind: 'object', entries: Object.entries(value).map(([key, v]) => [key, compile(v)]) };
    }
    if (typeof value !== 'string' || !value.includes('{{')) return { kind: 'literal', value };
    let ast: hbs.AST.Program;
    try {
      ast = hb.parse(value);
    } catch (cause) {
      throw new TemplateError('template_syntax', `${file}: ${(cause as Error).message}`, { file, cause });
    }
    programs.push(ast);
    const only = ast.body.length === 1 ? ast.body[0] : undefined;
    if (only?.type === 'MustacheStatement') {
      const m = only as hbs.AST.MustacheStatement;
      const p = m.path as hbs.AST.PathExpression;
      const plainPath =
        p.type === 'PathExpression' &&
        !p.data &&
        p.depth === 0 &&
        p.parts.length > 0 &&
        m.params.length === 0 &&
        !m.hash;
      if (plainPath && !(p.parts.length === 1 && isHelper(p.original))) {
        return { kind: 'value', path: p.parts, original: p.original };
      }
    }
    // From the source: the compiler edits a tree it is given, and this one is kept for finding variables.
    return { kind: 'text', render: hb.compile(value, { strict: true, noEscape: true }) };
  };

  return { tree: compile(parsed), programs };
}

export function renderJsonTemplate(tree: JsonTemplate, context: object, options: Handlebars.RuntimeOptions): unknown {
  switch (tree.kind) {
    case 'literal':
      return tree.value;
    case 'text':
      return tree.render(context, options);
    case 'value':
      return valueAt(context, tree.path, tree.original);
    case 'array':
      return tree.items.map((item) => renderJsonTemplate(item, context, options));
    case 'object':
      return Object.fromEntries(tree.entries.map(([key, value]) => [key, renderJsonTemplate(value, context, options)]));
  }
}

/** Own properties only, like Handlebars with prototype access disabled; a missing key is an error (strict). */
function valueAt(context: object, path: string[], original: string): unknown {
  let current: unknown = context;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      throw new TemplateError('render_failed', `"${original}" is not defined`);
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

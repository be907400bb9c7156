// What a template reads, found by walking its Handlebars syntax tree: the data paths the campaign
// validator checks against what a journey can supply, and the partials it needs. Paths inside a block
// that changes the context ({{#each event.properties.items}} … {{name}}) are relative to an item and
// not reported; the block's own argument (event.properties.items) is.
import type Handlebars from 'handlebars';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;

export interface TemplateReferences {
  /** Data paths from the root of the render context, e.g. "contact.firstName", "event.properties.items". */
  variables: Set<string>;
  /** Names of partials used, including through other partials. */
  partials: Set<string>;
}

export interface ReferenceOptions {
  /** Names that are helper calls, not variables, when written alone: {{money}} is a call. */
  helpers: ReadonlySet<string>;
  /** The syntax trees a partial name stands for (every locale's variant); empty when unknown. */
  partial(name: string): hbs.AST.Program[];
}

/** Helpers that render their block with another context: an item, an object. */
const CONTEXT_CHANGING = new Set(['each', 'with']);

interface Scope {
  /** True where `{{x}}` no longer means the root's x (inside each/with, a partial given a context). */
  relative: boolean;
  /** Hash arguments of a partial: names that shadow the context. */
  locals: ReadonlySet<string>;
}

export function templateReferences(programs: hbs.AST.Program[], options: ReferenceOptions): TemplateReferences {
  const found: TemplateReferences = { variables: new Set(), partials: new Set() };
  const visiting = new Set<string>();
  const root: Scope = { relative: false, locals: new Set() };

  const path = (p: hbs.AST.PathExpression, scopes: Scope[], blockParams: ReadonlySet<string>) => {
    if (p.data) {
      // @index, @key, @first … are loop data; @root.x is the root's x from anywhere.
      if (p.parts[0] === 'root' && p.parts.length > 1) found.variables.add(p.parts.slice(1).join('.'));
      return;
    }
    const first = p.parts[0];
    if (first === undefined) return; // {{this}}
    if (p.depth === 0 && !p.original.startsWith('this') && blockParams.has(first)) return;
    const scope = scopes[scopes.length - 1 - p.depth];
    if (!scope || scope.relative || scope.locals.has(first)) return;
    found.variables.add(p.parts.join('.'));
  };

  const expression = (e: Expression, scopes: Scope[], blockParams: ReadonlySet<string>) => {
    if (e.type === 'PathExpression') path(e as hbs.AST.PathExpression, scopes, blockParams);
    else if (e.type === 'SubExpression') call(e as hbs.AST.SubExpression, scopes, blockParams);
  };

  const call = (
    node: { params: Expression[]; hash?: hbs.AST.Hash },
    scopes: Scope[],
    blockParams: ReadonlySet<string>,
  ) => {
    for (const param of node.params) expression(param, scopes, blockParams);
    for (const pair of node.hash?.pairs ?? []) expression(pair.value, scopes, blockParams);
  };

  const isCall = (node: { path: Expression; params: Expression[]; hash?: hbs.AST.Hash }) => {
    if (node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0) return true;
    const p = node.path as hbs.AST.PathExpression;
    return p.type === 'PathExpression' && !p.data && p.depth === 0 && p.parts.length === 1 && p.original === p.parts[0]
      ? options.helpers.has(p.original)
      : false;
  };

  const walk = (node: Node | undefined, scopes: Scope[], blockParams: ReadonlySet<string>): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        for (const statement of (node as hbs.AST.Program).body) walk(statement, scopes, blockParams);
        return;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        if (isCall(m)) call(m, scopes, blockParams);
        else if (m.path.type === 'PathExpression') path(m.path as hbs.AST.PathExpression, scopes, blockParams);
        return;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const inner = new Set([...blockParams, ...(b.program?.blockParams ?? [])]);
        const helper = isCall(b);
        if (helper) call(b, scopes, blockParams);
        else path(b.path, scopes, blockParams); // a mustache section: {{#items}} … {{/items}}
        const changes = !helper || CONTEXT_CHANGING.has(b.path.original);
        const bodyScopes = changes ? [...scopes, { relative: true, locals: new Set<string>() }] : scopes;
        walk(b.program, bodyScopes, inner);
        walk(b.inverse, scopes, blockParams);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const p = node as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;
        call(p, scopes, blockParams);
        if ('program' in p) walk(p.program, scopes, blockParams);
        if (p.name.type !== 'PathExpression') return; // a dynamic partial name: nothing to follow
        const name = (p.name as hbs.AST.PathExpression).original;
        if (name.startsWith('@')) return; // @partial-block: the caller's block, walked above
        found.partials.add(name);
        if (visiting.has(name)) return;
        const current = scopes[scopes.length - 1] ?? root;
        const keys = new Set((p.hash?.pairs ?? []).map((pair) => pair.key));
        const partialScopes =
          p.params.length > 0
            ? [...scopes, { relative: true, locals: keys }]
            : keys.size > 0
              ? [...scopes.slice(0, -1), { relative: current.relative, locals: new Set([...current.locals, ...keys]) }]
              : scopes;
        visiting.add(name);
        for (const program of options.partial(name)) walk(program, partialScopes, new Set());
        visiting.delete(name);
        return;
      }
      default:
        return; // content, comments, decorators
    }
  };

  for (const program of programs) walk(program, [root], new Set());
  return found;
}

/** Every helper name a Handlebars environment knows, for `ReferenceOptions.helpers`. */
export function helperNames(hb: typeof Handlebars): Set<string> {
  return new Set(Object.keys(hb.helpers));
}

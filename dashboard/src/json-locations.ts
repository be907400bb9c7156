// JSON parsing that remembers where every value stands in the text, so a problem reported as a JSON
// Pointer ("/steps/0/next") can be shown at its line in the editor. JSON.parse gives no positions and,
// for syntax errors, only engine-specific messages; this parser gives both in plain words.

/** Where a value is written. For an object member, `from` is its key, so the key's line is reported. */
export interface Span {
  from: number;
  to: number;
}

export type JsonParse =
  | { ok: true; value: unknown; spans: Map<string, Span> }
  | { ok: false; message: string; offset: number };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 8259 forbids raw control characters in strings; this finds them.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const LITERALS: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/** RFC 6901: "~" and "/" inside a segment are escaped. */
function segment(key: string | number): string {
  return `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

export function parseJsonWithLocations(text: string): JsonParse {
  const spans = new Map<string, Span>();
  let at = 0;

  const skipSpace = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(at >= text.length ? 'The text ends too early: something is not closed' : message, at);
  };
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(text)?.[0];
    if (found !== undefined) at += found.length;
    return found;
  };
  const readString = (): string => {
    const raw = match(STRING);
    if (raw === undefined) fail('A string is not closed, or contains a line break or a bad escape');
    return JSON.parse(raw as string) as string;
  };

  const readValue = (pointer: string): unknown => {
    skipSpace();
    const from = at;
    const value = readBareValue(pointer);
    if (!spans.has(pointer)) spans.set(pointer, { from, to: at });
    return value;
  };

  const readBareValue = (pointer: string): unknown => {
    const c = text[at];
    if (c === '{') return readObject(pointer);
    if (c === '[') return readArray(pointer);
    if (c === '"') return readString();
    const number = match(NUMBER);
    if (number !== undefined && number !== '') return Number(number);
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return value;
      }
    }
    return fail(`Expected a value (a string in double quotes, number, object, array, true, false or null)`);
  };

  const readObject = (pointer: string): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    at += 1;
    skipSpace();
    if (text[at] === '}') {
      at += 1;
      return result;
    }
    for (;;) {
      skipSpace();
      const keyFrom = at;
      if (text[at] !== '"') fail('Expected a property name in double quotes');
      const key = readString();
      skipSpace();
      if (text[at] !== ':') fail(`Expected ":" after the property name "${key}"`);
      at += 1;
      const member = pointer + segment(key);
      result[key] = readValue(member);
      spans.set(member, { from: keyFrom, to: at });
      skipSpace();
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      if (text[at] === '}') {
        at += 1;
        return result;
      }
      fail(`Expected "," or "}" after the value of "${key}"`);
    }
  };

  const readArray = (pointer: string): unknown[] => {
    const result: unknown[] = [];
    at += 1;
    skipSpace();
    if (text[at] === ']') {
      at += 1;
      return result;
    }
    for (;;) {
      result.push(readValue(pointer + segment(result.length)));
      skipSpace();
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      if (text[at] === ']') {
        at += 1;
        return result;
      }
      fail('Expected "," or "]" after a list item');
    }
  };

  try {
    const value = readValue('');
    skipSpace();
    if (at < text.length) fail('Unexpected text after the end of the JSON document');
    return { ok: true, value, spans };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { ok: false, message: err.message, offset: err.offset };
    throw err;
  }
}

/**
 * The span of the value a pointer names, or of its nearest written ancestor: a problem about a missing
 * field ("/steps/2/next is required") is shown at the object that lacks it.
 */
export function locatePointer(spans: Map<string, Span>, pointer: string): Span | undefined {
  let path = pointer;
  for (;;) {
    const span = spans.get(path);
    if (span || path === '') return span;
    path = path.slice(0, path.lastIndexOf('/'));
  }
}

/** 1-based line number of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

// The editor shows each campaign problem at its line: JSON Pointers are mapped back to the text.
import { describe, expect, test } from 'vitest';
import { lineAt, locatePointer, parseJsonWithLocations } from '../dashboard/src/json-locations';

const TEXT = `{
  "id": "abandoned-cart",
  "steps": [
    { "id": "wait-1h", "type": "wait", "next": "send-remindr" },
    {
      "id": "send-reminder",
      "a/b~c": 1
    }
  ]
}`;

function lineOf(pointer: string): number | undefined {
  const parsed = parseJsonWithLocations(TEXT);
  if (!parsed.ok) throw new Error(parsed.message);
  const span = locatePointer(parsed.spans, pointer);
  return span && lineAt(TEXT, span.from);
}

describe('parseJsonWithLocations', () => {
  test('gives the same value as JSON.parse', () => {
    const parsed = parseJsonWithLocations(TEXT);
    expect(parsed.ok && parsed.value).toEqual(JSON.parse(TEXT));
  });

  test('a broken step reference is found at the line of its "next"', () => {
    expect(lineOf('/steps/0/next')).toBe(4);
    expect(lineOf('/steps/1/id')).toBe(6);
  });

  test('a member is located at its key, so a multi-line object is reported where it starts', () => {
    expect(lineOf('/steps/1')).toBe(5);
    expect(lineOf('/steps')).toBe(3);
  });

  test('escaped pointer segments ("~1" for "/", "~0" for "~") find their member', () => {
    expect(lineOf('/steps/1/a~1b~0c')).toBe(7);
  });

  test('a missing field is shown at the nearest object that exists', () => {
    expect(lineOf('/steps/1/template')).toBe(5);
    expect(lineOf('/goal/event')).toBe(1);
  });

  test.each([
    ['{ "a": 1, }', 'Expected a property name in double quotes', 10],
    ['{ "a" 1 }', 'Expected ":" after the property name "a"', 6],
    ['{ "a": 1 "b": 2 }', 'Expected "," or "}" after the value of "a"', 9],
    ['[1, 2', 'The text ends too early: something is not closed', 5],
    ['{ "a": tru }', 'Expected a value (a string in double quotes, number, object, array, true, false or null)', 7],
    ['{} x', 'Unexpected text after the end of the JSON document', 3],
  ])('%s is a syntax error with a plain message and its position', (text, message, offset) => {
    expect(parseJsonWithLocations(text)).toEqual({ ok: false, message, offset });
  });
});

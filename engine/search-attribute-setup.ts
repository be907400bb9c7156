// Registers omnidrip's search attributes on a namespace that lacks them (a fresh cluster, the time-skipping
// test server). The dev server gets them from its start flags; Temporal Cloud wants them set in its console,
// where this call is refused, which is why callers treat a failure as a warning.
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

// CommonJS package: a default import works under both Node's ESM loader and bundlers.
const { temporal } = proto;
type IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;

const TYPES: Record<string, IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  // Temporal's Java test server can add search attributes but not list them.
  const existing = await connection.operatorService.listSearchAttributes({ namespace }).catch(() => undefined);
  const known = new Set([
    ...Object.keys(existing?.customAttributes ?? {}),
    ...Object.keys(existing?.systemAttributes ?? {}),
  ]);
  const missing = SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, TYPES[key.type] as IndexedValueType])),
  });
  return missing.map((key) => key.name);
}

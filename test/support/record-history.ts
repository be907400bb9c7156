// Keeps a finished journey's event history as a replay fixture (test/histories/), when the run asks
// for it with RECORD_HISTORIES=1. The replay test then proves that today's workflow code still makes
// the same decisions for journeys that started under yesterday's code.
import { readFileSync, writeFileSync } from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';

export const HISTORIES_DIR = new URL('../histories/', import.meta.url);

export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  // Protobuf binary, as Temporal stores it: the SDK's JSON helper trips over two protobufjs copies here.
  writeFileSync(
    new URL(`${name}.history.pb`, HISTORIES_DIR),
    proto.temporal.api.history.v1.History.encode(history).finish(),
  );
}

export function readHistory(file: string) {
  return proto.temporal.api.history.v1.History.decode(readFileSync(new URL(file, HISTORIES_DIR)));
}

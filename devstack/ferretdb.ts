// FerretDB v1 on SQLite: the MongoDB wire protocol for the embedded stack and the tests. It lacks
// transactions, change streams, $lookup and TTL indexes, so nothing in omnidrip depends on them.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Service, startProcess } from './child-process';
import { requireTool } from './tools';

export interface FerretDbOptions {
  port: number;
  /** Directory for the SQLite files (one per database). */
  dataDir: string;
  output?: ((line: string) => void) | null;
}

export async function startFerretDb(options: FerretDbOptions): Promise<Service & { uri: (db: string) => string }> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const service = await startProcess({
    name: 'ferretdb',
    command: requireTool('ferretdb'),
    args: [
      '--handler=sqlite',
      // FerretDB already uses WAL; NORMAL syncs at checkpoints instead of on every commit (a killed process
      // loses nothing, a power cut may lose the last commits), as for the Temporal dev server's file.
      `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${options.port}`,
      '--telemetry=disable',
      // Several instances (npm start beside npm test) must not fight over the debug port.
      '--debug-addr=-',
      // Its warnings are mostly clients hanging up at shutdown; errors still show.
      '--log-level=error',
    ],
    readyPort: options.port,
    output: options.output,
  });
  return { ...service, uri: (db: string) => `mongodb://127.0.0.1:${options.port}/${db}` };
}

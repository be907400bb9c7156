// The Temporal CLI's dev server: a single-binary Temporal with SQLite persistence and the Web UI.
import { join } from 'node:path';
import { searchAttributeFlags } from '../workflows/search-attributes';
import { type Service, startProcess } from './child-process';
import { requireTool } from './tools';

/**
 * The CLI opens its file in SQLite's default rollback-journal mode with synchronous=FULL: several fsyncs
 * per commit, and every workflow task is a commit. WAL with synchronous=NORMAL syncs only at checkpoints
 * and still survives a killed process (what "exactly once across crashes" is about); only a power cut
 * can lose the last commits. It nearly doubles the bare signalWithStart rate on this machine (bench/).
 */
const DURABLE_ENOUGH_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

export interface TemporalDevServerOptions {
  port: number;
  /** 0 disables the Web UI (tests). */
  uiPort: number;
  /** SQLite file for state that survives restarts; omitted = in memory. */
  dbFile?: string;
  namespace?: string;
  output?: ((line: string) => void) | null;
}

export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
): Promise<Service & { address: string }> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  args.push('--namespace', options.namespace ?? 'default');
  if (options.dbFile) {
    args.push('--db-filename', options.dbFile);
    for (const pragma of DURABLE_ENOUGH_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  for (const flag of searchAttributeFlags()) args.push('--search-attribute', flag);
  const service = await startProcess({
    name: 'temporal',
    command: requireTool('temporal'),
    args,
    readyPort: options.port,
    output: options.output,
    env: { TEMPORAL_CLI_HOME: join(process.cwd(), '.tools', 'temporal-home') },
  });
  return { ...service, address: `127.0.0.1:${options.port}` };
}

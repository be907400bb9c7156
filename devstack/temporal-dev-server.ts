// The Temporal CLI's dev server: a single-binary Temporal with SQLite persistence and the Web UI.
import { join } from 'node:path';
import { searchAttributeFlags } from '../workflows/search-attributes';
import { type Service, startProcess } from './child-process';
import { requireTool } from './tools';

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
  if (options.dbFile) args.push('--db-filename', options.dbFile);
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

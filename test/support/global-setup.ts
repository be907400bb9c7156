// Starts the real services once for the whole run: a Temporal dev server and FerretDB on free ports,
// unless TEMPORAL_ADDRESS / MONGODB_URI point at running ones. Files get their own namespace-free
// isolation (task queue, database name) from test/support/stack.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, type Service } from '../../devstack/child-process';
import { startFerretDb } from '../../devstack/ferretdb';
import { startTemporalDevServer } from '../../devstack/temporal-dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    mongoBaseUri: string;
  }
}

export default async function setup(project: TestProject) {
  const services: Service[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'omnidrip-test-'));
  const quietUnlessDebug = process.env.DEBUG_SERVICES ? undefined : null;

  const [temporalAddress, mongoBaseUri] = await Promise.all([
    (async () => {
      if (process.env.TEMPORAL_ADDRESS) return process.env.TEMPORAL_ADDRESS;
      const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: 0, output: quietUnlessDebug });
      services.push(temporal);
      return temporal.address;
    })(),
    (async () => {
      if (process.env.MONGODB_URI) return process.env.MONGODB_URI.replace(/\/[^/]*$/, '');
      const port = await freePort();
      const ferret = await startFerretDb({ port, dataDir: join(dataDir, 'ferretdb'), output: quietUnlessDebug });
      services.push(ferret);
      return `mongodb://127.0.0.1:${port}`;
    })(),
  ]);
  project.provide('temporalAddress', temporalAddress);
  project.provide('mongoBaseUri', mongoBaseUri);

  return async () => {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };
}

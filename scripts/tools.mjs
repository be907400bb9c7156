// Where the project's external tools live and how to find them. Shared by the installer, `npm start`
// and the test harness so all three agree on one lookup order: env override, project cache, PATH.
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const TOOLS_DIR = join(ROOT, '.tools');
export const TOOLS_BIN = join(TOOLS_DIR, 'bin');

/** Pinned versions; bumping one here rebuilds it on the next install. */
export const TOOLS = {
  temporal: {
    env: 'TEMPORAL_CLI',
    version: 'v1.5.1',
    goPackage: 'github.com/temporalio/cli/cmd/temporal',
    what: 'Temporal CLI (dev server)',
  },
  ferretdb: {
    env: 'FERRETDB_BIN',
    version: 'v1.24.2',
    // Bump when the build recipe (scripts/install-tools.mjs) changes.
    recipe: 2,
    goPackage: 'github.com/FerretDB/FerretDB/cmd/ferretdb',
    what: 'FerretDB v1 (MongoDB wire protocol over SQLite)',
  },
  'temporal-test-server': {
    env: 'TEMPORAL_TEST_SERVER',
    version: '1.38.0',
    // Bump when the wrapper script changes.
    recipe: 2,
    maven: 'io.temporal:temporal-test-server',
    what: "Temporal's time-skipping test server (Java)",
  },
};

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export function cachedPath(name) {
  return join(TOOLS_BIN, name);
}

/**
 * Finds a tool: the env variable wins (an operator's own build), then the project cache, then PATH.
 * Returns undefined when none is there, so callers can say what to run.
 */
export function findTool(name) {
  const spec = TOOLS[name];
  const fromEnv = process.env[spec.env];
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  if (isExecutable(cachedPath(name))) return cachedPath(name);
  return onPath(name);
}

export function requireTool(name) {
  const found = findTool(name);
  if (found) return found;
  const spec = TOOLS[name];
  const fromEnv = process.env[spec.env];
  throw new Error(
    fromEnv
      ? `${spec.env}=${fromEnv} is not an executable file`
      : `${spec.what} not found: run \`npm run tools\` (or set ${spec.env} to an existing binary)`,
  );
}

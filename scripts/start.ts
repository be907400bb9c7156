// `npm start`: the whole product on one machine. Starts what is not configured externally (a Temporal
// dev server, FerretDB, a mail catcher with a web inbox), then the worker and the API as child processes,
// and stops everything in reverse order on Ctrl-C. State lives in DATA_DIR and survives restarts.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigOrExit } from '../config/env';
import { prefixer, type Service, startProcess } from '../devstack/child-process';
import { startFerretDb } from '../devstack/ferretdb';
import { MailCatcher } from '../devstack/mail-catcher';
import { startTemporalDevServer } from '../devstack/temporal-dev-server';
import { findTool, type ToolName } from '../devstack/tools';

const config = loadConfigOrExit();
const dataDir = resolve(config.DATA_DIR);
mkdirSync(dataDir, { recursive: true });
const say = prefixer('omnidrip');

function ensureTools(names: ToolName[]) {
  if (names.every((n) => findTool(n))) return;
  say('building missing local tools first (npm run tools)…');
  const run = spawnSync(process.execPath, [join(import.meta.dirname, 'install-tools.mjs')], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const embedded = {
  temporal: !config.TEMPORAL_ADDRESS,
  mongodb: !config.MONGODB_URI,
  smtp: !config.SMTP_URL,
};
ensureTools([
  ...(embedded.temporal ? (['temporal'] as const) : []),
  ...(embedded.mongodb ? (['ferretdb'] as const) : []),
]);

const services: Service[] = [];
let stopping = false;
/** Service output with a name prefix, silenced once we stop: shutdown chatter (closed connections) is noise. */
const output = (name: string) => {
  const write = prefixer(name);
  return (line: string) => {
    if (!stopping) write(line);
  };
};

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const service of [...services].reverse()) {
    await service.stop().catch((err) => say(`${service.name}: ${err}`));
  }
  say(`stopped; data kept in ${dataDir}`);
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

const where = [
  `API            http://${config.API_HOST}:${config.API_PORT}   (health /readyz, API docs /docs)`,
  `Temporal UI    ${embedded.temporal ? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` : `external Temporal at ${config.temporalAddress}`}`,
  `Mail inbox     ${embedded.smtp ? `http://127.0.0.1:${config.INBOX_PORT}  (catches SMTP on ${config.smtpUrl})` : `external SMTP (SMTP_URL)`}`,
  `Worker metrics http://127.0.0.1:${config.WORKER_METRICS_PORT || config.API_PORT + 1}/metrics`,
  `MongoDB        ${embedded.mongodb ? `FerretDB at ${config.mongodbUri}` : 'external (MONGODB_URI)'}`,
  `Data           ${dataDir}`,
];
for (const line of ['─'.repeat(72), ...where, '─'.repeat(72)]) say(line);

try {
  const [temporal, ferret, mail] = await Promise.all([
    embedded.temporal
      ? startTemporalDevServer({
          port: config.TEMPORAL_PORT,
          uiPort: config.TEMPORAL_UI_PORT,
          dbFile: join(dataDir, 'temporal.db'),
          namespace: config.TEMPORAL_NAMESPACE,
          output: output('temporal'),
        })
      : undefined,
    embedded.mongodb
      ? startFerretDb({ port: config.FERRETDB_PORT, dataDir: join(dataDir, 'ferretdb'), output: output('ferretdb') })
      : undefined,
    embedded.smtp
      ? MailCatcher.start({ smtpPort: config.SMTP_PORT, httpPort: config.INBOX_PORT, storeDir: join(dataDir, 'mail') })
      : undefined,
  ]);
  for (const s of [temporal, ferret]) if (s) services.push(s);
  if (mail) services.push({ name: 'mail', stop: () => mail.close() });

  const childEnv = {
    TEMPORAL_ADDRESS: config.temporalAddress,
    MONGODB_URI: config.mongodbUri,
    SMTP_URL: config.smtpUrl,
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
  };
  const workerEnv = { ...childEnv, WORKER_METRICS_PORT: String(config.WORKER_METRICS_PORT || config.API_PORT + 1) };
  const apps: Awaited<ReturnType<typeof startProcess>>[] = [];
  if (config.START_WORKER) {
    apps.push(
      await startProcess({
        name: 'worker',
        command: process.execPath,
        args: ['--import', 'tsx', 'worker/main.ts'],
        env: workerEnv,
        output: output('worker'),
        readyLine: /worker polling/,
        readyTimeoutMs: 120_000,
      }),
    );
  }
  apps.push(
    await startProcess({
      name: 'api',
      command: process.execPath,
      args: ['--import', 'tsx', 'server/main.ts'],
      env: childEnv,
      output: output('api'),
      readyPort: config.API_PORT,
      readyTimeoutMs: 120_000,
    }),
  );
  services.push(...apps);
  for (const app of apps) {
    app.child.once('exit', (code) => {
      if (stopping) return;
      say(`${app.name} exited unexpectedly (code ${code}); stopping the stack`);
      void stopAll(1);
    });
  }
  say(`ready: open http://${config.API_HOST}:${config.API_PORT}/readyz · Ctrl-C stops everything`);
} catch (err) {
  say(`start failed: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
}

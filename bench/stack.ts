// The real local stack for one benchmark run, on free loopback ports in a temp directory: the Temporal
// dev server (SQLite file, as `npm start` runs it), FerretDB, and an SMTP sink. The product runs as
// production runs it: worker and API as their own Node processes (`worker/main.ts`, `server/main.ts`),
// configured only through the environment, so each process's memory and CPU can be read from /proc.
// Every benchmark gets its own MongoDB database and task queue (a "tenant"), so none sees another's
// campaigns or journeys.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, type Service, startProcess } from '../devstack/child-process';
import { startFerretDb } from '../devstack/ferretdb';
import { startTemporalDevServer } from '../devstack/temporal-dev-server';
import { openStore, type Store } from '../store/store';
import { cpuSeconds, filesBytes, rssMb, type Watched } from './proc-stats';
import { SmtpSink } from './smtp-sink';

export const REPO_ROOT = resolve(import.meta.dirname, '..');

export interface AppProcess {
  name: string;
  pid: number;
  rssMb(): number;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ApiProcess extends AppProcess {
  port: number;
  url: string;
}

export interface Tenant {
  name: string;
  taskQueue: string;
  dbName: string;
  mongoUri: string;
  store: Store;
  client: Client;
  /** The environment a worker or API process of this tenant gets. */
  env: Record<string, string>;
  /** Bytes of this tenant's FerretDB database files. */
  mongoBytes(): number;
}

interface StartedService extends Service {
  child?: { pid?: number };
}

/** The pid of a devstack service: startProcess returns its child, the typed wrappers just do not name it. */
function pidOf(service: Service): number {
  const pid = (service as StartedService).child?.pid;
  if (pid === undefined) throw new Error(`${service.name} has no process id`);
  return pid;
}

export class BenchStack {
  readonly apps = new Set<AppProcess>();
  private readonly tenants: Tenant[] = [];
  private serial = 0;

  private constructor(
    readonly dataDir: string,
    readonly temporalDbFile: string,
    readonly ferretDir: string,
    readonly temporalAddress: string,
    readonly mongoBase: string,
    readonly sink: SmtpSink,
    readonly client: Client,
    private readonly connection: Connection,
    private readonly services: Service[],
    private readonly options: StackOptions,
  ) {}

  static async start(options: StackOptions): Promise<BenchStack> {
    const dataDir = mkdtempSync(join(tmpdir(), 'omnidrip-bench-'));
    const temporalDbFile = join(dataDir, 'temporal.db');
    const ferretDir = join(dataDir, 'ferretdb');
    const [temporalPort, ferretPort] = [await freePort(), await freePort()];
    const [temporal, ferret, sink] = await Promise.all([
      startTemporalDevServer({
        port: temporalPort,
        uiPort: 0,
        dbFile: temporalDbFile,
        output: options.serviceOutput('temporal'),
      }),
      options.mongoBase
        ? undefined
        : startFerretDb({ port: ferretPort, dataDir: ferretDir, output: options.serviceOutput('ferretdb') }),
      SmtpSink.start(),
    ]);
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    return new BenchStack(
      dataDir,
      temporalDbFile,
      ferretDir,
      temporal.address,
      options.mongoBase ?? `mongodb://127.0.0.1:${ferretPort}`,
      sink,
      client,
      connection,
      ferret ? [temporal, ferret] : [temporal],
      options,
    );
  }

  /** The processes whose CPU and memory the figures report. */
  watched(): Watched[] {
    const [temporal, ferret] = this.services;
    return [
      { name: 'temporal dev server', pid: pidOf(temporal!) },
      ...(ferret ? [{ name: 'ferretdb', pid: pidOf(ferret) }] : []),
      ...[...this.apps].map((a) => ({ name: a.name, pid: a.pid })),
      { name: 'bench (clients, sink)', pid: process.pid },
    ];
  }

  temporalBytes(): number {
    return filesBytes(this.dataDir, 'temporal.db');
  }

  async tenant(name: string): Promise<Tenant> {
    const dbName = `bench_${name.replace(/\W/g, '_')}`;
    const mongoUri = `${this.mongoBase}/${dbName}`;
    const taskQueue = `bench-${name}`;
    const store = await openStore(mongoUri);
    const tenant: Tenant = {
      name,
      taskQueue,
      dbName,
      mongoUri,
      store,
      client: this.client,
      env: {
        TEMPORAL_ADDRESS: this.temporalAddress,
        TEMPORAL_TASK_QUEUE: taskQueue,
        MONGODB_URI: mongoUri,
        SMTP_URL: this.sink.url,
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        // The per-source limit (6,000 a minute by default) would cap ingestion at 100 events/s.
        RATE_LIMIT_PER_MINUTE: '0',
      },
      // An external MongoDB's files are not ours to read.
      mongoBytes: () => (this.options.mongoBase ? Number.NaN : filesBytes(this.ferretDir, `${dbName}.`)),
    };
    this.tenants.push(tenant);
    return tenant;
  }

  /** A journey worker process (`node --import tsx worker/main.ts`), once it polls the task queue. */
  async startWorker(tenant: Tenant, label = 'worker'): Promise<AppProcess> {
    const name = `${label}#${++this.serial}`;
    const service = await startProcess({
      name,
      command: process.execPath,
      args: [...this.nodeFlags(), '--import', 'tsx', 'worker/main.ts'],
      cwd: REPO_ROOT,
      env: tenant.env,
      readyLine: /worker polling/,
      readyTimeoutMs: 180_000,
      output: this.options.appOutput(name),
    });
    return this.track(name, service);
  }

  /** An API process (`node --import tsx server/main.ts`) on a free loopback port, once it answers. */
  async startApi(tenant: Tenant, label = 'api'): Promise<ApiProcess> {
    const name = `${label}#${++this.serial}`;
    const port = await freePort();
    const service = await startProcess({
      name,
      command: process.execPath,
      args: [...this.nodeFlags(), '--import', 'tsx', 'server/main.ts'],
      cwd: REPO_ROOT,
      env: { ...tenant.env, API_PORT: String(port), API_HOST: '127.0.0.1' },
      readyPort: port,
      readyTimeoutMs: 180_000,
      output: this.options.appOutput(name),
    });
    return { ...this.track(name, service), port, url: `http://127.0.0.1:${port}` };
  }

  /** The bare worker (bench/bare-worker.ts): Temporal and nodemailer without the product around them. */
  async startBareWorker(taskQueue: string, sampleFile: string): Promise<AppProcess> {
    const name = `bare-worker#${++this.serial}`;
    const service = await startProcess({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', 'bench/bare-worker.ts'],
      cwd: REPO_ROOT,
      env: {
        BARE_TEMPORAL_ADDRESS: this.temporalAddress,
        BARE_TASK_QUEUE: taskQueue,
        BARE_SMTP_URL: this.sink.url,
        BARE_SAMPLE_FILE: sampleFile,
      },
      readyLine: /worker polling/,
      readyTimeoutMs: 180_000,
      output: this.options.appOutput(name),
    });
    return this.track(name, service);
  }

  private nodeFlags(): string[] {
    const dir = this.options.profileDir;
    // One file per thread (tsx's loader and Temporal's workflow threads have their own), named by pid.
    return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  }

  private track(name: string, service: Service & { child: { pid?: number } }): AppProcess {
    const pid = service.child.pid;
    if (pid === undefined) throw new Error(`${name} has no process id`);
    if (this.options.profileDir) {
      appendFileSync(join(this.options.profileDir, 'processes.tsv'), `${pid}\t${name}\n`);
    }
    const app: AppProcess = {
      name,
      pid,
      rssMb: () => rssMb(pid),
      cpuSeconds: () => cpuSeconds(pid),
      stop: async () => {
        this.apps.delete(app);
        await service.stop();
      },
    };
    this.apps.add(app);
    return app;
  }

  /** Stops every app process still running (e.g. after a benchmark failed half-way). */
  async stopApps(): Promise<void> {
    await Promise.all([...this.apps].map((a) => a.stop().catch(() => {})));
  }

  async close(): Promise<void> {
    await this.stopApps();
    for (const t of this.tenants) {
      // An external MongoDB keeps what it is given: leave it as it was.
      if (this.options.mongoBase && !this.options.keepData) await t.store.conn.dropDatabase().catch(() => {});
      await t.store.conn.close().catch(() => {});
    }
    await this.connection.close().catch(() => {});
    await this.sink.close().catch(() => {});
    for (const s of [...this.services].reverse()) await s.stop().catch(() => {});
    if (!this.options.keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface StackOptions {
  /** An external MongoDB (mongodb://host:port) instead of the embedded FerretDB. */
  mongoBase?: string;
  /** Where node --cpu-prof writes profiles of the worker and API processes; none = no profiling. */
  profileDir?: string;
  keepData?: boolean;
  serviceOutput(name: string): ((line: string) => void) | null;
  appOutput(name: string): ((line: string) => void) | null;
}

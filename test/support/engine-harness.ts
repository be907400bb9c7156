// A whole omnidrip backend for one test file on real services: the journey worker (real activities,
// templates and SMTP adapter) against either the shared Temporal dev server or a time-skipping test
// server, a fresh FerretDB database, and an SMTP sink; plus the engine calls the API would make.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, NativeConnection, type Worker, type WorkflowBundle } from '@temporalio/worker';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../config/env';
import { MailCatcher, type MailCatcherOptions } from '../../devstack/mail-catcher';
import { createCampaign, type LifecycleDeps, launchCampaign } from '../../engine/campaign-lifecycle';
import { type ContactInput, upsertContact } from '../../engine/contacts-service';
import { type IncomingEvent, ingestEvent } from '../../engine/ingest-event';
import { LiveCampaigns } from '../../engine/live-campaigns';
import { TemplateLibrary } from '../../engine/template-library';
import { openStore, type Store } from '../../store/store';
import { createTemplateCatalog } from '../../templates/catalog';
import { createWorker, WORKFLOWS_PATH } from '../../worker/create-worker';
import { createTimeSkippingEnv } from './time-skipping';

let bundle: Promise<WorkflowBundle> | undefined;
/** The workflow bundle, built once per test file (webpack takes seconds). */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  return bundle;
}
const noop = () => {};
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: console.error };

export interface EngineHarness {
  config: Config;
  store: Store;
  client: Client;
  sink: MailCatcher;
  engine: LifecycleDeps;
  library: TemplateLibrary;
  /** The in-process worker's Prometheus registry (deliveries by channel and status). */
  workerMetrics?: () => Promise<string>;
  env?: TestWorkflowEnvironment;
  worker?: Worker;
  /** Runs the worker until `close` (or `stopWorker`). */
  startWorker(): void;
  stopWorker(): Promise<void>;
  launch(definition: unknown): Promise<void>;
  contact(input: ContactInput): Promise<string>;
  send(event: Omit<IncomingEvent, 'source' | 'id'> & { id?: string }): Promise<Awaited<ReturnType<typeof ingestEvent>>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  timeSkipping?: boolean;
  /** false: no worker in this process (a test runs worker processes of its own). */
  inProcessWorker?: boolean;
  sink?: Omit<MailCatcherOptions, 'smtpPort'>;
  env?: NodeJS.ProcessEnv;
}

export async function openEngineHarness(name: string, options: HarnessOptions = {}): Promise<EngineHarness> {
  const id = `${name}-${randomUUID().slice(0, 8)}`;
  const sink = await MailCatcher.start({ smtpPort: 0, ...options.sink });
  const env = options.timeSkipping ? await createTimeSkippingEnv() : undefined;
  const temporalAddress = inject('temporalAddress');
  const config = loadConfig({
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: id,
    MONGODB_URI: `${inject('mongoBaseUri')}/${id.replace(/-/g, '_')}`,
    SMTP_URL: sink.smtpUrl,
    PUBLIC_URL: 'https://news.nordwind.example',
    ...options.env,
  });
  const store = await openStore(config.mongodbUri);
  const connection = env ? env.nativeConnection : await NativeConnection.connect({ address: temporalAddress });
  const clientConnection = env ? undefined : await Connection.connect({ address: temporalAddress });
  const client = env ? env.client : new Client({ connection: clientConnection });
  const built =
    options.inProcessWorker === false
      ? undefined
      : await createWorker({ config, store, connection, client, workflowBundle: await workflowBundle() });
  const library = built?.library ?? (await TemplateLibrary.open(store));
  const live = new LiveCampaigns(store, 0);
  const engine: LifecycleDeps = {
    store,
    temporal: client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    catalog: createTemplateCatalog(library.renderer),
    live,
    refreshCatalog: () => library.sync(),
  };
  let running: Promise<void> | undefined;
  const harness: EngineHarness = {
    config,
    store,
    client,
    sink,
    engine,
    library,
    workerMetrics: built ? () => built.metrics.registry.metrics() : undefined,
    env,
    worker: built?.worker,
    startWorker() {
      if (!built) throw new Error('this harness has no in-process worker');
      running ??= built.worker.run();
    },
    async stopWorker() {
      if (built && running) {
        built.worker.shutdown();
        await running;
      }
    },
    async launch(definition) {
      const created = await createCampaign(engine, definition);
      await launchCampaign(engine, created.id);
    },
    async contact(input) {
      return (await upsertContact(store, input)).id;
    },
    send(event) {
      return ingestEvent({ ...engine }, { ...event, id: event.id ?? randomUUID(), source: 'test' });
    },
    async close() {
      await harness.stopWorker().catch(() => {});
      await built?.close();
      await store.conn.dropDatabase().catch(() => {});
      await store.conn.close();
      if (env) await env.teardown();
      else {
        await connection.close();
        await clientConnection?.close();
      }
      await sink.close();
    },
  };
  return harness;
}

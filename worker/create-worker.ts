// The worker's composition root: the one place that builds real dependencies (store, templates, channel
// adapters, Temporal client) and hands them to the activities. Workflows only ever see activity types.
import { createRequire } from 'node:module';
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { type ChannelRegistry, channelConfigFromEnv, createChannelRegistry } from '../activities/channels/registry';
import { createDeliver } from '../activities/deliver';
import { createJourneyActivities } from '../activities/journey-activities';
import type { Config } from '../config/env';
import { TemplateLibrary } from '../engine/template-library';
import type { Store } from '../store/store';
import { createLinks } from '../tracking/links';
import { createWorkerMetrics } from './metrics';

const require = createRequire(import.meta.url);
export const WORKFLOWS_PATH = require.resolve('../workflows/index.ts');

export interface WorkerParts {
  config: Config;
  store: Store;
  connection: NativeConnection;
  client: Client;
  /** Tests pass a prebuilt bundle so several workers in one file bundle the workflows once. */
  workflowBundle?: WorkflowBundle;
  /** Tests replace provider config (e.g. a push service with a self-signed certificate). */
  channels?: ChannelRegistry;
  now?: () => Date;
}

export async function createWorker(parts: WorkerParts) {
  const { config, store } = parts;
  const library = await TemplateLibrary.open(store);
  library.startPolling();
  const channels = parts.channels ?? createChannelRegistry(channelConfigFromEnv(config));
  const links = createLinks({ publicUrl: config.PUBLIC_URL, secret: config.LINK_SECRET });
  const metrics = createWorkerMetrics();
  const deliver = createDeliver({
    store,
    renderer: library.renderer,
    channels,
    links,
    mailFrom: config.MAIL_FROM,
    tracking: { clicks: config.TRACK_CLICKS, opens: config.TRACK_OPENS },
    now: parts.now,
  });
  const activities = createJourneyActivities({
    store,
    temporal: parts.client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    defaultTimeZone: 'Europe/Berlin',
    deliver: metrics.instrument(deliver),
  });
  const worker = await Worker.create({
    connection: parts.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(parts.workflowBundle ? { workflowBundle: parts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities,
  });
  return {
    worker,
    library,
    metrics,
    async close() {
      library.stop();
      await channels.closeAll();
    },
  };
}

// Entry point of the worker process (`npm run worker`). Run as many as you like: they share the task
// queue, and Temporal hands each journey step and delivery to one of them.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from '../config/env';
import { createLogger } from '../config/logger';
import { openStore } from '../store/store';
import { createWorker } from './create-worker';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, name: 'worker' });
Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN') });

const store = await openStore(config.mongodbUri);
const connection = await NativeConnection.connect({ address: config.temporalAddress });
const client = new Client({
  connection: await Connection.connect({ address: config.temporalAddress }),
  namespace: config.TEMPORAL_NAMESPACE,
});
const { worker, close, metrics } = await createWorker({ config, store, connection, client });
const metricsServer = config.WORKER_METRICS_PORT ? await metrics.serve(config.WORKER_METRICS_PORT) : undefined;

const stop = () => worker.shutdown();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Printed whatever the log level: `npm start` and tests wait for this line.
process.stdout.write(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.temporalAddress}\n`);
await worker.run();
await close();
metricsServer?.close();
await connection.close();
await store.conn.close();
logger.info('worker stopped');

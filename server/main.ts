// Entry point of the API process (`npm run api`). Stateless: run as many as you like behind a load
// balancer; all state is in MongoDB and Temporal.
import { Client, Connection } from '@temporalio/client';
import { loadConfigOrExit } from '../config/env';
import { createLogger } from '../config/logger';
import { ensureSearchAttributes } from '../engine/search-attribute-setup';
import { TemplateLibrary } from '../engine/template-library';
import { openStore } from '../store/store';
import { buildApi } from './build-api';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, name: 'api' });

const store = await openStore(config.mongodbUri);
const connection = await Connection.connect({ address: config.temporalAddress });
const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

const library = await TemplateLibrary.open(store);
library.startPolling();
await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE).catch((err) =>
  logger.warn({ err: String(err) }, 'could not register search attributes; register them once as the README says'),
);
const { app } = buildApi({ config, logger, store, temporal, library });
const server = app.listen(config.API_PORT, config.API_HOST, () => {
  logger.info(`API listening on http://${config.API_HOST}:${config.API_PORT}`);
});

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  server.close();
  server.closeIdleConnections();
  await connection.close();
  await store.conn.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

// Per-file access to the shared real services, with names unique to the file so files never see
// each other's journeys or documents.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import mongoose from 'mongoose';
import { inject } from 'vitest';

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface TestStack {
  temporalAddress: string;
  taskQueue: string;
  mongoUri: string;
  client: Client;
  nativeConnection: NativeConnection;
  mongo: mongoose.Connection;
  close(): Promise<void>;
}

export async function openTestStack(name: string): Promise<TestStack> {
  const temporalAddress = inject('temporalAddress');
  const mongoUri = `${inject('mongoBaseUri')}/${uniqueName(`t-${name}`).replace(/[^\w-]/g, '_')}`;
  const connection = await Connection.connect({ address: temporalAddress });
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const mongo = await mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  return {
    temporalAddress,
    taskQueue: uniqueName(name),
    mongoUri,
    client: new Client({ connection }),
    nativeConnection,
    mongo,
    async close() {
      await mongo.dropDatabase().catch(() => {});
      await mongo.close();
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** Runs `fn` while a worker polls; the worker is always shut down, even when `fn` throws. */
export async function withWorker<T>(
  stack: Pick<TestStack, 'nativeConnection' | 'taskQueue'>,
  options: Omit<WorkerOptions, 'connection' | 'taskQueue'>,
  fn: (worker: Worker) => Promise<T>,
): Promise<T> {
  const worker = await Worker.create({ connection: stack.nativeConnection, taskQueue: stack.taskQueue, ...options });
  return worker.runUntil(fn(worker));
}

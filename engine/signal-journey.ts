// Hands a signal to a journey if it still runs. A journey that ended (or never started) is not an
// error for any caller: nobody is waiting for the signal any more.
import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';

/** True if the journey got the signal, false if it is not running. */
export async function signalIfRunning<T>(
  temporal: Client,
  workflowId: string,
  signal: SignalDefinition<[T]>,
  arg: T,
): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(workflowId).signal(signal, arg);
    return true;
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return false;
    throw err;
  }
}

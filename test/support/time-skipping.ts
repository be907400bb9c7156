// Temporal's Java test server, which skips timers, so a journey's days pass in milliseconds. The SDK's
// own download of it fails offline; the project builds it into .tools/ (scripts/install-tools.mjs).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { requireTool } from '../../devstack/tools';
import { ensureSearchAttributes } from '../../engine/search-attribute-setup';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  // The SDK waits a fixed 5 s for the server's port; a JVM on a loaded machine can miss that once.
  for (let attempt = 1; ; attempt++) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: requireTool('temporal-test-server') } },
      });
      await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
      return env;
    } catch (err) {
      if (attempt >= 3 || !String(err).includes('did not start')) throw err;
    }
  }
}

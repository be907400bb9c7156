// Temporal's Java test server, which skips timers, so a journey's days pass in milliseconds. The SDK's
// own download of it fails offline; the project builds it into .tools/ (scripts/install-tools.mjs).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { requireTool } from '../../devstack/tools';

export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTool('temporal-test-server') } },
  });
}

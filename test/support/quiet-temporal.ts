// Keeps Temporal's worker lifecycle chatter out of test output; warnings and errors still show.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by an earlier file in this worker thread: one Runtime per process is the rule.
}

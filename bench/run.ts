// `npm run bench`: brings up the real local stack once, runs the selected benchmarks one after another
// (each on its own database and task queue, with its own worker and API processes), and writes
// bench/RESULTS.md and bench/results.json. See bench/README.md.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchContext, type Benchmark, type BenchResult, sleep } from './benchmark';
import { fanout } from './fanout';
import { ingestion } from './ingestion';
import { type BenchmarkName, readOptions } from './options';
import { loadAverage } from './proc-stats';
import { summarizeProfiles } from './profile-summary';
import { type ReportInput, writeReport } from './report';
import { scaleOut } from './scale-out';
import { segmentLaunch } from './segment-launch';
import { sendThroughput } from './send-throughput';
import { sleeping } from './sleeping';
import { BenchStack, REPO_ROOT } from './stack';
import { storeDiagnostic } from './store-diagnostic';
import { triggerToInbox } from './trigger-to-inbox';

const BENCHMARKS: Partial<Record<BenchmarkName, Benchmark>> = {
  ingestion,
  trigger_to_inbox_p99_ms: triggerToInbox,
  send_throughput: sendThroughput,
  fanout_10k_s: fanout,
  sleeping_100k_rss_mb: sleeping,
  segment_launch_100k_s: segmentLaunch,
  scale_out_2_workers: scaleOut,
};
/** Segment launch runs before the sleeping journeys: its measured rate plans their common wake-up. */
const RUN_ORDER: BenchmarkName[] = [
  'ingestion',
  'trigger_to_inbox_p99_ms',
  'send_throughput',
  'fanout_10k_s',
  'segment_launch_100k_s',
  'sleeping_100k_rss_mb',
  'scale_out_2_workers',
];

const options = readOptions();
const started = new Date();
const t0 = performance.now();
const log = (scope: string) => (message: string) =>
  process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(7)}s] ${scope}: ${message}\n`);
const say = log('bench');

/** Service output: our own processes' warnings and errors are worth seeing, shutdown chatter is not. */
let stopping = false;
const outputOf = (verbose: boolean, limit: number) => (name: string) => {
  let printed = 0;
  return (line: string) => {
    if (stopping || (!verbose && printed >= limit)) return;
    printed += 1;
    process.stdout.write(`    [${name}] ${line.slice(0, 400)}\n`);
  };
};

const profileDir = options.profile
  ? join(REPO_ROOT, 'bench', 'profiles', started.toISOString().replace(/:/g, '-'))
  : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

say(`size ${options.size}; benchmarks: ${options.only.join(', ')}; load average ${loadAverage()}`);
const stack = await BenchStack.start({
  profileDir,
  mongoBase: options.mongoBase,
  keepData: options.keepData,
  serviceOutput: options.verbose ? outputOf(true, 0) : () => null,
  appOutput: outputOf(options.verbose, 30),
});
say(
  `stack up in ${stack.dataDir}: Temporal ${stack.temporalAddress}, MongoDB wire protocol ${stack.mongoBase}, SMTP ${stack.sink.url}`,
);

const results: BenchResult[] = [];
const failures: { name: BenchmarkName; error: string }[] = [];
const loads: Record<string, number> = { start: loadAverage() };
const ctx: Omit<BenchContext, 'log'> = { stack, options, measured: {} };
let diagnostic: ReportInput['diagnostic'];
try {
  for (const name of RUN_ORDER.filter((n) => options.only.includes(n))) {
    const benchmark = BENCHMARKS[name];
    if (!benchmark) {
      failures.push({ name, error: 'not implemented' });
      continue;
    }
    const scoped = log(name);
    scoped(`start (load average ${loadAverage()})`);
    loads[name] = loadAverage();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`did not finish within ${options.sizes.benchmarkTimeoutMs / 60_000} minutes`)),
          options.sizes.benchmarkTimeoutMs,
        );
      });
      const result = await Promise.race([benchmark({ ...ctx, log: scoped }), timeout]);
      results.push(result);
      scoped(
        `${result.value.toFixed(2)} ${result.unit} (baseline ${result.baseline.toFixed(2)}, ratio ${result.ratio.toFixed(3)}, target ${result.target}: ${result.met ? 'met' : 'missed'})`,
      );
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      failures.push({ name, error });
      scoped(`FAILED: ${error}`);
    } finally {
      clearTimeout(timer);
      await stack.stopApps();
      stack.sink.clear();
    }
    await sleep(1_000);
  }
  say('diagnostic: cost of one store operation against collection size');
  diagnostic = await storeDiagnostic(stack).catch((err: Error) => {
    say(`diagnostic failed: ${err.message}`);
    return undefined;
  });
} finally {
  loads.end = loadAverage();
  stopping = true;
  await stack.close();
}

const written = writeReport({
  options,
  started,
  seconds: (performance.now() - t0) / 1000,
  results,
  failures,
  loads,
  diagnostic,
  profiles: profileDir ? summarizeProfiles(profileDir) : undefined,
});
say(`wrote ${written.join(' and ')}`);
process.exit(failures.length ? 1 : 0);

// The benchmark's knobs, read from the environment in this one place.
//   BENCH_SIZE=quick|full   quick (default) runs in minutes; full uses the sizes the issue names
//   BENCH_ONLY=a,b          only these benchmarks (names as in results.json)
//   BENCH_PROFILE=1         node --cpu-prof for every worker and API process; summaries in RESULTS.md
//   BENCH_KEEP_DATA=1       keep the temp directory with the Temporal and FerretDB files
//   BENCH_VERBOSE=1         print every line the services write (default: warnings of our processes)
//   BENCH_MONGODB_URI=mongodb://host:port   use this MongoDB instead of starting FerretDB

export const BENCHMARK_NAMES = [
  'ingestion',
  'trigger_to_inbox_p99_ms',
  'send_throughput',
  'fanout_10k_s',
  'sleeping_100k_rss_mb',
  'segment_launch_100k_s',
  'scale_out_2_workers',
] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export type SizeName = 'quick' | 'full';

/** How much work each benchmark does, per size. */
export interface Sizes {
  ingestionEvents: number;
  ingestionConcurrency: number;
  latencyJourneys: number;
  /** Events per second the latency benchmark sends (open loop, so queueing shows in the tail). */
  latencyRate: number;
  sendMessages: number;
  fanoutSubscribers: number;
  sleepingJourneys: number;
  segmentContacts: number;
  scaleOutMessages: number;
  scaleOutEvents: number;
  /** Upper bound for any one benchmark, so a stuck run ends with a reason instead of hanging. */
  benchmarkTimeoutMs: number;
}

export const SIZES: Record<SizeName, Sizes> = {
  full: {
    ingestionEvents: 10_000,
    ingestionConcurrency: 16,
    latencyJourneys: 1_000,
    latencyRate: 5,
    sendMessages: 10_000,
    fanoutSubscribers: 10_000,
    sleepingJourneys: 100_000,
    segmentContacts: 100_000,
    scaleOutMessages: 10_000,
    scaleOutEvents: 5_000,
    benchmarkTimeoutMs: 24 * 3_600_000,
  },
  quick: {
    ingestionEvents: 300,
    ingestionConcurrency: 16,
    latencyJourneys: 100,
    latencyRate: 5,
    sendMessages: 150,
    fanoutSubscribers: 150,
    sleepingJourneys: 150,
    segmentContacts: 300,
    scaleOutMessages: 150,
    scaleOutEvents: 200,
    benchmarkTimeoutMs: 15 * 60_000,
  },
};

export interface BenchOptions {
  size: SizeName;
  sizes: Sizes;
  only: BenchmarkName[];
  profile: boolean;
  keepData: boolean;
  verbose: boolean;
  /** An external MongoDB (without database name) instead of the embedded FerretDB. */
  mongoBase?: string;
}

export function readOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const size = (env.BENCH_SIZE ?? 'quick') as SizeName;
  if (!(size in SIZES)) throw new Error(`BENCH_SIZE must be quick or full, not "${env.BENCH_SIZE}"`);
  const only = (env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((n) => !(BENCHMARK_NAMES as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')}; known: ${BENCHMARK_NAMES.join(', ')}`);
  const flag = (v: string | undefined) => v === '1' || v === 'true' || v === 'yes';
  return {
    size,
    sizes: SIZES[size],
    only: only.length ? (only as BenchmarkName[]) : [...BENCHMARK_NAMES],
    profile: flag(env.BENCH_PROFILE),
    keepData: flag(env.BENCH_KEEP_DATA),
    verbose: flag(env.BENCH_VERBOSE),
    mongoBase: env.BENCH_MONGODB_URI?.replace(/\/+$/, '') || undefined,
  };
}

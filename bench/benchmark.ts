// What every benchmark module gets (the running stack, sizes, a logger) and gives back (one figure,
// compared with its raw limit measured in the same run, plus the evidence: verification and CPU shares).
import type { BenchmarkName, BenchOptions } from './options';
import { type CpuShare, cpuWindow } from './proc-stats';
import type { BenchStack } from './stack';

export interface BenchContext {
  stack: BenchStack;
  options: BenchOptions;
  log(message: string): void;
  /** Figures one benchmark measured that a later one can use (e.g. the launch rate to plan a wake-up). */
  measured: { segmentLaunchPerSecond?: number };
}

export interface PhaseCpu {
  phase: string;
  seconds: number;
  shares: CpuShare[];
}

export interface BenchResult {
  name: BenchmarkName;
  value: number;
  unit: string;
  /** The raw limit underneath, measured in the same run. */
  baseline: number;
  /** What the baseline is, in a few words. */
  baselineIs: string;
  /** value / baseline. */
  ratio: number;
  /** The target as a condition, e.g. "ratio >= 0.8"; where the issue names none, a derived one says so. */
  target: string;
  met: boolean;
  /** How much work was measured (events, messages, journeys). */
  size: number;
  /** Secondary figures (latency percentiles, memory, disk, …). */
  details: Record<string, number | string>;
  /** What was checked before the figure was accepted. */
  verified: string[];
  /** Product defects the run ran into that do not invalidate the figure, with the evidence. */
  defects?: string[];
  cpu: PhaseCpu[];
}

export type Benchmark = (ctx: BenchContext) => Promise<BenchResult>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; throws with `what` after `timeoutMs`. */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}`);
    await sleep(options.intervalMs ?? 500);
  }
}

/** Runs `fn` and records the CPU each process of the stack used meanwhile. */
export async function measured<T>(ctx: BenchContext, phase: string, cpu: PhaseCpu[], fn: () => Promise<T>): Promise<T> {
  const window = cpuWindow(() => ctx.stack.watched());
  const result = await fn();
  const { seconds, shares } = window();
  cpu.push({ phase, seconds, shares });
  return result;
}

/** Fails the benchmark (no figure is better than an unverified one). */
export function verify(condition: boolean, statement: string, verified: string[]): void {
  if (!condition) throw new Error(`verification failed: ${statement}`);
  verified.push(statement);
}

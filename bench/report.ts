// Writes bench/RESULTS.md (for people: machine, date, versions, command, figures, ratios, what bounds
// them, a short history) and bench/results.json (the same figures for machines).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchResult, PhaseCpu } from './benchmark';
import { BENCHMARK_NAMES, type BenchmarkName, type BenchOptions } from './options';
import { round } from './percentiles';
import type { ProfileSummary } from './profile-summary';
import { REPO_ROOT } from './stack';
import type { storeDiagnostic } from './store-diagnostic';

export interface ReportInput {
  options: BenchOptions;
  started: Date;
  seconds: number;
  results: BenchResult[];
  failures: { name: BenchmarkName; error: string }[];
  loads: Record<string, number>;
  diagnostic?: Awaited<ReturnType<typeof storeDiagnostic>>;
  profiles?: ProfileSummary[];
}

const RESULTS_MD = join(REPO_ROOT, 'bench', 'RESULTS.md');
const RESULTS_JSON = join(REPO_ROOT, 'bench', 'results.json');
const HISTORY_START = '<!-- history:start -->';
const HISTORY_END = '<!-- history:end -->';
const HISTORY_ROWS = 10;

function versionOf(pkg: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return '?';
  }
}

function toolVersion(name: string): string {
  try {
    return readFileSync(join(REPO_ROOT, '.tools', 'bin', `${name}.version`), 'utf8').trim();
  } catch {
    return '?';
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', ['-C', REPO_ROOT, ...args], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function machine(): string {
  const os = existsSync('/etc/os-release')
    ? (/^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux')
    : 'Linux';
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os} (kernel ${release()})`;
}

function command(options: BenchOptions): string {
  const only = options.only.length === BENCHMARK_NAMES.length ? '' : ` BENCH_ONLY=${options.only.join(',')}`;
  const mongo = options.mongoBase ? ' BENCH_MONGODB_URI=…' : '';
  return `BENCH_SIZE=${options.size}${only}${options.profile ? ' BENCH_PROFILE=1' : ''}${mongo} npm run bench`;
}

const fmt = (v: number | string) => (typeof v === 'number' ? String(round(v)) : v);

/** The phase the figure comes from: the longest one measuring the product. */
function productPhase(cpu: PhaseCpu[]): PhaseCpu | undefined {
  return cpu
    .filter((p) => p.phase.startsWith('product') || p.phase.startsWith('wake'))
    .sort((a, b) => b.seconds - a.seconds)[0];
}

function cpuLine(phase: PhaseCpu): string {
  return phase.shares
    .filter((s) => s.percent >= 1)
    .map((s) => `${s.name} ${Math.round(s.percent)}%`)
    .join(', ');
}

/** What the CPU numbers say about the product phase, in one sentence. */
function boundBy(result: BenchResult): string {
  const phase = productPhase(result.cpu);
  if (!phase) return 'no CPU figures';
  const machinePct = phase.shares.find((s) => s.name === 'machine (all processes)')?.percent ?? 0;
  const others = phase.shares.find((s) => s.name === 'other processes')?.percent ?? 0;
  const ours = phase.shares
    .filter((s) => s.name !== 'machine (all processes)' && s.name !== 'other processes')
    .sort((a, b) => b.percent - a.percent);
  const top = ours[0];
  const saturated = machinePct >= 150;
  return (
    `${saturated ? 'CPU-bound (the machine was busy)' : 'not CPU-bound (waits: disk syncs, locks, backoff)'}: the machine ran at ` +
    `${Math.round(machinePct)}% of 200%` +
    (others >= 10 ? `, ${Math.round(others)}% of it other processes on this machine` : '') +
    (top ? `; the busiest process of the stack was ${top.name} at ${Math.round(top.percent)}%` : '')
  );
}

function historyRow(input: ReportInput, commit: string): string {
  const cell = (name: BenchmarkName) => {
    const r = input.results.find((x) => x.name === name);
    if (!r) return input.failures.some((f) => f.name === name) ? 'failed' : '–';
    return `${fmt(r.value)} ${r.unit} (×${fmt(r.ratio)}${r.met ? ' ✓' : ''})`;
  };
  return `| ${input.started.toISOString().slice(0, 16).replace('T', ' ')} | ${input.options.size} | ${commit} | ${BENCHMARK_NAMES.map(cell).join(' | ')} |`;
}

function previousHistory(): string[] {
  if (!existsSync(RESULTS_MD)) return [];
  const text = readFileSync(RESULTS_MD, 'utf8');
  const start = text.indexOf(HISTORY_START);
  const end = text.indexOf(HISTORY_END);
  if (start < 0 || end < start) return [];
  return text
    .slice(start + HISTORY_START.length, end)
    .split('\n')
    .filter((l) => l.startsWith('| 2'));
}

export function writeReport(input: ReportInput): string[] {
  const { options } = input;
  const dirty = git(['status', '--porcelain']).length > 0;
  const commit = `${git(['rev-parse', '--short', 'HEAD']) || '?'}${dirty ? '+' : ''}`;
  const versions =
    `omnidrip ${versionOf('..')} (git ${commit}${dirty ? ', with uncommitted changes' : ''}), Node ${process.version}, ` +
    `Temporal CLI dev server ${toolVersion('temporal')} (SQLite file), ` +
    (options.mongoBase
      ? 'an external MongoDB (BENCH_MONGODB_URI), '
      : `FerretDB ${toolVersion('ferretdb')} (SQLite), `) +
    `@temporalio/* ${versionOf('@temporalio/client')}, mongoose ${versionOf('mongoose')}, express ${versionOf('express')}, ` +
    `nodemailer ${versionOf('nodemailer')}, smtp-server ${versionOf('smtp-server')} (sink), autocannon ${versionOf('autocannon')}`;
  const ordered = BENCHMARK_NAMES.map((n) => input.results.find((r) => r.name === n)).filter(
    (r): r is BenchResult => r !== undefined,
  );

  const json = {
    date: input.started.toISOString(),
    machine: machine(),
    command: command(options),
    size: options.size,
    sizes: options.sizes,
    versions,
    seconds: round(input.seconds),
    load_average: input.loads,
    results: ordered.map((r) => ({
      name: r.name,
      value: round(r.value),
      unit: r.unit,
      baseline: round(r.baseline),
      ratio: round(r.ratio),
      target: r.target,
      met: r.met,
      size: r.size,
      baseline_is: r.baselineIs,
      details: Object.fromEntries(Object.entries(r.details).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])),
      verified: r.verified,
      defects: r.defects ?? [],
    })),
    failures: input.failures,
    diagnostic: input.diagnostic,
  };
  writeFileSync(RESULTS_JSON, `${JSON.stringify(json, null, 2)}\n`);

  const md: string[] = [];
  md.push('# omnidrip benchmark results', '');
  md.push(
    'Written by `npm run bench` ([bench/run.ts](run.ts), how-to in [bench/README.md](README.md)); the same figures are in ' +
      '[results.json](results.json). Every figure is measured through the public interfaces (signed webhooks, the admin API, ' +
      'SMTP) against the real local stack, and compared with the raw limit underneath it measured in the same run.',
    '',
  );
  md.push(`- **Date**: ${input.started.toISOString()} (run took ${Math.round(input.seconds)} s)`);
  md.push(`- **Machine**: ${machine()}`);
  md.push(
    `- **Load average** (1 min): ${Object.entries(input.loads)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}. Other sessions ran tests on this machine meanwhile; the CPU shares below show how much.`,
  );
  md.push(`- **Command**: \`${command(options)}\``);
  md.push(`- **Versions**: ${versions}`);
  md.push(
    `- **Sizes** (${options.size}): ${Object.entries(options.sizes)
      .filter(([k]) => k !== 'benchmarkTimeoutMs')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  md.push('', '## Figures', '');
  md.push('| benchmark | value | baseline (same run) | ratio | target | met | size |');
  md.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of ordered) {
    md.push(
      `| \`${r.name}\` | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} (${r.baselineIs}) | ${fmt(r.ratio)} | ${r.target} | ${r.met ? '**met**' : 'missed'} | ${r.size} |`,
    );
  }
  for (const f of input.failures)
    md.push(`| \`${f.name}\` | failed: ${f.error.replace(/\|/g, '/').slice(0, 300)} | | | | | |`);
  md.push('');
  for (const r of ordered) {
    md.push(`### ${r.name}`, '');
    md.push(
      `- Figures: ${Object.entries(r.details)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join('; ')}`,
    );
    md.push(`- Verified: ${r.verified.join('; ')}`);
    for (const d of r.defects ?? []) md.push(`- **Defect**: ${d}`);
    for (const phase of r.cpu)
      md.push(`- CPU during "${phase.phase}" (${fmt(phase.seconds)} s, % of one core): ${cpuLine(phase)}`);
    md.push(`- What the CPU says: ${boundBy(r)}`);
    md.push('');
  }
  if (input.diagnostic) {
    const store = options.mongoBase ? 'MongoDB' : 'FerretDB';
    md.push(`## Diagnostic: ${store} cost per operation against collection size (this run)`, '');
    md.push(
      '| documents | findOne by _id (p50 ms) | updateOne by _id (p50 ms) | countDocuments by two fields (p50 ms) |',
    );
    md.push('| --- | --- | --- | --- |');
    for (const row of input.diagnostic.rows) {
      md.push(`| ${row.documents} | ${fmt(row.findByIdMs)} | ${fmt(row.updateByIdMs)} | ${fmt(row.countByFieldMs)} |`);
    }
    md.push(
      '',
      `${store}'s plan for \`find({_id})\`: \`${input.diagnostic.findByIdPlan}\` (filter pushdown ${input.diagnostic.findByIdPushdown}).`,
      '',
    );
  }
  if (input.profiles?.length) {
    md.push('## CPU profiles (node --cpu-prof, self time, all threads of the process)', '');
    const list = (items: { name: string; percent: number }[]) =>
      items.map((t) => `${t.name} ${t.percent.toFixed(1)}%`).join('; ');
    for (const p of input.profiles) {
      md.push(`- **${p.process}** (${Math.round(p.totalMs)} ms on CPU): by package: ${list(p.packages)}`);
      md.push(`  - by function: ${list(p.functions)}`);
    }
    md.push('');
  }
  md.push(readFileSync(join(REPO_ROOT, 'bench', 'analysis.md'), 'utf8').trim(), '');
  md.push('## History', '', HISTORY_START);
  md.push(`| date (UTC) | size | commit | ${BENCHMARK_NAMES.join(' | ')} |`);
  md.push(`| --- | --- | --- | ${BENCHMARK_NAMES.map(() => '---').join(' | ')} |`);
  md.push(historyRow(input, commit), ...previousHistory().slice(0, HISTORY_ROWS - 1));
  md.push(HISTORY_END, '');
  writeFileSync(RESULTS_MD, md.join('\n'));
  return [RESULTS_MD, RESULTS_JSON];
}

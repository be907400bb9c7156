// Where a Node process spent its CPU, from the .cpuprofile files `node --cpu-prof` writes at exit (one
// per thread: main, tsx's loader, Temporal's workflow threads): self time grouped by package and by
// function, for RESULTS.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './stack';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface ProfileSummary {
  process: string;
  totalMs: number;
  packages: { name: string; percent: number }[];
  functions: { name: string; percent: number }[];
}

function fileOf(url: string): string {
  if (!url) return '';
  return url.startsWith('file://') ? relative(REPO_ROOT, new URL(url).pathname) : url;
}

/** node_modules/<pkg> (or @scope/pkg), "omnidrip" for the project's own files, node internals, native. */
function packageOf(file: string): string {
  if (!file) return '(native, GC)';
  if (file.startsWith('node:')) return '(node internals)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (match) return match[1]!;
  return file.startsWith('..') || file.startsWith('/') ? file : `omnidrip ${file.split('/')[0]}/`;
}

export function summarizeProfiles(dir: string, limit = 8): ProfileSummary[] {
  const names = new Map<string, string>();
  const tsv = join(dir, 'processes.tsv');
  if (existsSync(tsv)) {
    for (const line of readFileSync(tsv, 'utf8').split('\n')) {
      const [pid, name] = line.split('\t');
      if (pid && name) names.set(pid, name);
    }
  }
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
  const byProcess = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const pid = file.split('.')[3] ?? '?';
    byProcess.set(pid, [...(byProcess.get(pid) ?? []), file]);
  }
  return [...byProcess.entries()].map(([pid, files]) => {
    const perPackage = new Map<string, number>();
    const perFunction = new Map<string, number>();
    let hits = 0;
    let ms = 0;
    for (const file of files) {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
      for (const node of profile.nodes) {
        const n = node.hitCount ?? 0;
        const fn = node.callFrame.functionName || '(anonymous)';
        if (!n || fn === '(idle)' || fn === '(program)') continue;
        hits += n;
        ms += n * msPerSample;
        const file = fileOf(node.callFrame.url);
        const pkg = packageOf(file);
        perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + n);
        const key =
          `${fn} ${file ? `${file.replace(/^node_modules\//, '')}:${node.callFrame.lineNumber + 1}` : ''}`.trim();
        perFunction.set(key, (perFunction.get(key) ?? 0) + n);
      }
    }
    const top = (m: Map<string, number>) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([name, n]) => ({ name, percent: (n / Math.max(1, hits)) * 100 }));
    return {
      process: names.get(pid) ?? `pid ${pid}`,
      totalMs: ms,
      packages: top(perPackage),
      functions: top(perFunction),
    };
  });
}

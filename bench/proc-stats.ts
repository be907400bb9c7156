// What a process costs, read from Linux's /proc: resident memory, and CPU time so each phase can say
// which process kept the cores busy (the usual answer to "what bounds this figure?"). Disk use of the
// services' state files comes from the file system.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Resident set size in MB (VmRSS), or NaN when the process is gone. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU seconds the process has used so far, or NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Bytes under a path (a file, or a directory walked recursively). */
export function diskBytes(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + diskBytes(join(path, entry)), 0);
}

/** Bytes of the files in `dir` whose names start with `prefix` (a SQLite database with its -wal/-shm). */
export function filesBytes(dir: string, prefix: string): number {
  try {
    return readdirSync(dir)
      .filter((f) => f.startsWith(prefix))
      .reduce((sum, f) => sum + diskBytes(join(dir, f)), 0);
  } catch {
    return 0;
  }
}

export interface Watched {
  name: string;
  pid: number;
}

export interface CpuShare {
  name: string;
  /** Percent of one core over the window; 200 = both cores of this machine. */
  percent: number;
}

/** CPU used by each watched process between `start()` and the returned function's call. */
export function cpuWindow(processes: () => Watched[]): () => { seconds: number; shares: CpuShare[] } {
  const started = performance.now();
  const before = new Map(processes().map((p) => [p.pid, cpuSeconds(p.pid)]));
  const machineBefore = machineCpu();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const shares = processes()
      .map((p) => ({
        name: p.name,
        percent: ((cpuSeconds(p.pid) - (before.get(p.pid) ?? 0)) / Math.max(seconds, 1e-3)) * 100,
      }))
      .filter((s) => Number.isFinite(s.percent));
    const machine = machineCpu();
    const busy = machine.busy - machineBefore.busy;
    const total = machine.total - machineBefore.total;
    const machinePercent = total > 0 ? (busy / total) * 100 * cores() : 0;
    const ours = shares.reduce((sum, s) => sum + s.percent, 0);
    // Other helpers' tests share this machine; what they used shows here.
    shares.push({ name: 'other processes', percent: Math.max(0, machinePercent - ours) });
    shares.push({ name: 'machine (all processes)', percent: machinePercent });
    return { seconds, shares };
  };
}

function cores(): number {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d+ /.test(l)).length;
}

function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((s, v) => s + v, 0);
  return { busy: total - idle, total };
}

/** The 1-minute load average, to note how busy the machine was (other helpers may run tests). */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

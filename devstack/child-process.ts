// Starts a long-running service as a child process with prefixed output, waits until its port
// accepts connections, and stops it politely (SIGTERM, then SIGKILL) so state files are flushed.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';

export interface Service {
  name: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Port on 127.0.0.1 that answers once the service is up… */
  readyPort?: number;
  /** …or a line the service prints once it is up (for processes without a port, like the worker). */
  readyLine?: RegExp;
  readyTimeoutMs?: number;
  /** Where output lines go; null drops them (tests keep the output only for failures). */
  output?: ((line: string) => void) | null;
}

export function prefixer(name: string, write: (s: string) => void = (s) => process.stdout.write(s)) {
  const tag = `[${name}]`.padEnd(11);
  return (line: string) => write(`${tag} ${line}\n`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not allocate a port');
  return address.port;
}

export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function pipeLines(stream: NodeJS.ReadableStream | null, sink: (line: string) => void, recent: string[]) {
  if (!stream) return;
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      sink(line);
    }
  });
}

export async function startProcess(options: StartOptions): Promise<Service & { child: ChildProcess }> {
  const { name, readyPort, readyLine, readyTimeoutMs = 60_000 } = options;
  if (readyPort !== undefined && (await portAnswers(readyPort))) {
    throw new Error(`${name}: port ${readyPort} is already in use; stop what runs there or choose another port`);
  }
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  let sawReadyLine = false;
  const write = options.output === undefined ? prefixer(name) : (options.output ?? (() => {}));
  const sink = (line: string) => {
    if (readyLine?.test(line)) sawReadyLine = true;
    write(line);
  };
  pipeLines(child.stdout, sink, recent);
  pipeLines(child.stderr, sink, recent);
  const isUp = async () => (readyPort !== undefined ? portAnswers(readyPort) : sawReadyLine);

  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const deadline = Date.now() + readyTimeoutMs;
  const ready = (async () => {
    while (!(await isUp())) {
      if (exited !== undefined) {
        throw new Error(`${name} exited with code ${exited} before it was ready:\n${recent.join('\n')}`);
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        const what = readyPort !== undefined ? `open port ${readyPort}` : `print ${readyLine}`;
        throw new Error(`${name} did not ${what} within ${readyTimeoutMs} ms:\n${recent.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await Promise.race([ready, spawnError]);

  return {
    name,
    child,
    async stop() {
      if (exited !== undefined || child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

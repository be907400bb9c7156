// The dashboard's end-to-end test drives Debian's chromium through playwright-core, which never
// downloads a browser of its own. This installs the distribution package when we may (root with apt),
// and otherwise says what to install, so `npm test` fails with instructions instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

function run(command, args) {
  console.log(`[install-browser] $ ${command} ${args.join(' ')}`);
  // inherit: apt prints its own progress, which is the point on a slow mirror.
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function hasAptGet() {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function installBrowser() {
  if (existsSync(CHROMIUM_PATH)) {
    console.log(`[install-browser] chromium found at ${CHROMIUM_PATH}`);
    return 0;
  }
  if (!isRoot() || !hasAptGet()) {
    console.log(
      `[install-browser] ${CHROMIUM_PATH} is missing. Install Debian's chromium, e.g.\n` +
        '    sudo apt-get update && sudo apt-get install -y chromium\n' +
        'The dashboard end-to-end test (npm run test:e2e) needs it; everything else runs without it.',
    );
    return 0;
  }
  // A fresh container has no package lists; refresh them once, right before the one install.
  if (run('apt-get', ['update']) !== 0) return 1;
  const status = run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (status !== 0 || !existsSync(CHROMIUM_PATH)) {
    console.error('[install-browser] installing chromium failed; see the apt output above');
    return 1;
  }
  console.log(`[install-browser] chromium installed at ${CHROMIUM_PATH}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(installBrowser());

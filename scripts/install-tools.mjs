#!/usr/bin/env node
// Builds the real services omnidrip runs against into .tools/ (ignored by git): the Temporal CLI and
// FerretDB from the Go module proxy, and Temporal's Java time-skipping test server from Maven Central.
// Runs on `npm install`; a second run finds the version stamps and does nothing. Nothing here
// downloads a prebuilt binary, because machines behind a registry-only proxy cannot fetch one.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedPath, findTool, onPath, ROOT, TOOLS, TOOLS_BIN, TOOLS_DIR } from './tools.mjs';

const log = (msg) => console.log(`[tools] ${msg}`);

function stampPath(name) {
  return join(TOOLS_BIN, `${name}.version`);
}

/** Version plus the revision of our own build recipe, so a changed recipe rebuilds on the next install. */
function stampOf(name) {
  const { version, recipe } = TOOLS[name];
  return recipe ? `${version}-r${recipe}` : version;
}

function isCurrent(name) {
  const stamp = stampPath(name);
  return existsSync(cachedPath(name)) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === stampOf(name);
}

/** Runs a build command, echoing its output with a prefix and a heartbeat so a long first build is visibly alive. */
function run(label, cmd, args, env, cwd = ROOT) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const echo = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const raw of text.split('\n')) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
        const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
        if (/[a-z0-9]/i.test(line)) console.log(`[tools:${label}] ${line}`);
      }
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    const beat = setInterval(
      () => log(`${label}: still building (${Math.round((Date.now() - started) / 1000)} s)…`),
      20_000,
    );
    child.on('error', (err) => {
      clearInterval(beat);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(beat);
      if (code === 0) {
        log(`${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
        resolve();
      } else reject(new Error(`${label}: \`${cmd} ${args.join(' ')}\` exited with ${code}\n${tail}`));
    });
  });
}

function hasCommand(cmd, versionArg) {
  return spawnSync(cmd, [versionArg], { stdio: 'ignore' }).status === 0;
}

function requireGo(spec, name) {
  if (!hasCommand('go', 'version')) {
    throw new Error(
      `Go is needed to build the ${spec.what}. Install Go 1.23 or newer (Debian: \`apt-get install golang-go\`; ` +
        `otherwise the official Go tarball), or point ${spec.env} at an existing ${name} binary.`,
    );
  }
}

async function goInstall(name) {
  const spec = TOOLS[name];
  requireGo(spec, name);
  const out = join(TOOLS_DIR, 'build', name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  log(`${name}: building ${spec.what} ${spec.version} with \`go install\` (first time takes a few minutes)`);
  await run(name, 'go', ['install', `${spec.goPackage}@${spec.version}`], { GOBIN: out });
  renameSync(join(out, name), cachedPath(name));
  rmSync(out, { recursive: true, force: true });
}

/**
 * FerretDB v1.24's SQLite backend looks documents up by `_ferretdb_sjson->'$._id'` but creates the unique
 * `_id` index on `_ferretdb_sjson->"_id"`; SQLite uses an expression index only for the identical
 * expression, so every find, update and delete by `_id` scanned the whole table (slower with every stored
 * document, and holding the write lock while it scans). Writing the lookup as the index's expression
 * makes them index searches. Same operator, same JSON value: results do not change.
 */
function patchIdColumn(src) {
  const file = join(src, 'internal', 'backends', 'sqlite', 'metadata', 'metadata.go');
  const before = readFileSync(file, 'utf8');
  const after = before.replace(`IDColumn = DefaultColumn + "->'$._id'"`, 'IDColumn = DefaultColumn + `->"_id"`');
  if (after === before) throw new Error('ferretdb: the _id column expression to patch was not found');
  writeFileSync(file, after);
}

/**
 * FerretDB needs two detours from a plain `go install`: the module proxy refuses its version list
 * (which `go install pkg@v` reads to look for deprecations), and its binary panics at start unless
 * build/version/version.txt exists, which only its release tooling writes. So: download the pinned
 * module, copy it, write version.txt, and build the copy as its own main module.
 */
async function ferretdbFromModule(name) {
  const spec = TOOLS[name];
  requireGo(spec, name);
  const modulePath = spec.goPackage.replace(/\/cmd\/ferretdb$/, '');
  log(`${name}: downloading ${modulePath}@${spec.version} from the Go module proxy`);
  const download = spawnSync('go', ['mod', 'download', '-json', `${modulePath}@${spec.version}`], {
    cwd: TOOLS_DIR,
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'on' },
  });
  if (download.status !== 0) throw new Error(`${name}: go mod download failed:\n${download.stderr}${download.stdout}`);
  const { Dir } = JSON.parse(download.stdout);
  const src = join(TOOLS_DIR, 'build', `${name}-src`);
  rmSync(src, { recursive: true, force: true });
  cpSync(Dir, src, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', src]);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${spec.version}\n`);
  patchIdColumn(src);
  log(`${name}: building ${spec.what} ${spec.version} (first time takes a few minutes)`);
  await run(name, 'go', ['build', '-trimpath', '-o', cachedPath(name), './cmd/ferretdb'], {}, src);
  rmSync(src, { recursive: true, force: true });
}

async function testServer() {
  const name = 'temporal-test-server';
  const spec = TOOLS[name];
  if (!hasCommand('java', '-version') || !hasCommand('mvn', '-v')) {
    throw new Error(
      `Java 17+ and Maven are needed to fetch the ${spec.what} from Maven Central ` +
        `(Debian: \`apt-get install openjdk-17-jre-headless maven\`), or set ${spec.env} to an existing executable.`,
    );
  }
  const lib = join(TOOLS_DIR, name, 'lib');
  rmSync(lib, { recursive: true, force: true });
  log(`${name}: resolving ${spec.maven}:${spec.version} and its classpath with Maven`);
  await run(name, 'mvn', [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    join(ROOT, 'scripts', 'test-server', 'pom.xml'),
    `-Dtemporal.test-server.version=${spec.version}`,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${lib}`,
    '-DincludeScope=runtime',
  ]);
  // The SDK starts an existing-path test server as `<path> <port> [extra args]`; this wrapper makes the
  // jar set look like one executable.
  writeFileSync(
    cachedPath(name),
    [
      '#!/bin/sh',
      "# Generated by scripts/install-tools.mjs: runs Temporal's Java test server from .tools/.",
      'here=$(cd "$(dirname "$0")/.." && pwd)',
      'java_bin=java',
      '[ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ] && java_bin="$JAVA_HOME/bin/java"',
      // The SDK gives the server 5 s to open its port; a JIT limited to C1 and the serial GC start the JVM
      // fastest, which matters on a loaded two-core CI machine.
      `exec "$java_bin" \${TEMPORAL_TEST_SERVER_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto} -cp "$here/${name}/lib/*" io.temporal.testserver.TestServer "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(cachedPath(name), 0o755);
}

const builders = {
  temporal: () => goInstall('temporal'),
  ferretdb: () => ferretdbFromModule('ferretdb'),
  'temporal-test-server': testServer,
};

async function main() {
  if (process.env.OMNIDRIP_SKIP_TOOLS === '1') {
    log('OMNIDRIP_SKIP_TOOLS=1: not building local tools (use external Temporal and MongoDB)');
    return;
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  const failures = [];
  for (const name of Object.keys(TOOLS)) {
    const spec = TOOLS[name];
    if (process.env[spec.env]) {
      const found = findTool(name);
      if (!found) failures.push(`${spec.env}=${process.env[spec.env]} is not an executable file`);
      else log(`${name}: using ${spec.env}=${found}`);
      continue;
    }
    if (isCurrent(name)) {
      log(`${name}: ${spec.version} already in .tools/bin`);
      continue;
    }
    try {
      await builders[name]();
      writeFileSync(stampPath(name), `${stampOf(name)}\n`);
    } catch (err) {
      const fallback = onPath(name);
      if (fallback) log(`${name}: build failed, but ${fallback} is on PATH and will be used`);
      else failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`[tools] ERROR: ${f}`);
    process.exit(1);
  }
  log('all tools ready');
}

await main();

// The stack under test: a real PostgreSQL cluster, portald and nginx,
// started by app/stack/stack.sh on a free loopback port under a temporary
// directory (never the `make run` data).
//
// tests/run.sh starts one shared stack per build and passes it in
// PORTAL_TEST_DIR / PORTAL_TEST_PORT; tests that break things on purpose
// (stopping PostgreSQL, killing workers) start a private one.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STACK = path.join(ROOT, 'app/stack/stack.sh');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function readEnv(dir) {
  const env = {};
  for (const line of readFileSync(path.join(dir, 'stack.env'), 'utf8').split('\n')) {
    const m = line.match(/^(\w+)=(.*)$/);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

function describeStack(dir, port, owned) {
  let stopped = false;
  const stack = {
    dir,
    port,
    base: `http://127.0.0.1:${port}`,
    // Read afresh: a restart changes PORTALD_PID.
    get env() { return readEnv(dir); },
    run(cmd) { execFileSync('bash', [STACK, cmd, dir], { stdio: 'inherit' }); },
    // The same without blocking this process (its load keeps running).
    // On exit, not on close: a portald it starts keeps its stdout.
    runAsync(cmd) {
      return new Promise((resolve, reject) => {
        spawn('bash', [STACK, cmd, dir], { stdio: 'inherit' })
          .on('error', reject)
          .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`stack.sh ${cmd}: exit ${code}`))));
      });
    },
    portaldLog() { return readFileSync(path.join(dir, 'log/portald.log'), 'utf8'); },
    // Stops a private stack; throws if its portald logged a sanitizer
    // report (the ASan/UBSan build runs the same tests).
    stop() {
      if (!owned || stopped) return;
      stopped = true;
      execFileSync('bash', [STACK, 'down', dir], { stdio: 'inherit' });
      const log = stack.portaldLog();
      rmSync(dir, { recursive: true, force: true });
      const report = log.match(/(AddressSanitizer|LeakSanitizer|runtime error:)[^\n]*/);
      if (report) throw new Error(`sanitizer report in portald's log: ${report[0]}`);
    },
  };
  return stack;
}

// env: settings for portald (PORTAL_WORKERS...), on top of this process's.
export async function startStack(build = process.env.PORTAL_BUILD || 'opt', env = {}) {
  const dir = mkdtempSync('/tmp/portal-e2e-');
  chmodSync(dir, 0o755);
  const port = await freePort();
  execFileSync('bash', [STACK, 'up', dir, String(port), build],
    { stdio: 'inherit', env: { ...process.env, ...env } });
  return describeStack(dir, port, true);
}

// The suite's shared stack, or a private one when run alone, which is
// stopped when the file's process ends if the file did not stop it.
export async function sharedStack() {
  const { PORTAL_TEST_DIR: dir, PORTAL_TEST_PORT: port } = process.env;
  if (dir && port) return describeStack(dir, Number(port), false);
  const stack = await startStack();
  process.once('exit', () => stack.stop());
  return stack;
}

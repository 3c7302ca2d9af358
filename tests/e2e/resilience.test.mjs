// The process model under failure, on a private stack: a worker killed
// under load is respawned; PostgreSQL stopped under load turns /healthz to
// 503 within a second with no worker dying, and started again is picked up
// without restarting portald; SIGTERM stops everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startStack } from './lib/stack.mjs';
import { get, eventually } from './lib/http.mjs';

let stack;
before(async () => { stack = await startStack(); });
after(() => stack?.stop());

function workerPids() {
  try {
    return execFileSync('pgrep', ['-P', stack.env.PORTALD_PID], { encoding: 'utf8' })
      .trim().split('\n').filter(Boolean).map(Number).sort();
  } catch {
    return [];
  }
}

// Keeps `concurrency` requests in flight until stopped; counts statuses.
function load(path, concurrency = 8) {
  const counts = new Map();
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const status = await get(stack.base, path).then((r) => r.status, () => 'error');
      counts.set(status, (counts.get(status) || 0) + 1);
    }
  });
  return { counts, async stop() { running = false; await Promise.all(loops); } };
}

test('a worker killed with SIGKILL under load is respawned', async () => {
  const before = workerPids();
  assert.ok(before.length >= 1, 'workers are running');
  const traffic = load('/api/v1/locations');
  await new Promise((r) => setTimeout(r, 300));
  process.kill(before[0], 'SIGKILL');
  await eventually(() => {
    const now = workerPids();
    return now.length === before.length && !now.includes(before[0]);
  }, { within: 5000 });
  await new Promise((r) => setTimeout(r, 300));
  await traffic.stop();
  assert.ok((traffic.counts.get(200) || 0) > 0, 'requests succeeded under load');
  for (let i = 0; i < 20; i++) {
    assert.equal((await get(stack.base, '/api/v1/locations')).status, 200);
  }
  assert.match(stack.portaldLog(), /worker killed; respawning.*signal=9/);
});

test('PostgreSQL stopped under load: 503 within a second, no worker dies; back without a restart', async () => {
  const workers = workerPids();
  const traffic = load('/api/v1/locations', 4);
  await new Promise((r) => setTimeout(r, 200));

  stack.run('pg-stop');
  const stopped = Date.now();
  const seen = await eventually(async () => (await get(stack.base, '/healthz')).status === 503,
    { within: 1000, every: 20 });
  assert.ok(seen - stopped <= 1000, `503 after ${seen - stopped} ms`);

  const down = await get(stack.base, '/healthz');
  assert.equal(down.status, 503);
  assert.deepEqual(down.json(), { status: 'unavailable', db: 'down' });
  assert.ok(down.headers['retry-after']);
  const page = await get(stack.base, '/api/v1/locations');
  assert.equal(page.status, 503);
  assert.equal(page.json().error.code, 'database_unavailable');
  assert.ok(page.headers['retry-after']);
  const html = await get(stack.base, '/');
  assert.equal(html.status, 503);
  assert.match(html.headers['content-type'], /^text\/html/);
  assert.equal((await get(stack.base, '/livez')).status, 200);

  stack.run('pg-start');
  await eventually(async () => (await get(stack.base, '/healthz')).status === 200,
    { within: 5000, every: 50 });
  await traffic.stop();
  assert.equal((await get(stack.base, '/api/v1/locations')).status, 200);
  assert.deepEqual(workerPids(), workers, 'no worker died or was restarted');
  assert.ok((traffic.counts.get(503) || 0) > 0, 'load saw the outage as 503');
  assert.equal(traffic.counts.get(500) || 0, 0, 'no 500s');
  assert.equal(traffic.counts.get(502) || 0, 0, 'no 502s: no worker crashed');
});

test('SIGTERM stops the master and every worker', async () => {
  const workers = workerPids();
  const master = Number(stack.env.PORTALD_PID);
  process.kill(master, 'SIGTERM');
  await eventually(() => {
    for (const pid of [master, ...workers]) {
      try { process.kill(pid, 0); return false; } catch { /* gone */ }
    }
    return true;
  }, { within: 12000 });
  assert.match(stack.portaldLog(), /portald stopped/);
});

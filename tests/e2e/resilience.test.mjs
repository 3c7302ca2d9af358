// The process model under failure, on a private stack: a worker killed
// under load is respawned and fails at most the request it held;
// PostgreSQL stopped under load turns /healthz to 503 within a second with
// no worker dying, and started again is picked up without restarting
// portald; a restart under writes loses nothing; SIGTERM serves what is
// queued, then stops everything.  docs/reliability.md has the figures
// (make faults).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startStack } from './lib/stack.mjs';
import { get, eventually, publicWithin } from './lib/http.mjs';
import { signIn } from './lib/session.mjs';
import { load as writeLoad, committed, sleep, holdConnections, timedGets } from './lib/load.mjs';

let stack;
let member;
before(async () => {
  stack = await startStack();
  member = await signIn(stack.base, 'member.hamilton@portal.demo');
});
after(() => stack?.stop());

function workerPids() {
  try {
    return execFileSync('pgrep', ['-P', stack.env.PORTALD_PID], { encoding: 'utf8' })
      .trim().split('\n').filter(Boolean).map(Number).sort();
  } catch {
    return [];
  }
}

// Connections waiting in the accept queue of the unix socket at path.
function queued(path) {
  const line = execFileSync('ss', ['-xlnH'], { encoding: 'utf8' })
    .split('\n').find((l) => l.split(/\s+/).includes(path));
  return line ? Number(line.trim().split(/\s+/)[2]) : 0;
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

test('a worker killed under writes fails at most the request it held; every 201 is kept', async () => {
  const before = workerPids();
  const traffic = writeLoad(stack.base, member, { concurrency: 8, tag: `kill${process.pid}` });
  await sleep(500);
  process.kill(before[1] ?? before[0], 'SIGKILL');
  await eventually(() => workerPids().length === before.length, { within: 5000 });
  await sleep(500);
  await traffic.stop();
  const failed = traffic.failures();
  const n = Object.values(failed).reduce((a, b) => a + b, 0);
  assert.ok(n <= 1, `at most the killed worker's request failed: ${JSON.stringify(failed)}`);
  assert.ok(traffic.created.length > 0, 'writes succeeded under load');
  assert.equal(committed(stack, traffic.created), traffic.created.length, 'every 201 is in the database');
});

test('a restart under writes (stack.sh restart) answers every request 2xx and keeps every write', async () => {
  const oldMaster = stack.env.PORTALD_PID;
  const workers = workerPids().length;
  const traffic = writeLoad(stack.base, member, { concurrency: 16, tag: `restart${process.pid}` });
  await sleep(500);
  await stack.runAsync('restart');
  await sleep(500);
  await traffic.stop();
  assert.notEqual(stack.env.PORTALD_PID, oldMaster, 'a new master');
  assert.throws(() => process.kill(Number(oldMaster), 0), 'the old master is gone');
  assert.equal(workerPids().length, workers);
  assert.deepEqual(traffic.failures(), {}, `every answer 2xx (of ${traffic.total()})`);
  assert.equal(committed(stack, traffic.created), traffic.created.length, 'every 201 is in the database');
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
  // An anonymous public page may be nginx's copy (the micro-cache) for
  // the rest of the second; then the database's answer.
  await publicWithin(async () => (await get(stack.base, '/api/v1/locations')).status === 503);
  await publicWithin(async () => (await get(stack.base, '/')).status === 503);
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
  await publicWithin(async () => (await get(stack.base, '/api/v1/locations')).status === 200);
  assert.deepEqual(workerPids(), workers, 'no worker died or was restarted');
  assert.ok((traffic.counts.get(503) || 0) > 0, 'load saw the outage as 503');
  assert.equal(traffic.counts.get(500) || 0, 0, 'no 500s');
  assert.equal(traffic.counts.get(502) || 0, 0, 'no 502s: no worker crashed');
});

test('512 idle connections, slow headers and slow bodies hold no worker', async () => {
  const held = [holdConnections(stack.base, 512, 'idle'), holdConnections(stack.base, 64, 'headers'),
    holdConnections(stack.base, 64, 'body')];
  try {
    await eventually(() => held.every((h, i) => h.state.opened === [512, 64, 64][i]), { within: 10000 });
    await sleep(1500);
    const reads = await timedGets(stack.base, '/api/v1/locations', 40, 4);
    assert.equal(reads.failed, 0, JSON.stringify(reads));
    assert.ok(reads.max < 5000, `answered within 5 s: ${JSON.stringify(reads)}`);
    assert.deepEqual(held.map((h) => h.state.closedByServer), [0, 0, 0], 'nginx keeps them until its timeouts');
  } finally {
    held.forEach((h) => h.close());
  }
  assert.doesNotMatch(stack.portaldLog(), /X-Slow|path="\/api\/v1\/session" status=(400|408|500)/,
    'no unfinished request reached a worker');
});

test('SIGTERM: the requests already queued are served, none is reset', async () => {
  const one = await startStack(undefined, { PORTAL_WORKERS: '1' });
  try {
    const who = await signIn(one.base, 'member.hamilton@portal.demo');
    const tag = `drain${process.pid}`;
    const n = 48;
    let answered = 0;
    const sent = Array.from({ length: n }, (_, i) => who.call('POST',
      '/api/v1/me/tokens', { name: `${tag} ${i}` })
      .then((res) => { answered += 1; return res; }, (e) => ({ status: String(e) })));
    // SIGTERM once every request has reached portald: answered, in the
    // one worker's hands, or in the socket's accept queue (ss's Recv-Q).
    await eventually(() => answered + 1 + queued(one.env.SOCKET) >= n, { within: 10000, every: 5 });
    process.kill(Number(one.env.PORTALD_PID), 'SIGTERM');
    const results = await Promise.all(sent);
    const statuses = results.map((r) => r.status);
    assert.deepEqual(statuses.filter((s) => s !== 201), [], 'every queued request answered 201');
    const ids = results.map((r) => r.json().id);
    assert.equal(committed(one, ids), ids.length);
    // The master logs its stop once its worker has exited, which in the
    // sanitizer build comes after the leak check: wait for it.
    await eventually(() => /portald stopped/.test(one.portaldLog()), { within: 15000 });
    assert.match(one.portaldLog(), /portald stopped/);
  } finally {
    one.stop();
  }
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

// make faults: each fault on a private stack under load, with figures
// (docs/reliability.md records them).  Per fault: what happened to the
// requests in flight, how long recovery took, and whether every write the
// portal answered 201 for is in the database.  Exits 1 if an invariant
// breaks: a restart or a slow client fails a request, a killed worker
// fails more than the request it held, PostgreSQL's restart gives
// anything but 503, or a committed write is missing.
//
//   node tests/faults/run.mjs        (PORTAL_BUILD=opt by default)
import { startStack } from '../e2e/lib/stack.mjs';
import { get, eventually } from '../e2e/lib/http.mjs';
import { signIn } from '../e2e/lib/session.mjs';
import { load, committed, sleep, holdConnections, timedGets } from '../e2e/lib/load.mjs';
import { execFileSync } from 'node:child_process';

const stack = await startStack();
const rows = [];
let broken = 0;
function report(fault, traffic, recovery, ok, note = '') {
  const kept = committed(stack, traffic?.created || []);
  const row = {
    fault, requests: traffic?.total() ?? '-', failed: JSON.stringify(traffic?.failures() ?? {}),
    recovery_ms: recovery, writes: traffic ? `${kept}/${traffic.created.length}` : '-', note,
  };
  const good = ok && (!traffic || kept === traffic.created.length);
  if (!good) broken += 1;
  rows.push({ ...row, verdict: good ? 'ok' : 'BROKEN' });
  console.log(JSON.stringify(rows.at(-1)));
}
const workers = () => execFileSync('pgrep', ['-P', stack.env.PORTALD_PID], { encoding: 'utf8' })
  .trim().split('\n').filter(Boolean).map(Number);
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);

try {
  const who = await signIn(stack.base, 'member.hamilton@portal.demo');

  // Two single connections that stall, timed until nginx closes them.
  const stallHeaders = holdConnections(stack.base, 1, 'headers', { trickle: false });
  const stallBody = holdConnections(stack.base, 1, 'body', { trickle: false });
  const stallStart = Date.now();

  // 1. A worker killed (SIGKILL) under load.
  {
    const before = workers();
    const t = load(stack.base, who, { concurrency: 16, tag: 'fault-kill' });
    await sleep(1000);
    const killed = Date.now();
    process.kill(before[0], 'SIGKILL');
    await eventually(() => { const w = workers(); return w.length === before.length && !w.includes(before[0]); },
      { within: 10000, every: 10 });
    const back = Date.now() - killed;
    await sleep(1000);
    await t.stop();
    report('worker SIGKILL', t, back, sum(t.failures()) <= 1, 'recovery: until the worker is respawned');
  }

  // 2. PostgreSQL restarted (fast shutdown, start) under load.
  {
    const t = load(stack.base, who, { concurrency: 16, tag: 'fault-pg' });
    await sleep(1000);
    stack.run('pg-stop');
    await sleep(1000);
    stack.run('pg-start');
    const started = Date.now();
    await eventually(async () => (await get(stack.base, '/healthz')).status === 200, { within: 10000, every: 10 });
    const back = Date.now() - started;
    await sleep(1000);
    await t.stop();
    const other = Object.keys(t.failures()).filter((k) => k !== '503');
    report('PostgreSQL restart', t, back, other.length === 0,
      'down 1 s; recovery: from pg_ctl start until /healthz is 200');
  }

  // 3. portald restarted (stack.sh restart) under load.
  {
    const t = load(stack.base, who, { concurrency: 16, tag: 'fault-restart' });
    await sleep(1000);
    const begun = Date.now();
    await stack.runAsync('restart');
    const took = Date.now() - begun;
    await sleep(1000);
    await t.stop();
    report('portald restart', t, took, sum(t.failures()) === 0, 'recovery: the whole restart (new up, old drained)');
  }

  // 4-6. Held and slow connections while reads are timed.
  const baseline = await timedGets(stack.base, '/api/v1/locations', 200, 4);
  console.log(JSON.stringify({ baseline }));
  for (const [fault, n, mode] of [['512 idle connections', 512, 'idle'],
    ['64 slow headers', 64, 'headers'], ['64 slow bodies', 64, 'body']]) {
    const held = holdConnections(stack.base, n, mode);
    await eventually(() => held.state.opened === n, { within: 10000 });
    await sleep(1000);
    const reads = await timedGets(stack.base, '/api/v1/locations', 200, 4);
    const open = n - held.state.closedByServer;
    held.close();
    report(fault, null, 0, reads.failed === 0 && open === n,
      `reads meanwhile: ${reads.ok} ok, ${reads.failed} failed, p50 ${reads.p50} ms, max ${reads.max} ms ` +
      `(alone: p50 ${baseline.p50} ms, max ${baseline.max} ms); ${open}/${n} still open`);
  }

  // The two stalled connections: nginx closes them after its timeouts.
  await eventually(() => stallHeaders.state.closedByServer === 1 && stallBody.state.closedByServer === 1,
    { within: 90000, every: 250 });
  report('a stalled header and a stalled body', null, Date.now() - stallStart, true,
    'recovery: until nginx closed both (client_header_timeout, client_body_timeout)');
} catch (e) {
  console.error(e);
  broken += 1;
} finally {
  stack.stop();
}
console.log('\n| fault | requests | not 2xx | recovery (ms) | writes kept | verdict | note |\n|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.fault} | ${r.requests} | ${r.failed} | ${r.recovery_ms} | ${r.writes} | ${r.verdict} | ${r.note} |`);
}
process.exit(broken ? 1 : 0);

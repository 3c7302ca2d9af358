// The Prometheus endpoint (docs/deploy.md, "Metrics"), on a private stack
// whose portald listens for scrapes on a loopback port of its own
// (PORTAL_METRICS_ADDR): the text format, counters that move with
// traffic in every worker, worker restarts, the outbox's backlog, and
// that nginx's public port does not answer /metrics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { startStack, freePort } from './lib/stack.mjs';
import { get, request, eventually } from './lib/http.mjs';
import { signIn } from './lib/session.mjs';

let stack;
let metricsPort;
before(async () => {
  metricsPort = await freePort();
  stack = await startStack(undefined, { PORTAL_METRICS_ADDR: `127.0.0.1:${metricsPort}`, PORTAL_WORKERS: '2' });
});
after(() => stack?.stop());

// A raw HTTP/1.0 exchange: the endpoint is not behind nginx.
function rawGet(path) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(metricsPort, '127.0.0.1');
    const chunks = [];
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.0\r\nHost: x\r\n\r\n`));
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, body] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body });
    });
    sock.on('error', reject);
    sock.setTimeout(10000, () => sock.destroy(new Error('scrape timed out')));
  });
}

// name{labels} -> value, for every sample of one scrape.
async function scrape() {
  const res = await rawGet('/metrics');
  assert.equal(res.status, 200, res.head);
  assert.match(res.head, /Content-Type: text\/plain; version=0\.0\.4/);
  const samples = new Map();
  for (const line of res.body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = line.match(/^([a-z_]+(?:\{.*\})?) (\S+)$/);
    assert.ok(m, `a sample line: ${line}`);
    samples.set(m[1], Number(m[2]));
  }
  return { samples, text: res.body };
}
const value = (s, key) => s.samples.get(key) ?? 0;
const reqKey = (method, route, status) => `portal_requests_total{method="${method}",route="${route}",status="${status}"}`;

test('the text format: each family typed once, before its samples', async () => {
  const { text } = await scrape();
  const typed = new Map();
  let current;
  for (const line of text.split('\n')) {
    const t = line.match(/^# TYPE (\w+) (counter|gauge|histogram)$/);
    if (t) {
      assert.ok(!typed.has(t[1]), `${t[1]} typed once`);
      typed.set(t[1], t[2]);
      current = t[1];
    } else if (line && !line.startsWith('#')) {
      const name = line.match(/^(\w+)/)[1];
      assert.ok(name === current || name.replace(/_(bucket|sum|count)$/, '') === current,
        `${name} follows its own TYPE line (${current})`);
    }
  }
  for (const family of ['portal_requests_total', 'portal_request_duration_seconds', 'portal_db_errors_total',
    'portal_db_connects_total', 'portal_worker_restarts_total', 'portal_public_cache_hits_total',
    'portal_view_memo_hits_total', 'portal_outbox_pending', 'portal_db_up'])
    assert.ok(typed.has(family), `${family} is exported`);
});

test('request counts and latencies move with traffic, summed over the workers', async () => {
  const before = await scrape();
  // Each with an Accept-Language of its own that the portal does not
  // speak: nginx's micro-cache keys on the header, so each reaches
  // portald, whose own cache keys on the language chosen (English).
  for (let i = 0; i < 12; i++) {
    assert.equal((await get(stack.base, '/api/v1/locations', { 'Accept-Language': `x-metrics-${i}` })).status, 200);
  }
  assert.equal((await get(stack.base, '/api/v1/locations/nowhere')).status, 404);
  assert.equal((await get(stack.base, '/no/such/page')).status, 404);
  const after = await scrape();
  const ok = reqKey('GET', '/api/v1/locations', 200);
  assert.equal(value(after, ok) - value(before, ok), 12);
  const hist = `portal_request_duration_seconds_count{method="GET",route="/api/v1/locations",status="200"}`;
  assert.equal(value(after, hist) - value(before, hist), 12);
  const inf = `portal_request_duration_seconds_bucket{method="GET",route="/api/v1/locations",status="200",le="+Inf"}`;
  assert.equal(value(after, inf), value(after, hist));
  const missing = reqKey('GET', '/api/v1/locations/{slug}', 404);
  assert.equal(value(after, missing) - value(before, missing), 1);
  const unrouted = reqKey('', '(none)', 404);
  assert.equal(value(after, unrouted) - value(before, unrouted), 1);
  // The public cache answered most of the twelve (the first may fill it).
  const hits = 'portal_public_cache_hits_total';
  assert.ok(value(after, hits) - value(before, hits) >= 8, `cache hits moved: ${value(after, hits) - value(before, hits)}`);
  assert.equal(value(after, 'portal_worker_starts_total'), 2);
  assert.ok(value(after, 'portal_db_connects_total') >= 2, 'each worker connected');
});

test('signed-in views kept in memory count as hits', async () => {
  const member = await signIn(stack.base, 'member.hamilton@portal.demo');
  const before = await scrape();
  for (let i = 0; i < 6; i++) assert.equal((await member.get('/api/v1/locations/hamilton/members')).status, 200);
  const after = await scrape();
  const moved = (k) => value(after, k) - value(before, k);
  assert.equal(moved('portal_view_memo_hits_total') + moved('portal_view_memo_misses_total'), 6);
  assert.ok(moved('portal_view_memo_hits_total') >= 3);
});

// Issue 21: a write drops only what it can have changed.  Nelson's kept
// view stays in every worker's memory while Hamilton writes, and a
// Hamilton reader whose list was kept sees the new initiative at once.
test('a write in one location leaves the other locations\' kept views', async () => {
  const nelson = await signIn(stack.base, 'member.nelson@portal.demo');
  const writer = await signIn(stack.base, 'member.hamilton@portal.demo');
  const reader = await signIn(stack.base, 'member2.hamilton@portal.demo');
  const view = '/api/v1/locations/nelson/members';
  const list = '/l/hamilton/wg/initiatives';
  const misses = 'portal_view_memo_misses_total';
  const moved = (a, b, k) => value(b, k) - value(a, k);
  // Until both workers keep both: a round of reads with no miss.
  await eventually(async () => {
    const before = await scrape();
    for (let i = 0; i < 6; i++) {
      assert.equal((await nelson.get(view)).status, 200);
      assert.equal((await reader.get(list)).status, 200);
    }
    return moved(before, await scrape(), misses) === 0;
  }, { within: 20000, every: 0 });
  const title = `Kept elsewhere ${process.pid}`;
  const made = await writer.call('POST', '/api/v1/locations/hamilton/initiatives', {
    title, summary: 'Made while Nelson reads.', area: 'events_programmes',
    elements: ['belonging'], outcome_areas: ['inclusion'], status: 'planned',
  });
  assert.equal(made.status, 201, made.text);
  const before = await scrape();
  for (let i = 0; i < 4; i++) {
    const page = await reader.get(list);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(title), 'the Hamilton reader sees the new initiative at once');
  }
  const between = await scrape();
  assert.ok(moved(before, between, misses) >= 1, 'Hamilton\'s list was built again');
  for (let i = 0; i < 8; i++) assert.equal((await nelson.get(view)).status, 200);
  const after = await scrape();
  assert.equal(moved(between, after, misses), 0, 'Nelson\'s view stayed kept in every worker');
  assert.equal(moved(between, after, 'portal_view_memo_hits_total'), 8);
});

test('a killed worker counts as a restart', async () => {
  const before = await scrape();
  const workers = execFileSync('pgrep', ['-P', stack.env.PORTALD_PID], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  process.kill(workers[0], 'SIGKILL');
  await eventually(async () => value(await scrape(), 'portal_worker_restarts_total')
    === value(before, 'portal_worker_restarts_total') + 1, { within: 10000, every: 200 });
});

test('the outbox backlog is read from the database', async () => {
  const before = await scrape();
  assert.equal(value(before, 'portal_db_up'), 1);
  const res = await request(stack.base, { method: 'POST', path: '/api/v1/password-resets',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'member.nelson@portal.demo' }) });
  assert.equal(res.status, 202);
  const after = await scrape();
  assert.equal(value(after, 'portal_outbox_pending') - value(before, 'portal_outbox_pending'), 1);
});

test('nginx does not answer /metrics; the listener answers nothing else', async () => {
  const outside = await get(stack.base, '/metrics');
  assert.equal(outside.status, 404);
  assert.doesNotMatch(outside.text, /portal_requests_total/);
  assert.equal((await rawGet('/')).status, 404);
});

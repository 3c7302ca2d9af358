// Public pages and signed-in working-group views are answered from each
// worker's memory (app/http/cache.h, auth_recall(), routes.c) and dropped
// the moment anything changes: at once for changes made through the
// portal, within moments for changes made behind its back.
// A private stack: these tests change locations the other files count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './lib/stack.mjs';
import { eventually, get } from './lib/http.mjs';
import { register, signIn } from './lib/session.mjs';
import { linkToken, sql } from './lib/db.mjs';

let stack;
before(async () => { stack = await startStack(); });
after(() => stack?.stop());

// Enough requests that every worker answers some (nginx spreads them).
async function everyWorker(path, headers = {}) {
  return Promise.all(Array.from({ length: 16 }, () => get(stack.base, path, headers)));
}

test('a change made behind the portal\'s back reaches every worker, in HTML and JSON', async () => {
  // Fill the caches.
  for (const res of await everyWorker('/l/timaru/')) assert.match(res.text, /South Canterbury|Canterbury/);
  await everyWorker('/api/v1/locations');
  await everyWorker('/');

  // NOTIFY reaches a worker moments after the commit, not before it.
  const everywhere = (path, ok) => eventually(async () =>
    (await everyWorker(path)).every(ok));
  sql(stack, "UPDATE locations SET region = 'Aoraki Test Region' WHERE slug = 'timaru'");
  await everywhere('/l/timaru/', (res) => res.status === 200 && /Aoraki Test Region/.test(res.text));
  await everywhere('/api/v1/locations?limit=100', (res) =>
    res.json().items.find((l) => l.slug === 'timaru').region === 'Aoraki Test Region');

  sql(stack, "UPDATE locations SET status = 'archived' WHERE slug = 'timaru'");
  await everywhere('/', (res) => !/\/l\/timaru\//.test(res.text));
  await everywhere('/l/timaru/', (res) => res.status === 404);

  sql(stack, "INSERT INTO locations (slug, name, region) VALUES ('cache-town', 'Cache Town', 'Test')");
  await everywhere('/', (res) => /Cache Town/.test(res.text));
});

test('addresses that decode alike are kept apart', async () => {
  await everyWorker('/l/nelson/');
  const res = await get(stack.base, '/l/nel%73on/');
  assert.equal(res.status, 200);
  assert.match(res.text, /Nelson/);
  assert.equal((await get(stack.base, '/l/nelson%2F/')).status, 404);
});

test('answers are kept per query string', async () => {
  await everyWorker('/api/v1/locations?limit=2');
  const two = (await get(stack.base, '/api/v1/locations?limit=2')).json();
  const all = (await get(stack.base, '/api/v1/locations')).json();
  assert.equal(two.items.length, 2);
  assert.ok(all.items.length > 2);
  assert.equal((await get(stack.base, '/api/v1/locations?limit=0')).status, 400);
});

test('signed-in people never get the anonymous copy', async () => {
  await everyWorker('/l/nelson/');
  const coordinator = await signIn(stack.base, 'coordinator.nelson@portal.demo');
  const res = await coordinator.get('/l/nelson/', { Accept: 'text/html' });
  assert.equal(res.status, 200);
  assert.match(res.text, /Nadia Coordinator/);
});

// Every worker answers a signed-in read of the members list.
async function everyWorkerAs(person, path = '/api/v1/locations/nelson/members') {
  return Promise.all(Array.from({ length: 16 }, () => person.get(path)));
}

async function newNelsonMember(tag) {
  const coordinator = await signIn(stack.base, 'coordinator.nelson@portal.demo');
  const person = await register(stack.base, tag);
  assert.equal((await coordinator.call('POST', '/api/v1/locations/nelson/invitations',
    { email: person.email, role: 'member', sector: 'youth' })).status, 201);
  const token = linkToken(stack, person.email, 'invitation', '/invitations/');
  assert.equal((await person.client.call('POST', `/api/v1/invitations/${token}`, {})).status, 200);
  return { coordinator, person };
}

test('signing out ends a remembered session on every worker at once', async () => {
  const member = await signIn(stack.base, 'member.nelson@portal.demo');
  for (const res of await everyWorkerAs(member)) assert.equal(res.status, 200);
  assert.equal((await member.call('DELETE', '/api/v1/session')).status, 204);
  for (const res of await everyWorkerAs(member)) assert.equal(res.status, 401);
});

test('a removed member loses the remembered view at once', async () => {
  const { coordinator, person } = await newNelsonMember('removed');
  for (const res of await everyWorkerAs(person.client)) assert.equal(res.status, 200);
  const removed = await coordinator.call('DELETE',
    `/api/v1/locations/nelson/members/${person.user.id}`);
  assert.equal(removed.status, 204);
  for (const res of await everyWorkerAs(person.client)) assert.equal(res.status, 404);
  for (const res of await everyWorkerAs(coordinator)) {
    assert.ok(!res.json().items.some((m) => m.user_id === person.user.id));
  }
});

test('changes made behind the portal\'s back reach every worker within moments', async () => {
  const { coordinator, person } = await newNelsonMember('renamed');
  await everyWorkerAs(coordinator);
  sql(stack, `UPDATE users SET display_name = 'Renamed Behind' WHERE id = ${person.user.id}`);
  await eventually(async () => (await everyWorkerAs(coordinator)).every((res) =>
    res.json().items.some((m) => m.display_name === 'Renamed Behind')), { within: 2000 });
  sql(stack, `DELETE FROM sessions WHERE user_id = ${person.user.id}`);
  await eventually(async () => (await everyWorkerAs(person.client)).every((res) =>
    res.status === 401), { within: 2000 });
});

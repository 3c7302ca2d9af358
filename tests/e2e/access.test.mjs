// The access matrix of issues 3 and 4: every route of identity,
// working-group administration and initiatives, asked by anonymous, an applicant, the observer, a member
// and the coordinator of Hamilton (A), a member of Nelson (B), INZ staff
// and an admin.  A foreign location's private pages answer 404, never 403,
// so their existence is not leaked.  Changes are probed with bodies that
// fail validation (422), so the matrix changes nothing it reads.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { client, signIn } from './lib/session.mjs';
import { sqlValue } from './lib/db.mjs';

const WHO = ['anonymous', 'applicant', 'observerA', 'memberA', 'coordinatorA', 'memberB', 'inz', 'admin'];
const EMAIL = {
  applicant: 'applicant@portal.demo',
  observerA: 'observer.hamilton@portal.demo',
  memberA: 'member.hamilton@portal.demo',
  coordinatorA: 'coordinator.hamilton@portal.demo',
  memberB: 'member.nelson@portal.demo',
  inz: 'inz@portal.demo',
  admin: 'admin@portal.demo',
};
const A = '/l/hamilton/wg';
const API = '/api/v1/locations/hamilton';
const NO_TOKEN = 'x'.repeat(43);

// [method, path, body (JSON routes), expected status for each of WHO]
const MATRIX = [
  ['GET', '/l/hamilton/', null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/login', null, [200, 303, 303, 303, 303, 303, 303, 303]],
  ['GET', '/register', null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/password/forgot', null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `/password/reset/${NO_TOKEN}`, null, [404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `/invitations/${NO_TOKEN}`, null, [404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/account', null, [303, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${A}/`, null, [303, 404, 200, 200, 200, 404, 200, 200]],
  ['GET', `${A}/members`, null, [303, 404, 200, 200, 200, 404, 200, 200]],
  ['GET', `${A}/invitations`, null, [303, 404, 403, 403, 200, 404, 200, 200]],
  ['GET', `${A}/audit`, null, [303, 404, 403, 403, 200, 404, 200, 200]],
  ['GET', '/l/nowhere/wg/', null, [303, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/national/', null, [303, 403, 403, 403, 403, 403, 200, 200]],
  ['GET', '/national/audit', null, [303, 403, 403, 403, 403, 403, 200, 200]],
  ['GET', '/api/v1/me', null, [401, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/me/tokens', null, [401, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/me/tokens', {}, [401, 422, 422, 422, 422, 422, 422, 422]],
  ['DELETE', '/api/v1/me/tokens/999999999', null, [401, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API}/members`, null, [401, 404, 200, 200, 200, 404, 200, 200]],
  ['GET', '/api/v1/locations/nelson/members', null, [401, 404, 404, 404, 404, 200, 200, 200]],
  ['PATCH', `${API}/members/4`, { role: 'chief' }, [401, 404, 403, 403, 422, 404, 403, 403]],
  ['DELETE', `${API}/members/999999999`, null, [401, 404, 403, 403, 404, 404, 403, 403]],
  ['GET', `${API}/invitations`, null, [401, 404, 403, 403, 200, 404, 200, 200]],
  ['POST', `${API}/invitations`, {}, [401, 404, 403, 403, 422, 404, 403, 403]],
  ['GET', `${API}/audit`, null, [401, 404, 403, 403, 200, 404, 200, 200]],
  ['GET', '/api/v1/national/overview', null, [401, 403, 403, 403, 403, 403, 200, 200]],
  ['GET', '/api/v1/national/audit', null, [401, 403, 403, 403, 403, 403, 200, 200]],
  ['POST', `/api/v1/invitations/${NO_TOKEN}`, {}, [404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `/api/v1/password-resets/${NO_TOKEN}`, { password: 'long-enough-password' },
    [404, 404, 404, 404, 404, 404, 404, 404]],
  // Initiatives: {open} is a published Hamilton initiative of the demo data,
  // {closed} one for the working group only.
  ['GET', '/l/hamilton/initiatives', null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/initiatives/{open}', null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/initiatives/{closed}', null, [404, 404, 200, 200, 200, 404, 200, 200]],
  ['GET', '/l/hamilton/initiatives/{closed}/edit', null, [303, 404, 403, 200, 200, 404, 403, 403]],
  ['GET', '/l/hamilton/initiatives/{open}/edit', null, [303, 404, 403, 200, 200, 404, 403, 403]],
  ['GET', `${A}/initiatives`, null, [303, 404, 200, 200, 200, 404, 200, 200]],
  ['GET', `${A}/initiatives/new`, null, [303, 404, 403, 200, 200, 404, 403, 403]],
  ['POST', `${A}/initiatives`, { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403]],
  ['POST', '/l/hamilton/initiatives/{closed}/edit', { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403]],
  ['POST', '/l/hamilton/initiatives/{open}/edit', { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403]],
  ['POST', '/l/hamilton/initiatives/{closed}/updates', { body: '' }, [303, 404, 403, 422, 422, 404, 403, 403]],
  ['GET', `${API}/initiatives`, null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', `${API}/initiatives`, {}, [401, 404, 403, 422, 422, 404, 403, 403]],
  ['GET', `${API}/initiatives/{open}`, null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/initiatives/{closed}`, null, [404, 404, 200, 200, 200, 404, 200, 200]],
  ['PATCH', `${API}/initiatives/{closed}`, {}, [401, 404, 403, 422, 422, 404, 403, 403]],
  ['PATCH', `${API}/initiatives/999999999`, { version: 1 }, [401, 404, 403, 404, 404, 404, 403, 403]],
  ['GET', `${API}/initiatives/{open}/updates`, null, [200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/initiatives/{closed}/updates`, null, [404, 404, 200, 200, 200, 404, 200, 200]],
  ['POST', `${API}/initiatives/{closed}/updates`, {}, [401, 404, 403, 422, 422, 404, 403, 403]],
  ['POST', `${API}/initiatives/{open}/updates`, {}, [401, 404, 403, 422, 422, 404, 403, 403]],
  ['GET', `${API}/exports/initiatives`, null, [401, 404, 200, 200, 200, 404, 200, 200]],
  ['GET', `${API}/exports/updates?format=csv`, null, [401, 404, 200, 200, 200, 404, 200, 200]],
];

let base;
const clients = {};
const ids = {};
before(async () => {
  const stack = await sharedStack();
  base = stack.base;
  for (const [name, visibility] of [['open', 'public'], ['closed', 'working_group']]) {
    ids[name] = sqlValue(stack, `SELECT min(i.id) FROM initiatives i JOIN locations l ON l.id = i.location_id
      WHERE l.slug = 'hamilton' AND i.visibility = '${visibility}'`);
    assert.match(ids[name], /^\d+$/, `the demo data has a ${visibility} Hamilton initiative`);
  }
  clients.anonymous = client(base);
  for (const who of WHO.slice(1)) clients[who] = await signIn(base, EMAIL[who]);
});

// HTML routes are asked as a browser (Accept: text/html; a POST as a form
// with the session's CSRF token), API routes as JSON.
function ask(who, method, path, body) {
  const c = clients[who];
  if (path.startsWith('/api/')) return c.call(method, path, body === null ? undefined : body);
  if (method === 'GET') return c.get(path, { Accept: 'text/html' });
  const form = new URLSearchParams({ ...(c.csrf ? { _csrf: c.csrf } : {}), ...body });
  return request(base, {
    method, path, body: form.toString(),
    headers: {
      Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded',
      ...(c.cookie ? { Cookie: `portal_session=${c.cookie}` } : {}),
    },
  });
}

for (const [method, pattern, body, expected] of MATRIX) {
  test(`${method} ${pattern}`, async () => {
    const path = pattern.replace(/\{(open|closed)\}/, (_, name) => ids[name]);
    const got = [];
    for (const who of WHO) got.push((await ask(who, method, path, body)).status);
    assert.deepEqual(Object.fromEntries(WHO.map((w, i) => [w, got[i]])),
      Object.fromEntries(WHO.map((w, i) => [w, expected[i]])));
  });
}

test('anonymous people are sent to sign in and brought back', async () => {
  const res = await request(base, { path: `${A}/members`, headers: { Accept: 'text/html' } });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/login?next=${encodeURIComponent(`${A}/members`)}`);
});

test('a foreign location answers exactly like a missing one', async () => {
  const foreign = await clients.memberB.get(`${API}/members`);
  const missing = await clients.memberB.get('/api/v1/locations/nowhere/members');
  assert.equal(foreign.status, 404);
  assert.deepEqual(foreign.json(), missing.json());
});

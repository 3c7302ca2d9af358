// Secrets bound to their purpose (issue 15): invitation and reset tokens
// never reach portald's log, and "next" after sign-in never leaves the site.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { eventually, request } from './lib/http.mjs';
import { register, setCookie, signIn, uniqueEmail } from './lib/session.mjs';
import { linkToken } from './lib/db.mjs';

let stack, base;
before(async () => { stack = await sharedStack(); base = stack.base; });

const html = { Accept: 'text/html' };

test('invitation and password-reset tokens never reach the request log', async () => {
  const from = stack.portaldLog().length;
  const coordinator = await signIn(base, 'coordinator.hamilton@portal.demo');
  const invitee = uniqueEmail('logged');
  assert.equal((await coordinator.call('POST', '/api/v1/locations/hamilton/invitations',
    { email: invitee, role: 'member', sector: 'youth' })).status, 201);
  const invitation = linkToken(stack, invitee, 'invitation', '/invitations/');
  const person = await register(base, 'logged-reset');
  assert.equal((await request(base, {
    method: 'POST', path: '/api/v1/password-resets', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: person.email }),
  })).status, 202);
  const reset = linkToken(stack, person.email, 'password_reset', '/password/reset/');
  assert.ok(invitation && reset);

  // Every way the tokens travel in a path: the pages, their forms, the
  // API, a mistyped method, and a stray trailing slash.
  assert.equal((await request(base, { path: `/invitations/${invitation}`, headers: html })).status, 200);
  assert.equal((await request(base, { path: `/password/reset/${reset}`, headers: html })).status, 200);
  await request(base, { method: 'POST', path: `/invitations/${invitation}`, headers: html });
  await request(base, { method: 'PUT', path: `/api/v1/invitations/${invitation}` });
  await request(base, { path: `/password/reset/${reset}/`, headers: html });
  const used = await request(base, {
    method: 'POST', path: `/api/v1/password-resets/${reset}`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: 'a-logged-new-password' }),
  });
  assert.equal(used.status, 200);

  // The worker writes its line after answering: wait for the last one.
  const written = () => stack.portaldLog().slice(from);
  await eventually(() => written().includes('path="/api/v1/password-resets/[redacted]" status=200'));
  const log = written();
  assert.ok(!log.includes(invitation), 'the invitation token is in portald.log');
  assert.ok(!log.includes(reset), 'the reset token is in portald.log');
  for (const line of ['method="GET" path="/invitations/[redacted]" status=200',
    'method="GET" path="/password/reset/[redacted]" status=200',
    'method="PUT" path="/api/v1/invitations/[redacted]" status=405',
    'method="GET" path="/password/reset/[redacted]/" status=404',
    // Paths without secrets are logged as they were asked for.
    'method="POST" path="/api/v1/locations/hamilton/invitations" status=201']) {
    assert.ok(log.includes(line), line);
  }
});

// Where a signed-in person is sent by GET /login?next=...
async function landing(session, next) {
  const res = await request(base, {
    path: `/login?next=${encodeURIComponent(next)}`,
    headers: { ...html, Cookie: `portal_session=${session.cookie}` },
  });
  assert.equal(res.status, 303, `${next}: ${res.text}`);
  return res.headers.location;
}

test('"next" after sign-in is a local path the router knows, or the default landing page', async () => {
  const { client: session } = await register(base, 'next');
  const token = 'A'.repeat(43);
  const good = ['/', '/account', '/l/hamilton/', '/l/hamilton/wg/', '/my/requests',
    `/invitations/${token}`, '/l/hamilton/initiatives'];
  for (const next of good) assert.equal(await landing(session, next), next, next);
  const bad = ['//evil.example', '//evil.example/account', '/\\evil.example', '/\\/evil.example',
    '/%2F%2Fevil', '/%2f%2fevil.example', '/%5Cevil.example', 'https://evil.example/',
    'http:/evil.example', 'evil.example', ' /account', '/account\r\nSet-Cookie: a=b',
    '/account\t', '/\t/evil.example', '/account?x=1', '/account#x', '/nowhere', '/logout',
    '/l/hamilton/wg', '/account/', '//', '/./account', '/../account', '/l/hamilton/@evil.example',
    'javascript:alert(1)', '', '/\u00e9vil'];
  for (const next of bad) assert.equal(await landing(session, next), '/account', JSON.stringify(next));
});

test('signing in with a form carrying an off-site "next" lands on the person\'s own page', async () => {
  const { email, password } = await register(base, 'next-form');
  const page = await request(base, { path: '/login?next=%2F%2Fevil.example', headers: html });
  const csrf = setCookie(page, 'portal_csrf');
  const post = (next) => request(base, {
    method: 'POST', path: '/login',
    headers: { ...html, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, email, password, next }).toString(),
  });
  const off = await post('/\\evil.example');
  assert.equal(off.status, 303);
  assert.equal(off.headers.location, '/account');
  const on = await post('/l/hamilton/');
  assert.equal(on.status, 303);
  assert.equal(on.headers.location, '/l/hamilton/');
});

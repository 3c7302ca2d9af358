// Sessions, CSRF, brute-force back-off and API tokens (issue 3): what a
// person or a script observes, and what the database keeps.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { client, register, setCookie, signIn } from './lib/session.mjs';
import { linkToken, sql, quote } from './lib/db.mjs';

let stack, base;
before(async () => { stack = await sharedStack(); base = stack.base; });

const me = (c) => c.get('/api/v1/me');

test('signing in sets a fresh HttpOnly SameSite cookie and returns the user and a CSRF token', async () => {
  const { email, password } = await register(base, 'cookie');
  const res = await request(base, {
    method: 'POST', path: '/api/v1/session', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: email.toUpperCase(), password }),
  });
  assert.equal(res.status, 200);
  const line = res.headers['set-cookie'].find((l) => l.startsWith('portal_session='));
  assert.match(line, /; Path=\//);
  assert.match(line, /; HttpOnly/);
  assert.match(line, /; SameSite=Lax/);
  assert.doesNotMatch(line, /Secure/); // the test site is plain http
  const body = res.json();
  assert.equal(body.user.email, email);
  assert.match(body.csrf_token, /^[A-Za-z0-9_-]{43}$/);
  // Only a hash of the token is stored.
  const token = setCookie(res, 'portal_session');
  assert.equal(sql(stack, `SELECT count(*) FROM sessions WHERE token_hash::text LIKE ${quote(`%${token}%`)}
    OR csrf_token = ${quote(token)}`)[0][0], '0');
});

test('session fixation: signing in again issues a new token and ends the old one', async () => {
  const { email, password, client: first } = await register(base, 'fixation');
  const res = await request(base, {
    method: 'POST', path: '/api/v1/session',
    headers: { 'Content-Type': 'application/json', Cookie: `portal_session=${first.cookie}`,
      'X-CSRF-Token': first.csrf },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200);
  const fresh = setCookie(res, 'portal_session');
  assert.ok(fresh && fresh !== first.cookie);
  assert.equal((await me(first)).status, 401);
  assert.equal((await me(client(base, { cookie: fresh }))).status, 200);
  // A token the server never issued is not adopted either.
  const planted = 'p'.repeat(43);
  const again = await request(base, {
    method: 'POST', path: '/api/v1/session',
    headers: { 'Content-Type': 'application/json', Cookie: `portal_session=${planted}` },
    body: JSON.stringify({ email, password }),
  });
  assert.notEqual(setCookie(again, 'portal_session'), planted);
});

test('sign-out ends the session on the server, not just in the browser', async () => {
  const { client: c } = await register(base, 'signout');
  assert.equal((await c.call('DELETE', '/api/v1/session')).status, 204);
  assert.equal((await me(c)).status, 401);
});

test('idle (2 hours) and absolute (7 days) expiry', async () => {
  const idle = await register(base, 'idle');
  sql(stack, `UPDATE sessions SET last_seen_at = now() - interval '2 hours 1 minute'
    WHERE user_id = ${idle.user.id}`);
  assert.equal((await me(idle.client)).status, 401);

  const old = await register(base, 'absolute');
  assert.equal((await me(old.client)).status, 200);
  sql(stack, `UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now()
    WHERE user_id = ${old.user.id}`);
  assert.equal((await me(old.client)).status, 401);
});

test('changing the password ends every other session', async () => {
  const { email, password, client: here } = await register(base, 'pwchange');
  const there = await signIn(base, email, password);
  const form = await request(base, {
    method: 'POST', path: '/account/password',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_session=${here.cookie}` },
    body: new URLSearchParams({ _csrf: here.csrf, current_password: password,
      new_password: 'another-long-password' }).toString(),
  });
  assert.equal(form.status, 303);
  assert.equal((await me(there)).status, 401);
  assert.equal((await me(here)).status, 401);
  const carriesOn = client(base, { cookie: setCookie(form, 'portal_session') });
  assert.equal((await me(carriesOn)).status, 200);
  await signIn(base, email, 'another-long-password');
});

// An Argon2id hash of WEAK_PASSWORD made with far lower limits than
// portald's (libsodium's minimum: 16 KiB, one pass).
const WEAK_PASSWORD = 'a-weakly-hashed-password';
const WEAK_HASH = '$argon2id$v=19$m=16,t=1,p=1$NdcTX7uWPVQEFKgM20G7wg$FCE9iGukCqFq5A11wu00idhQibrK4qU8M+pNbdu6VTw';

// The account page's token rows: [name, expiry] as the page shows them.
async function tokenRows(c) {
  const page = await request(base, { path: '/account', headers: { Cookie: `portal_session=${c.cookie}` } });
  assert.equal(page.status, 200);
  return [...page.text.matchAll(/<tr><th scope="row">([^<]*)<\/th>.*?Expire[sd] <time datetime="([^"]+)"/g)]
    .map((m) => [m[1], m[2]]);
}

test('API tokens expire after 90 days by default, shown on the page and in the answer', async () => {
  const { user, client: c } = await register(base, 'expiry');
  const made = (await c.call('POST', '/api/v1/me/tokens', { name: 'nightly' })).json();
  const days = (Date.parse(made.expires_at) - Date.parse(made.created_at)) / 86400e3;
  assert.equal(days, 90, made.expires_at);
  assert.match(made.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const listed = (await c.get('/api/v1/me/tokens')).json().items;
  assert.deepEqual(listed.map((t) => [t.name, t.expires_at, t.expired]), [['nightly', made.expires_at, false]]);
  assert.deepEqual(await tokenRows(c), [['nightly', made.expires_at]]);
  const script = client(base, { bearer: made.token });
  assert.equal((await me(script)).status, 200);
  // Past its expiry the token is refused, even by a worker that knew it.
  sql(stack, `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ${user.id}`);
  assert.equal((await me(script)).status, 401);
  assert.equal((await script.call('POST', '/api/v1/me/tokens', { name: 'more' })).status, 401);
  const after = (await c.get('/api/v1/me/tokens')).json().items;
  assert.deepEqual(after.map((t) => t.expired), [true]);
});

test('changing the password ends every API token and every outstanding reset link', async () => {
  const { email, password, client: c } = await register(base, 'pw-tokens');
  const made = (await c.call('POST', '/api/v1/me/tokens', { name: 'before' })).json();
  const script = client(base, { bearer: made.token });
  assert.equal((await me(script)).status, 200);
  await request(base, {
    method: 'POST', path: '/api/v1/password-resets', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const link = linkToken(stack, email, 'password_reset', '/password/reset/');
  assert.ok(link);
  const changed = await request(base, {
    method: 'POST', path: '/account/password',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_session=${c.cookie}` },
    body: new URLSearchParams({ _csrf: c.csrf, current_password: password,
      new_password: 'a-changed-long-password' }).toString(),
  });
  assert.equal(changed.status, 303, changed.text);
  assert.equal((await me(script)).status, 401);
  const now = client(base, { cookie: setCookie(changed, 'portal_session') });
  assert.deepEqual((await now.get('/api/v1/me/tokens')).json().items, []);
  assert.deepEqual(await tokenRows(now), []);
  // The reset link asked for before the change no longer works.
  assert.equal((await request(base, { path: `/password/reset/${link}` })).status, 404);
  assert.equal((await request(base, {
    method: 'POST', path: `/api/v1/password-resets/${link}`, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: 'someone-elses-password' }),
  })).status, 404);
  const again = await signIn(base, email, 'a-changed-long-password');
  // A token made afterwards works.
  const fresh = (await again.call('POST', '/api/v1/me/tokens', { name: 'after' })).json();
  assert.equal((await me(client(base, { bearer: fresh.token }))).status, 200);
});

test('a password reset ends every API token and the other reset links', async () => {
  const { email, client: c } = await register(base, 'reset-tokens');
  const made = (await c.call('POST', '/api/v1/me/tokens', { name: 'before' })).json();
  const ask = () => request(base, {
    method: 'POST', path: '/api/v1/password-resets', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  await ask();
  const first = linkToken(stack, email, 'password_reset', '/password/reset/');
  await ask();
  const second = linkToken(stack, email, 'password_reset', '/password/reset/');
  assert.notEqual(first, second);
  const use = (t) => request(base, {
    method: 'POST', path: `/api/v1/password-resets/${t}`, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: 'a-reset-long-password' }),
  });
  assert.equal((await use(second)).status, 200);
  assert.equal((await me(client(base, { bearer: made.token }))).status, 401);
  assert.equal((await use(first)).status, 404);
});

test('signing in with a password whose hash is renewed keeps the API tokens', async () => {
  const { email, user, client: c } = await register(base, 'rehash');
  const made = (await c.call('POST', '/api/v1/me/tokens', { name: 'kept' })).json();
  // A hash made with weaker limits than today's is renewed at sign-in.
  sql(stack, `UPDATE users SET password_hash = ${quote(WEAK_HASH)} WHERE id = ${user.id}`);
  await signIn(base, email, WEAK_PASSWORD);
  assert.notEqual(sql(stack, `SELECT password_hash FROM users WHERE id = ${user.id}`)[0][0], WEAK_HASH);
  assert.equal((await me(client(base, { bearer: made.token }))).status, 200);
});

test('CSRF: a cookie session without the token is refused with 403 and nothing changes', async () => {
  const coordinator = await signIn(base, 'coordinator.hamilton@portal.demo');
  const email = `csrf.${process.pid}.${Date.now()}@example.nz`;
  for (const headers of [{ 'X-CSRF-Token': '' }, { 'X-CSRF-Token': 'A'.repeat(43) }]) {
    const res = await coordinator.call('POST', '/api/v1/locations/hamilton/invitations',
      { email, role: 'member', sector: 'youth' }, headers);
    assert.equal(res.status, 403);
    assert.equal(res.json().error.code, 'forbidden');
  }
  assert.equal(sql(stack, `SELECT count(*) FROM invitations WHERE email = ${quote(email)}`)[0][0], '0');
  // An HTML form without _csrf: the same.
  const form = await request(base, {
    method: 'POST', path: '/account/tokens',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_session=${coordinator.cookie}` },
    body: 'name=sneaky',
  });
  assert.equal(form.status, 403);
  assert.equal(sql(stack, `SELECT count(*) FROM api_tokens WHERE name = 'sneaky'`)[0][0], '0');
  // Anonymous forms carry the double-submit cookie's token.
  const login = await request(base, {
    method: 'POST', path: '/login', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'email=a%40b.nz&password=whatever-it-is',
  });
  assert.equal(login.status, 403);
});

test('back-off: after failures the account answers 429 with Retry-After, and the right password works once the delay has passed', async () => {
  const { email, password } = await register(base, 'backoff');
  const attempt = (pw, headers = {}) => request(base, {
    method: 'POST', path: '/api/v1/session', headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email, password: pw }),
  });
  const unknown = await request(base, {
    method: 'POST', path: '/api/v1/session', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `nobody.${Date.now()}@example.nz`, password: 'wrong-password-1' }),
  });
  assert.equal(unknown.status, 401);
  for (let i = 0; i < 5; i++) {
    const res = await attempt(`wrong-password-${i}`);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), unknown.json()); // never says whether the email exists
  }
  // Three more, as a guesser would go on, so the delay (8 s) outlasts a
  // slow test machine.
  sql(stack, `INSERT INTO sign_in_attempts (email, client, succeeded)
    SELECT ${quote(email)}, '192.0.2.1', false FROM generate_series(1, 3)`);
  // Even the right password waits: 429 with how long, for the account.
  const waiting = await attempt(password);
  assert.equal(waiting.status, 429);
  assert.equal(waiting.json().error.code, 'too_many_attempts');
  assert.ok(Number(waiting.headers['retry-after']) >= 1, waiting.headers['retry-after']);
  // Refused attempts are not failures: hammering does not lengthen it.
  for (let i = 0; i < 5; i++) assert.equal((await attempt('wrong-again-123')).status, 429);
  assert.equal(sql(stack, `SELECT count(*) FROM sign_in_attempts WHERE email = ${quote(email)}
    AND NOT succeeded`)[0][0], '8');
  // The delay counts from the last failure: once it has passed (aged in
  // the database), the right password works, and the success ends the count.
  sql(stack, `UPDATE sign_in_attempts SET at = at - interval '10 seconds' WHERE email = ${quote(email)}`);
  assert.equal((await attempt(password)).status, 200);
  assert.equal((await attempt('wrong-after-success')).status, 401);
  assert.equal((await attempt(password)).status, 200);
});

test('back-off doubles with each failure up to five minutes, and failures an hour old no longer count', async () => {
  const { email, password } = await register(base, 'backoff-cap');
  // Twenty failures, the latest just now, none since a success (the
  // sign-in that register() made is forgotten): the cap (300 s) applies.
  sql(stack, `DELETE FROM sign_in_attempts WHERE email = ${quote(email)}`);
  sql(stack, `INSERT INTO sign_in_attempts (email, client, succeeded, at)
    SELECT ${quote(email)}, '192.0.2.1', false, now() - i * interval '1 second' FROM generate_series(0, 19) i`);
  const res = await request(base, {
    method: 'POST', path: '/api/v1/session', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 429);
  const wait = Number(res.headers['retry-after']);
  assert.ok(wait > 200 && wait <= 300, `Retry-After ${wait}`);
  // One failure every fifteen minutes never closes the account: only the
  // last hour counts, so four old failures leave it open.
  sql(stack, `UPDATE sign_in_attempts SET at = now() - interval '61 minutes' WHERE email = ${quote(email)}`);
  sql(stack, `INSERT INTO sign_in_attempts (email, client, succeeded, at)
    SELECT ${quote(email)}, '192.0.2.1', false, now() - i * interval '15 minutes' FROM generate_series(0, 3) i`);
  await signIn(base, email, password);
});

test('API tokens: made on the account, used as Bearer without CSRF, hashed at rest, revoked', async () => {
  const { user, client: c } = await register(base, 'apitoken');
  const made = await c.call('POST', '/api/v1/me/tokens', { name: 'report script' });
  assert.equal(made.status, 201);
  const { id, token, name } = made.json();
  assert.equal(name, 'report script');
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const script = client(base, { bearer: token });
  const who = await me(script);
  assert.equal(who.status, 200);
  assert.equal(who.json().id, user.id);
  // State changes need no CSRF token with a Bearer token.
  const second = await script.call('POST', '/api/v1/me/tokens', { name: 'second' });
  assert.equal(second.status, 201);
  assert.equal(sql(stack, `SELECT count(*) FROM api_tokens WHERE user_id = ${user.id}`)[0][0], '2');
  assert.equal(sql(stack, `SELECT count(*) FROM api_tokens WHERE encode(token_hash, 'escape')
    LIKE ${quote(`%${token}%`)}`)[0][0], '0');
  const listed = (await c.get('/api/v1/me/tokens')).json();
  assert.deepEqual(listed.items.map((t) => t.name), ['report script', 'second']);
  assert.ok(!JSON.stringify(listed).includes(token));
  assert.equal((await c.call('DELETE', `/api/v1/me/tokens/${id}`)).status, 204);
  assert.equal((await me(script)).status, 401);
  assert.equal((await c.call('DELETE', `/api/v1/me/tokens/${id}`)).status, 404);
  // Someone else's token cannot be revoked.
  const other = await register(base, 'apitoken-other');
  const theirs = (await other.client.call('POST', '/api/v1/me/tokens', { name: 'theirs' })).json();
  assert.equal((await c.call('DELETE', `/api/v1/me/tokens/${theirs.id}`)).status, 404);
  assert.equal((await me(client(base, { bearer: theirs.token }))).status, 200);
  // A made-up Bearer token is simply not signed in.
  assert.equal((await me(client(base, { bearer: 'z'.repeat(43) }))).status, 401);
});

// Where a state-changing request comes from (issue 15, finding 8): the
// Origin (or Sec-Fetch-Site) check against PORTAL_SITE_URL, the anonymous
// CSRF cookie bound to the server's key, the security headers on every
// answer exactly once (nginx's own answers too), and, on a stack whose
// site URL is https, the __Host- cookies and HSTS.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedStack, startStack } from './lib/stack.mjs';
import { get, request } from './lib/http.mjs';
import { client, register, setCookie, signIn } from './lib/session.mjs';
import { sql, quote } from './lib/db.mjs';

let stack, base;
before(async () => { stack = await sharedStack(); base = stack.base; });

const EVIL = 'http://evil.example';
const FORM = 'application/x-www-form-urlencoded';

// How many times a response carries a header (node folds repeats).
const times = (res, name) => res.raw.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name).length;
const header = (res, name) => res.raw[res.raw.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === name) + 1];
const tokenCount = (name) => Number(sql(stack, `SELECT count(*) FROM api_tokens WHERE name = ${quote(name)}`)[0][0]);

// An anonymous browser's form token, as the login page sets it.
async function formToken(b = base, name = 'portal_csrf') {
  const page = await request(b, { path: '/login', headers: { Accept: 'text/html' } });
  return setCookie(page, name);
}

test('a cookie session\'s change from another origin is refused with 403 and changes nothing', async () => {
  const { client: c } = await register(base, 'origin');
  const name = `cross-${process.pid}-${Date.now()}`;
  for (const extra of [{ Origin: EVIL }, { Origin: 'null' }, { Origin: `${base}.evil.example` },
    { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }]) {
    const res = await c.call('POST', '/api/v1/me/tokens', { name }, extra);
    assert.equal(res.status, 403, JSON.stringify(extra));
    const { error } = res.json();
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /another site/);
  }
  assert.equal(tokenCount(name), 0);
  // The portal's own origin, a same-origin fetch, and a client that sends
  // neither header (curl) go through on the CSRF token.
  for (const extra of [{ Origin: base }, { 'Sec-Fetch-Site': 'same-origin' }, {}])
    assert.equal((await c.call('POST', '/api/v1/me/tokens', { name }, extra)).status, 201);
  assert.equal(tokenCount(name), 3);
  // The Origin decides when both are sent.
  assert.equal((await c.call('POST', '/api/v1/me/tokens', { name },
    { Origin: EVIL, 'Sec-Fetch-Site': 'same-origin' })).status, 403);
});

test('an HTML form from another origin gets a 403 page saying why, signed in or not', async () => {
  const { client: c } = await register(base, 'origin-form');
  const signedIn = await request(base, {
    method: 'POST', path: '/account/tokens',
    headers: { Accept: 'text/html', 'Content-Type': FORM, Origin: EVIL, Cookie: `portal_session=${c.cookie}` },
    body: new URLSearchParams({ _csrf: c.csrf, name: 'from-evil' }).toString(),
  });
  assert.equal(signedIn.status, 403);
  assert.match(signedIn.headers['content-type'], /^text\/html/);
  assert.match(signedIn.text, /another site/);
  assert.equal(tokenCount('from-evil'), 0);

  const token = await formToken();
  const login = (origin) => request(base, {
    method: 'POST', path: '/login',
    headers: { Accept: 'text/html', 'Content-Type': FORM, Cookie: `portal_csrf=${token}`, ...origin },
    body: new URLSearchParams({ _csrf: token, email: '', password: '' }).toString(),
  });
  const refused = await login({ Origin: EVIL });
  assert.equal(refused.status, 403);
  assert.match(refused.text, /another site/);
  // The same form from the portal's own page is checked as usual.
  assert.equal((await login({ Origin: base })).status, 422);
  assert.equal((await login({})).status, 422);
});

test('an API token needs no Origin: a script may post from anywhere', async () => {
  const { client: c } = await register(base, 'origin-bearer');
  const made = await c.call('POST', '/api/v1/me/tokens', { name: 'script' });
  assert.equal(made.status, 201);
  const script = client(base, { bearer: made.json().token });
  assert.equal((await script.call('POST', '/api/v1/me/tokens', { name: 'script-2' }, { Origin: EVIL })).status, 201);
});

test('an anonymous CSRF cookie the portal never issued is refused, and replaced on the next page', async () => {
  const attempt = (token) => request(base, {
    method: 'POST', path: '/login',
    headers: { Accept: 'text/html', 'Content-Type': FORM, Cookie: `portal_csrf=${token}` },
    body: new URLSearchParams({ _csrf: token, email: '', password: '' }).toString(),
  });
  // Planted by a sibling subdomain (cookie tossing): well formed, echoed
  // in the form, but not made with the server's key.
  const issued = await formToken();
  const forged = [
    'A'.repeat(43),
    randomBytes(64).toString('base64url'),
    issued.slice(0, 43) + randomBytes(32).toString('base64url'),
  ];
  for (const token of forged) {
    const res = await attempt(token);
    assert.equal(res.status, 403, token);
    assert.match(res.text, /did not come from the portal/);
  }
  assert.equal((await attempt(issued)).status, 422);
  // A page asked with a planted cookie sets one the server made.
  const page = await request(base, { path: '/login', headers: { Accept: 'text/html', Cookie: `portal_csrf=${forged[1]}` } });
  const fresh = setCookie(page, 'portal_csrf');
  assert.ok(fresh && fresh !== forged[1]);
  assert.ok(page.text.includes(`name="_csrf" value="${fresh}"`));
  assert.equal((await attempt(fresh)).status, 422);
});

// -- Security headers, exactly once on every answer ---------------------------

const SECURITY = ['content-security-policy', 'x-content-type-options', 'referrer-policy',
  'x-frame-options', 'cross-origin-opener-policy', 'permissions-policy'];

function assertHeadersOnce(res, what) {
  for (const name of SECURITY)
    assert.equal(times(res, name), 1, `${what}: ${name} ${times(res, name)} times`);
  assert.equal(header(res, 'x-content-type-options'), 'nosniff', what);
  assert.match(header(res, 'content-security-policy'), /frame-ancestors 'none'/, what);
}

// A request nginx cannot parse, on a raw socket: nginx's own 400.
function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.end(text));
    const chunks = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', reject);
    sock.on('close', () => {
      const head = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n')[0].split('\r\n');
      const raw = head.slice(1).flatMap((l) => { const i = l.indexOf(':'); return [l.slice(0, i), l.slice(i + 1).trim()]; });
      resolve({ status: Number(head[0].split(' ')[1]), raw });
    });
  });
}

test('portald\'s answers and nginx\'s own (static files, favicon, 404, 413, 400) carry each security header once', async () => {
  assertHeadersOnce(await get(base, '/'), 'a page');
  assertHeadersOnce(await get(base, '/api/v1/locations'), 'the API');
  assertHeadersOnce(await get(base, '/no/such/page'), 'portald\'s 404');
  const css = await get(base, '/static/css/portal.css');
  assert.equal(css.status, 200);
  assertHeadersOnce(css, 'a static file');
  assert.match(header(css, 'content-security-policy'), /default-src 'none'/);
  const missing = await get(base, '/static/no-such.css');
  assert.equal(missing.status, 404);
  assertHeadersOnce(missing, 'nginx\'s 404');
  // The icon is answered on purpose (the pages' own icon), not a 404.
  const icon = await get(base, '/favicon.ico');
  assert.equal(icon.status, 200);
  assert.match(icon.headers['content-type'], /^image\/svg\+xml/);
  assert.match(icon.text, /<svg/);
  assertHeadersOnce(icon, 'the favicon');
  const big = await request(base, { method: 'POST', path: '/login',
    headers: { 'Content-Type': FORM }, body: 'x'.repeat(1100 * 1024) });
  assert.equal(big.status, 413);
  assertHeadersOnce(big, 'nginx\'s 413');
  const bad = await rawRequest(stack.port, 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n');
  assert.equal(bad.status, 400);
  assertHeadersOnce(bad, 'nginx\'s 400');
});

// -- A site on https: __Host- cookies and HSTS --------------------------------

const SITE = 'https://portal.example.test';

test('under an https site URL', async (t) => {
  const saved = process.env.PORTAL_SITE_URL;
  process.env.PORTAL_SITE_URL = SITE;
  let https;
  try {
    https = await startStack();
  } finally {
    if (saved === undefined) delete process.env.PORTAL_SITE_URL;
    else process.env.PORTAL_SITE_URL = saved;
  }
  t.after(() => https.stop());
  const hb = https.base;
  const json = { 'Content-Type': 'application/json', Accept: 'application/json' };

  await t.test('the session cookie is __Host-, Secure, Path=/ and has no Domain', async () => {
    const res = await request(hb, { method: 'POST', path: '/api/v1/session', headers: { ...json, Origin: SITE },
      body: JSON.stringify({ email: 'member.hamilton@portal.demo', password: 'demo-pass-2026' }) });
    assert.equal(res.status, 200, res.text);
    const line = res.headers['set-cookie'].find((l) => l.startsWith('__Host-portal_session='));
    assert.ok(line, res.headers['set-cookie'].join('\n'));
    assert.match(line, /; Path=\/(;|$)/);
    assert.match(line, /; Secure/);
    assert.match(line, /; HttpOnly/);
    assert.doesNotMatch(line, /Domain=/i);
    const cookie = setCookie(res, '__Host-portal_session');
    const { csrf_token: csrf } = res.json();
    assert.equal((await get(hb, '/api/v1/me', { Accept: 'application/json', Cookie: `__Host-portal_session=${cookie}` })).status, 200);
    // The unprefixed name (which any sibling host could set) is not read.
    assert.equal((await get(hb, '/api/v1/me', { Accept: 'application/json', Cookie: `portal_session=${cookie}` })).status, 401);
    // The Origin is compared with the site URL, not with the Host nginx saw.
    const change = (origin) => request(hb, { method: 'POST', path: '/api/v1/me/tokens',
      headers: { ...json, Cookie: `__Host-portal_session=${cookie}`, 'X-CSRF-Token': csrf, Origin: origin },
      body: JSON.stringify({ name: 'https' }) });
    assert.equal((await change(hb)).status, 403);
    assert.equal((await change(SITE)).status, 201);
  });

  await t.test('the anonymous form cookie is __Host- too, and works', async () => {
    const page = await request(hb, { path: '/login', headers: { Accept: 'text/html' } });
    const line = page.headers['set-cookie'].find((l) => l.startsWith('__Host-portal_csrf='));
    assert.ok(line);
    assert.match(line, /; Path=\/;.*; Secure/);
    assert.doesNotMatch(line, /Domain=/i);
    const token = setCookie(page, '__Host-portal_csrf');
    const post = (cookie) => request(hb, { method: 'POST', path: '/login',
      headers: { Accept: 'text/html', 'Content-Type': FORM, Origin: SITE, Cookie: cookie },
      body: new URLSearchParams({ _csrf: token, email: '', password: '' }).toString() });
    assert.equal((await post(`__Host-portal_csrf=${token}`)).status, 422);
    assert.equal((await post(`portal_csrf=${token}`)).status, 403);
  });

  await t.test('portald\'s answers carry Strict-Transport-Security once', async () => {
    for (const p of ['/', '/api/v1/locations', '/no/such/page', '/login']) {
      const res = await get(hb, p);
      assert.equal(times(res, 'strict-transport-security'), 1, p);
      assert.match(header(res, 'strict-transport-security'), /^max-age=\d{8,}/);
      assertHeadersOnce(res, p);
    }
  });

  await t.test('nginx\'s 502, when portald is gone, carries the security headers once', async () => {
    const pid = Number(readFileSync(path.join(https.dir, 'stack.env'), 'utf8').match(/PORTALD_PID=(\d+)/)[1]);
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100; i++) {
      try { process.kill(pid, 0); } catch { break; }
      await new Promise((r) => setTimeout(r, 50));
    }
    // A form page: nginx keeps no copy of it (the micro-cache may still
    // hold '/' for a second), so only portald could answer it.
    const res = await get(hb, '/login');
    assert.equal(res.status, 502);
    assertHeadersOnce(res, 'nginx\'s 502');
  });
});

// The plain-http site of the shared stack has neither.
test('under an http site URL: plain cookie names and no HSTS', async () => {
  const page = await request(base, { path: '/login', headers: { Accept: 'text/html' } });
  assert.ok(setCookie(page, 'portal_csrf'));
  assert.equal(times(page, 'strict-transport-security'), 0);
  const c = await signIn(base, 'member.hamilton@portal.demo');
  assert.ok(c.cookie);
});


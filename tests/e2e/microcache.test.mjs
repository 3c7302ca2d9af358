// nginx's micro-cache (nginx/local.conf.in, docs/architecture.md "The
// micro-cache"): an anonymous read of a public page is kept for a second,
// per language; a signed-in person, a token, a form with its CSRF cookie
// and an answer that sets a cookie never meet it.  The local config alone
// says what the cache did (X-Portal-Cache), which shows that the hits
// below are hits; what each person receives is checked on the page itself.
// A private stack: these tests change a published initiative.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './lib/stack.mjs';
import { MICRO_CACHE_MS as VALIDITY_MS, get, request } from './lib/http.mjs';
import { setCookie, signIn } from './lib/session.mjs';

let stack;
before(async () => { stack = await startStack(); });
after(() => stack?.stop());

const cacheStatus = (res) => res.headers['x-portal-cache'];
const htmlLang = (res) => (res.text.match(/<html lang="([^"]+)"/) || [])[1];
const formToken = (res) => (res.text.match(/name="_csrf" value="([^"]*)"/) || [])[1];

// Reads path anonymously until nginx answers it from its copy (a request
// may land just as the copy expires); returns that answer.
async function hit(path, headers = {}) {
  for (let i = 0; i < 20; i++) {
    const res = await get(stack.base, path, headers);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    if (cacheStatus(res) === 'HIT') return res;
  }
  assert.fail(`${path} was never answered from the micro-cache`);
}

test('anonymous public pages are kept; no kept page carries a cookie or reaches a signed-in person', async () => {
  const coordinator = await signIn(stack.base, 'coordinator.hamilton@portal.demo');
  for (const path of ['/', '/l/hamilton/', '/api/v1/locations', '/languages']) {
    const res = await hit(path);
    assert.equal(res.headers['set-cookie'], undefined, `${path} kept with a cookie`);
    assert.equal(res.headers['x-accel-expires'], undefined, 'nginx keeps X-Accel-Expires to itself');
    assert.equal(res.headers['cache-control'], 'no-store', 'browsers still keep nothing');
    // nginx's own security headers are not added to a kept answer twice.
    assert.equal(res.raw.filter((h) => /^content-security-policy$/i.test(h)).length, 1);

    // The same address, just kept for anonymous readers, signed in.
    const mine = await coordinator.get(path, { Accept: 'text/html' });
    assert.equal(mine.status, 200);
    assert.equal(cacheStatus(mine), 'BYPASS', path);
    if (!path.startsWith('/api/')) assert.match(mine.text, /Hemi Coordinator/, path);
    assert.doesNotMatch(res.text, /Hemi Coordinator|\/logout/, path);
  }

  // A token, and a session cookie in its production (__Host-) spelling,
  // are never answered from the cache either.
  const made = await coordinator.call('POST', '/api/v1/me/tokens', { name: 'micro-cache' });
  assert.equal(made.status, 201, made.text);
  const bearer = await get(stack.base, '/l/hamilton/', { Authorization: `Bearer ${made.json().token}` });
  assert.equal(cacheStatus(bearer), 'BYPASS');
  assert.match(bearer.text, /Hemi Coordinator/);
  const host = await get(stack.base, '/l/hamilton/', { Cookie: `__Host-portal_session=${coordinator.cookie}` });
  assert.equal(cacheStatus(host), 'BYPASS');

  // A signed-in person's answer is never kept for anyone else: their
  // page comes first, the anonymous reader still gets the public page.
  const fresh = '/l/nelson/';
  assert.match((await coordinator.get(fresh, { Accept: 'text/html' })).text, /Hemi Coordinator/);
  const anon = await get(stack.base, fresh);
  assert.equal(cacheStatus(anon), 'MISS');
  assert.doesNotMatch(anon.text, /Hemi Coordinator|\/logout/);
});

test('a published change is public within a second', async () => {
  const member = await signIn(stack.base, 'member.hamilton@portal.demo');
  const list = (await member.get('/api/v1/locations/hamilton/initiatives?limit=100')).json();
  const ini = list.items.find((i) => i.visibility === 'public');
  assert.ok(ini, 'a published initiative in Hamilton');
  const html = `/l/hamilton/initiatives/${ini.id}`;
  const json = `/api/v1/locations/hamilton/initiatives/${ini.id}`;
  await hit(html);
  await hit(json);

  const title = `Micro-cache check ${Date.now()}`;
  const res = await member.call('PATCH', json, { version: ini.version, title });
  assert.equal(res.status, 200, res.text);
  const changed = Date.now();
  // Polled as a visitor reloading: each answer is the kept copy or newer.
  const seen = async (path, ok) => {
    for (;;) {
      const r = await get(stack.base, path);
      if (ok(r)) return Date.now() - changed;
      assert.ok(Date.now() - changed < 10 * VALIDITY_MS, `${path} never showed the change`);
      await new Promise((r2) => setTimeout(r2, 25));
    }
  };
  const tookHtml = await seen(html, (r) => r.text.includes(title));
  const tookJson = await seen(json, (r) => r.json().title === title);
  // The validity, plus half a second for a rebuild on a busy machine.
  assert.ok(tookHtml <= VALIDITY_MS + 500, `the page showed the change after ${tookHtml} ms`);
  assert.ok(tookJson <= VALIDITY_MS + 500, `the API showed the change after ${tookJson} ms`);
});

test('a page that goes away is gone for every reader within the second, however many keep reading', async () => {
  const member = await signIn(stack.base, 'member.hamilton@portal.demo');
  const made = await member.call('POST', '/api/v1/locations/hamilton/initiatives', {
    title: `Short-lived ${Date.now()}`, summary: 'Public for a moment.', area: 'knowledge_skills',
    elements: ['belonging'], outcome_areas: ['inclusion'], status: 'active', visibility: 'public',
  });
  assert.equal(made.status, 201, made.text);
  const { id, version } = made.json();
  const path = `/l/hamilton/initiatives/${id}`;
  await hit(path);
  // Readers keep coming, 16 at a time, while it is unpublished: the one
  // whose request rebuilds the copy must replace it with the 404, or the
  // others would be answered the old page for as long as they come.
  let stop = false;
  const statuses = [];
  const readers = (async () => {
    while (!stop) {
      const batch = await Promise.all(Array.from({ length: 16 }, () => get(stack.base, path)));
      statuses.push({ at: Date.now(), codes: batch.map((r) => r.status) });
    }
  })();
  const res = await member.call('PATCH', `/api/v1/locations/hamilton/initiatives/${id}`, { version, visibility: 'working_group' });
  assert.equal(res.status, 200, res.text);
  const hidden = Date.now();
  await new Promise((r) => setTimeout(r, VALIDITY_MS + 1500));
  stop = true;
  await readers;
  const late = statuses.filter((b) => b.at > hidden + VALIDITY_MS + 500);
  assert.ok(late.length > 0, 'readers kept reading');
  for (const b of late) assert.deepEqual([...new Set(b.codes)], [404], 'an unpublished page was still shown');
});

test('a form page with its CSRF cookie is never kept', async () => {
  for (const path of ['/login', '/register', '/password/forgot']) {
    // Two strangers: each gets a token of their own, in a cookie.
    const a = await get(stack.base, path);
    const b = await get(stack.base, path);
    const ta = setCookie(a, 'portal_csrf');
    const tb = setCookie(b, 'portal_csrf');
    assert.ok(ta && tb, `${path} sets the CSRF cookie`);
    assert.notEqual(ta, tb, `${path} gave two visitors one token`);
    assert.equal(formToken(a), ta);
    assert.equal(formToken(b), tb);
    // Back with their cookies (no cookie set now), each sees their own.
    for (let i = 0; i < 3; i++) {
      for (const t of [ta, tb]) {
        const res = await get(stack.base, path, { Cookie: `portal_csrf=${t}` });
        assert.equal(res.headers['set-cookie'], undefined);
        assert.equal(formToken(res), t, `${path} showed another visitor's token`);
        assert.notEqual(cacheStatus(res), 'HIT', path);
      }
    }
  }
});

test('a language variant never reaches another language\'s readers', async () => {
  // Every way portald picks a language, each answered (and kept) within
  // the same second, then each again from its own copy.
  const variants = [
    [{}, '', 'en'],
    [{ 'Accept-Language': 'ar' }, '', 'ar'],
    [{ 'Accept-Language': 'mi-NZ, en;q=0.5' }, '', 'mi'],
    [{ 'Accept-Language': 'en;q=0.2, es' }, '', 'es'],
    [{ Cookie: 'portal_lang=my' }, '', 'my'],
    [{ Cookie: 'portal_lang=fa-AF', 'Accept-Language': 'ar' }, '', 'fa-AF'],
    [{ Cookie: 'portal_lang=mi' }, '?lang=es', 'es'],
    [{}, '?lang=ar', 'ar'],
  ];
  for (const path of ['/', '/l/hamilton/']) {
    for (let round = 0; round < 3; round++) {
      for (const [headers, query, lang] of variants) {
        const res = await request(stack.base, { path: path + query, headers });
        assert.equal(res.status, 200);
        assert.equal(htmlLang(res), lang, `${path}${query} ${JSON.stringify(headers)}`);
      }
    }
    // The copies exist: the last round was (mostly) answered from them.
    for (const [headers, query, lang] of variants.filter(([, q]) => q === '')) {
      const res = await hit(path + query, headers);
      assert.equal(htmlLang(res), lang);
    }
  }
});

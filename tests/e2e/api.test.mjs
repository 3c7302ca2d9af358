// The JSON API of this stage: locations, paging, errors in the shape of
// shared/API.md, and the health routes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { get } from './lib/http.mjs';

let base;
before(async () => { base = (await sharedStack()).base; });

function assertError(res, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers['content-type'], /^application\/json/);
  const body = res.json();
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
  return body.error;
}

test('GET /api/v1/locations lists the active locations', async () => {
  const res = await get(base, '/api/v1/locations');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^application\/json/);
  const body = res.json();
  assert.equal(body.items.length, 14);
  assert.equal(body.next, null);
  const hamilton = body.items.find((l) => l.slug === 'hamilton');
  assert.deepEqual(hamilton, { slug: 'hamilton', name: 'Hamilton', region: 'Waikato' });
  const slugs = body.items.map((l) => l.slug);
  assert.deepEqual(slugs, [...slugs].sort());
});

test('paging with ?limit= walks every location once, with no gaps', async () => {
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const q = cursor ? `?limit=4&cursor=${encodeURIComponent(cursor)}` : '?limit=4';
    const body = (await get(base, `/api/v1/locations${q}`)).json();
    assert.ok(body.items.length <= 4);
    seen.push(...body.items.map((l) => l.slug));
    cursor = body.next;
    pages++;
  } while (cursor !== null && pages < 10);
  assert.equal(pages, 4);
  assert.equal(seen.length, 14);
  assert.equal(new Set(seen).size, 14);
  const all = (await get(base, '/api/v1/locations')).json().items.map((l) => l.slug);
  assert.deepEqual(seen, all);
});

test('a bad limit or cursor is a 400 naming the field', async () => {
  for (const q of ['limit=0', 'limit=101', 'limit=ten', 'limit=-1', 'limit=']) {
    const err = assertError(await get(base, `/api/v1/locations?${q}`), 400, 'bad_request');
    assert.ok(err.fields.limit, `fields.limit for ${q}`);
  }
  const err = assertError(await get(base, '/api/v1/locations?cursor=%3Cscript%3E'), 400, 'bad_request');
  assert.ok(err.fields.cursor);
});

test('GET /api/v1/locations/{slug} returns the public fields', async () => {
  const res = await get(base, '/api/v1/locations/nelson');
  assert.equal(res.status, 200);
  const body = res.json();
  assert.deepEqual(Object.keys(body).sort(), ['initiatives', 'more_initiatives', 'name', 'open_rounds', 'region', 'slug']);
  // The rounds open for applications today: public fields only.
  for (const r of body.open_rounds) assert.deepEqual(Object.keys(r).sort(), ['closes_on', 'id', 'max_request_cents', 'name']);
  assert.deepEqual([body.slug, body.name, body.region], ['nelson', 'Nelson', 'Nelson Tasman']);
  // The latest published initiatives, at most ten, with their latest update.
  assert.ok(Array.isArray(body.initiatives) && body.initiatives.length <= 10);
  assert.equal(typeof body.more_initiatives, 'boolean');
  for (const i of body.initiatives) {
    assert.deepEqual(Object.keys(i).sort(), ['area', 'id', 'language', 'latest_body', 'latest_date', 'latest_language', 'status', 'summary', 'title', 'updated_at']);
    assert.match(i.language, /^(en|mi|ar|fa-AF|my|es)$/);
  }
});

test('an unknown location is a 404 in the error shape', async () => {
  assertError(await get(base, '/api/v1/locations/atlantis'), 404, 'not_found');
});

test('an unknown API path is a 404 in JSON', async () => {
  assertError(await get(base, '/api/v1/nothing-here'), 404, 'not_found');
});

test('/livez answers from the worker', async () => {
  const res = await get(base, '/livez');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { status: 'ok' });
});

test('/healthz answers 200 with the database up', async () => {
  const res = await get(base, '/healthz');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { status: 'ok', db: 'ok' });
});

test('the HTML list and the API list carry the same data', async () => {
  const api = (await get(base, '/api/v1/locations')).json().items;
  const html = (await get(base, '/')).text;
  const fromHtml = [...html.matchAll(/<a href="\/l\/([a-z0-9-]+)\/"><span class="name">([^<]+)<\/span> <span class="region">([^<]+)<\/span>/g)]
    .map((m) => ({ slug: m[1], name: m[2], region: m[3] }));
  assert.deepEqual(fromHtml, api);
});

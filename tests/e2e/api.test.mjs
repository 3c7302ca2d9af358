// The JSON API of this stage: locations, paging, errors in the shape of
// docs/api.md, and the health routes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { get } from './lib/http.mjs';
import { client, signIn } from './lib/session.mjs';

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
  assert.deepEqual(Object.keys(body).sort(), ['contact', 'has_members', 'initiatives', 'more_initiatives', 'name',
    'newsletter_issues', 'open_rounds', 'recent_stories', 'region', 'sectors_missing', 'sectors_present', 'service_languages', 'slug',
    'upcoming_events']);
  // The newest published stories, at most three.
  assert.ok(Array.isArray(body.recent_stories) && body.recent_stories.length <= 3);
  for (const s of body.recent_stories) assert.equal(s.published, true);
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

// Every list that pages with ?cursor=, as someone allowed to read it: a
// cursor it never gave out is a 400 naming the field (never a 500 from a
// statement that could not cast it), whatever the sort.
test('every paged list answers a malformed cursor with 400 and fields.cursor', async () => {
  const inz = await signIn(base, 'inz@portal.demo');
  const coordinator = await signIn(base, 'coordinator.hamilton@portal.demo');
  const applicant = await signIn(base, 'applicant@portal.demo');
  const anyone = client(base);
  const some = (await anyone.get('/api/v1/locations/hamilton/initiatives?limit=1')).json().items[0];
  assert.ok(some, 'Hamilton has a published initiative');
  const initiatives = '/api/v1/locations/hamilton/initiatives';
  const lists = [
    [anyone, '/api/v1/locations'],
    [anyone, initiatives],
    [coordinator, initiatives],
    [coordinator, `${initiatives}?sort=recent`],
    [coordinator, `${initiatives}?sort=title`],
    [coordinator, `${initiatives}?sort=created`],
    [anyone, `${initiatives}/${some.id}/updates`],
    [coordinator, `${initiatives}/${some.id}/updates`],
    [coordinator, '/api/v1/locations/hamilton/requests'],
    [coordinator, '/api/v1/locations/hamilton/audit'],
    [applicant, '/api/v1/my/requests'],
    [inz, '/api/v1/national/overview'],
    [inz, '/api/v1/national/audit'],
    [inz, '/api/v1/national/overlaps'],
    [inz, '/api/v1/national/stocktakes'],
  ];
  // Each list's own good cursor shape, with a part that cannot be cast.
  const bad = ['%3Cscript%3E', 'x~1', 'abc~1', '2024-13-45~1', '99999999999999999999~1',
    '9999999999999999999~1', '-5~1', '1~x', '~5', '1~', '0', '-1', 'a~b~c'];
  // What may stand as a cursor though no page gave it out: a slug for the
  // lists by slug, any text before "~<id>" for the title sort.
  const slugLists = ['/api/v1/locations', '/api/v1/national/overview'];
  const fits = (path, cursor) => (slugLists.includes(path) ? /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(cursor)
    : path.endsWith('sort=title') && /^.+~[1-9][0-9]*$/.test(decodeURIComponent(cursor)));
  for (const [who, path] of lists) {
    assert.equal((await who.get(path)).status, 200, path);
    for (const cursor of bad) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await who.get(`${path}${sep}cursor=${cursor}`);
      if (fits(path, cursor)) {
        assert.equal(res.status, 200, `${path} cursor=${cursor}: ${res.text}`);
        continue;
      }
      const err = assertError(res, 400, 'bad_request');
      assert.equal(typeof err.fields?.cursor, 'string', `${path} cursor=${cursor}: ${res.text}`);
    }
  }
});

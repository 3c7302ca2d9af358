// Overlaps and learning (issue 6, item 2).  Every initiative planted here
// is an idea, so the working groups' coverage matrices (active and
// planned only) that later files count stay as the demo data has them: the likely overlaps INZ staff
// see between locations (a planted pair of similar initiatives in Hamilton
// and Nelson is listed with its similarity; a dissimilar pair, a pair in
// one location, a pair in different areas, a cancelled initiative and an
// adopted copy with its source are not), paging and the area filter; a
// working group adopting another location's published initiative (the
// link kept both ways, the audit entry, every refusal); and who reaches
// the new routes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { client, register, signIn } from './lib/session.mjs';
import { sqlValue } from './lib/db.mjs';

const tag = `o${process.pid}${Date.now().toString(36)}`;
const AREA = 'events_programmes';
let stack, base, memberA, coordinatorA, observerA, memberB, inz, admin, applicant, anonymous;
const planted = {};

after(() => stack?.stop());

const body = (title, summary, extra = {}) => ({
  title, summary, area: AREA, elements: ['belonging'], outcome_areas: ['inclusion'],
  status: 'idea', visibility: 'public', target_groups: ['Newcomers'], ...extra,
});
async function create(who, slug, fields) {
  const res = await who.call('POST', `/api/v1/locations/${slug}/initiatives`, fields);
  assert.equal(res.status, 201, res.text);
  return res.json();
}
const BIKES = `Harbourside bicycle repair workshop for newcomer families ${tag}`;
const BIKES_TEXT = 'Volunteers teach newcomer families to repair donated bicycles every Saturday morning at the harbourside shed.';

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [memberA, coordinatorA, observerA, memberB, inz, admin] = await Promise.all([
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'member.nelson@portal.demo'),
    signIn(base, 'inz@portal.demo'),
    signIn(base, 'admin@portal.demo'),
  ]);
  applicant = (await register(base, 'overlap-applicant')).client;
  anonymous = client(base);
  // The planted pair, in Hamilton (A) and Nelson (B), nearly word for word.
  planted.a = await create(memberA, 'hamilton', body(BIKES, BIKES_TEXT));
  planted.b = await create(memberB, 'nelson', body(
    `Harbourside bicycle repair workshops for newcomer families ${tag}`,
    'Volunteers teach newcomer families to repair donated bicycles on Saturday mornings at the harbourside shed.'));
  // Alike, but in the same location as the first: never a pair.
  planted.sameLocation = await create(memberA, 'hamilton', body(
    `Harbourside bicycle repair workshop for newcomer families ${tag} (second shed)`, BIKES_TEXT));
  // Alike, but in another area.
  planted.otherArea = await create(memberB, 'nelson', body(BIKES, BIKES_TEXT, { area: 'services' }));
  // In the same area and another location, but about something else.
  planted.unlike = await create(memberB, 'nelson', body(
    `Quarterly council budget briefing ${tag}`,
    'Council finance officers explain the annual plan consultation to community treasurers.'));
});

// Every pair of the overlap list for an area, following "next".
async function allPairs(who, query = `area=${AREA}`, limit = 100) {
  const pairs = [];
  let cursor = null;
  do {
    const res = await who.get(`/api/v1/national/overlaps?${query}&limit=${limit}${
      cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200, res.text);
    const page = res.json();
    assert.ok(page.items.length <= limit);
    pairs.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return pairs;
}
const pairOf = (pairs, x, y) => pairs.find((p) =>
  (p.a.id === x.id && p.b.id === y.id) || (p.a.id === y.id && p.b.id === x.id));

test('the planted pair is listed with its similarity; unlike, same-location and other-area pairs are not', async () => {
  const pairs = await allPairs(inz);
  const pair = pairOf(pairs, planted.a, planted.b);
  assert.ok(pair, 'the planted pair is listed');
  assert.ok(pair.similarity > 0.5 && pair.similarity <= 1, `similarity ${pair.similarity}`);
  assert.equal(pair.percent, Math.round(pair.similarity * 100));
  // Written as stored, to four places: no binary noise such as 0.39660000000000001.
  const raw = (await inz.get(`/api/v1/national/overlaps?area=${AREA}&limit=100`)).text;
  const written = [...raw.matchAll(/"similarity":([0-9.eE+-]+)/g)].map((m) => m[1]);
  assert.ok(written.length > 0);
  for (const w of written) assert.match(w, /^(0|1)(\.\d{1,4})?$/, `similarity written as ${w}`);
  assert.equal(pair.area, AREA);
  assert.equal(pair.area_name, 'Events & Programmes');
  const sides = Object.fromEntries([pair.a, pair.b].map((s) => [s.location, s]));
  assert.equal(sides.hamilton.title, BIKES);
  assert.equal(sides.hamilton.location_name, 'Hamilton');
  assert.equal(sides.nelson.id, planted.b.id);
  assert.equal(pairOf(pairs, planted.a, planted.sameLocation), undefined, 'one location: no pair');
  assert.equal(pairOf(pairs, planted.a, planted.unlike), undefined, 'unlike: no pair');
  assert.equal(pairOf(pairs, planted.b, planted.unlike), undefined, 'unlike: no pair');
  for (const p of pairs) {
    assert.equal(p.area, AREA, 'the area filter holds');
    assert.notEqual(p.a.location, p.b.location, 'pairs are between locations');
  }
  for (let i = 1; i < pairs.length; i++) {
    assert.ok(pairs[i - 1].similarity >= pairs[i].similarity, 'most similar first');
  }
  // The other area's twin pairs with nothing in this area.
  assert.equal(pairs.some((p) => p.a.id === planted.otherArea.id || p.b.id === planted.otherArea.id), false);
  assert.equal(pairOf(await allPairs(inz, 'area=services'), planted.a, planted.otherArea), undefined);
});

test('paging one pair at a time gives the same list; bad parameters are 400 with the field', async () => {
  const whole = await allPairs(inz, `area=${AREA}`, 100);
  const paged = await allPairs(inz, `area=${AREA}`, 1);
  assert.deepEqual(paged, whole);
  const unfiltered = await allPairs(admin, 'area=', 100);
  assert.ok(pairOf(unfiltered, planted.a, planted.b), 'without a filter too');
  for (const [query, field] of [['area=sport', 'area'], ['cursor=nonsense', 'cursor'],
    ['cursor=2~1~1', 'cursor'], ['cursor=0.5~x~1', 'cursor'], ['limit=0', 'limit']]) {
    const res = await inz.get(`/api/v1/national/overlaps?${query}`);
    assert.equal(res.status, 400, query);
    assert.ok(res.json().error.fields[field], `${query}: ${res.text}`);
  }
});

test('the HTML page lists the pair as a percentage with links to both initiatives', async () => {
  const res = await inz.get(`/national/overlaps?area=${AREA}&limit=100`, { Accept: 'text/html' });
  assert.equal(res.status, 200);
  const pair = pairOf(await allPairs(inz), planted.a, planted.b);
  assert.match(res.text, new RegExp(`${pair.percent}%`));
  assert.ok(res.text.includes(`href="/l/hamilton/initiatives/${planted.a.id}"`));
  assert.ok(res.text.includes(`href="/l/nelson/initiatives/${planted.b.id}"`));
  assert.match(res.text, /<option value="events_programmes" selected>/);
});

test('a cancelled initiative leaves the overlaps', async () => {
  const twin = await create(memberB, 'nelson', body(`${BIKES} (winter)`, BIKES_TEXT));
  assert.ok(pairOf(await allPairs(inz), planted.a, twin));
  const res = await memberB.call('PATCH', `/api/v1/locations/nelson/initiatives/${twin.id}`,
    { version: twin.version, status: 'cancelled' });
  assert.equal(res.status, 200, res.text);
  assert.equal(pairOf(await allPairs(inz), planted.a, twin), undefined);
});

test('a member of another location adopts a published initiative; the link is kept both ways', async () => {
  const res = await memberB.call('POST', `/api/v1/locations/hamilton/initiatives/${planted.a.id}/adoptions`,
    { location: 'nelson' });
  assert.equal(res.status, 201, res.text);
  const copy = res.json();
  assert.notEqual(copy.id, planted.a.id);
  for (const f of ['title', 'summary', 'area', 'elements', 'outcome_areas', 'target_groups']) {
    assert.deepEqual(copy[f], planted.a[f], f);
  }
  assert.equal(copy.status, 'idea');
  assert.equal(copy.visibility, 'working_group');
  assert.deepEqual(copy.adopted_from, { id: planted.a.id, title: BIKES, location: 'hamilton', location_name: 'Hamilton' });
  assert.equal(sqlValue(stack, `SELECT l.slug || ' ' || i.adopted_from_id || ' ' || f.slug FROM initiatives i
    JOIN locations l ON l.id = i.location_id JOIN locations f ON f.id = i.adopted_from_location_id
    WHERE i.id = ${copy.id}`), `nelson ${planted.a.id} hamilton`);
  // The audit entry is Nelson's.
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log a JOIN locations l ON l.id = a.location_id
    WHERE l.slug = 'nelson' AND a.action = 'initiative_adopted'
    AND (a.detail->>'initiative_id')::bigint = ${copy.id}
    AND (a.detail->>'adopted_from_id')::bigint = ${planted.a.id}`), '1');
  // Nelson's page says where it came from, linking to Hamilton's page.
  const mine = await memberB.get(`/l/nelson/initiatives/${copy.id}`, { Accept: 'text/html' });
  assert.equal(mine.status, 200);
  assert.ok(mine.text.includes(`Adopted from <a href="/l/hamilton/initiatives/${planted.a.id}">${BIKES}</a>, Hamilton`), 'link back');
  // Hamilton's public page counts the adoption, for anyone.
  const theirs = await request(base, { path: `/l/hamilton/initiatives/${planted.a.id}`, headers: { Accept: 'text/html' } });
  assert.match(theirs.text, /other locations that adopted it: 1\./);
  assert.equal((await anonymous.get(`/api/v1/locations/hamilton/initiatives/${planted.a.id}`)).json().adoptions, 1);
  // A copy and its source are no overlap.
  assert.equal(pairOf(await allPairs(inz), planted.a, copy), undefined);
  assert.ok(pairOf(await allPairs(inz), copy, planted.sameLocation), 'the copy still pairs with others');
});

test('the adopt button: signed-in writers of another location only, never in the anonymous page', async () => {
  const path = `/l/hamilton/initiatives/${planted.a.id}`;
  const forB = await memberB.get(path, { Accept: 'text/html' });
  assert.match(forB.text, /<button type="submit">Adopt for <bdi>Nelson<\/bdi><\/button>/);
  assert.ok(forB.text.includes(`action="/l/hamilton/initiatives/${planted.a.id}/adopt"`));
  assert.ok(forB.text.includes(`name="_csrf" value="${memberB.csrf}"`));
  for (const who of [anonymous, applicant, observerA, memberA, coordinatorA, inz]) {
    const res = await who.get(path, { Accept: 'text/html' });
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /id="adopt"/);
  }
  // The form, as a browser posts it: on to the new initiative.
  const form = new URLSearchParams({ _csrf: memberB.csrf, location: 'nelson' });
  const res = await request(base, {
    method: 'POST', path: `${path}/adopt`, body: form.toString(),
    headers: { Accept: 'text/html', Cookie: `portal_session=${memberB.cookie}`,
      'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 303, res.text);
  const id = res.headers.location.match(/^\/l\/nelson\/initiatives\/(\d+)$/)?.[1];
  assert.ok(id, res.headers.location);
  // Refused in the form: the page again, with the message by the field.
  const same = await request(base, {
    method: 'POST', path: `${path}/adopt`,
    body: new URLSearchParams({ _csrf: memberA.csrf, location: 'hamilton' }).toString(),
    headers: { Accept: 'text/html', Cookie: `portal_session=${memberA.cookie}`,
      'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(same.status, 422);
  assert.match(same.text, /Location: must be another location/);
  assert.ok(same.text.includes(BIKES));
});

test('adoption refusals change nothing', async () => {
  const count = () => sqlValue(stack, 'SELECT count(*) FROM initiatives');
  const unpublished = await create(memberA, 'hamilton', body(`Working group only ${tag}`, 'Not public.',
    { visibility: 'working_group' }));
  const before = count();
  const adopt = (who, id, location, slug = 'hamilton') =>
    who.call('POST', `/api/v1/locations/${slug}/initiatives/${id}/adoptions`, location === undefined ? {} : { location });
  // Not published: as if it did not exist, even for its own working group.
  assert.equal((await adopt(memberB, unpublished.id, 'nelson')).status, 404);
  assert.equal((await adopt(memberA, unpublished.id, 'nelson')).status, 404);
  assert.equal((await adopt(memberB, 999999999, 'nelson')).status, 404);
  // No write role in the target location.
  for (const [who, to] of [[memberB, 'hamilton'], [applicant, 'hamilton'], [observerA, 'hamilton'],
    [inz, 'hamilton'], [memberB, 'nowhere']]) {
    const res = await adopt(who, planted.b.id, to, 'nelson');
    assert.equal(res.status, 403, `${to}: ${res.text}`);
  }
  // The initiative's own location, or none named: 422 naming the field.
  const same = await adopt(memberB, planted.b.id, 'nelson', 'nelson');
  assert.equal(same.status, 422);
  assert.ok(same.json().error.fields.location);
  const none = await adopt(memberA, planted.b.id, undefined, 'nelson');
  assert.equal(none.status, 422);
  assert.equal(none.json().error.fields.location, 'is required');
  assert.equal((await anonymous.call('POST', `/api/v1/locations/nelson/initiatives/${planted.b.id}/adoptions`,
    { location: 'hamilton' })).status, 401);
  assert.equal(count(), before);
});

// Who reaches the new routes: only national staff see overlaps; adopting
// needs a signed-in person (the target location decides the rest).
test('access: no location role, applicant or anonymous person reaches the overlaps', async () => {
  const WHO = { anonymous, applicant, observerA, memberA, coordinatorA, memberB, inz, admin };
  const expect = {
    '/api/v1/national/overlaps': [401, 403, 403, 403, 403, 403, 200, 200],
    '/national/overlaps': [303, 403, 403, 403, 403, 403, 200, 200],
  };
  for (const [path, statuses] of Object.entries(expect)) {
    const got = [];
    for (const who of Object.values(WHO)) {
      got.push((await who.get(path, path.startsWith('/api/') ? {} : { Accept: 'text/html' })).status);
    }
    assert.deepEqual(got, statuses, path);
  }
  // Adopting without the CSRF token is refused before anything.
  const res = await client(base, { cookie: memberB.cookie }).call('POST',
    `/api/v1/locations/hamilton/initiatives/${planted.a.id}/adoptions`, { location: 'nelson' });
  assert.equal(res.status, 403);
});

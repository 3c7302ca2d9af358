// Stocktake campaigns (issue 6, item 3): INZ opens a stocktake (checked
// field by field), every location's coordinators are emailed, each of the
// fourteen locations' coordinators reviews and completes the return once
// (409 the second time or once closed), the snapshot holds every
// initiative as it was at completion and stays so after later edits (the
// app role cannot change it), the comparison then and now, and who
// reaches every new route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { client, register, signIn } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const tag = `s${process.pid}${Date.now().toString(36)}`;
let stack, base, inz, admin, applicant, anonymous, observerA, memberA, memberB;
let slugs;
const coordinators = {};
let stocktake;

after(() => stack?.stop());

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [inz, admin, observerA, memberA, memberB] = await Promise.all([
    signIn(base, 'inz@portal.demo'),
    signIn(base, 'admin@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'member.nelson@portal.demo'),
  ]);
  applicant = (await register(base, 'stocktake-applicant')).client;
  anonymous = client(base);
  slugs = sql(stack, "SELECT slug FROM locations WHERE status = 'active' ORDER BY slug").map((r) => r[0]);
  assert.equal(slugs.length, 14, 'the fourteen demo locations');
  // A coordinator for each location: the demo's, or a new person made
  // coordinator where the demo data has none.
  for (const slug of slugs) {
    const email = sqlValue(stack, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
      JOIN locations l ON l.id = m.location_id WHERE l.slug = ${quote(slug)} AND m.role = 'coordinator'
      AND u.email LIKE '%@portal.demo' ORDER BY u.id LIMIT 1`);
    if (email) {
      coordinators[slug] = await signIn(base, email);
      coordinators[slug].email = email;
      continue;
    }
    const person = await register(base, `coordinator-${slug}`);
    sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector, organisation)
      SELECT id, ${person.user.id}, 'coordinator', 'community', 'Test' FROM locations WHERE slug = ${quote(slug)}`);
    // Signed in afresh: the memberships are read at sign-in.
    coordinators[slug] = await signIn(base, person.email, person.password);
    coordinators[slug].email = person.email;
  }
});

// Hamilton's initiative that is edited after the stocktake: an idea, so
// no coverage count that later files check moves.
let mine;

const open = (who, fields) => who.call('POST', '/api/v1/national/stocktakes', fields);
const valid = (extra = {}) => ({
  name: `Stocktake ${tag}`,
  question: 'Which initiatives ran this year, and *where are the gaps*?',
  due_on: '2030-06-30',
  ...extra,
});
const complete = (slug, who, id, note) =>
  who.call('POST', `/api/v1/locations/${slug}/stocktakes/${id}/return`, note === undefined ? {} : { note });

test('opening a stocktake checks every field and changes nothing when refused', async () => {
  const before = sqlValue(stack, 'SELECT count(*) FROM stocktakes');
  for (const [fields, field] of [
    [{ name: '' }, 'name'], [{ name: 'x'.repeat(201) }, 'name'],
    [{ question: '  ' }, 'question'], [{ due_on: '' }, 'due_on'],
    [{ due_on: '2030-02-30' }, 'due_on'], [{ due_on: '2020-01-01' }, 'due_on'],
  ]) {
    const res = await open(inz, valid(fields));
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.ok(res.json().error.fields[field], `${field}: ${res.text}`);
  }
  // The HTML form again, as typed, with the message by the field.
  const form = new URLSearchParams({ _csrf: inz.csrf, name: `Typed ${tag}`, question: 'Q?', due_on: '2020-01-01' });
  const res = await request(base, {
    method: 'POST', path: '/national/stocktakes', body: form.toString(),
    headers: { Accept: 'text/html', Cookie: `portal_session=${inz.cookie}`,
      'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 422);
  assert.match(res.text, /Due date: must not be in the past/);
  assert.ok(res.text.includes(`value="Typed ${tag}"`));
  assert.equal(sqlValue(stack, 'SELECT count(*) FROM stocktakes'), before);
});

test('INZ opens a stocktake; every coordinator of every location is emailed; audit entry', async () => {
  const res = await open(inz, valid());
  assert.equal(res.status, 201, res.text);
  stocktake = res.json();
  assert.equal(stocktake.name, `Stocktake ${tag}`);
  assert.equal(stocktake.due_on, '2030-06-30');
  assert.equal(stocktake.open, true);
  assert.equal(stocktake.opened_by, 'Ines Settlement');
  const expected = Number(sqlValue(stack, `SELECT count(*) FROM memberships m JOIN locations l ON l.id = m.location_id
    WHERE m.role = 'coordinator' AND l.status = 'active'`));
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM outbox WHERE kind = 'stocktake_opened'
    AND body LIKE ${quote(`%/wg/stocktakes/${stocktake.id}\n%`)}`)), expected);
  for (const slug of slugs) {
    const body = sqlValue(stack, `SELECT body FROM outbox WHERE kind = 'stocktake_opened'
      AND to_email = ${quote(coordinators[slug].email)} ORDER BY id DESC LIMIT 1`);
    assert.ok(body.includes(`/l/${slug}/wg/stocktakes/${stocktake.id}`), `${slug}'s coordinator has the link`);
  }
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'stocktake_opened'
    AND (detail->>'stocktake_id')::bigint = ${stocktake.id}`), '1');
  const list = (await inz.get('/api/v1/national/stocktakes')).json();
  const row = list.items.find((s) => s.id === stocktake.id);
  assert.equal(row.completed, 0);
  assert.equal(row.locations, 14);
});

test('the coordinator reviews the initiatives and completes the return; a second time is 409', async () => {
  const hamilton = coordinators.hamilton;
  const made = await memberA.call('POST', '/api/v1/locations/hamilton/initiatives', {
    title: `Stocktake test garden ${tag}`, summary: 'Raised beds.', area: 'events_programmes',
    elements: ['belonging'], status: 'idea' });
  assert.equal(made.status, 201, made.text);
  mine = made.json();
  const page = await hamilton.get(`/l/hamilton/wg/stocktakes/${stocktake.id}`, { Accept: 'text/html' });
  assert.equal(page.status, 200);
  const ids = sql(stack, "SELECT i.id FROM initiatives i JOIN locations l ON l.id = i.location_id WHERE l.slug = 'hamilton'");
  for (const [id] of ids) assert.ok(page.text.includes(`href="/l/hamilton/initiatives/${id}/edit"`), `edit link for ${id}`);
  assert.match(page.text, /Complete the return/);
  // Members and observers read it but cannot complete it.
  const memberPage = await memberA.get(`/l/hamilton/wg/stocktakes/${stocktake.id}`, { Accept: 'text/html' });
  assert.doesNotMatch(memberPage.text, /Complete the return<\/button>/);
  assert.equal((await complete('hamilton', memberA, stocktake.id, 'no')).status, 403);
  assert.equal((await complete('hamilton', observerA, stocktake.id, 'no')).status, 403);
  assert.equal((await complete('hamilton', coordinators.nelson, stocktake.id, 'no')).status, 404);
  assert.equal((await complete('hamilton', hamilton, stocktake.id, 'x'.repeat(20001))).status, 422);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM stocktake_returns WHERE stocktake_id = ${stocktake.id}`), '0');

  const res = await complete('hamilton', hamilton, stocktake.id, 'All current, two new ideas.');
  assert.equal(res.status, 201, res.text);
  const view = res.json();
  assert.equal(view.return.note, 'All current, two new ideas.');
  assert.equal(view.return.completed_by, 'Hemi Coordinator');
  assert.equal(view.items.length, ids.length);
  const again = await complete('hamilton', hamilton, stocktake.id, 'again');
  assert.equal(again.status, 409);
  assert.equal(sqlValue(stack, `SELECT note FROM stocktake_returns r JOIN locations l ON l.id = r.location_id
    WHERE r.stocktake_id = ${stocktake.id} AND l.slug = 'hamilton'`), 'All current, two new ideas.');
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log a JOIN locations l ON l.id = a.location_id
    WHERE a.action = 'stocktake_completed' AND l.slug = 'hamilton'
    AND (a.detail->>'stocktake_id')::bigint = ${stocktake.id}`), '1');
});

// An initiative's total of an indicator: the sum of its updates' current
// period figures (sql/025; the update columns summed before held running
// totals as often as periods, and 6, 19, 31 came to 56).
const figureSum = (key) => `(SELECT coalesce(sum(f.value), 0) FROM update_figures f
  JOIN indicators d ON d.id = f.indicator_id AND d.location_id IS NULL AND d.key = '${key}'
  WHERE f.initiative_id = i.id AND f.replaced_at IS NULL)`;

// Every initiative of the location, as the snapshot keeps it, from the
// live tables.
function liveRows(slug) {
  return JSON.parse(sqlValue(stack, `SELECT coalesce(jsonb_agg(jsonb_build_object(
      'initiative_id', i.id, 'title', i.title, 'area', i.area, 'status', i.status,
      'visibility', i.visibility, 'elements', to_jsonb(i.elements),
      'outcome_areas', to_jsonb(i.outcome_areas), 'summary', i.summary, 'version', i.version,
      'updates', (SELECT count(*) FROM initiative_updates u WHERE u.initiative_id = i.id),
      'people_reached', ${figureSum('people_reached')}, 'sessions_held', ${figureSum('sessions_held')},
      'volunteers', ${figureSum('volunteers')}, 'into_work', ${figureSum('into_work')})
      ORDER BY i.id), '[]')
    FROM initiatives i JOIN locations l ON l.id = i.location_id WHERE l.slug = ${quote(slug)}`));
}
function snapshotRows(items) {
  return items.map((s) => ({
    initiative_id: s.initiative_id, title: s.title, area: s.area, status: s.status,
    visibility: s.visibility, elements: s.elements, outcome_areas: s.outcome_areas,
    summary: s.data.summary, version: s.data.version, updates: s.updates,
    people_reached: s.people_reached, sessions_held: s.sessions_held, volunteers: s.volunteers,
    into_work: s.into_work,
  })).sort((a, b) => a.initiative_id - b.initiative_id);
}

test('every location completes: the snapshot equals its initiatives at completion', async () => {
  const progress = async () => (await inz.get(`/api/v1/national/stocktakes/${stocktake.id}`)).json();
  let p = await progress();
  assert.equal(p.completed, 1);
  assert.equal(p.outstanding, 13);
  for (const slug of slugs.filter((s) => s !== 'hamilton')) {
    const expected = liveRows(slug);
    const res = await complete(slug, coordinators[slug], stocktake.id, `Return of ${slug}`);
    assert.equal(res.status, 201, `${slug}: ${res.text}`);
    assert.deepEqual(snapshotRows(res.json().items), expected, `${slug}'s snapshot`);
    const row = (await progress()).locations.find((l) => l.slug === slug);
    assert.equal(row.completed, true);
    assert.equal(row.note, `Return of ${slug}`);
    assert.equal(row.initiatives, expected.length);
    assert.match(row.completed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }
  p = await progress();
  assert.equal(p.completed, 14);
  assert.equal(p.outstanding, 0);
  assert.ok(p.locations.every((l) => l.completed && l.completed_by));
  // Timaru, Masterton and Levin had no initiatives: empty snapshots.
  assert.equal(p.locations.find((l) => l.slug === 'timaru').initiatives,
    liveRows('timaru').length);
  const html = await inz.get(`/national/stocktakes/${stocktake.id}`, { Accept: 'text/html' });
  assert.match(html.text, /<strong>14<\/strong> locations have completed their return; <strong>0<\/strong> have not/);
  assert.ok(html.text.includes(`href="/national/stocktakes/${stocktake.id}/locations/nelson"`));
});

test('the snapshot does not change when an initiative changes later, and the app role cannot change it', async () => {
  const path = `/api/v1/national/stocktakes/${stocktake.id}/locations/hamilton`;
  const before = (await inz.get(path)).json();
  assert.equal(before.location.slug, 'hamilton');
  const target = before.items.find((s) => s.initiative_id === mine.id);
  assert.equal(target.title, `Stocktake test garden ${tag}`);
  const edit = await memberA.call('PATCH', `/api/v1/locations/hamilton/initiatives/${mine.id}`,
    { version: mine.version, title: `Renamed ${tag}`, status: 'paused' });
  assert.equal(edit.status, 200, edit.text);
  const upd = await memberA.call('POST', `/api/v1/locations/hamilton/initiatives/${target.initiative_id}/updates`,
    { body: 'After the stocktake.', people_reached: 500 });
  assert.equal(upd.status, 201, upd.text);
  const after = (await inz.get(path)).json();
  assert.deepEqual(after.items, before.items);
  assert.equal(after.items.find((s) => s.initiative_id === target.initiative_id).title, target.title);
  // Then and now: the renamed one moved from idea to paused.
  const counts = (key) => Object.fromEntries(after.counts.map((c) => [`${c.area}/${c.status}`, c[key]]));
  const was = `${target.area}/${target.status}`;
  const is = `${target.area}/paused`;
  assert.equal(counts('then')[was] - counts('now')[was], 1);
  assert.equal(counts('now')[is] - (counts('then')[is] || 0), 1);
  // Compared with itself, nothing moved.
  const same = (await inz.get(`${path}?compare=${stocktake.id}`)).json();
  assert.ok(same.counts.every((c) => c.then === c.now));
  assert.equal((await inz.get(`${path}?compare=soon`)).status, 400);
  const comparePage = await inz.get(`/national/stocktakes/${stocktake.id}/locations/hamilton?compare=${stocktake.id}`,
    { Accept: 'text/html' });
  assert.ok(comparePage.text.includes(`<option value="${stocktake.id}" selected>`));
  // The database refuses changes to snapshots and returns from portald's role.
  for (const q of ['UPDATE stocktake_snapshots SET title = \'x\'', 'DELETE FROM stocktake_snapshots',
    'UPDATE stocktake_returns SET note = \'x\'', 'DELETE FROM stocktake_returns']) {
    assert.throws(() => sql(stack, q, { user: 'portal_app' }), /permission denied/, q);
  }
  const html = await inz.get(`/national/stocktakes/${stocktake.id}/locations/hamilton`, { Accept: 'text/html' });
  assert.equal(html.status, 200);
  assert.ok(html.text.includes(target.title));
  assert.ok(!html.text.includes(`Renamed ${tag}`));
});

test('a closed stocktake takes no returns; closing twice is 409', async () => {
  const res = await open(inz, valid({ name: `Closed ${tag}` }));
  assert.equal(res.status, 201);
  const id = res.json().id;
  const close = await admin.call('POST', `/api/v1/national/stocktakes/${id}/close`);
  assert.equal(close.status, 200, close.text);
  assert.equal(close.json().open, false);
  assert.equal((await admin.call('POST', `/api/v1/national/stocktakes/${id}/close`)).status, 409);
  assert.equal((await complete('hamilton', coordinators.hamilton, id, 'late')).status, 409);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM stocktake_returns WHERE stocktake_id = ${id}`), '0');
  const page = await coordinators.hamilton.get(`/l/hamilton/wg/stocktakes/${id}`, { Accept: 'text/html' });
  assert.doesNotMatch(page.text, /Complete the return<\/button>/);
  assert.equal((await inz.get('/api/v1/national/stocktakes/999999999')).status, 404);
});

test('row-level security: returns and snapshots are the location\'s and national staff\'s', async () => {
  const as = (locations, national = '') => `SELECT set_config('portal.locations_read', '${locations}', true),
    set_config('portal.national_role', '${national}', true)`;
  const count = (settings, table) => sqlValue(stack, `BEGIN; ${settings};
    SELECT count(*) FROM ${table} WHERE stocktake_id = ${stocktake.id}; COMMIT;`, { user: 'portal_app' })
    .split('\n').filter((l) => /^\d+$/.test(l)).pop();
  const hamiltonId = sqlValue(stack, "SELECT id FROM locations WHERE slug = 'hamilton'");
  assert.equal(count(as(`{${hamiltonId}}`), 'stocktake_returns'), '1');
  assert.equal(count(as('{}'), 'stocktake_returns'), '0');
  assert.equal(count(as('{}', 'inz_staff'), 'stocktake_returns'), '14');
  assert.equal(count(as('{}'), 'stocktake_snapshots'), '0');
  assert.equal(sqlValue(stack, `BEGIN; ${as('{}')}; SELECT count(*) FROM stocktakes; COMMIT;`, { user: 'portal_app' })
    .split('\n').filter((l) => /^\d+$/.test(l)).pop(), '0');
});

// Who reaches every new route.  Order: anonymous, applicant, observer,
// member and coordinator of Hamilton (A), member of Nelson (B), INZ, admin.
test('access: no location role, applicant or anonymous person reaches any national stocktake route', async () => {
  const coordinatorA = coordinators.hamilton;
  const WHO = [anonymous, applicant, observerA, memberA, coordinatorA, memberB, inz, admin];
  const id = stocktake.id;
  const MATRIX = [
    ['GET', '/national/stocktakes', null, [303, 403, 403, 403, 403, 403, 200, 200]],
    ['POST', '/national/stocktakes', { name: '' }, [303, 403, 403, 403, 403, 403, 422, 422]],
    ['GET', `/national/stocktakes/${id}`, null, [303, 403, 403, 403, 403, 403, 200, 200]],
    ['POST', '/national/stocktakes/999999999/close', {}, [303, 403, 403, 403, 403, 403, 404, 404]],
    ['GET', `/national/stocktakes/${id}/locations/hamilton`, null, [303, 403, 403, 403, 403, 403, 200, 200]],
    ['GET', '/api/v1/national/stocktakes', null, [401, 403, 403, 403, 403, 403, 200, 200]],
    ['POST', '/api/v1/national/stocktakes', {}, [401, 403, 403, 403, 403, 403, 422, 422]],
    ['GET', `/api/v1/national/stocktakes/${id}`, null, [401, 403, 403, 403, 403, 403, 200, 200]],
    ['POST', '/api/v1/national/stocktakes/999999999/close', {}, [401, 403, 403, 403, 403, 403, 404, 404]],
    ['GET', `/api/v1/national/stocktakes/${id}/locations/hamilton`, null, [401, 403, 403, 403, 403, 403, 200, 200]],
    ['GET', '/l/hamilton/wg/stocktakes', null, [303, 404, 200, 200, 200, 404, 200, 200]],
    ['GET', `/l/hamilton/wg/stocktakes/${id}`, null, [303, 404, 200, 200, 200, 404, 200, 200]],
    ['POST', `/l/hamilton/wg/stocktakes/${id}/complete`, {}, [303, 404, 403, 403, 409, 404, 403, 403]],
    ['GET', '/api/v1/locations/hamilton/stocktakes', null, [401, 404, 200, 200, 200, 404, 200, 200]],
    ['GET', `/api/v1/locations/hamilton/stocktakes/${id}`, null, [401, 404, 200, 200, 200, 404, 200, 200]],
    ['POST', `/api/v1/locations/hamilton/stocktakes/${id}/return`, {}, [401, 404, 403, 403, 409, 404, 403, 403]],
  ];
  for (const [method, path, body, expected] of MATRIX) {
    const got = [];
    for (const who of WHO) {
      if (path.startsWith('/api/')) {
        got.push((await who.call(method, path, body === null ? undefined : body)).status);
      } else if (method === 'GET') {
        got.push((await who.get(path, { Accept: 'text/html' })).status);
      } else {
        const form = new URLSearchParams({ ...(who.csrf ? { _csrf: who.csrf } : {}), ...body });
        got.push((await request(base, {
          method, path, body: form.toString(),
          headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded',
            ...(who.cookie ? { Cookie: `portal_session=${who.cookie}` } : {}) },
        })).status);
      }
    }
    assert.deepEqual(got, expected, `${method} ${path}`);
  }
  // The working-group home links to the stocktakes.
  const home = await coordinatorA.get('/l/hamilton/wg/', { Accept: 'text/html' });
  assert.ok(home.text.includes('href="/l/hamilton/wg/stocktakes"'));
});

test('a stocktake cannot fall due on a day already gone in New Zealand', async () => {
  const yesterday = sqlValue(stack, "SELECT (now() AT TIME ZONE 'Pacific/Auckland')::date - 1");
  const before = sqlValue(stack, 'SELECT count(*) FROM stocktakes');
  const res = await open(inz, valid({ name: `Late ${tag}`, due_on: yesterday }));
  assert.equal(res.status, 422, res.text);
  assert.match(res.json().error.fields.due_on, /past/);
  assert.equal(sqlValue(stack, 'SELECT count(*) FROM stocktakes'), before);
});

// Indicators with one meaning (issue 18): every figure is an indicator with
// a definition and the aggregation sum_of_periods; update figures are for
// the period since the update before, and totals are sums of periods shown
// beside them, never added again.  The demo's employment initiative in
// Hamilton ("6 into work", "19", "31 to date") is period figures 6, 13 and
// 12 totalling 31 on its page, in the working group's list, in a stocktake
// snapshot, on the national overview and in the exports; the migration
// reads old running totals the same way; admins add national indicators,
// coordinators their location's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { client, signIn, postForm as submitForm } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const tag = `i${process.pid}${Date.now().toString(36)}`;
const EMPLOYMENT = 'Refugee employment pathway working party';
let stack, base, inz, admin, coordinator, member, member2, observer, nelson, anonymous;
let employment;

after(() => stack?.stop());

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [inz, admin, coordinator, member, member2, observer, nelson] = await Promise.all([
    signIn(base, 'inz@portal.demo'),
    signIn(base, 'admin@portal.demo'),
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'member2.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'coordinator.nelson@portal.demo'),
  ]);
  anonymous = client(base);
  employment = Number(sqlValue(stack, `SELECT i.id FROM initiatives i JOIN locations l ON l.id = i.location_id
    WHERE l.slug = 'hamilton' AND i.title = ${quote(EMPLOYMENT)}`));
  assert.ok(employment > 0, 'the demo employment initiative');
});

const html = (who, path) => who.get(path, { Accept: 'text/html' });
const postForm = (who, path, fields) => submitForm(who, base, path, fields);
const byKey = (list) => Object.fromEntries(list.map((x) => [x.key, x]));

test('the four figures are national indicators with definitions, units and aggregation', async () => {
  const res = await anonymous.get('/api/v1/indicators');
  assert.equal(res.status, 200, res.text);
  const items = byKey(res.json().items);
  for (const key of ['people_reached', 'sessions_held', 'volunteers', 'into_work']) {
    assert.ok(items[key], key);
    assert.equal(items[key].aggregation, 'sum_of_periods');
    assert.equal(items[key].location, null);
    assert.match(items[key].definition, /in the period since the previous update/);
    assert.ok(items[key].unit);
  }
  assert.equal(items.into_work.name, 'People into work or training');
  assert.equal(items.sessions_held.unit, 'sessions');
  assert.equal(res.json().next, null);
  const page = await html(inz, '/national/indicators');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('<tr data-indicator="into_work"><th scope="row">People into work or training</th>'));
});

test('6 → 19 → "31 to date" is period figures 6, 13, 12 with running totals on the initiative page', async () => {
  const res = await member.get(`/api/v1/locations/hamilton/initiatives/${employment}`);
  assert.equal(res.status, 200, res.text);
  const ini = res.json();
  const oldestFirst = [...ini.updates].reverse();
  assert.deepEqual(oldestFirst.map((u) => u.into_work), [6, 13, 12]);
  assert.deepEqual(oldestFirst.map((u) => byKey(u.figures).into_work.to_date), [6, 19, 31]);
  assert.deepEqual(oldestFirst.map((u) => byKey(u.figures).into_work.value), [6, 13, 12]);
  assert.equal(byKey(ini.totals).into_work.total, 31);
  assert.equal(byKey(ini.totals).into_work.unconfirmed, 0);
  // The same through the updates list.
  const list = (await member.get(`/api/v1/locations/hamilton/initiatives/${employment}/updates`)).json();
  assert.deepEqual(list.items.map((u) => u.into_work).reverse(), [6, 13, 12]);
  // The page: the period figure with its running total beside it, and the
  // total to date once.
  const page = await html(member, `/l/hamilton/initiatives/${employment}`);
  for (const [period, total] of [[6, 6], [13, 19], [12, 31]]) {
    assert.ok(page.text.includes(`<li data-indicator="into_work">People into work or training: ${period} in this period <span class="to-date">(${total} to date)</span>`),
      `${period} (${total} to date)`);
  }
  assert.ok(page.text.includes('<tr data-indicator="into_work"><th scope="row">People into work or training</th><td>31</td><td>0</td></tr>'));
  assert.doesNotMatch(page.text, /\b56\b/);
  // The public page of the published initiative says the same.
  const pub = await anonymous.get(`/api/v1/locations/hamilton/initiatives/${employment}`);
  assert.equal(pub.status, 200, 'the demo publishes it');
  assert.equal(byKey(pub.json().totals).into_work.total, 31);
});

test('the working-group list shows 31 to date', async () => {
  const res = await member.get('/api/v1/locations/hamilton/initiatives?q=employment%20pathway');
  assert.equal(res.status, 200, res.text);
  const item = res.json().items.find((i) => i.id === employment);
  assert.equal(byKey(item.totals).into_work.total, 31);
  const page = await html(member, '/l/hamilton/wg/initiatives?q=employment%20pathway');
  const row = page.text.split('<tr>').find((r) => r.includes(`/initiatives/${employment}"`));
  assert.ok(row, 'the initiative\'s row');
  assert.ok(row.includes('<li data-indicator="into_work">People into work or training: 31</li>'), row);
});

test('the national overview and its totals count 31 for Hamilton, from confirmed figures', async () => {
  const res = await inz.get('/api/v1/national/overview?limit=100');
  assert.equal(res.status, 200, res.text);
  const body = res.json();
  const hamilton = body.items.find((l) => l.slug === 'hamilton');
  // In the demo it is the only Hamilton initiative with people into work
  // (others are this suite's, when it runs again on the same stack).
  const others = Number(sqlValue(stack, `SELECT coalesce(sum(f.value), 0) FROM update_figures f
    JOIN indicators d ON d.id = f.indicator_id AND d.key = 'into_work' JOIN locations l ON l.id = f.location_id
    WHERE l.slug = 'hamilton' AND f.initiative_id <> ${employment} AND f.replaced_at IS NULL
    AND f.confirmed_at IS NOT NULL`));
  assert.equal(hamilton.figures.into_work, 31 + others);
  assert.equal(byKey(hamilton.figure_cells).into_work.total, 31 + others);
  // The national total is the sum of the locations' (every active location
  // is on this page), recomputed from the database's confirmed figures.
  const sum = body.items.reduce((n, l) => n + (l.figures.into_work || 0), 0);
  assert.equal(byKey(body.indicators).into_work.total, sum);
  assert.equal(String(sum), sqlValue(stack, `SELECT coalesce(sum(f.value), 0) FROM update_figures f
    JOIN indicators d ON d.id = f.indicator_id JOIN locations l ON l.id = f.location_id
    WHERE d.key = 'into_work' AND f.replaced_at IS NULL AND f.confirmed_at IS NOT NULL
    AND l.status = 'active'`));
  const page = await html(inz, '/national/?limit=100');
  const row = page.text.split('<tr data-location="hamilton">').map((r) => r.split('</tr>')[0])
    .find((r) => r.includes('data-indicator="into_work"'));
  assert.ok(row && row.includes(`<td data-indicator="into_work">${31 + others}</td>`), 'the figures table row');
});

test('exports: the updates export has period figures 6, 13, 12 and running totals 6, 19, 31', async () => {
  for (const path of ['/api/v1/locations/hamilton/exports/updates', '/api/v1/national/exports/updates?location=hamilton']) {
    const who = path.includes('national') ? inz : member;
    const res = await who.get(path);
    assert.equal(res.status, 200, res.text);
    const rows = res.json().items.filter((u) => u.initiative_id === employment);
    assert.deepEqual(rows.map((u) => u.into_work), [6, 13, 12], path);
    assert.deepEqual(rows.map((u) => u.into_work_to_date), [6, 19, 31], path);
    const csv = await who.get(`${path}${path.includes('?') ? '&' : '?'}format=csv`);
    const header = csv.text.split('\r\n')[0].split(',').map((c) => c.replace(/"/g, ''));
    const idx = (c) => header.indexOf(c);
    const lines = csv.text.split('\r\n').filter((l) => l.includes(`,${employment},"${EMPLOYMENT}"`));
    assert.equal(lines.length, 3, 'three updates in the CSV');
    assert.ok(idx('into_work_to_date') > 0 && idx('into_work') > 0);
  }
});

test('a stocktake snapshot keeps 31 (not 56), and the snapshots export says so', async () => {
  const open = await inz.call('POST', '/api/v1/national/stocktakes',
    { name: `Indicators ${tag}`, question: 'What ran?', due_on: '2030-06-30' });
  assert.equal(open.status, 201, open.text);
  const id = open.json().id;
  try {
    const done = await coordinator.call('POST', `/api/v1/locations/hamilton/stocktakes/${id}/return`, { note: 'Figures.' });
    assert.equal(done.status, 201, done.text);
    const snap = (await inz.get(`/api/v1/national/stocktakes/${id}/locations/hamilton`)).json();
    const row = snap.items.find((s) => s.initiative_id === employment);
    assert.equal(row.into_work, 31);
    assert.equal(row.data.figures.into_work, 31);
    assert.equal(row.people_reached, 120);
    const exp = (await inz.get('/api/v1/national/exports/snapshots?location=hamilton')).json();
    const kept = exp.items.find((s) => s.stocktake_id === id && s.initiative_id === employment);
    assert.equal(kept.into_work, 31);
  } finally {
    assert.equal((await admin.call('POST', `/api/v1/national/stocktakes/${id}/close`)).status, 200);
  }
});

test('a new update records period figures for every indicator; totals add the periods', async () => {
  const ini = await member.call('POST', '/api/v1/locations/hamilton/initiatives',
    { title: `Figures ${tag}`, area: 'pathways', elements: ['participation'], status: 'idea' });
  assert.equal(ini.status, 201, ini.text);
  const id = ini.json().id;
  const path = `/api/v1/locations/hamilton/initiatives/${id}/updates`;
  const one = await member.call('POST', path, { date: '2026-01-10', body: 'First.', into_work: 4, volunteers: 2 });
  assert.equal(one.status, 201, one.text);
  assert.equal(one.json().into_work, 4);
  assert.equal(one.json().people_reached, null);
  assert.deepEqual(byKey(one.json().figures).into_work, { key: 'into_work', name: 'People into work or training',
    unit: 'people', value: 4, to_date: 4, confirmed: false });
  const two = await member2.call('POST', path, { date: '2026-02-10', body: 'Second.', into_work: 3 });
  assert.equal(byKey(two.json().figures).into_work.to_date, 7);
  // An update dated before both counts in the totals after it.
  const early = await member.call('POST', path, { date: '2025-12-01', body: 'Earlier.', into_work: 1 });
  assert.equal(byKey(early.json().figures).into_work.to_date, 1);
  const got = (await member.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json();
  assert.deepEqual([...got.updates].reverse().map((u) => byKey(u.figures).into_work.to_date), [1, 5, 8]);
  assert.equal(byKey(got.totals).into_work.total, 8);
  assert.equal(byKey(got.totals).into_work.unconfirmed, 8, 'nobody has confirmed them');
  assert.equal(byKey(got.totals).volunteers.total, 2);
  // Kept as rows of update_figures, the old columns left empty; audited.
  assert.equal(sqlValue(stack, `SELECT count(*) FROM update_figures WHERE initiative_id = ${id}`), '4');
  assert.equal(sqlValue(stack, `SELECT count(*) FROM initiative_updates WHERE initiative_id = ${id}
    AND (into_work IS NOT NULL OR volunteers IS NOT NULL)`), '0');
  assert.equal(sqlValue(stack, `SELECT detail->'figures'->>'into_work' FROM audit_log
    WHERE action = 'initiative_update_added' AND (detail->>'update_id')::bigint = ${one.json().id}`), '4');
  // A bad figure: 422 naming it, nothing kept; the form again with the message.
  const bad = await member.call('POST', path, { body: 'x', into_work: -1 });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.into_work);
  const { status, text } = await postForm(member, `/l/hamilton/initiatives/${id}/updates`, { body: 'typed', sessions_held: 'lots' });
  assert.equal(status, 422);
  assert.ok(text.includes('<p class="field-error" id="sessions_held-error">Sessions held must be a whole number from 0 to 1000000</p>'));
  assert.ok(text.includes('id="sessions_held" name="sessions_held" inputmode="numeric" value="lots"'));
  assert.equal(sqlValue(stack, `SELECT count(*) FROM initiative_updates WHERE initiative_id = ${id}`), '3');
});

test('the migration reads old figures: a rising series as running totals, any other as periods, keeping what was typed', async () => {
  // An initiative recorded the old way, straight into the old columns.
  const id = Number(sqlValue(stack, `WITH i AS (INSERT INTO initiatives (location_id, title, area, elements, created_by)
      SELECT l.id, ${quote(`Old figures ${tag}`)}, 'pathways', ARRAY['participation'], u.id
        FROM locations l, users u WHERE l.slug = 'hamilton' AND u.email = 'member.hamilton@portal.demo'
      RETURNING id, location_id, created_by)
    , u AS (INSERT INTO initiative_updates (location_id, initiative_id, date, body, people_reached, into_work, author_id)
      SELECT i.location_id, i.id, d.date, d.body, d.people, d.work, i.created_by FROM i,
        (VALUES ('2025-12-10'::date, '6 into work.', 10, 6), ('2026-06-30', '19 into work.', 5, 19),
                ('2026-11-16', '31 into work to date.', 7, 31)) d (date, body, people, work)
      RETURNING 1)
    SELECT id FROM i, (SELECT count(*) FROM u) n;`).split('\n')[0]);
  assert.equal(sqlValue(stack, 'SELECT update_figures_migrate() > 0'), 't');
  const ini = (await member.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json();
  const oldestFirst = [...ini.updates].reverse();
  assert.deepEqual(oldestFirst.map((u) => u.into_work), [6, 13, 12]);
  assert.deepEqual(oldestFirst.map((u) => u.people_reached), [10, 5, 7], 'a series that falls is periods');
  assert.equal(byKey(ini.totals).into_work.total, 31);
  assert.equal(byKey(ini.totals).people_reached.total, 22);
  assert.deepEqual(sql(stack, `SELECT d.key, f.basis, count(*) FROM update_figures f JOIN indicators d ON d.id = f.indicator_id
    WHERE f.initiative_id = ${id} GROUP BY 1, 2 ORDER BY 1`),
  [['into_work', 'migrated_running_total', '3'], ['people_reached', 'migrated_period', '3']]);
  // What was typed is still there; running it again changes nothing.
  assert.equal(sqlValue(stack, `SELECT string_agg(into_work::text, ',' ORDER BY date) FROM initiative_updates
    WHERE initiative_id = ${id}`), '6,19,31');
  assert.equal(sqlValue(stack, 'SELECT update_figures_migrate()'), '0');
});

test('admins add national indicators, coordinators their location\'s own; others may not', async () => {
  const national = { key: `nat_${tag}`, name: `National ${tag}`, definition: 'Households housed in the period since the previous update.', unit: 'households' };
  assert.equal((await inz.call('POST', '/api/v1/indicators', national)).status, 403, 'INZ staff read, the admin adds');
  assert.equal((await member.call('POST', '/api/v1/indicators', national)).status, 403);
  const made = await admin.call('POST', '/api/v1/indicators', national);
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.json(), { ...national, aggregation: 'sum_of_periods', location: null });
  assert.equal((await admin.call('POST', '/api/v1/indicators', national)).status, 409, 'a key once');
  for (const [fields, field] of [[{ key: 'Bad Key' }, 'key'], [{ key: '' }, 'key'], [{ name: ' ' }, 'name'],
    [{ definition: '' }, 'definition'], [{ unit: 'x'.repeat(41) }, 'unit']]) {
    const res = await admin.call('POST', '/api/v1/indicators', { ...national, key: `other_${tag}`, ...fields });
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.ok(res.json().error.fields[field], res.text);
  }
  const own = { key: `mentors_${tag}`, name: 'Mentors matched', definition: 'Mentoring pairs started in the period since the previous update.', unit: 'pairs' };
  assert.equal((await member.call('POST', '/api/v1/locations/hamilton/indicators', own)).status, 403);
  assert.equal((await nelson.call('POST', '/api/v1/locations/hamilton/indicators', own)).status, 404);
  assert.equal((await coordinator.call('POST', '/api/v1/locations/hamilton/indicators', { ...own, key: national.key })).status, 409,
    'a location may not take a national key');
  const added = await coordinator.call('POST', '/api/v1/locations/hamilton/indicators', own);
  assert.equal(added.status, 201, added.text);
  assert.equal(added.json().location, 'hamilton');
  const listed = byKey((await anonymous.get('/api/v1/locations/hamilton/indicators')).json().items);
  assert.ok(listed[own.key] && listed[national.key] && listed.into_work);
  assert.equal(byKey((await anonymous.get('/api/v1/locations/nelson/indicators')).json().items)[own.key], undefined);
  assert.equal(byKey((await anonymous.get('/api/v1/indicators')).json().items)[own.key], undefined);
  // The location's own indicator on an update there, with its total; the
  // national one too.  In Nelson the key means nothing and is not kept.
  const mine = await member.call('POST', '/api/v1/locations/hamilton/initiatives',
    { title: `Own figures ${tag}`, area: 'pathways', elements: ['participation'], status: 'idea' });
  const path = `/api/v1/locations/hamilton/initiatives/${mine.json().id}/updates`;
  const up = await member.call('POST', path, { date: '2026-11-30', body: `Own indicator ${tag}`, [own.key]: 4, [national.key]: 2 });
  assert.equal(up.status, 201, up.text);
  assert.equal(byKey(up.json().figures)[own.key].value, 4);
  assert.equal(byKey(up.json().figures)[national.key].to_date, 2);
  const page = await html(member, `/l/hamilton/initiatives/${mine.json().id}`);
  assert.ok(page.text.includes(`<label for="${own.key}">Mentors matched</label>`), 'the form asks for it');
  const nelsonIni = sqlValue(stack, `SELECT i.id FROM initiatives i JOIN locations l ON l.id = i.location_id
    WHERE l.slug = 'nelson' ORDER BY i.id LIMIT 1`);
  const there = await nelson.call('POST', `/api/v1/locations/nelson/initiatives/${nelsonIni}/updates`,
    { body: `Not here ${tag}`, [own.key]: 4 });
  assert.equal(there.status, 201, there.text);
  assert.equal(byKey(there.json().figures)[own.key], undefined);
  // The pages: the form for those who may add, the list for the others.
  const wg = await html(coordinator, '/l/hamilton/wg/indicators');
  assert.ok(wg.text.includes('<form method="post"'));
  assert.ok(wg.text.includes(`<tr data-indicator="${own.key}">`));
  assert.doesNotMatch((await html(observer, '/l/hamilton/wg/indicators')).text, /<form method="post" class="stack"/);
  const { status, text } = await postForm(coordinator, '/l/hamilton/wg/indicators', { key: 'Nope', name: 'n', definition: 'd', unit: 'u' });
  assert.equal(status, 422);
  assert.ok(text.includes('<p class="field-error" id="key-error">Key must be 2 to 40 lower-case letters'));
  assert.ok(text.includes(`<tr data-indicator="${own.key}">`), 'the list again beside the form');
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'indicator_added'
    AND detail->>'key' IN (${quote(own.key)}, ${quote(national.key)})`), '2');
});

// Verification: a figure counts nationally once a member or coordinator
// other than the person who entered it has confirmed it; corrections keep
// the old figure in the history and the audit trail.
const overview = async () => (await inz.get('/api/v1/national/overview?limit=100')).json();
const hamiltonOf = (o) => o.items.find((l) => l.slug === 'hamilton');
let checked;

test('an unconfirmed figure is shown as such and absent from national totals until someone else confirms it', async () => {
  const before = await overview();
  const ini = await member.call('POST', '/api/v1/locations/hamilton/initiatives',
    { title: `Verified ${tag}`, area: 'pathways', elements: ['participation'], status: 'active' });
  const id = ini.json().id;
  const up = await member.call('POST', `/api/v1/locations/hamilton/initiatives/${id}/updates`,
    { date: '2026-11-01', body: 'Five into work.', into_work: 5 });
  assert.equal(up.status, 201, up.text);
  checked = { id, update: up.json().id };
  let now = await overview();
  assert.equal(hamiltonOf(now).figures.into_work, hamiltonOf(before).figures.into_work, 'not counted yet');
  assert.equal(byKey(now.indicators).into_work.total, byKey(before.indicators).into_work.total);
  assert.equal(hamiltonOf(now).unconfirmed_figures, hamiltonOf(before).unconfirmed_figures + 1);
  // The page says so; the author gets no button, another member does.
  const mine = await html(member, `/l/hamilton/initiatives/${id}`);
  assert.ok(mine.text.includes('People into work or training: 5 in this period <span class="to-date">(5 to date)</span> <span class="unconfirmed">not yet confirmed</span>'));
  assert.doesNotMatch(mine.text, /Confirm these figures/);
  const theirs = await html(member2, `/l/hamilton/initiatives/${id}`);
  assert.ok(theirs.text.includes(`action="/l/hamilton/initiatives/${id}/updates/${checked.update}/confirm"`));
  assert.doesNotMatch((await html(observer, `/l/hamilton/initiatives/${id}`)).text, /Confirm these figures/);
  // Not the author, not an observer, not another location.
  const path = `/api/v1/locations/hamilton/initiatives/${id}/updates/${checked.update}/confirm`;
  assert.equal((await member.call('POST', path)).status, 403);
  assert.equal((await observer.call('POST', path)).status, 403);
  assert.equal((await nelson.call('POST', path)).status, 404);
  assert.equal((await member2.call('POST', `/api/v1/locations/hamilton/initiatives/${id}/updates/999999999/confirm`)).status, 404);
  const ok = await member2.call('POST', path);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(byKey(ok.json().figures).into_work.confirmed, true);
  assert.equal(ok.json().history[0].confirmed_by, member2.user.display_name);
  assert.equal((await coordinator.call('POST', path)).status, 409, 'nothing left to confirm');
  now = await overview();
  assert.equal(hamiltonOf(now).figures.into_work, hamiltonOf(before).figures.into_work + 5);
  assert.equal(byKey(now.indicators).into_work.total, byKey(before.indicators).into_work.total + 5);
  assert.equal(hamiltonOf(now).unconfirmed_figures, hamiltonOf(before).unconfirmed_figures);
  assert.equal(sqlValue(stack, `SELECT detail->'figures'->>'into_work' FROM audit_log
    WHERE action = 'update_figures_confirmed' AND (detail->>'update_id')::bigint = ${checked.update}`), '5');
  // The page's button: a form post, back to the update.
  const second = await member.call('POST', `/api/v1/locations/hamilton/initiatives/${id}/updates`,
    { date: '2026-11-02', body: 'Two more.', into_work: 2 });
  const form = await postForm(coordinator, `/l/hamilton/initiatives/${id}/updates/${second.json().id}/confirm`, {});
  assert.equal(form.status, 303);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM update_figures WHERE update_id = ${second.json().id}
    AND confirmed_at IS NOT NULL`), '1');
});

test('a correction keeps the old figure in the history and the audit trail, and waits for confirmation again', async () => {
  const { id, update } = checked;
  const path = `/api/v1/locations/hamilton/initiatives/${id}/updates/${update}`;
  const before = await overview();
  assert.equal((await observer.call('PATCH', path, { into_work: 7 })).status, 403);
  const bad = await coordinator.call('PATCH', path, { into_work: 'seven' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.into_work);
  assert.equal((await coordinator.call('PATCH', path, { into_work: 5 })).status, 422, 'no change');
  const res = await coordinator.call('PATCH', path, { into_work: 7, volunteers: 1 });
  assert.equal(res.status, 200, res.text);
  const figures = byKey(res.json().figures);
  assert.equal(figures.into_work.value, 7);
  assert.equal(figures.into_work.confirmed, false);
  assert.equal(figures.volunteers.value, 1);
  const history = res.json().history.filter((h) => h.key === 'into_work');
  assert.deepEqual(history.map((h) => [h.value, h.entered_by, h.confirmed_by, h.replaced_by]), [
    [5, member.user.display_name, member2.user.display_name, coordinator.user.display_name],
    [7, coordinator.user.display_name, null, null],
  ]);
  assert.match(history[0].replaced_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // The same on reading it back; the initiative's total is the new figure.
  const got = await observer.get(path);
  assert.deepEqual(got.json().history, res.json().history);
  assert.equal(byKey((await member.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json().totals).into_work.total, 9);
  const changes = JSON.parse(sqlValue(stack, `SELECT detail->'changes' FROM audit_log
    WHERE action = 'update_figures_corrected' AND (detail->>'update_id')::bigint = ${update}`));
  assert.deepEqual(changes.sort((a, b) => a.key.localeCompare(b.key)),
    [{ key: 'into_work', from: 5, to: 7 }, { key: 'volunteers', from: null, to: 1 }]);
  // Unconfirmed again: out of the national totals until confirmed.
  const now = await overview();
  assert.equal(hamiltonOf(now).figures.into_work, hamiltonOf(before).figures.into_work - 5);
  const again = await member2.call('POST', `${path}/confirm`);
  assert.equal(again.status, 200, again.text);
  assert.equal(hamiltonOf(await overview()).figures.into_work, hamiltonOf(before).figures.into_work + 2);
});

// Targets, baselines and breakdowns with privacy (issue 18, sql/031).
// An initiative sets per indicator a baseline, a target and a date; its
// page, the working group's list and the national overview show progress
// (running total against target).  A figure may be broken down by
// community, language, gender and age band, each adding up to the figure
// (422 otherwise).  An update's breakdowns are the lead location's working
// group's alone; everyone else sees breakdowns at one level only, each
// location's sums, where every count under 5 is "suppressed" with as many
// others as keep it from being worked out from the total, in the national
// overview and the exports (docs/privacy.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { client, signIn, postForm as submitForm } from './lib/session.mjs';
import { sqlValue } from './lib/db.mjs';
import { publicWithin } from './lib/http.mjs';

const tag = `t${process.pid}${Date.now().toString(36)}`;
let stack, base, inz, coordinator, member, member2, observer, nelson, anonymous;

after(() => stack?.stop());

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [inz, coordinator, member, member2, observer, nelson] = await Promise.all([
    signIn(base, 'inz@portal.demo'),
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'member2.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'coordinator.nelson@portal.demo'),
  ]);
  anonymous = client(base);
});

const html = (who, path) => who.get(path, { Accept: 'text/html' });
const postForm = (who, path, fields) => submitForm(who, base, path, fields);
const byKey = (list, key = 'key') => Object.fromEntries(list.map((x) => [x[key], x]));

async function initiative(title, visibility = 'working_group') {
  const res = await member.call('POST', '/api/v1/locations/hamilton/initiatives',
    { title, area: 'knowledge_skills', elements: ['participation'], status: 'active', visibility });
  assert.equal(res.status, 201, res.text);
  return res.json().id;
}

test('a target with a baseline and date: progress on the page, in JSON and in the working group list', async () => {
  const id = await initiative(`Targets ${tag}`);
  const path = `/api/v1/locations/hamilton/initiatives/${id}/targets/into_work`;
  const set = await member.call('PUT', path, { baseline: 2, target: 40, by: '2027-06-30' });
  assert.equal(set.status, 200, set.text);
  assert.deepEqual(set.json().targets, [{ indicator: 'into_work', name: 'People into work or training',
    unit: 'people', baseline: 2, target: 40, by: '2027-06-30', to_date: 0, percent: 0 }]);
  const updates = `/api/v1/locations/hamilton/initiatives/${id}/updates`;
  assert.equal((await member.call('POST', updates, { date: '2026-03-01', body: 'Six.', into_work: 6 })).status, 201);
  assert.equal((await member.call('POST', updates, { date: '2026-05-01', body: 'Four.', into_work: 4 })).status, 201);
  const ini = (await member.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json();
  assert.deepEqual(byKey(ini.targets, 'indicator').into_work,
    { indicator: 'into_work', name: 'People into work or training', unit: 'people', baseline: 2, target: 40,
      by: '2027-06-30', to_date: 10, percent: 25 });
  // Reset: the same indicator's target changes, no second row.
  assert.equal((await coordinator.call('PUT', path, { baseline: 0, target: 20, by: '2027-12-31' })).status, 200);
  const again = (await member.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json();
  assert.equal(again.targets.length, 1);
  assert.equal(again.targets[0].percent, 50);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'initiative_target_set'
    AND (detail->>'initiative_id')::bigint = ${id}`), '2');
  // The page's table, and the working group's list (JSON and page).
  const page = await html(member, `/l/hamilton/initiatives/${id}`);
  assert.ok(page.text.includes('<tr data-indicator="into_work"><th scope="row">People into work or training</th><td>0</td><td>20</td>'), page.text);
  assert.match(page.text, /<td class="progress">50%<\/td>/);
  assert.match(page.text, /id="set-target"/);
  const list = (await member.get(`/api/v1/locations/hamilton/initiatives?q=${encodeURIComponent(`Targets ${tag}`)}`)).json();
  assert.equal(list.items.length, 1);
  assert.equal(list.items[0].targets[0].percent, 50);
  const listPage = await html(member, `/l/hamilton/wg/initiatives?q=${encodeURIComponent(`Targets ${tag}`)}`);
  assert.ok(listPage.text.includes('<li data-target="into_work">People into work or training: 10 of 20 by'), listPage.text);
  // Observers read but get no form; the form sets a target too.
  assert.doesNotMatch((await html(observer, `/l/hamilton/initiatives/${id}`)).text, /id="set-target"/);
  const form = await postForm(member, `/l/hamilton/initiatives/${id}/targets`,
    { indicator: 'people_reached', baseline: '10', target: '200', by: '2027-06-30' });
  assert.equal(form.status, 303, form.text);
  assert.equal(form.location, `/l/hamilton/initiatives/${id}#targets`);
  assert.equal((await member.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json().targets.length, 2);
  // Removed.
  assert.equal((await member.call('DELETE', `/api/v1/locations/hamilton/initiatives/${id}/targets/people_reached`)).status, 200);
  assert.equal((await member.call('DELETE', `/api/v1/locations/hamilton/initiatives/${id}/targets/people_reached`)).status, 404);
});

test('bad targets are refused with 422 naming the field; others may not set them', async () => {
  const id = await initiative(`Bad targets ${tag}`);
  const path = (k) => `/api/v1/locations/hamilton/initiatives/${id}/targets/${k}`;
  const cases = [
    [{ baseline: -1, target: 10, by: '2027-01-01' }, 'baseline'],
    [{ baseline: 0, target: 'many', by: '2027-01-01' }, 'target'],
    [{ baseline: 0, target: 10, by: '2027-13-01' }, 'by'],
    [{ baseline: 0, target: 10 }, 'by'],
    [{ target: 10, by: '2027-01-01' }, 'baseline'],
    [{ baseline: 0, target: 1e9, by: '2027-01-01' }, 'target'],
  ];
  for (const [body, field] of cases) {
    const res = await member.call('PUT', path('into_work'), body);
    assert.equal(res.status, 422, `${JSON.stringify(body)}: ${res.text}`);
    assert.ok(res.json().error.fields[field], `${field} named: ${res.text}`);
  }
  const unknown = await member.call('PUT', path('no_such_indicator'), { baseline: 0, target: 1, by: '2027-01-01' });
  assert.equal(unknown.status, 422);
  assert.ok(unknown.json().error.fields.indicator);
  // The form again with the message by the field.
  const form = await postForm(member, `/l/hamilton/initiatives/${id}/targets`,
    { indicator: 'into_work', baseline: 'x', target: '5', by: '2027-01-01' });
  assert.equal(form.status, 422);
  assert.ok(form.text.includes('<p class="field-error" id="target-baseline-error">Baseline must be a whole number from 0 to 100000000</p>'), form.text);
  assert.ok(form.text.includes('name="baseline" inputmode="numeric" value="x"'));
  assert.equal(sqlValue(stack, `SELECT count(*) FROM initiative_targets WHERE initiative_id = ${id}`), '0');
  const ok = { baseline: 0, target: 5, by: '2027-01-01' };
  assert.equal((await observer.call('PUT', path('into_work'), ok)).status, 403);
  assert.equal((await nelson.call('PUT', path('into_work'), ok)).status, 404);
  assert.equal((await inz.call('PUT', path('into_work'), ok)).status, 403);
  assert.equal((await anonymous.call('PUT', path('into_work'), ok)).status, 401);
});

// A location's own indicator keeps this file's breakdowns apart from
// every other test's figures.
let key, brokenId, brokenUpdate;

test('breakdowns must add up to the figure: 422 naming the dimension, nothing kept', async () => {
  key = `b_${tag}`.slice(0, 40);
  const ind = await coordinator.call('POST', '/api/v1/locations/hamilton/indicators',
    { key, name: `Reached ${tag}`, definition: 'People reached in the period.', unit: 'people' });
  assert.equal(ind.status, 201, ind.text);
  brokenId = await initiative(`Breakdowns ${tag}`, 'public');
  const path = `/api/v1/locations/hamilton/initiatives/${brokenId}/updates`;
  const post = (breakdowns, figure = 32) => member.call('POST', path,
    { date: '2026-04-01', body: 'Broken down.', [key]: figure, breakdowns });
  const cases = [
    [{ [key]: { community: { syrian: 9, afghan: 3, somali: 19 } } }, `breakdowns.${key}.community`, /add up to the figure, 32; these add up to 31/],
    [{ [key]: { gender: { female: 30 } } }, `breakdowns.${key}.gender`, /add up/],
    [{ [key]: { community: { klingon: 32 } } }, `breakdowns.${key}.community`, /not on the list/],
    [{ [key]: { language: { xx: 32 } } }, `breakdowns.${key}.language`, /does not have/],
    [{ [key]: { age_band: { '0_14': -1, '15_24': 33 } } }, `breakdowns.${key}.age_band`, /whole numbers/],
    [{ [key]: { religion: { any: 32 } } }, `breakdowns.${key}`, /dimensions are/],
    [{ into_work: { gender: { male: 32 } } }, 'breakdowns', /no figure/],
    [[1, 2], 'breakdowns', /must be an object/],
  ];
  for (const [b, field, message] of cases) {
    const res = await post(b);
    assert.equal(res.status, 422, `${JSON.stringify(b)}: ${res.text}`);
    assert.match(res.json().error.fields[field] || '', message, res.text);
  }
  assert.equal(sqlValue(stack, `SELECT count(*) FROM initiative_updates WHERE initiative_id = ${brokenId}`), '0');
  const ok = await post({ [key]: {
    community: { syrian: 9, afghan: 3, somali: 20 },
    gender: { female: 16, male: 16 },
    language: { ar: 12, so: 20 },
    age_band: { '25_44': 30, '65_plus': 2 },
  } });
  assert.equal(ok.status, 201, ok.text);
  brokenUpdate = ok.json().id;
  // The author's working group sees the counts as entered.
  assert.deepEqual(ok.json().breakdowns[key].community, { syrian: 9, afghan: 3, somali: 20 });
  assert.equal(sqlValue(stack, `SELECT sum(count) FROM figure_breakdowns b JOIN update_figures f ON f.id = b.figure_id
    WHERE f.update_id = ${brokenUpdate} AND b.dimension = 'gender'`), '32');
});

// The location's sums of the one confirmed figure, suppressed: each "3"
// or "2" goes with the next smallest cell, under one label.
const SUPPRESSED = {
  community: { syrian: 'suppressed', afghan: 'suppressed', somali: 20 },
  gender: { female: 16, male: 16 },
  language: { ar: 12, so: 20 },
  age_band: { '25_44': 'suppressed', '65_plus': 'suppressed' },
};

// An update's own breakdowns would, beside the location's suppressed sums,
// give back every hidden cell by subtraction (docs/privacy.md): outside
// the working group they are not published at all.
test('the location\'s own working group sees an update\'s raw counts; the public and INZ see no per-update breakdowns', async () => {
  const one = `/api/v1/locations/hamilton/initiatives/${brokenId}/updates/${brokenUpdate}`;
  for (const who of [member, member2, observer, coordinator]) {
    const res = await who.get(one);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json().breakdowns[key].age_band, { '25_44': 30, '65_plus': 2 });
  }
  const theirs = (await inz.get(one)).json();
  assert.equal(theirs.figures.find((f) => f.key === key).value, 32, JSON.stringify(theirs));
  assert.equal(theirs.breakdowns, undefined, JSON.stringify(theirs));
  const ini = (await inz.get(`/api/v1/locations/hamilton/initiatives/${brokenId}`)).json();
  assert.equal(ini.updates[0].breakdowns, undefined);
  const listed = (await inz.get(`/api/v1/locations/hamilton/initiatives/${brokenId}/updates`)).json();
  assert.equal(listed.items[0].breakdowns, undefined);
  assert.doesNotMatch((await html(inz, `/l/hamilton/initiatives/${brokenId}`)).text, /class="breakdowns"/);
  await publicWithin(async () => {
    const pub = await anonymous.get(`/api/v1/locations/hamilton/initiatives/${brokenId}`);
    assert.equal(pub.status, 200);
    assert.equal(pub.json().updates[0].breakdowns, undefined);
    const page = await html(anonymous, `/l/hamilton/initiatives/${brokenId}`);
    assert.doesNotMatch(page.text, /class="breakdowns"|data-value="afghan"|syrian: /);
    return true;
  });
  const raw = await html(member, `/l/hamilton/initiatives/${brokenId}`);
  assert.ok(raw.text.includes('<span class="tag" data-value="afghan">afghan: 3</span>'), raw.text);
});

// Every cell of a dimension: a suppressed one cannot be pinned down from
// the total and the cells shown: at least two hidden, each 1 or more, and
// their sum less one for each other 5 or more (unknown total: at least two).
function assertUnrecoverable(cells, total) {
  const shown = cells.filter((c) => typeof c === 'number');
  const hidden = cells.length - shown.length;
  if (hidden === 0) return;
  const sum = total === null ? null : total - shown.reduce((a, b) => a + b, 0);
  assert.ok(hidden >= 2, `a single hidden cell is ${sum}: ${JSON.stringify(cells)}`);
  if (sum !== null) assert.ok(sum - (hidden - 1) >= 5, `${hidden} hidden cells of ${sum} are each small: ${JSON.stringify(cells)}`);
}

test('national overview and exports: only confirmed figures, small cells suppressed and not derivable', async () => {
  const mine = (rows) => rows.filter((r) => r.indicator === key);
  // Unconfirmed: in no national view.
  let exp = (await inz.get('/api/v1/national/exports/breakdowns?location=hamilton')).json();
  assert.equal(mine(exp.items).length, 0);
  assert.equal((await member2.call('POST', `/api/v1/locations/hamilton/initiatives/${brokenId}/updates/${brokenUpdate}/confirm`)).status, 200);
  exp = (await inz.get('/api/v1/national/exports/breakdowns?location=hamilton')).json();
  assert.deepEqual(exp.columns, ['location', 'indicator', 'dimension', 'value', 'count']);
  const cells = (rows, dim) => Object.fromEntries(mine(rows).filter((r) => r.dimension === dim).map((r) => [r.value, r.count]));
  for (const dim of Object.keys(SUPPRESSED)) assert.deepEqual(cells(exp.items, dim), SUPPRESSED[dim], dim);
  // The figure's total, from the updates export: the hidden cells' sum
  // is all it gives.
  const ups = (await inz.get('/api/v1/national/exports/updates?location=hamilton')).json();
  const total = ups.items.filter((u) => u.figures[key]?.confirmed).reduce((a, u) => a + u.figures[key].value, 0);
  assert.equal(total, 32);
  for (const dim of Object.keys(SUPPRESSED)) assertUnrecoverable(Object.values(cells(exp.items, dim)), total);
  // Every dimension of every location in the national export.
  const all = (await inz.get('/api/v1/national/exports/breakdowns')).json().items;
  const groups = {};
  for (const r of all) (groups[`${r.location}/${r.indicator}/${r.dimension}`] ||= []).push(r);
  for (const rows of Object.values(groups)) {
    // A dimension suppressed whole: one row, no value.
    if (rows.length === 1 && rows[0].value === null) assert.equal(rows[0].count, 'suppressed');
    else assertUnrecoverable(rows.map((r) => r.count), null);
  }
  for (const r of all) assert.ok(typeof r.count === 'string' || r.count >= 5, JSON.stringify(r));
  // CSV: the same cells.
  const csv = await inz.get('/api/v1/national/exports/breakdowns?location=hamilton&format=csv');
  assert.equal(csv.status, 200);
  assert.ok(csv.text.includes(`"hamilton","${key}","community","afghan","suppressed"`), csv.text);
  assert.ok(csv.text.includes(`"hamilton","${key}","community","syrian","suppressed"`));
  assert.ok(csv.text.includes(`"hamilton","${key}","community","somali",20`));
  assert.ok(!csv.text.includes(`"afghan",3`));
  // The overview: the same rows for Hamilton, on the page too.
  const ov = (await inz.get('/api/v1/national/overview?limit=100')).json();
  const ham = ov.items.find((l) => l.slug === 'hamilton');
  assert.deepEqual(mine(ham.breakdowns), mine(exp.items));
  const page = await html(inz, '/national/?limit=100');
  assert.ok(page.text.includes(`<tr data-indicator="${key}" data-dimension="community" data-value="afghan"><td>${key}</td><td>community</td><td>afghan</td><td>suppressed</td></tr>`));
  // Exports of counts take no filter that two exports could be subtracted by.
  for (const q of ['fy=2025', 'from=2026-01-01', 'area=services']) {
    const res = await inz.get(`/api/v1/national/exports/breakdowns?${q}`);
    assert.equal(res.status, 400, q);
    assert.ok(Object.keys(res.json().error.fields).length === 1, res.text);
  }
  // The location's own export: raw for its working group, suppressed for INZ.
  const own = (await coordinator.get('/api/v1/locations/hamilton/exports/breakdowns')).json();
  assert.deepEqual(cells(own.items, 'community'), { syrian: 9, afghan: 3, somali: 20 });
  const theirs = (await inz.get('/api/v1/locations/hamilton/exports/breakdowns')).json();
  assert.deepEqual(cells(theirs.items, 'community'), SUPPRESSED.community);
});

test('targets in the national overview and export count confirmed figures only', async () => {
  const id = await initiative(`National targets ${tag}`);
  const before = byKey((await inz.get('/api/v1/national/overview')).json().targets).volunteers;
  assert.equal((await member.call('PUT', `/api/v1/locations/hamilton/initiatives/${id}/targets/volunteers`,
    { baseline: 0, target: 10, by: '2027-06-30' })).status, 200);
  const up = await member.call('POST', `/api/v1/locations/hamilton/initiatives/${id}/updates`,
    { date: '2026-07-01', body: 'Helpers.', volunteers: 4 });
  let now = byKey((await inz.get('/api/v1/national/overview')).json().targets).volunteers;
  assert.equal(now.initiatives, before.initiatives + 1);
  assert.equal(now.target, before.target + 10);
  assert.equal(now.to_date, before.to_date, 'not confirmed yet');
  assert.equal((await coordinator.call('POST', `/api/v1/locations/hamilton/initiatives/${id}/updates/${up.json().id}/confirm`)).status, 200);
  now = byKey((await inz.get('/api/v1/national/overview')).json().targets).volunteers;
  assert.equal(now.to_date, before.to_date + 4);
  const exp = (await inz.get('/api/v1/national/exports/targets?location=hamilton')).json();
  const row = exp.items.find((r) => r.initiative_id === id);
  assert.deepEqual(row, { location: 'hamilton', initiative_id: id, initiative_title: `National targets ${tag}`,
    indicator: 'volunteers', baseline: 0, target: 10, target_date: '2027-06-30', to_date: 4, percent: 40 });
  const page = await html(inz, '/national/');
  assert.match(page.text, /<tr data-indicator="volunteers"><th scope="row">Volunteers<\/th><td>\d+<\/td>/);
});

test('INZ keeps the list of communities breakdowns use', async () => {
  const list = (await anonymous.get('/api/v1/communities')).json();
  assert.ok(list.items.find((c) => c.key === 'syrian' && c.active));
  assert.equal(list.next, null);
  const ck = `c_${tag}`.slice(0, 40);
  const add = await inz.call('POST', '/api/v1/communities', { key: ck, name: 'Yazidi' });
  assert.equal(add.status, 201, add.text);
  assert.deepEqual(add.json(), { key: ck, name: 'Yazidi', position: 1000, active: true });
  assert.equal((await inz.call('POST', '/api/v1/communities', { key: ck, name: 'Again' })).status, 409);
  const bad = await inz.call('POST', '/api/v1/communities', { key: 'Bad Key', name: '' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.key && bad.json().error.fields.name);
  assert.equal((await coordinator.call('POST', '/api/v1/communities', { key: `x${ck}`.slice(0, 40), name: 'X' })).status, 403);
  assert.equal((await anonymous.call('POST', '/api/v1/communities', { key: `y${ck}`.slice(0, 40), name: 'Y' })).status, 401);
  // Usable at once.
  const up = await member.call('POST', `/api/v1/locations/hamilton/initiatives/${brokenId}/updates`,
    { date: '2026-08-01', body: 'Seven.', [key]: 7, breakdowns: { [key]: { community: { [ck]: 7 } } } });
  assert.equal(up.status, 201, up.text);
});

test('the demo: Hamilton\'s employment working party is 31 of its 50 into work; its first 6 by gender, to its working group only', async () => {
  const id = Number(sqlValue(stack, `SELECT i.id FROM initiatives i JOIN locations l ON l.id = i.location_id
    WHERE l.slug = 'hamilton' AND i.title = 'Refugee employment pathway working party'`));
  const ini = (await member.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json();
  assert.deepEqual(byKey(ini.targets, 'indicator').into_work, { indicator: 'into_work',
    name: 'People into work or training', unit: 'people', baseline: 0, target: 50, by: '2027-06-30',
    to_date: 31, percent: 62 });
  const first = ini.updates[ini.updates.length - 1];
  assert.deepEqual(first.breakdowns.into_work.gender, { female: 3, male: 3 });
  // INZ sees the update's figure, never its breakdown.
  const seen = (await inz.get(`/api/v1/locations/hamilton/initiatives/${id}`)).json();
  assert.equal(seen.updates[seen.updates.length - 1].into_work, 6);
  assert.equal(seen.updates[seen.updates.length - 1].breakdowns, undefined);
});

// (to_date * 100 / target)::integer overflowed past 21,474,836 against a
// target of 1: one member's figures turned the page and lists into 500s.
test('a running total far past its target: the percentage is capped, the pages still answer', async () => {
  const id = await initiative(`Overflow ${tag}`);
  // This file's own indicator: no other test's totals move.
  assert.equal((await member.call('PUT', `/api/v1/locations/hamilton/initiatives/${id}/targets/${key}`,
    { baseline: 0, target: 1, by: '2027-06-30' })).status, 200);
  for (let i = 0; i < 22; i++) {
    const res = await member.call('POST', `/api/v1/locations/hamilton/initiatives/${id}/updates`,
      { date: '2026-02-01', body: `Many ${i}.`, [key]: 1000000 });
    assert.equal(res.status, 201, res.text);
  }
  const ini = await member.get(`/api/v1/locations/hamilton/initiatives/${id}`);
  assert.equal(ini.status, 200, ini.text);
  assert.deepEqual(ini.json().targets.map((t) => [t.to_date, t.percent]), [[22000000, 2147483647]]);
  assert.equal((await html(member, `/l/hamilton/initiatives/${id}`)).status, 200);
  const list = await member.get(`/api/v1/locations/hamilton/initiatives?q=${encodeURIComponent(`Overflow ${tag}`)}`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json().items[0].targets[0].percent, 2147483647);
  assert.equal((await html(member, '/l/hamilton/wg/initiatives')).status, 200);
});

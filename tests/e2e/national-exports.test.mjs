// National exports for evaluation (issue 6, item 4): initiatives, updates
// with their figures, funding requests, payments and stocktake snapshots
// across every location,
// filtered by location, area, element, outcome area and a date range or New
// Zealand financial year (1 July to 30 June), as CSV and JSON; each export in
// the audit trail; bad filters refused naming the field; only INZ staff and
// admins reach them.  Fixtures are made through the API by the right people,
// with dates set as the database owner where the API sets them itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { register, signIn } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const NAT = '/api/v1/national/exports';
const tag = `nx${process.pid}${Date.now().toString(36)}`;
let stack, base, people, inz, admin;
const fx = {};	// the fixtures' ids

const COLUMNS = {
  initiatives: ['location', 'id', 'version', 'title', 'summary', 'area', 'elements', 'outcome_areas', 'status',
    'visibility', 'start_date', 'end_date', 'lead_name', 'partners', 'target_groups', 'created_at', 'updated_at',
    'published_at', 'scope', 'lead_location', 'locations', 'mainstream', 'lead_agency', 'funding_sources_text'],
  updates: ['location', 'id', 'initiative_id', 'initiative_title', 'date', 'body', 'people_reached', 'sessions_held',
    'volunteers', 'into_work', 'status_from', 'status_to', 'author_name', 'created_at',
    'people_reached_to_date', 'sessions_held_to_date', 'volunteers_to_date', 'into_work_to_date'],
  requests: ['location', 'id', 'round_id', 'round_name', 'state', 'title', 'area', 'elements', 'amount_cents',
    'approved_cents', 'paid_cents', 'beneficiary_count', 'applicant_name', 'initiative_id', 'submitted_at',
    'decided_at', 'paid_on', 'report_due_on'],
  payments: ['location', 'request_id', 'round_id', 'round_name', 'title', 'applicant_name', 'approved_cents',
    'paid_cents', 'paid_on', 'payment_reference', 'report_due_on', 'state'],
  snapshots: ['location', 'stocktake_id', 'stocktake_name', 'taken_at', 'initiative_id', 'title', 'summary', 'area',
    'elements', 'outcome_areas', 'status', 'visibility', 'start_date', 'end_date', 'lead_name', 'updates',
    'people_reached', 'sessions_held', 'volunteers', 'into_work', 'latest_update_on'],
};

// RFC 4180: quoted cells may hold commas, doubled quotes and line breaks;
// records end with CRLF.
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false, i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i += 1; continue; }
      cell += ch; i += 1; continue;
    }
    if (ch === '"') { quoted = true; i += 1; continue; }
    if (ch === ',') { row.push(cell); cell = ''; i += 1; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    assert.notEqual(ch, '\n', 'a bare line feed only inside a quoted cell');
    cell += ch; i += 1;
  }
  assert.equal(cell, '', 'the last record ends with CRLF');
  assert.equal(row.length, 0);
  return rows;
}

const asObjects = ([header, ...rows]) => rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]])));
const mine = (items, key = 'title') => items.filter((r) => String(r[key] ?? r.initiative_title ?? '').includes(tag));

async function exportJson(who, name, query = '') {
  const res = await who.get(`${NAT}/${name}${query ? `?${query}` : ''}`);
  assert.equal(res.status, 200, `${name}?${query}: ${res.text}`);
  return res.json();
}
// The ids of this file's rows in an export, sorted.
async function ids(name, query, key = 'id') {
  const body = await exportJson(inz, name, query);
  return mine(body.items).map((r) => r[key]).sort((a, b) => a - b);
}
const sorted = (...xs) => xs.sort((a, b) => a - b);

// ---------------------------------------------------------------- fixtures

async function initiative(who, slug, body) {
  const res = await who.call('POST', `/api/v1/locations/${slug}/initiatives`, {
    summary: `For the national export ${tag}.`, status: 'active', ...body,
  });
  assert.equal(res.status, 201, res.text);
  return res.json().id;
}

async function update(who, slug, id, body) {
  const res = await who.call('POST', `/api/v1/locations/${slug}/initiatives/${id}/updates`, body);
  assert.equal(res.status, 201, res.text);
  return res.json().id ?? Number(sqlValue(stack, `SELECT max(id) FROM initiative_updates WHERE initiative_id = ${id}`));
}

async function round(slug, coordinator) {
  const res = await coordinator.call('POST', `/api/v1/locations/${slug}/rounds`, {
    name: `Export round ${tag}`, pool_cents: 1000000, max_request_cents: 100000,
    opens_on: '2026-01-01', closes_on: '2030-12-31', quorum: 2, fast_track_cents: 50000,
    report_due_days: 60, conditions: 'Report back.',
  });
  assert.equal(res.status, 201, res.text);
  return res.json().id;
}

async function move(who, slug, id, action, body = {}) {
  const res = await who.call('POST', `/api/v1/locations/${slug}/requests/${id}/transitions`, { action, ...body });
  assert.equal(res.status, 200, `${action}: ${res.text}`);
}

// A request submitted by applicant; then, when pay is given, reviewed,
// approved, accepted and paid on pay.paid_on.
async function fundingRequest(slug, roundId, { applicant, coordinator, reviewer }, extra, pay) {
  const res = await applicant.call('POST', `/api/v1/locations/${slug}/requests`, {
    round_id: roundId, description: 'Evenings of conversation.', area: 'knowledge_skills',
    elements: ['participation'], amount_cents: 20000, budget: [{ item: 'Venue', amount_cents: 20000 }],
    beneficiaries: 'Newcomers', beneficiary_count: 12, timeline: 'Autumn',
    contact: { name: 'Applicant', email: 'applicant@example.nz', phone: '021 000 0000' }, ...extra,
  });
  assert.equal(res.status, 201, res.text);
  const { id } = res.json();
  if (pay === null) return id;
  await move(applicant, slug, id, 'submit');
  if (pay === undefined) return id;
  await move(coordinator, slug, id, 'start_review');
  const review = await reviewer.call('PUT', `/api/v1/locations/${slug}/requests/${id}/reviews/mine`,
    { conflict: false, scores: { alignment: 4, benefit: 4, feasibility: 4, value: 4 } });
  assert.equal(review.status, 200, review.text);
  await move(coordinator, slug, id, 'approve', { amount_cents: 20000 });
  await move(applicant, slug, id, 'accept');
  await move(coordinator, slug, id, 'disburse', { paid_on: pay.paid_on, amount_cents: 20000, reference: pay.reference });
  return id;
}

// The request was submitted at this New Zealand wall-clock time.
const submittedAt = (id, nzTime) => sql(stack,
  `UPDATE funding_requests SET submitted_at = ${quote(nzTime)}::timestamp AT TIME ZONE 'Pacific/Auckland' WHERE id = ${id}`);

after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  const emails = {
    applicant: 'applicant@portal.demo', observerA: 'observer.hamilton@portal.demo',
    memberA: 'member.hamilton@portal.demo', coordinatorA: 'coordinator.hamilton@portal.demo',
    memberB: 'member.nelson@portal.demo', coordinatorB: 'coordinator.nelson@portal.demo',
    inz: 'inz@portal.demo', admin: 'admin@portal.demo',
  };
  people = Object.fromEntries(await Promise.all(Object.entries(emails).map(async ([k, e]) => [k, await signIn(base, e)])));
  ({ inz, admin } = people);
  const alice = (await register(base, 'nx-alice')).client;
  const { memberA, coordinatorA, memberB, coordinatorB } = people;

  // Initiatives in two locations, with dates on each side of the years'
  // boundaries: H1 ends 30 June 2025, H2 starts 1 July 2025 and goes on,
  // N1 is 30 June 2026 alone, N2 starts 1 July 2026.
  fx.H1 = await initiative(memberA, 'hamilton', {
    title: `=HYPERLINK("http://evil") H1 ${tag}`, area: 'events_programmes', elements: ['belonging'],
    outcome_areas: ['inclusion'], partners: ['+64 ring', '@home', '-minus'], start_date: '2025-01-01', end_date: '2025-06-30',
  });
  fx.H2 = await initiative(memberA, 'hamilton', {
    title: `H2 ${tag}`, area: 'services', elements: ['belonging', 'recognition'],
    outcome_areas: ['english_language'], start_date: '2025-07-01',
  });
  fx.N1 = await initiative(memberB, 'nelson', {
    title: `N1 ${tag}`, area: 'knowledge_skills', elements: ['participation'],
    outcome_areas: ['employment'], start_date: '2026-06-30', end_date: '2026-06-30',
  });
  fx.N2 = await initiative(memberB, 'nelson', {
    title: `N2 ${tag}`, area: 'services', elements: ['inclusion'],
    outcome_areas: ['employment', 'inclusion'], start_date: '2026-07-01', end_date: '2026-12-31',
  });

  // Updates with figures, dated at the boundaries of financial years 2024
  // and 2025; one body starts with a tab, which the API would trim.
  fx.U1 = await update(memberA, 'hamilton', fx.H1, { date: '2025-06-30', body: `=1+1, "quoted" U1 ${tag}\nsecond line`, people_reached: 40, sessions_held: 4, volunteers: 3, into_work: 1 });
  fx.U2 = await update(memberA, 'hamilton', fx.H2, { date: '2025-07-01', body: `U2 ${tag}`, people_reached: 25, sessions_held: 2 });
  fx.U3 = await update(memberB, 'nelson', fx.N1, { date: '2026-06-30', body: `U3 ${tag}`, volunteers: 7, into_work: 5 });
  fx.U4 = await update(memberB, 'nelson', fx.N2, { date: '2026-07-01', body: `U4 ${tag}`, people_reached: 9 });
  sql(stack, `UPDATE initiative_updates SET body = E'\\tcmd|calc U4 ${tag}' WHERE id = ${fx.U4}`);

  // Funding: paid requests in both locations, paid and submitted at the
  // boundaries, one only submitted and one still a draft.
  const roundA = await round('hamilton', coordinatorA);
  const roundB = await round('nelson', coordinatorB);
  const A = { applicant: alice, coordinator: coordinatorA, reviewer: memberA };
  const B = { applicant: alice, coordinator: coordinatorB, reviewer: memberB };
  fx.RA = await fundingRequest('hamilton', roundA, A, { title: `@RA ${tag}`, area: 'events_programmes', elements: ['belonging'] }, { paid_on: '2025-06-30', reference: `-2+3 RA ${tag}` });
  fx.RB = await fundingRequest('hamilton', roundA, A, { title: `RB ${tag}` }, { paid_on: '2025-07-01', reference: `RB ${tag}` });
  fx.RC = await fundingRequest('nelson', roundB, B, { title: `RC ${tag}` }, { paid_on: '2026-06-30', reference: `RC ${tag}` });
  fx.RD = await fundingRequest('nelson', roundB, B, { title: `RD ${tag}` }, { paid_on: '2026-07-01', reference: `RD ${tag}` });
  fx.RE = await fundingRequest('hamilton', roundA, A, { title: `RE ${tag}`, area: 'services' });
  fx.RF = await fundingRequest('hamilton', roundA, A, { title: `RF draft ${tag}` }, null);
  // RA is linked to H1 (outcome area inclusion); submitted either side of
  // midnight, New Zealand time, at the start of financial year 2025.
  sql(stack, `UPDATE funding_requests SET initiative_id = ${fx.H1} WHERE id = ${fx.RA}`);
  submittedAt(fx.RA, '2025-06-30 23:30');
  submittedAt(fx.RB, '2025-07-01 00:30');
  submittedAt(fx.RC, '2026-06-30 12:00');
  submittedAt(fx.RD, '2026-07-01 09:00');
  submittedAt(fx.RE, '2026-07-02 10:00');

  // Stocktake snapshots: Hamilton's and Nelson's returns to one stocktake,
  // kept either side of midnight, New Zealand time, at the start of
  // financial year 2025; the stocktake is closed again, so no later file
  // sees it open.
  const opened = await inz.call('POST', '/api/v1/national/stocktakes',
    { name: `Export stocktake ${tag}`, question: 'What ran this year?', due_on: '2030-06-30' });
  assert.equal(opened.status, 201, opened.text);
  fx.ST = opened.json().id;
  for (const [slug, who] of [['hamilton', coordinatorA], ['nelson', coordinatorB]]) {
    const res = await who.call('POST', `/api/v1/locations/${slug}/stocktakes/${fx.ST}/return`, { note: `Done ${tag}` });
    assert.ok(res.status < 300, res.text);
  }
  assert.equal((await inz.call('POST', `/api/v1/national/stocktakes/${fx.ST}/close`)).status, 200);
  sql(stack, `UPDATE stocktake_snapshots s SET taken_at = (CASE l.slug WHEN 'hamilton' THEN '2025-06-30 23:30'
    ELSE '2025-07-01 00:30' END)::timestamp AT TIME ZONE 'Pacific/Auckland'
    FROM locations l WHERE l.id = s.location_id AND s.stocktake_id = ${fx.ST}`);
});

// ------------------------------------------------------------------ tests

test('each export has its header row and this file\'s rows, as CSV and as JSON', async () => {
  for (const [name, columns] of Object.entries(COLUMNS)) {
    const csv = await inz.get(`${NAT}/${name}?format=csv`);
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
    assert.equal(csv.headers['content-disposition'], `attachment; filename="national-${name}.csv"`);
    const rows = parseCsv(csv.text);
    assert.deepEqual(rows[0], columns, `${name}'s header row`);
    assert.ok(rows.slice(1).every((r) => r.length === columns.length), 'every row has every column');
    const json = await inz.get(`${NAT}/${name}`);
    assert.equal(json.status, 200);
    assert.match(json.headers['content-type'], /^application\/json/);
    assert.equal(json.headers['content-disposition'], `attachment; filename="national-${name}.json"`);
    const body = json.json();
    assert.deepEqual(body.columns, columns);
    assert.equal(body.items.length, rows.length - 1, 'CSV and JSON hold the same rows');
    assert.equal(body.export, name);
  }

  // Every location: as many rows as the database holds.
  const all = await exportJson(inz, 'initiatives');
  assert.equal(all.items.length, Number(sqlValue(stack, 'SELECT count(*) FROM initiatives')));
  assert.equal((await exportJson(inz, 'updates')).items.length, Number(sqlValue(stack, 'SELECT count(*) FROM initiative_updates')));
  assert.equal((await exportJson(inz, 'requests')).items.length, Number(sqlValue(stack, "SELECT count(*) FROM funding_requests WHERE state <> 'draft'")));
  assert.equal((await exportJson(inz, 'payments')).items.length, Number(sqlValue(stack, 'SELECT count(*) FROM funding_requests WHERE paid_on IS NOT NULL')));

  // The initiatives' rows, as CSV, against the fixtures.
  const ini = asObjects(parseCsv((await inz.get(`${NAT}/initiatives?format=csv`)).text));
  const h1 = ini.find((r) => Number(r.id) === fx.H1);
  assert.equal(h1.location, 'hamilton');
  assert.equal(h1.title, `'=HYPERLINK("http://evil") H1 ${tag}`);
  assert.equal(h1.area, 'events_programmes');
  assert.equal(h1.elements, 'belonging');
  assert.equal(h1.outcome_areas, 'inclusion');
  assert.equal(h1.start_date, '2025-01-01');
  assert.equal(h1.end_date, '2025-06-30');
  assert.equal(h1.partners, "'+64 ring; @home; -minus");
  // How far it reaches (sql/033): Hamilton's own, funded by nobody named.
  assert.deepEqual([h1.scope, h1.lead_location, h1.locations, h1.mainstream, h1.funding_sources_text],
    ['local', 'hamilton', '', 'false', '']);
  const n2 = ini.find((r) => Number(r.id) === fx.N2);
  assert.deepEqual([n2.location, n2.area, n2.elements, n2.outcome_areas, n2.end_date],
    ['nelson', 'services', 'inclusion', 'employment; inclusion', '2026-12-31']);
  assert.deepEqual(mine(ini).map((r) => Number(r.id)).sort((a, b) => a - b), sorted(fx.H1, fx.H2, fx.N1, fx.N2));

  // The updates carry their figures; empty figures are empty cells.
  const upd = asObjects(parseCsv((await inz.get(`${NAT}/updates?format=csv`)).text));
  const u1 = upd.find((r) => Number(r.id) === fx.U1);
  assert.deepEqual([u1.location, u1.initiative_id, u1.date, u1.people_reached, u1.sessions_held, u1.volunteers, u1.into_work],
    ['hamilton', String(fx.H1), '2025-06-30', '40', '4', '3', '1']);
  assert.equal(u1.body, `'=1+1, "quoted" U1 ${tag}\nsecond line`);
  const u3 = upd.find((r) => Number(r.id) === fx.U3);
  assert.deepEqual([u3.location, u3.people_reached, u3.sessions_held, u3.volunteers, u3.into_work], ['nelson', '', '', '7', '5']);
  const u3json = (await exportJson(inz, 'updates')).items.find((r) => r.id === fx.U3);
  assert.equal(u3json.people_reached, null);
  assert.equal(u3json.into_work, 5);

  // Requests: submitted ones, never drafts; payments: the paid ones.
  const req = await exportJson(inz, 'requests');
  assert.deepEqual(mine(req.items).map((r) => r.id).sort((a, b) => a - b), sorted(fx.RA, fx.RB, fx.RC, fx.RD, fx.RE));
  const ra = req.items.find((r) => r.id === fx.RA);
  assert.deepEqual([ra.location, ra.state, ra.amount_cents, ra.approved_cents, ra.paid_cents, ra.paid_on, ra.initiative_id],
    ['hamilton', 'disbursed', 20000, 20000, 20000, '2025-06-30', fx.H1]);
  assert.equal(ra.submitted_at, '2025-06-30T11:30:00Z', 'stored in UTC');
  const re = req.items.find((r) => r.id === fx.RE);
  assert.deepEqual([re.state, re.approved_cents, re.paid_on], ['submitted', null, null]);
  const pay = await exportJson(inz, 'payments');
  assert.deepEqual(mine(pay.items).map((r) => r.request_id).sort((a, b) => a - b), sorted(fx.RA, fx.RB, fx.RC, fx.RD));
  const rc = pay.items.find((r) => r.request_id === fx.RC);
  assert.deepEqual([rc.location, rc.paid_cents, rc.paid_on, rc.payment_reference, rc.state],
    ['nelson', 20000, '2026-06-30', `RC ${tag}`, 'disbursed']);

  // Snapshots: every initiative of the two locations as their returns
  // kept it, with the totals of its updates' figures.
  const snap = await exportJson(inz, 'snapshots');
  assert.equal(snap.items.length, Number(sqlValue(stack, 'SELECT count(*) FROM stocktake_snapshots')));
  const ours = snap.items.filter((r) => r.stocktake_id === fx.ST);
  assert.equal(ours.length, Number(sqlValue(stack, `SELECT count(*) FROM initiatives i JOIN locations l
    ON l.id = i.location_id WHERE l.slug IN ('hamilton', 'nelson')`)), 'every initiative of both locations');
  const sh1 = ours.find((r) => r.initiative_id === fx.H1);
  assert.deepEqual([sh1.location, sh1.stocktake_name, sh1.taken_at, sh1.title, sh1.area, sh1.elements, sh1.outcome_areas,
    sh1.status, sh1.start_date, sh1.end_date, sh1.updates, sh1.people_reached, sh1.sessions_held, sh1.volunteers,
    sh1.into_work, sh1.latest_update_on, sh1.summary],
  ['hamilton', `Export stocktake ${tag}`, '2025-06-30T11:30:00Z', `=HYPERLINK("http://evil") H1 ${tag}`,
    'events_programmes', ['belonging'], ['inclusion'], 'active', '2025-01-01', '2025-06-30', 1, 40, 4, 3, 1,
    '2025-06-30', `For the national export ${tag}.`]);
  const sn1 = ours.find((r) => r.initiative_id === fx.N1);
  assert.deepEqual([sn1.location, sn1.taken_at, sn1.updates, sn1.people_reached, sn1.volunteers, sn1.into_work],
    ['nelson', '2025-06-30T12:30:00Z', 1, 0, 7, 5]);
  const snapCsv = asObjects(parseCsv((await inz.get(`${NAT}/snapshots?format=csv`)).text));
  const ch1 = snapCsv.find((r) => Number(r.initiative_id) === fx.H1 && Number(r.stocktake_id) === fx.ST);
  assert.deepEqual([ch1.title, ch1.elements, ch1.people_reached], [`'=HYPERLINK("http://evil") H1 ${tag}`, 'belonging', '40']);
});

test('snapshots filter by location, area, element, outcome area and the New Zealand day they were kept', async () => {
  const snapIds = async (query) => (await exportJson(inz, 'snapshots', query)).items
    .filter((r) => r.stocktake_id === fx.ST && r.title.includes(tag)).map((r) => r.initiative_id).sort((a, b) => a - b);
  assert.deepEqual(await snapIds(''), sorted(fx.H1, fx.H2, fx.N1, fx.N2));
  assert.deepEqual(await snapIds('location=nelson'), sorted(fx.N1, fx.N2));
  assert.deepEqual(await snapIds('area=services'), sorted(fx.H2, fx.N2));
  assert.deepEqual(await snapIds('element=belonging'), sorted(fx.H1, fx.H2));
  assert.deepEqual(await snapIds('outcome_area=employment'), sorted(fx.N1, fx.N2));
  // Hamilton's return was kept on 30 June 2025, Nelson's on 1 July 2025.
  assert.deepEqual(await snapIds('fy=2024'), sorted(fx.H1, fx.H2));
  assert.deepEqual(await snapIds('fy=2025'), sorted(fx.N1, fx.N2));
  assert.deepEqual(await snapIds('from=2025-07-01&to=2025-07-01'), sorted(fx.N1, fx.N2));
  assert.deepEqual(await snapIds('to=2025-06-30&location=hamilton,nelson'), sorted(fx.H1, fx.H2));
  assert.deepEqual(await snapIds('fy=2026'), []);
  // A location sees its own snapshots in its own export.
  const own = await people.coordinatorB.get('/api/v1/locations/nelson/exports/snapshots?format=json');
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(own.json().items.filter((r) => r.stocktake_id === fx.ST && r.title.includes(tag))
    .map((r) => r.initiative_id).sort((a, b) => a - b), sorted(fx.N1, fx.N2));
  const page = await people.coordinatorB.get('/l/nelson/wg/stocktakes', { Accept: 'text/html' });
  assert.ok(page.text.includes('href="/api/v1/locations/nelson/exports/snapshots?format=csv"'), 'the stocktakes page links them');
});

test('CSV cells that a spreadsheet would run as a formula are neutralised', async () => {
  const payments = asObjects(parseCsv((await inz.get(`${NAT}/payments?format=csv`)).text));
  const ra = payments.find((r) => Number(r.request_id) === fx.RA);
  assert.equal(ra.title, `'@RA ${tag}`);
  assert.equal(ra.payment_reference, `'-2+3 RA ${tag}`);
  const raw = (await inz.get(`${NAT}/updates?format=csv`)).text;
  assert.ok(raw.includes(`"'\tcmd|calc U4 ${tag}"`), 'a leading tab is neutralised');
  assert.ok(raw.includes(`"'=1+1, ""quoted"" U1 ${tag}\nsecond line"`), 'quotes doubled, line breaks kept inside the cell');
  // No cell of any export starts with a formula character.
  for (const name of Object.keys(COLUMNS)) {
    const rows = parseCsv((await inz.get(`${NAT}/${name}?format=csv`)).text);
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+@\t\r]|^-(?!\d)/, `${name}: ${cell}`);
  }
  // JSON keeps the text as it was.
  const json = await exportJson(inz, 'payments');
  assert.equal(json.items.find((r) => r.request_id === fx.RA).payment_reference, `-2+3 RA ${tag}`);
});

test('the location filter takes one slug, several separated by commas, or the parameter repeated', async () => {
  assert.deepEqual(await ids('initiatives', 'location=nelson'), sorted(fx.N1, fx.N2));
  assert.deepEqual(await ids('initiatives', 'location=hamilton'), sorted(fx.H1, fx.H2));
  assert.deepEqual(await ids('initiatives', 'location=hamilton,nelson'), sorted(fx.H1, fx.H2, fx.N1, fx.N2));
  assert.deepEqual(await ids('initiatives', 'location=hamilton&location=nelson'), sorted(fx.H1, fx.H2, fx.N1, fx.N2));
  const nelson = await exportJson(inz, 'updates', 'location=nelson');
  assert.ok(nelson.items.length > 0 && nelson.items.every((r) => r.location === 'nelson'));
  assert.deepEqual(mine(nelson.items).map((r) => r.id).sort((a, b) => a - b), sorted(fx.U3, fx.U4));
  assert.deepEqual(nelson.filters.location, ['nelson']);
  assert.deepEqual(await ids('requests', 'location=hamilton'), sorted(fx.RA, fx.RB, fx.RE));
  assert.deepEqual(await ids('payments', 'location=nelson', 'request_id'), sorted(fx.RC, fx.RD));
  // Empty pieces are no filter.
  assert.deepEqual(await ids('payments', 'location=', 'request_id'), sorted(fx.RA, fx.RB, fx.RC, fx.RD));
});

test('area, element and outcome area filter every export', async () => {
  const services = await exportJson(inz, 'initiatives', 'area=services');
  assert.ok(services.items.every((r) => r.area === 'services'));
  assert.deepEqual(mine(services.items).map((r) => r.id).sort((a, b) => a - b), sorted(fx.H2, fx.N2));
  assert.deepEqual(await ids('initiatives', 'element=belonging'), sorted(fx.H1, fx.H2));
  const inclusion = await exportJson(inz, 'initiatives', 'outcome_area=inclusion');
  assert.ok(inclusion.items.every((r) => r.outcome_areas.includes('inclusion')));
  assert.deepEqual(mine(inclusion.items).map((r) => r.id).sort((a, b) => a - b), sorted(fx.H1, fx.N2));
  assert.deepEqual(await ids('initiatives', 'area=services&location=nelson&element=inclusion&outcome_area=employment'), [fx.N2]);
  // Updates by their initiative's area, element and outcome area.
  assert.deepEqual(await ids('updates', 'area=services'), sorted(fx.U2, fx.U4));
  assert.deepEqual(await ids('updates', 'element=participation'), [fx.U3]);
  assert.deepEqual(await ids('updates', 'outcome_area=english_language'), [fx.U2]);
  // Requests and payments by their own area and elements, and the outcome
  // areas of the initiative they are linked to.
  assert.deepEqual(await ids('requests', 'area=events_programmes'), [fx.RA]);
  assert.deepEqual(await ids('requests', 'area=knowledge_skills'), sorted(fx.RB, fx.RC, fx.RD));
  assert.deepEqual(await ids('requests', 'element=belonging'), [fx.RA]);
  assert.deepEqual(await ids('requests', 'outcome_area=inclusion'), [fx.RA]);
  assert.deepEqual(await ids('payments', 'outcome_area=inclusion', 'request_id'), [fx.RA]);
  assert.deepEqual(await ids('payments', 'area=knowledge_skills&location=nelson', 'request_id'), sorted(fx.RC, fx.RD));
  assert.deepEqual(await ids('payments', 'element=participation', 'request_id'), sorted(fx.RB, fx.RC, fx.RD));
  assert.deepEqual(await ids('payments', 'outcome_area=health_wellbeing', 'request_id'), []);
});

test('financial years run from 1 July to 30 June: each export at the boundaries', async () => {
  // Initiatives running at some time in the year.
  assert.deepEqual(await ids('initiatives', 'fy=2024'), [fx.H1]);
  assert.deepEqual(await ids('initiatives', 'fy=2025'), sorted(fx.H2, fx.N1));
  assert.deepEqual(await ids('initiatives', 'fy=2026'), sorted(fx.H2, fx.N2), 'H2 goes on');
  // Updates by their date.
  assert.deepEqual(await ids('updates', 'fy=2024'), [fx.U1]);
  assert.deepEqual(await ids('updates', 'fy=2025'), sorted(fx.U2, fx.U3));
  assert.deepEqual(await ids('updates', 'fy=2026'), [fx.U4]);
  // Requests by the New Zealand day they were submitted.
  assert.deepEqual(await ids('requests', 'fy=2024'), [fx.RA]);
  assert.deepEqual(await ids('requests', 'fy=2025'), sorted(fx.RB, fx.RC));
  assert.deepEqual(await ids('requests', 'fy=2026'), sorted(fx.RD, fx.RE));
  // Payments by the day they were paid.
  assert.deepEqual(await ids('payments', 'fy=2024', 'request_id'), [fx.RA]);
  assert.deepEqual(await ids('payments', 'fy=2025', 'request_id'), sorted(fx.RB, fx.RC));
  assert.deepEqual(await ids('payments', 'fy=2026', 'request_id'), [fx.RD]);
  const body = await exportJson(inz, 'payments', 'fy=2025&format=json');
  assert.deepEqual(body.filters, { location: null, area: null, element: null, outcome_area: null, from: '2025-07-01', to: '2026-06-30', fy: 2025 });
  assert.equal(body.filename, 'national-payments-fy2025');
  const csv = await inz.get(`${NAT}/payments?fy=2025&format=csv`);
  assert.equal(csv.headers['content-disposition'], 'attachment; filename="national-payments-fy2025.csv"');
});

test('a from/to range includes both days, and either end may be open', async () => {
  assert.deepEqual(await ids('updates', 'from=2025-06-30&to=2025-07-01'), sorted(fx.U1, fx.U2));
  assert.deepEqual(await ids('updates', 'from=2025-07-01&to=2025-07-01'), [fx.U2]);
  assert.deepEqual(await ids('updates', 'from=2026-06-30'), sorted(fx.U3, fx.U4));
  assert.deepEqual(await ids('updates', 'to=2025-06-30'), [fx.U1]);
  assert.deepEqual(await ids('payments', 'from=2025-07-01&to=2026-06-30', 'request_id'), sorted(fx.RB, fx.RC));
  assert.deepEqual(await ids('requests', 'from=2025-07-01&to=2025-07-01'), [fx.RB], 'New Zealand days');
  assert.deepEqual(await ids('initiatives', 'from=2025-06-30&to=2025-06-30'), [fx.H1]);
  assert.deepEqual(await ids('initiatives', 'from=2027-01-01'), [fx.H2]);
  const body = await exportJson(inz, 'updates', 'from=2025-06-30&to=2025-07-01');
  assert.equal(body.filename, 'national-updates-from-2025-06-30-to-2025-07-01');
});

test('every export is recorded in the audit trail: who, which, filters, format and rows', async () => {
  const inzId = Number(sqlValue(stack, "SELECT id FROM users WHERE email = 'inz@portal.demo'"));
  const before = Number(sqlValue(stack, 'SELECT coalesce(max(id), 0) FROM audit_log'));
  const csv = await inz.get(`${NAT}/updates?format=csv&location=hamilton,nelson&area=services&fy=2025`);
  assert.equal(csv.status, 200);
  const rows = parseCsv(csv.text).length - 1;
  const [entry] = sql(stack, `SELECT actor_id, coalesce(location_id::text, 'none'), detail FROM audit_log
    WHERE id > ${before} AND action = 'export_taken' ORDER BY id`);
  assert.equal(Number(entry[0]), inzId);
  assert.equal(entry[1], 'none', 'a national export belongs to no one location');
  const detail = JSON.parse(entry[2]);
  assert.deepEqual(detail, {
    export: 'updates', scope: 'national', format: 'csv', rows,
    filters: { location: ['hamilton', 'nelson'], area: 'services', element: null, outcome_area: null, from: '2025-07-01', to: '2026-06-30', fy: 2025 },
  });
  // Admins' exports too; JSON is the default format.
  const adminId = Number(sqlValue(stack, "SELECT id FROM users WHERE email = 'admin@portal.demo'"));
  const json = await exportJson(admin, 'requests', 'element=belonging');
  const last = JSON.parse(sqlValue(stack, `SELECT detail FROM audit_log WHERE action = 'export_taken' AND actor_id = ${adminId} ORDER BY id DESC LIMIT 1`));
  assert.deepEqual([last.export, last.format, last.rows, last.filters.element], ['requests', 'json', json.items.length, 'belonging']);
  // The national audit trail shows it to INZ staff.
  const trail = await inz.get('/api/v1/national/audit');
  assert.equal(trail.status, 200);
  assert.ok(trail.text.includes('export_taken'));
});

test('bad filters are refused naming the field, and record nothing', async () => {
  const count = () => sqlValue(stack, "SELECT count(*) FROM audit_log WHERE action = 'export_taken'");
  const before = count();
  const cases = [
    ['area=nowhere', 'area'], ['element=kindness', 'element'], ['outcome_area=wealth', 'outcome_area'],
    ['from=2025-13-01', 'from'], ['to=yesterday', 'to'], ['from=2025-02-30', 'from'],
    ['fy=25', 'fy'], ['fy=twenty', 'fy'], ['fy=2025&from=2025-07-01', 'fy'],
    ['from=2026-01-01&to=2025-12-31', 'to'], ['location=Not_A_Slug', 'location'],
    ['location=atlantis', 'location'], ['location=hamilton,atlantis', 'location'], ['format=xls', 'format'],
  ];
  for (const [query, field] of cases) {
    for (const name of ['initiatives', 'payments']) {
      const res = await inz.get(`${NAT}/${name}?${query}`);
      assert.equal(res.status, 400, `${query}: ${res.text}`);
      const { error } = res.json();
      assert.equal(error.code, 'bad_request');
      assert.ok(error.fields[field], `${query} names ${field}: ${res.text}`);
    }
  }
  const csvBad = await inz.get(`${NAT}/updates?format=csv&area=nowhere`);
  assert.equal(csvBad.status, 400);
  assert.match(csvBad.headers['content-type'], /^application\/json/, 'errors come as JSON, not as a file');
  assert.equal(csvBad.headers['content-disposition'], undefined);
  assert.match((await inz.get(`${NAT}/locations?location=atlantis`)).json().error.message, /no such export: ask for initiatives, updates, requests, payments, snapshots, targets, breakdowns, rounds, working_groups or stocktake_returns\./);
  assert.equal((await inz.get(`${NAT}/budgets`)).status, 404);
  assert.equal(count(), before, 'refused exports are not recorded as taken');
});

test('only INZ staff and admins reach the national exports and their page', async () => {
  const anonymous = {
    get: (path, headers = {}) => request(base, { path, headers: { Accept: 'application/json', ...headers } }),
  };
  const askers = [
    ['anonymous', anonymous, 401, 303], ['applicant', people.applicant, 403, 403],
    ['observer of Hamilton', people.observerA, 403, 403], ['member of Hamilton', people.memberA, 403, 403],
    ['coordinator of Hamilton', people.coordinatorA, 403, 403], ['member of Nelson', people.memberB, 403, 403],
    ['coordinator of Nelson', people.coordinatorB, 403, 403], ['INZ staff', inz, 200, 200], ['admin', admin, 200, 200],
  ];
  const count = () => sqlValue(stack, "SELECT count(*) FROM audit_log WHERE action = 'export_taken'");
  for (const [who, c, api, page] of askers) {
    const before = count();
    for (const name of Object.keys(COLUMNS)) {
      for (const q of ['', '?format=csv', '?location=hamilton']) {
        const res = await c.get(`${NAT}/${name}${q}`);
        assert.equal(res.status, api, `${who}: ${name}${q}`);
        if (api !== 200) assert.doesNotMatch(res.text, new RegExp(tag), `${who} sees no rows`);
      }
    }
    if (api !== 200) assert.equal(count(), before, `${who}'s refusals are not exports`);
    const html = await c.get('/national/exports', { Accept: 'text/html' });
    assert.equal(html.status, page, `${who}: /national/exports`);
    if (page === 303) assert.match(html.headers.location, /^\/login\?next=%2Fnational%2Fexports/);
  }
});

test('a location\'s own exports take the same filters, without a location column', async () => {
  const res = await people.coordinatorA.get('/api/v1/locations/hamilton/exports/updates?format=csv&fy=2024');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers['content-disposition'], 'attachment; filename="hamilton-updates-fy2024.csv"');
  const rows = asObjects(parseCsv(res.text));
  assert.deepEqual(parseCsv(res.text)[0], COLUMNS.updates.slice(1));
  assert.deepEqual(rows.filter((r) => r.body.includes(tag)).map((r) => Number(r.id)), [fx.U1]);
  assert.ok(rows.every((r) => r.date >= '2024-07-01' && r.date <= '2025-06-30'));
  const nelson = await people.memberB.get('/api/v1/locations/nelson/exports/payments?area=knowledge_skills');
  assert.deepEqual(mine(nelson.json().items).map((r) => r.request_id).sort((a, b) => a - b), sorted(fx.RC, fx.RD));
  const bad = await people.coordinatorA.get('/api/v1/locations/hamilton/exports/updates?fy=1');
  assert.equal(bad.status, 400);
  assert.ok(bad.json().error.fields.fy);
  const entry = JSON.parse(sqlValue(stack, `SELECT json_build_object('loc', l.slug, 'detail', a.detail) FROM audit_log a
    JOIN locations l ON l.id = a.location_id WHERE a.action = 'export_taken' AND a.detail->>'export' = 'payments'
    ORDER BY a.id DESC LIMIT 1`));
  assert.equal(entry.loc, 'nelson');
  assert.equal(entry.detail.scope, 'location');
  assert.equal(entry.detail.filters.area, 'knowledge_skills');
});

test('the exports page lists the first thousand locations, and says so when there are more', async () => {
  const page = async () => (await inz.get('/national/exports', { Accept: 'text/html' })).text;
  assert.doesNotMatch(await page(), /Only the first/);
  sql(stack, `INSERT INTO locations (slug, name, region)
    SELECT 'nxmany-' || g, 'Nx many ${tag} ' || lpad(g::text, 4, '0'), 'Test' FROM generate_series(1, 1001) g`);
  try {
    const text = await page();
    assert.match(text, /Only the first 1000 by name are listed here/);
    const listed = text.match(/<section aria-labelledby="initiatives-heading">[\s\S]*?<\/select>/)[0].match(/<option value="[^"]*">/g).length;
    assert.equal(listed, 1000);
  } finally {
    sql(stack, "UPDATE locations SET status = 'archived' WHERE slug LIKE 'nxmany-%'");
  }
  assert.doesNotMatch(await page(), /Only the first/);
});

test('the exports page offers each export with its filters and the financial years', async () => {
  const res = await inz.get('/national/exports', { Accept: 'text/html' });
  assert.equal(res.status, 200);
  for (const name of Object.keys(COLUMNS)) {
    assert.ok(res.text.includes(`action="/api/v1/national/exports/${name}"`), name);
    for (const field of ['location', 'area', 'element', 'outcome_area', 'fy', 'from', 'to']) {
      assert.ok(res.text.includes(`id="${name}-${field}" name="${field}"`), `${name} ${field}`);
    }
  }
  assert.match(res.text, /<option value="nelson">Nelson<\/option>/);
  assert.match(res.text, /<option value="events_programmes">Events &amp; Programmes<\/option>/);
  // The current year and those with data back to 2024/25 (the fixtures).
  const now = new Date(Date.now() + 12 * 3600 * 1000);	// near enough NZ
  const fyNow = now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  for (let fy = fyNow; fy >= Math.min(2024, fyNow - 4); fy--) {
    assert.ok(res.text.includes(`<option value="${fy}">${fy}/${String((fy + 1) % 100).padStart(2, '0')} (1 July ${fy} to 30 June ${fy + 1})</option>`), `fy ${fy}`);
  }
});

// An export holds at most 20000 rows (docs/api.md): one more is a 413 that
// says how to narrow it, never a file cut short, and exactly the maximum
// is answered whole.  The rows are withdrawn requests of an archived
// location made for this test alone, in financial years nobody else uses
// (2004 and 2005), and are removed afterwards.
test('an export of more than 20000 rows is refused with 413; 20000 are answered', async () => {
  const slug = `bulk-${tag}`.slice(0, 60);
  const applicant = sqlValue(stack, "SELECT id FROM users WHERE email = 'applicant@portal.demo'");
  const loc = sqlValue(stack, `WITH l AS (INSERT INTO locations (slug, name, region, status)
    VALUES (${quote(slug)}, 'Bulk export test', 'Nowhere', 'archived') RETURNING id) SELECT id FROM l`);
  const round = sqlValue(stack, `WITH r AS (INSERT INTO funding_rounds (location_id, name, pool_cents,
    max_request_cents, opens_on, closes_on, conditions)
    VALUES (${loc}, 'Bulk', 100000, 1000, '2004-07-01', '2006-06-30', 'None') RETURNING id) SELECT id FROM r`);
  const clean = () => sql(stack, `DELETE FROM funding_requests WHERE round_id = ${round};
    DELETE FROM national_round_requests WHERE round_id = ${round};
    DELETE FROM funding_rounds WHERE id = ${round}; DELETE FROM locations WHERE id = ${loc}`);
  try {
    sql(stack, `INSERT INTO funding_requests (location_id, round_id, applicant_id, state, title,
        amount_cents, submitted_at)
      SELECT ${loc}, ${round}, ${applicant}, 'withdrawn', 'Bulk ' || n, 100,
             CASE WHEN n = 0 THEN timestamptz '2005-03-01 12:00+13' ELSE timestamptz '2005-09-01 12:00+12' END
        FROM generate_series(0, 20000) n`);
    for (const query of [`location=${slug}`, 'from=2004-07-01&to=2006-06-30']) {
      const res = await inz.get(`${NAT}/requests?${query}`);
      assert.equal(res.status, 413, `${query}: ${res.status}`);
      const err = res.json().error;
      assert.equal(err.code, 'too_large');
      assert.match(err.message, /more than 20000 rows.*\?fy=/);
    }
    const whole = await inz.get(`${NAT}/requests?fy=2005&format=csv`);
    assert.equal(whole.status, 200);
    assert.equal(whole.text.split('\r\n').length, 1 + 20000 + 1, 'a header, 20000 rows and the last CRLF');
    assert.equal((await exportJson(inz, 'requests', 'fy=2004')).items.length, 1);
  } finally {
    clean();
  }
});

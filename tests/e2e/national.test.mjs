// The national dashboard (issue 6): every figure of /national/ and
// /api/v1/national/overview against fixtures counted independently in a
// fresh location made for this run (initiatives by area and element, gaps,
// sectors, funding by round as requests move, the waiting and overdue
// lists), the summary tables behind it, its charts, and who may see it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { register, signIn } from './lib/session.mjs';
import { request, eventually } from './lib/http.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const tag = `n${process.pid}${Date.now().toString(36)}`;
const slug = `nat-${tag}`;
const NAME = `Natland ${tag}`;
const API = `/api/v1/locations/${slug}`;
const PASSWORD = 'a-fine-long-password';
let stack, base, inz, admin, coordinator, member, observer, applicant, hamilton;
let locationId;

// The location leaves the public lists again (other tests count them).
after(() => {
  if (stack && locationId) sql(stack, `UPDATE locations SET status = 'archived' WHERE id = ${locationId}`);
  stack?.stop();
});

// A registered person given a role in the fresh location, signed in again
// so the session carries the membership.
async function joined(role, sector) {
  const person = await register(base, `nat-${role}`);
  sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector, organisation)
    VALUES (${locationId}, ${person.user.id}, ${quote(role)}, ${quote(sector)}, 'Test org')`);
  return signIn(base, person.email, PASSWORD);
}

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  locationId = Number(sqlValue(stack, `WITH l AS (INSERT INTO locations (slug, name, region)
    VALUES (${quote(slug)}, ${quote(NAME)}, 'Test') RETURNING id) SELECT id FROM l`));
  [inz, admin, hamilton] = await Promise.all([
    signIn(base, 'inz@portal.demo'),
    signIn(base, 'admin@portal.demo'),
    signIn(base, 'coordinator.hamilton@portal.demo'),
  ]);
  coordinator = await joined('coordinator', 'ngo');
  member = await joined('member', 'iwi');
  observer = await joined('observer', 'youth');
  applicant = await register(base, 'nat-applicant');
});

// The fresh location's entry in the overview, paging as a client would.
async function overview(who = inz) {
  let cursor = null;
  for (;;) {
    const res = await who.get(`/api/v1/national/overview?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200, res.text);
    const body = res.json();
    const mine = body.items.find((l) => l.slug === slug);
    if (mine) return { body, mine };
    assert.ok(body.next, 'the fresh location is on some page');
    cursor = body.next;
  }
}

// The page's HTML, from the first page on until the location appears.
async function page(who = inz) {
  let path = '/national/';
  for (;;) {
    const res = await who.get(path, { Accept: 'text/html' });
    assert.equal(res.status, 200, res.text);
    if (res.text.includes(`data-location="${slug}"`)) return res.text;
    const next = res.text.match(/<a rel="next" href="([^"]+)"/);
    assert.ok(next, 'the fresh location is on some page');
    path = next[1].replace(/&amp;/g, '&');
  }
}

// The <tr> (or <tbody>) of the fresh location in the table with id.
function row(html, table) {
  const t = html.slice(html.indexOf(`id="${table}"`));
  const start = t.indexOf(`data-location="${slug}"`);
  assert.ok(start > 0, `${table} has the location`);
  return t.slice(start, t.indexOf(table === 'funding-table' ? '</tbody>' : '</tr>', start));
}
const cell = (html, attr, key) => {
  const m = html.match(new RegExp(`<td class="(\\w+)" ${attr}="${key}">(.*?)</td>`));
  assert.ok(m, `a cell for ${key}`);
  return { cls: m[1], html: m[2] };
};

async function initiative(area, elements, status) {
  const res = await coordinator.call('POST', `${API}/initiatives`, {
    title: `${area} ${status} ${tag}`, summary: 'A test initiative.', area, elements,
    outcome_areas: ['inclusion'], status, visibility: 'working_group',
  });
  assert.equal(res.status, 201, res.text);
  return res.json();
}

const counts = (list) => Object.fromEntries(list.map((x) => [x.key, [x.active, x.planned, x.gap]]));

test('initiatives by area and element: exact counts, gaps marked and linked', async () => {
  const fresh = (await overview()).mine;
  assert.equal(fresh.gap_areas, 7);
  assert.equal(fresh.gap_elements, 5);
  assert.ok(fresh.areas.every((a) => a.total === 0 && a.gap));

  await initiative('events_programmes', ['belonging', 'participation'], 'active');
  await initiative('events_programmes', ['belonging'], 'planned');
  await initiative('knowledge_skills', ['inclusion'], 'active');
  const idea = await initiative('services', ['recognition'], 'idea');
  await initiative('pathways', ['legitimacy'], 'completed');

  let { mine } = await overview();
  assert.deepEqual(mine.areas.map((a) => a.key), ['news_narrative', 'funding_models',
    'research_evidence', 'knowledge_skills', 'events_programmes', 'services', 'pathways']);
  assert.deepEqual(counts(mine.areas), {
    news_narrative: [0, 0, true], funding_models: [0, 0, true], research_evidence: [0, 0, true],
    knowledge_skills: [1, 0, false], events_programmes: [1, 1, false],
    services: [0, 0, true], pathways: [0, 0, true],
  });
  assert.equal(mine.gap_areas, 5);
  assert.deepEqual(counts(mine.elements), {
    belonging: [1, 1, false], inclusion: [1, 0, false], participation: [1, 0, false],
    recognition: [0, 0, true], legitimacy: [0, 0, true],
  });
  assert.equal(mine.gap_elements, 2);
  // The same as counting the initiatives table directly.
  const direct = sql(stack, `SELECT area, count(*) FILTER (WHERE status = 'active'),
    count(*) FILTER (WHERE status = 'planned') FROM initiatives
    WHERE location_id = ${locationId} GROUP BY area ORDER BY area`);
  for (const [area, a, p] of direct) {
    const got = mine.areas.find((x) => x.key === area);
    assert.deepEqual([got.active, got.planned], [Number(a), Number(p)], area);
  }

  // The page: a gap in services links to the location's services list.
  let html = await page();
  let r = row(html, 'areas-table');
  const services = cell(r, 'data-area', 'services');
  assert.equal(services.cls, 'gap');
  assert.match(services.html, new RegExp(`href="/l/${slug}/wg/initiatives\\?area=services"`));
  assert.match(services.html, />gap</);
  const events = cell(r, 'data-area', 'events_programmes');
  assert.equal(events.cls, 'has');
  assert.match(events.html, /^2 <span class="split">\(1 a, 1 p\)<\/span>$/);
  assert.match(r, /<td>5<\/td>/);
  const el = row(html, 'elements-table');
  assert.equal(cell(el, 'data-element', 'recognition').cls, 'gap');
  assert.match(cell(el, 'data-element', 'recognition').html, new RegExp(`href="/l/${slug}/wg/initiatives\\?element=recognition"`));
  assert.match(cell(el, 'data-element', 'belonging').html, /^2 /);

  // A gap link leads national staff to the filtered list.
  const list = await inz.get(`/l/${slug}/wg/initiatives?area=events_programmes`, { Accept: 'text/html' });
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`events_programmes active ${tag}`));
  assert.doesNotMatch(list.text, new RegExp(`knowledge_skills active ${tag}`));

  // Moving the idea to planned fills the services gap; the summaries
  // follow edits in the same transaction.
  const patch = await coordinator.call('PATCH', `${API}/initiatives/${idea.id}`, { version: idea.version, status: 'planned' });
  assert.equal(patch.status, 200, patch.text);
  ({ mine } = await overview());
  assert.deepEqual(counts(mine.areas).services, [0, 1, false]);
  assert.deepEqual(counts(mine.elements).recognition, [0, 1, false]);
  assert.equal(mine.gap_areas, 4);
  html = await page();
  r = row(html, 'areas-table');
  assert.equal(cell(r, 'data-area', 'services').cls, 'has');
  assert.match(cell(r, 'data-area', 'services').html, /^1 <span class="split">\(0 a, 1 p\)/);
});

test('the summary tables match a full count, and only national staff read them', () => {
  const summary = sqlValue(stack, `SELECT coalesce(string_agg(area || ':' || status || ':' || n, ',' ORDER BY area, status), '')
    FROM national_area_counts WHERE location_id = ${locationId} AND n > 0`);
  const full = sqlValue(stack, `SELECT string_agg(area || ':' || status || ':' || n, ',' ORDER BY area, status)
    FROM (SELECT area, status, count(*) AS n FROM initiatives WHERE location_id = ${locationId} GROUP BY 1, 2) x`);
  assert.equal(summary, full);
  const asApp = (role) => sqlValue(stack, `SET ROLE portal_app;
    SELECT set_config('portal.national_role', ${quote(role)}, false);
    SELECT set_config('portal.locations_read', '{${locationId}}', false);
    SELECT count(*) FROM national_area_counts WHERE location_id = ${locationId};`).split('\n').pop();
  assert.equal(asApp(''), '0', 'a location role reads no summary');
  assert.ok(Number(asApp('inz_staff')) > 0, 'national staff do');
  assert.throws(() => sql(stack, `SET ROLE portal_app;
    SELECT set_config('portal.national_role', 'admin', false);
    UPDATE national_area_counts SET n = 99;`), /permission denied/);
});

test('working groups by sector: counts, and the missing sectors flagged', async () => {
  const { mine } = await overview();
  assert.equal(mine.members, 3);
  assert.equal(mine.coordinators, 1);
  const bySector = Object.fromEntries(mine.sectors.map((s) => [s.key, [s.count, s.present]]));
  assert.deepEqual(bySector, {
    local_government: [0, false], iwi: [1, true], ngo: [1, true], community: [0, false],
    chamber_of_commerce: [0, false], refugee_migrant: [0, false], private_sector: [0, false],
    central_government: [0, false], youth: [1, true],
  });
  assert.equal(mine.missing_sectors, 6);
  const r = row(await page(), 'sectors-table');
  assert.match(cell(r, 'data-sector', 'iwi').html, /^1$/);
  assert.equal(cell(r, 'data-sector', 'community').cls, 'gap');
  assert.match(cell(r, 'data-sector', 'community').html, /missing/);
  assert.match(r, /<td>3<\/td><td>1<\/td>/);
});

const move = (who, id, action, body = {}) =>
  who.call('POST', `${API}/requests/${id}/transitions`, { action, ...body });
async function moved(who, id, action, body) {
  const res = await move(who, id, action, body);
  assert.equal(res.status, 200, `${action}: ${res.text}`);
}
async function draft(round, amount) {
  const res = await applicant.client.call('POST', `${API}/requests`, {
    round_id: round, title: `Request ${amount} ${tag}`, description: 'For the test.',
    area: 'services', elements: ['inclusion'], amount_cents: amount,
    budget: [{ item: 'All of it', amount_cents: amount }], beneficiaries: 'Families',
    beneficiary_count: 10, timeline: 'Soon', contact: { name: 'A', email: 'a@example.nz', phone: '1' },
  });
  assert.equal(res.status, 201, res.text);
  return res.json().id;
}
const money = (m) => [m.pool_cents, m.requested_cents, m.approved_cents, m.paid_cents, m.remaining_cents];

test('funding by round and location: requested, approved, paid and remaining move with the requests', async () => {
  let { mine } = await overview();
  assert.deepEqual(mine.rounds, []);
  assert.deepEqual(money(mine.funding), [0, 0, 0, 0, 0]);
  const created = await coordinator.call('POST', `${API}/rounds`, {
    name: `Seed ${tag}`, pool_cents: 500000, max_request_cents: 200000,
    opens_on: '2026-01-01', closes_on: '2030-12-31', quorum: 1, fast_track_cents: 0,
    report_due_days: 60, conditions: 'Report back.',
  });
  assert.equal(created.status, 201, created.text);
  const round = created.json().id;
  const other = (await coordinator.call('POST', `${API}/rounds`, {
    name: `Second ${tag}`, pool_cents: 100000, max_request_cents: 100000,
    opens_on: '2026-01-01', closes_on: '2030-12-31', quorum: 1, conditions: 'Report back.',
  })).json().id;

  const a = await draft(round, 120000);
  ({ mine } = await overview());
  assert.deepEqual(money(mine.rounds.find((x) => x.id === round)), [500000, 0, 0, 0, 500000], 'a draft asks for nothing yet');
  await moved(applicant.client, a, 'submit');
  const b = await draft(round, 30000);
  await moved(applicant.client, b, 'submit');
  await moved(applicant.client, b, 'withdraw');
  const c = await draft(other, 40000);
  await moved(applicant.client, c, 'submit');
  ({ mine } = await overview());
  assert.deepEqual(money(mine.rounds.find((x) => x.id === round)), [500000, 120000, 0, 0, 500000], 'withdrawn requests leave the sum');
  assert.deepEqual(money(mine.rounds.find((x) => x.id === other)), [100000, 40000, 0, 0, 100000]);
  assert.deepEqual(money(mine.funding), [600000, 160000, 0, 0, 600000]);

  await moved(coordinator, a, 'start_review');
  const review = await coordinator.call('PUT', `${API}/requests/${a}/reviews/mine`, {
    conflict: false, scores: { alignment: 4, benefit: 4, feasibility: 4, value: 4 } });
  assert.equal(review.status, 200, review.text);
  await moved(coordinator, a, 'approve', { amount_cents: 100000 });
  ({ mine } = await overview());
  assert.deepEqual(money(mine.rounds.find((x) => x.id === round)), [500000, 120000, 100000, 0, 400000]);
  await moved(applicant.client, a, 'accept');
  await moved(coordinator, a, 'disburse', { paid_on: new Date().toISOString().slice(0, 10), amount_cents: 100000, reference: `P-${tag}` });
  ({ mine } = await overview());
  assert.deepEqual(money(mine.rounds.find((x) => x.id === round)), [500000, 120000, 100000, 100000, 400000]);
  assert.deepEqual(money(mine.funding), [600000, 160000, 100000, 100000, 500000]);
  // Independently: the requests table itself.
  assert.equal(sqlValue(stack, `SELECT sum(amount_cents) FROM funding_requests
    WHERE location_id = ${locationId} AND state NOT IN ('draft', 'withdrawn')`), '160000');

  // The page: the location's total row and each round, in dollars.
  const html = await page();
  const body = row(html, 'funding-table');
  assert.match(body, /All rounds<\/td>\s*<td>\$6,000\.00<\/td><td>\$1,600\.00<\/td><td>\$1,000\.00<\/td><td>\$1,000\.00<\/td><td>\$5,000\.00<\/td>/);
  assert.match(body, new RegExp(`data-round="${round}"><td></td><th scope="row">Seed ${tag}</th><td>\\$5,000\\.00</td><td>\\$1,200\\.00</td><td>\\$1,000\\.00</td><td>\\$1,000\\.00</td><td>\\$4,000\\.00</td>`));

  // Waiting: c waits; made the oldest, it heads the national list.
  sql(stack, `UPDATE funding_requests SET submitted_at = now() - interval '400 days' WHERE id = ${c}`);
  // Overdue: a's report fell due ten years ago.
  sql(stack, `UPDATE funding_requests SET report_due_on = (now() AT TIME ZONE 'Pacific/Auckland')::date - 3650 WHERE id = ${a}`);
  // Changes made by hand reach the workers' kept views by notification,
  // within moments (docs/architecture.md).
  let view;
  await eventually(async () => {
    ({ body: view } = await overview());
    return view.waiting.items[0]?.id === c && view.overdue.items[0]?.id === a;
  });
  const waitingCount = Number(sqlValue(stack, `SELECT count(*) FROM funding_requests WHERE state IN ('submitted', 'in_review', 'info_requested')`));
  assert.equal(view.waiting.total, waitingCount);
  assert.equal(view.waiting.items[0].id, c);
  assert.equal(view.waiting.items[0].days_waiting, 400);
  assert.deepEqual(view.waiting.items[0].location, { slug, name: NAME });
  assert.equal(view.waiting.items[0].state, 'submitted');
  assert.ok(view.waiting.items.length <= 20);
  const subs = view.waiting.items.map((x) => x.submitted_on);
  assert.deepEqual([...subs].sort(), subs, 'oldest first');
  assert.ok(!view.waiting.items.some((x) => x.id === a || x.id === b), 'decided and withdrawn requests do not wait');
  const overdueCount = Number(sqlValue(stack, `SELECT count(*) FROM funding_requests WHERE state = 'disbursed'
    AND report_due_on < (now() AT TIME ZONE 'Pacific/Auckland')::date`));
  assert.equal(view.overdue.total, overdueCount);
  assert.equal(view.overdue.items[0].id, a);
  assert.equal(view.overdue.items[0].days_overdue, 3650);
  assert.equal(view.overdue.items[0].paid_cents, 100000);

  const w = await page();
  const waitingRow = w.slice(w.indexOf(`data-request="${c}"`));
  assert.match(waitingRow, new RegExp(`^data-request="${c}"><th scope="row"><a href="/l/${slug}/requests/${c}">Request 40000 ${tag}</a></th><td>${NAME}</td><td>Submitted</td><td>\\$400\\.00</td><td>\\d{4}-\\d\\d-\\d\\d</td><td>400</td>`));
  const overdueRow = w.slice(w.indexOf('id="overdue-table"'));
  assert.match(overdueRow, new RegExp(`data-request="${a}"><th scope="row"><a href="/l/${slug}/requests/${a}">Request 120000 ${tag}</a></th><td>${NAME}</td><td>\\$1,000\\.00</td><td>\\d{4}-\\d\\d-\\d\\d</td><td>3650</td>`));
  // The request page behind the link opens for national staff.
  assert.equal((await inz.get(`/l/${slug}/requests/${c}`, { Accept: 'text/html' })).status, 200);
});

test('charts: inline SVG with a title and description, the same numbers as the tables', async () => {
  const html = await page();
  for (const id of ['areas-chart', 'funding-chart']) {
    const m = html.match(new RegExp(`<svg [^>]*role="img"[^>]*aria-labelledby="${id}-title ${id}-desc">`));
    assert.ok(m, `${id} is an accessible image`);
    assert.match(html, new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
  }
  assert.doesNotMatch(html, /<svg[^>]* style=|<script/);
  // The heat-map's cell for the location's services: its count as text.
  assert.match(html, new RegExp(`<title>${NAME}, Services: 1</title>`));
  assert.match(html, new RegExp(`<title>${NAME}, News &amp; Narrative: 0 \\(gap\\)</title>`));
  assert.match(html, new RegExp(`<title>${NAME}, Paid: \\$1,000\\.00</title>`));
  const { body } = await overview();
  const chart = body.charts.areas.rows.find((r) => r.label === NAME);
  assert.deepEqual(chart.values, body.items.find((l) => l.slug === slug).areas.map((a) => a.total));
});

test('names are escaped in tables and charts', async () => {
  const evil = `<script>alert(1)</script> & "q" ${tag}`;
  const id = sqlValue(stack, `WITH l AS (INSERT INTO locations (slug, name, region) VALUES
    (${quote(`${slug}-x`)}, ${quote(evil)}, 'Test') RETURNING id) SELECT id FROM l`);
  const res = await inz.get('/api/v1/national/overview?limit=100');
  assert.equal(res.status, 200);
  let path = '/national/?limit=100';
  let html = '';
  for (;;) {
    const r = await inz.get(path, { Accept: 'text/html' });
    html += r.text;
    const next = r.text.match(/<a rel="next" href="([^"]+)"/);
    if (!next) break;
    path = next[1].replace(/&amp;/g, '&');
  }
  assert.ok(html.includes(`>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; ${tag}</a>`), 'the tables');
  assert.ok(html.includes(`<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; ${tag}, Services: 0 (gap)</title>`), 'the charts');
  assert.ok(!html.includes('<script>alert(1)'));
  sql(stack, `UPDATE locations SET status = 'archived' WHERE id = ${id}`);
});

test('open stocktakes: how many locations completed, and which', async () => {
  const active = Number(sqlValue(stack, "SELECT count(*) FROM locations WHERE status = 'active'"));
  const opened = await inz.call('POST', '/api/v1/national/stocktakes',
    { name: `Dashboard stocktake ${tag}`, question: 'What ran?', due_on: '2030-06-30' });
  assert.equal(opened.status, 201, opened.text);
  const id = opened.json().id;
  try {
    let { body, mine } = await overview();
    let st = body.stocktakes.find((s) => s.id === id);
    assert.deepEqual([st.name, st.due_on, st.completed, st.locations], [`Dashboard stocktake ${tag}`, '2030-06-30', 0, active]);
    assert.deepEqual(mine.stocktakes.find((s) => s.id === id), { id, completed: false });
    let html = await page();
    assert.match(html, new RegExp(`<tr data-stocktake="${id}"><th scope="row"><a href="/national/stocktakes/${id}">Dashboard stocktake ${tag}</a></th><td><time datetime="2030-06-30">30 June 2030</time></td><td>0 of ${active}</td></tr>`));
    assert.equal(cell(row(html, 'sectors-table'), 'data-stocktake', id).cls, 'gap');

    // The fresh location's coordinator completes its return.
    const done = await coordinator.call('POST', `${API}/stocktakes/${id}/return`, { note: 'All reviewed.' });
    assert.ok(done.status < 300, done.text);
    ({ body, mine } = await overview());
    st = body.stocktakes.find((s) => s.id === id);
    assert.equal(st.completed, 1);
    assert.deepEqual(mine.stocktakes.find((s) => s.id === id), { id, completed: true });
    const ham = body.items.find((l) => l.slug === 'hamilton');
    if (ham) assert.deepEqual(ham.stocktakes.find((s) => s.id === id), { id, completed: false });
    html = await page();
    assert.match(html, new RegExp(`<td>1 of ${active}</td>`));
    const c = cell(row(html, 'sectors-table'), 'data-stocktake', id);
    assert.deepEqual([c.cls, c.html], ['has', 'Completed']);
  } finally {
    assert.equal((await inz.call('POST', `/api/v1/national/stocktakes/${id}/close`)).status, 200);
  }
  // Closed, it leaves the dashboard.
  const { body, mine } = await overview();
  assert.equal(body.stocktakes.find((s) => s.id === id), undefined);
  assert.equal(mine.stocktakes.find((s) => s.id === id), undefined);
});

test('paging: limit and cursor walk the locations by name, each once', async () => {
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const res = await inz.get(`/api/v1/national/overview?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200);
    const body = res.json();
    assert.ok(body.items.length <= 3);
    seen.push(...body.items.map((l) => l.name));
    if (!body.next) break;
    cursor = body.next;
  }
  const active = sql(stack, `SELECT name FROM locations WHERE status = 'active' ORDER BY name, slug`).map((r) => r[0]);
  assert.deepEqual(seen, active);
  assert.equal((await inz.get('/api/v1/national/overview?limit=0')).status, 400);
  assert.equal((await inz.get('/api/v1/national/overview?cursor=Not%20a%20slug')).status, 400);
});

test('access: national staff only', async () => {
  const anonymous = (path, accept) => request(base, { path, headers: { Accept: accept } });
  const api = await anonymous('/api/v1/national/overview', 'application/json');
  assert.equal(api.status, 401);
  const html = await anonymous('/national/', 'text/html');
  assert.equal(html.status, 303);
  assert.match(html.headers.location, /^\/login\?next=/);
  for (const who of [applicant.client, observer, member, coordinator, hamilton]) {
    assert.equal((await who.get('/api/v1/national/overview')).status, 403);
    const res = await who.get('/national/', { Accept: 'text/html' });
    assert.equal(res.status, 403);
    assert.ok(!res.text.includes('areas-chart'));
  }
  for (const who of [inz, admin]) {
    assert.equal((await who.get('/api/v1/national/overview')).status, 200);
    const res = await who.get('/national/', { Accept: 'text/html' });
    assert.equal(res.status, 200);
    for (const link of ['/national/overlaps', '/national/stocktakes', '/national/exports', '/national/audit'])
      assert.ok(res.text.includes(`href="${link}"`), link);
  }
});

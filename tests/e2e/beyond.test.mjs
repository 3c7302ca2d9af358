// Initiatives beyond one location and the national partner role (issue 18,
// sql/033): an initiative led by one location with another taking part is
// in the participating location's list, page and coverage but changed only
// by the lead (HTTP and row-level security); its funding sources are
// checked; the national overview shows the settlement outcome areas by
// location with their gaps and leads with what needs attention; a partner
// agency reads the overview and the initiatives export but never an
// applicant's personal data or a figure nobody has confirmed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { sharedStack } from './lib/stack.mjs';
import { register, signIn } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const PSQL = `${process.env.PGBIN || '/usr/lib/postgresql/15/bin'}/psql`;
const tag = `b${process.pid}${Date.now().toString(36)}`;
const LEAD = `lead-${tag}`;
const PART = `part-${tag}`;
const PASSWORD = 'a-fine-long-password';
let stack, base, lead, part, inz, partner, hamilton;
const ids = {};

after(() => {
  if (stack && ids.lead) sql(stack, `UPDATE locations SET status = 'archived' WHERE id IN (${ids.lead}, ${ids.part})`);
  stack?.stop();
});

async function memberOf(locationId, role) {
  const person = await register(base, `beyond-${role}`);
  sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector, organisation)
    VALUES (${locationId}, ${person.user.id}, ${quote(role)}, 'ngo', 'Test org')`);
  const c = await signIn(base, person.email, PASSWORD);
  c.userId = person.user.id;
  return c;
}

const newLocation = (slug) => Number(sqlValue(stack, `WITH l AS (INSERT INTO locations (slug, name, region)
  VALUES (${quote(slug)}, ${quote(`Beyond ${slug}`)}, 'Test') RETURNING id) SELECT id FROM l`));

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  ids.lead = newLocation(LEAD);
  ids.part = newLocation(PART);
  lead = await memberOf(ids.lead, 'member');
  part = await memberOf(ids.part, 'member');
  [inz, partner, hamilton] = await Promise.all([signIn(base, 'inz@portal.demo'),
    signIn(base, 'partner@portal.demo'), signIn(base, 'member.hamilton@portal.demo')]);
  const res = await lead.call('POST', `/api/v1/locations/${LEAD}/initiatives`, {
    title: `Regional English classes ${tag}`, summary: 'Run with the next town.', area: 'services',
    elements: ['inclusion'], outcome_areas: ['english_language'], status: 'active',
    scope: 'multi', locations: [PART], mainstream: true, lead_agency: 'Tertiary Education Commission',
    funding_sources: [{ source: 'levy', amount_cents: 1250000, period: '2026/27' },
      { source: 'council', amount_cents: 0, period: '2026' }] });
  assert.equal(res.status, 201, res.text);
  ids.ini = res.json().id;
});

test('a cross-location initiative: its fields as saved, read back by the lead', async () => {
  const ini = (await lead.get(`/api/v1/locations/${LEAD}/initiatives/${ids.ini}`)).json();
  assert.equal(ini.scope, 'multi');
  assert.deepEqual(ini.locations, [PART]);
  assert.equal(ini.lead_location, LEAD);
  assert.equal(ini.mainstream, true);
  assert.equal(ini.lead_agency, 'Tertiary Education Commission');
  assert.deepEqual(ini.funding_sources.map(({ source, amount_cents, period }) => ({ source, amount_cents, period })), [
    { source: 'levy', amount_cents: 1250000, period: '2026/27' }, { source: 'council', amount_cents: 0, period: '2026' }]);
  const page = await lead.get(`/l/${LEAD}/initiatives/${ids.ini}`, { Accept: 'text/html' });
  assert.match(page.text, /<dd id="reach" data-scope="multi">Across several locations; a mainstream programme/);
  assert.match(page.text, new RegExp(`<li data-location="${PART}">`));
  assert.match(page.text, /<tr data-source="levy"><th scope="row">Levy funding<\/th><td>\$12,500\.00<\/td><td>2026\/27<\/td><\/tr>/);
  assert.match(page.text, /<dd id="lead-agency">Tertiary Education Commission<\/dd>/);
});

test('the participating location sees it in its list, on its page and in its coverage', async () => {
  const list = (await part.get(`/api/v1/locations/${PART}/initiatives?limit=100`)).json();
  assert.deepEqual(list.items.map((i) => i.id), [ids.ini]);
  const one = await part.get(`/api/v1/locations/${PART}/initiatives/${ids.ini}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json().lead_location, LEAD);
  const html = await part.get(`/l/${PART}/wg/initiatives`, { Accept: 'text/html' });
  assert.match(html.text, new RegExp(`Regional English classes ${tag}`));
  // Its coverage: services counts it, every other area is a gap.
  const wg = (await part.get(`/l/${PART}/wg/`, { Accept: 'text/html' })).text;
  const row = wg.match(/<tr class="[^"]*"><th scope="row"><a href="[^"]*\?area=services">[\s\S]*?<\/tr>/)[0];
  assert.match(row, /<strong>1<\/strong> <span class="split">\(1 a, 0 p\)/);
  assert.match(wg, /6 of 7 areas have none/);
  // Its page offers no edit or update form to the participating location.
  const page = await part.get(`/l/${PART}/initiatives/${ids.ini}`, { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /\/edit"/);
  // Someone of a third location sees nothing of it.
  assert.equal((await hamilton.get(`/api/v1/locations/hamilton/initiatives/${ids.ini}`)).status, 404);
});

test('the participating location cannot change it (HTTP)', async () => {
  const patch = await part.call('PATCH', `/api/v1/locations/${PART}/initiatives/${ids.ini}`, { version: 1, title: 'Taken over' });
  assert.equal(patch.status, 403, patch.text);
  const update = await part.call('POST', `/api/v1/locations/${PART}/initiatives/${ids.ini}/updates`, { body: 'Not ours.' });
  assert.equal(update.status, 403, update.text);
  const form = await part.get(`/l/${PART}/initiatives/${ids.ini}/edit`, { Accept: 'text/html' });
  assert.equal(form.status, 403);
  assert.equal(sqlValue(stack, `SELECT title FROM initiatives WHERE id = ${ids.ini}`), `Regional English classes ${tag}`);
  // The lead changes it, and may drop the participant.
  const ok = await lead.call('PATCH', `/api/v1/locations/${LEAD}/initiatives/${ids.ini}`, { version: 1, lead_agency: 'TEC' });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json().locations, [PART]);
});

// An update's breakdowns are the lead location's working group's alone: a
// participating location reads the update and its figure, never its
// breakdown (raw counts of another location's people), and is offered no
// form it would be refused.
test('a participating location sees the lead\'s figures but not their breakdowns, and no target or confirm form', async () => {
  const path = (loc) => `/api/v1/locations/${loc}/initiatives/${ids.ini}`;
  const made = await lead.call('POST', `${path(LEAD)}/updates`, { date: '2026-04-01', body: 'Broken down.',
    volunteers: 12, breakdowns: { volunteers: { gender: { female: 9, male: 3 } } } });
  assert.equal(made.status, 201, made.text);
  const upd = ids.update = made.json().id;
  assert.deepEqual((await lead.get(`${path(LEAD)}/updates/${upd}`)).json().breakdowns.volunteers.gender,
    { female: 9, male: 3 });
  const one = await part.get(`${path(PART)}/updates/${upd}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json().volunteers, 12);
  assert.equal(one.json().breakdowns, undefined, one.text);
  assert.equal(one.json().can_confirm, false, 'confirming is the lead location\'s');
  const ini = (await part.get(path(PART))).json();
  assert.equal(ini.updates.find((u) => u.id === upd).breakdowns, undefined);
  const list = (await part.get(`${path(PART)}/updates`)).json();
  assert.equal(list.items.find((u) => u.id === upd).breakdowns, undefined);
  const page = (await part.get(`/l/${PART}/initiatives/${ids.ini}`, { Accept: 'text/html' })).text;
  assert.doesNotMatch(page, /class="breakdowns"|female: 9/);
  assert.doesNotMatch(page, /id="set-target"/);
  assert.match((await lead.get(`/l/${LEAD}/initiatives/${ids.ini}`, { Accept: 'text/html' })).text, /female: 9/);
});

// The initiative is not public: before sql/039 its targets reached neither
// the participating location nor a partner, and a partner's breakdown sums
// left out the figures of initiatives whose updates it may not read.
test('a shared initiative\'s targets reach its participants; a partner\'s targets and breakdown sums are national staff\'s', async () => {
  const set = await lead.call('PUT', `/api/v1/locations/${LEAD}/initiatives/${ids.ini}/targets/volunteers`,
    { baseline: 0, target: 40, by: '2027-06-30' });
  assert.equal(set.status, 200, set.text);
  const seen = (await part.get(`/api/v1/locations/${PART}/initiatives/${ids.ini}`)).json();
  assert.deepEqual(seen.targets.map((t) => [t.indicator, t.target, t.to_date]), [['volunteers', 40, 12]]);
  const list = (await part.get(`/api/v1/locations/${PART}/initiatives?limit=100`)).json();
  assert.equal(list.items.find((i) => i.id === ids.ini).targets.length, 1);
  const checker = await memberOf(ids.lead, 'coordinator');
  assert.equal((await checker.call('POST', `/api/v1/locations/${LEAD}/initiatives/${ids.ini}/updates/${ids.update}/confirm`)).status, 200);
  const targets = async (who) => (await who.get('/api/v1/national/overview')).json().targets.find((t) => t.key === 'volunteers');
  assert.deepEqual(await targets(partner), await targets(inz));
  const staff = (await overview(inz)).found[LEAD].breakdowns;
  // 9 and 3 of 12: the 3 suppressed, and the 9 with it.
  assert.deepEqual(staff.filter((r) => r.indicator === 'volunteers').map((r) => [r.dimension, r.value, r.count]),
    [['gender', 'female', 'suppressed'], ['gender', 'male', 'suppressed']]);
  assert.deepEqual((await overview(partner)).found[LEAD].breakdowns, staff);
});

// portal_app as portald connects, with the settings portald makes.
function asApp(userId, national, script) {
  const out = execFileSync(PSQL, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', stack.env.PGSOCK,
    '-U', 'portal_app', '-d', 'portal', '-f', '-'], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: `BEGIN;
SELECT set_config('portal.user_id', '${userId}', true) \\g /dev/null
SELECT set_config('portal.national_role', '${national}', true),
  set_config('portal.locations_read', coalesce((SELECT array_agg(location_id)::text FROM memberships WHERE user_id = ${userId}), '{}'), true),
  set_config('portal.locations_write', coalesce((SELECT array_agg(location_id)::text FROM memberships WHERE user_id = ${userId} AND role <> 'observer'), '{}'), true) \\g /dev/null
${script}
ROLLBACK;` });
  return out.split('\n').filter((l) => l !== '');
}

test('row-level security: the participating location reads it and writes nothing', () => {
  assert.deepEqual(asApp(part.userId, '', `SELECT count(*) FROM initiatives WHERE id = ${ids.ini};
UPDATE initiatives SET title = 'x' WHERE id = ${ids.ini} RETURNING id;
SELECT count(*) FROM initiative_locations WHERE initiative_id = ${ids.ini};`), ['1', '1']);
  assert.throws(() => asApp(part.userId, '', `INSERT INTO initiative_locations VALUES (${ids.part}, ${ids.ini}, ${ids.lead});`),
    /row-level security/);
  assert.throws(() => asApp(part.userId, '', `INSERT INTO initiative_updates (location_id, initiative_id, date, body, author_id)
    VALUES (${ids.lead}, ${ids.ini}, '2026-01-01', 'x', ${part.userId});`), /row-level security/);
  assert.deepEqual(asApp(part.userId, '', `DELETE FROM initiative_locations WHERE initiative_id = ${ids.ini} RETURNING 1;`), []);
  // The lead's own people may.
  assert.deepEqual(asApp(lead.userId, '', `UPDATE initiatives SET title = 'x' WHERE id = ${ids.ini} RETURNING 'ok';`), ['ok']);
  // The national overview's lists of requests (sql/041) are national.
  assert.deepEqual(asApp(lead.userId, '', `SELECT count(*) FROM national_requests_waiting(50);
SELECT count(*) FROM national_requests_overdue(50);`), ['0', '0']);
  // But only for their own initiative: naming another location's as the
  // lead's would let the participant read it (sql/039).
  const other = sqlValue(stack, `SELECT i.id FROM initiatives i JOIN locations l ON l.id = i.location_id
    WHERE l.slug = 'hamilton' AND i.visibility <> 'public' ORDER BY i.id LIMIT 1`);
  assert.throws(() => asApp(lead.userId, '', `INSERT INTO initiative_locations VALUES (${ids.part}, ${other}, ${ids.lead});`),
    /row-level security/);
  assert.deepEqual(asApp(lead.userId, '', `DELETE FROM initiative_locations WHERE initiative_id = ${ids.ini} RETURNING 1;
INSERT INTO initiative_locations VALUES (${ids.part}, ${ids.ini}, ${ids.lead}) RETURNING 'ok';`), ['1', 'ok']);
  // The database refuses a malformed list of funding sources too.
  assert.throws(() => asApp(lead.userId, '', `UPDATE initiatives SET funding_sources = '[{"source":"lottery","amount_cents":1,"period":"x"}]' WHERE id = ${ids.ini};`),
    /initiative_funding_sources_ok|check constraint/);
});

test('funding sources, scope and locations are checked: 422 naming the field', async () => {
  const url = `/api/v1/locations/${LEAD}/initiatives/${ids.ini}`;
  const version = (await lead.get(url)).json().version;
  for (const [change, field] of [
    [{ funding_sources: [{ source: 'lottery', amount_cents: 100, period: '2026' }] }, 'funding_sources'],
    [{ funding_sources: [{ source: 'council', amount_cents: -1, period: '2026' }] }, 'funding_sources'],
    [{ funding_sources: [{ source: 'council', amount_cents: '100', period: '2026' }] }, 'funding_sources'],
    [{ funding_sources: [{ source: 'council', amount_cents: 100, period: '' }] }, 'funding_sources'],
    [{ funding_sources: { source: 'council' } }, 'funding_sources'],
    [{ scope: 'galactic' }, 'scope'],
    [{ locations: ['no-such-place-anywhere'] }, 'locations'],
    [{ locations: [LEAD] }, 'locations'],
    [{ scope: 'local' }, 'locations'],
    [{ scope: 'multi', locations: [] }, 'locations'],
    [{ mainstream: 'yes' }, 'mainstream'],
  ]) {
    const res = await lead.call('PATCH', url, { version, ...change });
    assert.equal(res.status, 422, `${JSON.stringify(change)}: ${res.text}`);
    assert.ok(res.json().error.fields[field], `${JSON.stringify(change)} names ${field}: ${res.text}`);
  }
  assert.equal((await lead.get(url)).json().version, version, 'nothing was saved');
  // The form shows the message by the field.
  const form = await fetch(`${base}/l/${LEAD}/initiatives/${ids.ini}/edit`, {
    method: 'POST', redirect: 'manual', headers: { Accept: 'text/html', Cookie: `portal_session=${lead.cookie}`,
      'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: lead.csrf, version: String(version), title: 'Still here', scope: 'multi',
      locations: PART, funding_source_1: 'council', funding_amount_1: 'lots', funding_period_1: '2026' }).toString() });
  assert.equal(form.status, 422);
  const text = await form.text();
  assert.match(text, /each source needs an amount/);
  assert.match(text, /id="funding_amount_1" name="funding_amount_1" inputmode="decimal" value="lots"/);
});

// A source without its period once crashed the worker (valid_text() was
// handed NULL): now 422 naming the field, and the worker answers on.
test('a funding source without a period is 422 naming funding_sources, and the worker lives on', async () => {
  const url = `/api/v1/locations/${LEAD}/initiatives/${ids.ini}`;
  const version = (await lead.get(url)).json().version;
  for (const source of [{ source: 'levy', amount_cents: 5 }, { source: 'levy', amount_cents: 5, period: 2026 }]) {
    const res = await lead.call('PATCH', url, { version, funding_sources: [source] });
    assert.equal(res.status, 422, `${JSON.stringify(source)}: ${res.text}`);
    assert.match(res.json().error.fields.funding_sources, /needs its period/, res.text);
  }
  const create = await lead.call('POST', `/api/v1/locations/${LEAD}/initiatives`, {
    title: `No period ${tag}`, area: 'services', elements: ['inclusion'], status: 'active',
    funding_sources: [{ source: 'levy', amount_cents: 5 }] });
  assert.equal(create.status, 422, create.text);
  assert.ok(create.json().error.fields.funding_sources, create.text);
  // The form without the row's period input.
  const form = await fetch(`${base}/l/${LEAD}/initiatives/${ids.ini}/edit`, {
    method: 'POST', redirect: 'manual', headers: { Accept: 'text/html', Cookie: `portal_session=${lead.cookie}`,
      'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: lead.csrf, version: String(version), title: 'Still here', scope: 'multi',
      locations: PART, funding_source_1: 'council', funding_amount_1: '10' }).toString() });
  assert.equal(form.status, 422);
  assert.match(await form.text(), /each source needs its period/);
  for (let i = 0; i < 4; i++) assert.equal((await lead.get(url)).status, 200, 'the workers still answer');
  assert.equal((await lead.get(url)).json().version, version, 'nothing was saved');
});

test('exports carry how far an initiative reaches', async () => {
  const csv = await inz.get(`/api/v1/national/exports/initiatives?format=csv&location=${LEAD}`);
  assert.equal(csv.status, 200, csv.text);
  const [head, row] = csv.text.trim().split('\r\n');
  assert.match(head, /"scope","lead_location","locations","mainstream","lead_agency","funding_sources_text"$/);
  assert.match(row, new RegExp(`"multi","${LEAD}","${PART}",true,"TEC","levy 12500.00 2026/27; council 0.00 2026"$`));
});

// The fresh locations' rows of the overview, paging as a client would.
async function overview(who) {
  const found = {};
  let cursor = null, first;
  do {
    const res = await who.get(`/api/v1/national/overview?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200, res.text);
    const body = res.json();
    first ??= body;
    for (const l of body.items) if (l.slug === LEAD || l.slug === PART) found[l.slug] = l;
    cursor = body.next;
  } while (cursor);
  return { first, found };
}

test('the national overview: settlement outcome areas by location, with gaps, in JSON and on the page', async () => {
  const { first, found } = await overview(inz);
  assert.deepEqual(first.outcome_areas.map((o) => o.key),
    ['employment', 'education_training', 'english_language', 'inclusion', 'health_wellbeing']);
  for (const slug of [LEAD, PART]) {
    const cells = Object.fromEntries(found[slug].outcomes.map((o) => [o.key, o]));
    assert.deepEqual(cells.english_language, { key: 'english_language', name: 'English language', active: 1, planned: 0, total: 1, gap: false }, slug);
    assert.equal(cells.employment.gap, true);
    assert.equal(found[slug].gap_outcomes, 4);
    // Areas and elements count the shared initiative for both, as the
    // participating location's own coverage page does.
    assert.equal(found[slug].gap_areas, 6, slug);
  }
  assert.equal(found[PART].gap_elements, found[LEAD].gap_elements);
  for (const l of first.items) assert.equal(l.gap_outcomes, l.outcomes.filter((o) => o.total === 0).length);
  // Attention: the listed locations with a gap, and which areas.
  const gap = first.attention.outcome_gaps.find((g) => g.slug === first.items.find((l) => l.gap_outcomes > 0).slug);
  assert.ok(gap.missing.length > 0);
  assert.equal(typeof first.attention.waiting_total, 'number');
  assert.equal(typeof first.attention.overdue_total, 'number');
  assert.equal(typeof first.attention.unconfirmed_figures, 'number');
  assert.ok(Array.isArray(first.attention.stocktakes));
  const html = (await inz.get('/national/', { Accept: 'text/html' })).text;
  assert.match(html, /<table class="coverage" id="outcomes-table">/);
  assert.match(html, /<td class="gap" data-outcome="employment"><span class="gap-mark">gap<span class="visually-hidden">: no initiative for Employment<\/span>/);
});

test('the overview leads with what needs attention, with a table of contents whose anchors all exist', async () => {
  const html = (await inz.get('/national/', { Accept: 'text/html' })).text;
  const main = html.slice(html.indexOf('<main'));
  const h1 = main.indexOf('<h1');
  const attention = main.indexOf('<section id="attention"');
  assert.ok(attention > h1 && attention < main.indexOf('<nav id="contents"'), 'attention comes first, then the contents');
  assert.ok(main.indexOf('<nav id="contents"') < main.indexOf('id="outcomes"'));
  for (const id of ['attention-gaps', 'attention-waiting', 'attention-overdue', 'attention-unconfirmed'])
    assert.match(main, new RegExp(`<li id="${id}">`));
  const toc = main.slice(main.indexOf('<nav id="contents"'), main.indexOf('</nav>', main.indexOf('<nav id="contents"')));
  const anchors = [...toc.matchAll(/href="#([a-z-]+)"/g)].map((m) => m[1]);
  assert.ok(anchors.length >= 9, anchors.join());
  for (const a of anchors) assert.match(html, new RegExp(`id="${a}"`), `#${a} exists`);
  // The details open and close without JavaScript; none is needed.
  assert.ok((main.match(/<details/g) || []).length >= 5);
  assert.doesNotMatch(main.slice(0, main.indexOf('</main>')), /<script/);
});

test('a partner agency reads the overview without unconfirmed figures or anyone\'s contact', async () => {
  const me = (await partner.get('/api/v1/me')).json();
  assert.equal(me.national_role, 'partner');
  // A figure waiting for confirmation in the lead location.
  const up = await lead.call('POST', `/api/v1/locations/${LEAD}/initiatives/${ids.ini}/updates`,
    { body: 'First classes.', people_reached: 7 });
  assert.equal(up.status, 201, up.text);
  const staff = (await overview(inz)).found[LEAD];
  assert.equal(staff.unconfirmed_figures, 1);
  const { first, found } = await overview(partner);
  assert.equal(found[LEAD].unconfirmed_figures, undefined);
  assert.equal('unconfirmed_figures' in first.attention, false);
  assert.equal(found[LEAD].figures.people_reached, undefined, 'an unconfirmed figure counts nowhere');
  const text = JSON.stringify(first);
  assert.doesNotMatch(text, /unconfirmed|"contact"|"email"|"phone"|applicant/);
  const html = (await partner.get('/national/', { Accept: 'text/html' })).text;
  assert.doesNotMatch(html, /data-unconfirmed|not yet confirmed|waits? for confirmation/);
  assert.doesNotMatch(html, /href="\/national\/(overlaps|audit|locations|stocktakes")/);
  assert.match(html, /id="outcomes-table"/);
  // Exports: initiatives, without the lead's name; nothing naming applicants.
  const ex = await partner.get(`/api/v1/national/exports/initiatives?location=${LEAD}`);
  assert.equal(ex.status, 200, ex.text);
  assert.equal(ex.json().columns.includes('lead_name'), false);
  assert.equal('lead_name' in ex.json().items[0], false);
  for (const name of ['requests', 'payments', 'updates', 'snapshots'])
    assert.equal((await partner.get(`/api/v1/national/exports/${name}?format=csv`)).status, 403, name);
  const page = (await partner.get('/national/exports', { Accept: 'text/html' })).text;
  assert.doesNotMatch(page, /Download Funding requests|Download Payments/);
  // Nothing of a location's working group, nor anyone's request.
  assert.equal((await partner.get('/api/v1/locations/hamilton/requests')).status, 404);
  assert.equal((await partner.get('/l/hamilton/wg/', { Accept: 'text/html' })).status, 404);
});

test('row-level security: a partner reads no request, no person and no unconfirmed figure', () => {
  const id = sqlValue(stack, "SELECT id FROM users WHERE email = 'partner@portal.demo'");
  assert.deepEqual(asApp(id, 'partner', `SELECT count(*) FROM funding_requests;
SELECT count(*) FROM update_figures WHERE confirmed_at IS NULL;
SELECT count(*) FROM users WHERE id <> ${id};
SELECT count(*) FROM initiative_updates u JOIN initiatives i ON i.id = u.initiative_id WHERE i.visibility <> 'public';
SELECT count(*) > 0 FROM national_request_queue;
SELECT count(*) > 0 FROM initiatives;
SELECT count(*) > 0 FROM national_requests_waiting(50);`), ['0', '0', '0', '0', 't', 't', 't']);
  assert.throws(() => asApp(id, 'partner', 'SELECT contact_email FROM national_request_queue;'), /does not exist/);
  assert.deepEqual(asApp(id, 'partner', `UPDATE initiatives SET title = 'x' WHERE id = ${ids.ini} RETURNING id;`), [],
    'a partner changes nothing');
});

test('a change by the lead reaches the participating location\'s pages at once', async () => {
  // Read twice so the participating location's list is a kept view.
  for (let i = 0; i < 2; i++) {
    assert.match((await part.get(`/l/${PART}/wg/initiatives`, { Accept: 'text/html' })).text,
      new RegExp(`Regional English classes ${tag}`));
  }
  // Changed as any writer may (the form also rewrites the participants,
  // which would drop every copy anyway): only the initiative's row.
  sql(stack, `UPDATE initiatives SET title = ${quote(`Regional English and maths ${tag}`)}
    WHERE id = ${ids.ini}`);
  const list = (await part.get(`/l/${PART}/wg/initiatives`, { Accept: 'text/html' })).text;
  assert.match(list, new RegExp(`Regional English and maths ${tag}`));
  assert.doesNotMatch(list, new RegExp(`Regional English classes ${tag}`));
});

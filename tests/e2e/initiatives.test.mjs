// Initiatives (issue 4): creating and editing them through the API and the
// HTML forms, every field's validation, the 409 on a stale edit, progress
// updates with figures, filters, full-text search, keyset pagination,
// publishing, CSV export, the audit trail, and who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { publicWithin, request } from './lib/http.mjs';
import { register, signIn } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const API = '/api/v1/locations/hamilton';
const tag = `t${process.pid}${Date.now().toString(36)}`;
let stack, base, member, coordinator, observer, nelson, inz, applicant;

// A stack of its own when the file runs alone; stopped when done.
after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [member, coordinator, observer, nelson, inz] = await Promise.all([
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'coordinator.nelson@portal.demo'),
    signIn(base, 'inz@portal.demo'),
  ]);
  applicant = (await register(base, 'ini-applicant')).client;
});

const anonymous = {
  call: (method, path, body) => request(base, {
    method, path, headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }),
  get(path, headers = {}) { return request(base, { path, headers: { Accept: 'application/json', ...headers } }); },
};

const valid = (extra = {}) => ({
  title: `Welcome picnic ${tag}`,
  summary: 'A picnic in *Hamilton Gardens* for newcomers and neighbours.',
  area: 'events_programmes',
  elements: ['belonging', 'participation'],
  outcome_areas: ['inclusion'],
  status: 'planned',
  partners: ['Hamilton City Council', 'Red Cross'],
  target_groups: ['Former refugees'],
  start_date: '2026-12-01',
  end_date: '2027-02-28',
  ...extra,
});

async function create(who = member, extra = {}, path = API) {
  const res = await who.call('POST', `${path}/initiatives`, valid(extra));
  assert.equal(res.status, 201, res.text);
  return res.json();
}

// An HTML form post with the session's cookie and CSRF token.
function postForm(who, path, fields) {
  const body = new URLSearchParams();
  body.append('_csrf', who.csrf);
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  return request(base, {
    method: 'POST', path, body: body.toString(),
    headers: {
      Accept: 'text/html', Cookie: `portal_session=${who.cookie}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
  });
}
const page = (who, path) => who.get(path, { Accept: 'text/html' });

test('a member creates an initiative and it reads back field by field', async () => {
  const leadId = Number(sqlValue(stack, "SELECT id FROM users WHERE email = 'member2.hamilton@portal.demo'"));
  const ini = await create(member, { lead_user_id: leadId });
  assert.equal(ini.version, 1);
  assert.equal(ini.title, `Welcome picnic ${tag}`);
  assert.equal(ini.area, 'events_programmes');
  assert.deepEqual(ini.elements, ['belonging', 'participation']);
  assert.deepEqual(ini.outcome_areas, ['inclusion']);
  assert.equal(ini.status, 'planned');
  assert.equal(ini.visibility, 'working_group');
  assert.equal(ini.start_date, '2026-12-01');
  assert.equal(ini.end_date, '2027-02-28');
  assert.equal(ini.lead_user_id, leadId);
  assert.equal(ini.lead_name, 'Farid Member');
  assert.deepEqual(ini.partners, ['Hamilton City Council', 'Red Cross']);
  const again = (await member.get(`${API}/initiatives/${ini.id}`)).json();
  assert.equal(again.title, ini.title);
  assert.deepEqual(again.updates, []);
  // The page renders the Markdown summary.
  const html = await page(member, `/l/hamilton/initiatives/${ini.id}`);
  assert.equal(html.status, 200);
  assert.match(html.text, /<em>Hamilton Gardens<\/em>/);
  assert.match(html.text, /Farid Member/);
});

test('the HTML form creates an initiative and shows it; bad input re-shows the form as typed', async () => {
  const form = await page(member, '/l/hamilton/wg/initiatives/new');
  assert.equal(form.status, 200);
  assert.match(form.text, /name="elements" value="belonging"/);
  const title = `Newsletter ${tag}`;
  const ok = await postForm(member, '/l/hamilton/wg/initiatives', {
    title, summary: 'Monthly, in five languages.', area: 'news_narrative',
    elements: ['', 'recognition'], outcome_areas: [''], status: 'active',
    visibility: 'working_group', lead_user_id: '', partners: 'Library\r\nMigrant Centre\r\n',
    target_groups: '', start_date: '', end_date: '',
  });
  assert.equal(ok.status, 303, ok.text);
  const to = ok.headers.location;
  assert.match(to, /^\/l\/hamilton\/initiatives\/\d+$/);
  const shown = await page(member, to);
  assert.match(shown.text, new RegExp(title));
  assert.match(shown.text, /<li>Library<\/li><li>Migrant Centre<\/li>/);

  const bad = await postForm(member, '/l/hamilton/wg/initiatives', {
    title: 'Kept as typed', summary: 'mine', area: 'nowhere', elements: [''],
    outcome_areas: [''], status: 'active', visibility: 'working_group', lead_user_id: '',
    partners: '', target_groups: '', start_date: '2026-02-30', end_date: '',
  });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /value="Kept as typed"/);
  assert.match(bad.text, />mine<\/textarea>/);
  assert.match(bad.text, /value="2026-02-30"/);
  assert.match(bad.text, /Area must be one of the framework&#39;s seven areas|Area must be one of the framework/);
  assert.match(bad.text, /Elements: choose at least one/);
  assert.match(bad.text, /Start date is not a real calendar date/);
});

test('every field is checked and named in a 422, and nothing is saved', async () => {
  const before = sqlValue(stack, 'SELECT count(*) FROM initiatives');
  const cases = [
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ title: 'two\nlines' }, 'title'],
    [{ summary: 's'.repeat(20001) }, 'summary'],
    [{ area: 'gardening' }, 'area'],
    [{ elements: [] }, 'elements'],
    [{ elements: ['belonging', 'happiness'] }, 'elements'],
    [{ elements: 'belonging' }, 'elements'],
    [{ outcome_areas: ['wealth'] }, 'outcome_areas'],
    [{ status: 'finished' }, 'status'],
    [{ visibility: 'everyone' }, 'visibility'],
    [{ lead_user_id: 'abc' }, 'lead_user_id'],
    [{ lead_user_id: Number(sqlValue(stack, "SELECT id FROM users WHERE email = 'member.nelson@portal.demo'")) }, 'lead_user_id'],
    [{ partners: Array.from({ length: 31 }, (_, i) => `Org ${i}`) }, 'partners'],
    [{ partners: ['p'.repeat(201)] }, 'partners'],
    [{ target_groups: ['t'.repeat(201)] }, 'target_groups'],
    [{ target_groups: [7] }, 'target_groups'],
    [{ start_date: '2026-1-01' }, 'start_date'],
    [{ end_date: '2026-11-31' }, 'end_date'],
    [{ start_date: '2027-01-02', end_date: '2027-01-01' }, 'end_date'],
  ];
  for (const [change, field] of cases) {
    const res = await member.call('POST', `${API}/initiatives`, valid(change));
    assert.equal(res.status, 422, `${JSON.stringify(change).slice(0, 60)}: ${res.text}`);
    const err = res.json().error;
    assert.equal(err.code, 'validation_failed');
    assert.ok(err.fields[field], `${field} is named for ${JSON.stringify(change).slice(0, 60)}`);
  }
  const missing = await member.call('POST', `${API}/initiatives`, { summary: 'no title' });
  assert.equal(missing.status, 422);
  assert.deepEqual(Object.keys(missing.json().error.fields).sort(), ['area', 'elements', 'title']);
  assert.equal(sqlValue(stack, 'SELECT count(*) FROM initiatives'), before);
});

test('an edit names its version; a stale one gets 409 with the current values and changes nothing', async () => {
  const ini = await create();
  const first = await member.call('PATCH', `${API}/initiatives/${ini.id}`, { version: 1, title: `Renamed ${tag}` });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json().version, 2);
  assert.equal(first.json().title, `Renamed ${tag}`);
  assert.deepEqual(first.json().elements, ini.elements, 'fields not sent stay');

  const stale = await coordinator.call('PATCH', `${API}/initiatives/${ini.id}`, { version: 1, title: 'Mine instead' });
  assert.equal(stale.status, 409);
  assert.equal(stale.json().error.code, 'conflict');
  assert.equal(stale.json().error.current.title, `Renamed ${tag}`);
  assert.equal(stale.json().error.current.version, 2);
  assert.equal((await member.get(`${API}/initiatives/${ini.id}`)).json().title, `Renamed ${tag}`);

  const noVersion = await member.call('PATCH', `${API}/initiatives/${ini.id}`, { title: 'x' });
  assert.equal(noVersion.status, 422);
  assert.ok(noVersion.json().error.fields.version);

  // In the browser: the person's own text beside what was saved meanwhile.
  const form = await page(coordinator, `/l/hamilton/initiatives/${ini.id}/edit`);
  assert.match(form.text, /name="version" value="2"/);
  await member.call('PATCH', `${API}/initiatives/${ini.id}`, { version: 2, title: `Saved meanwhile ${tag}` });
  const clash = await postForm(coordinator, `/l/hamilton/initiatives/${ini.id}/edit`, {
    version: '2', title: 'The coordinator typed this', summary: 'Their summary', area: 'events_programmes',
    elements: ['', 'belonging'], outcome_areas: [''], status: 'planned', visibility: 'working_group',
    lead_user_id: '', partners: '', target_groups: '', start_date: '', end_date: '',
  });
  assert.equal(clash.status, 409);
  assert.match(clash.text, /value="The coordinator typed this"/);
  assert.match(clash.text, new RegExp(`Saved meanwhile: Saved meanwhile ${tag}`));
  assert.match(clash.text, /name="version" value="3"/, 'saving again overwrites knowingly');
  assert.equal((await member.get(`${API}/initiatives/${ini.id}`)).json().title, `Saved meanwhile ${tag}`);
  const again = await postForm(coordinator, `/l/hamilton/initiatives/${ini.id}/edit`, {
    version: '3', title: 'The coordinator typed this', summary: 'Their summary', area: 'events_programmes',
    elements: ['', 'belonging'], outcome_areas: [''], status: 'planned', visibility: 'working_group',
    lead_user_id: '', partners: '', target_groups: '', start_date: '', end_date: '',
  });
  assert.equal(again.status, 303, again.text);
  const now = (await member.get(`${API}/initiatives/${ini.id}`)).json();
  assert.equal(now.title, 'The coordinator typed this');
  assert.deepEqual(now.elements, ['belonging']);
  assert.equal(now.version, 4);
});

test('progress updates carry figures, may move the status, and build the timeline', async () => {
  const ini = await create();
  const up = await member.call('POST', `${API}/initiatives/${ini.id}/updates`, {
    date: '2026-11-20', body: 'First *session* held.', people_reached: 40, sessions_held: 2,
    volunteers: 5, into_work: 0, status: 'active',
  });
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json().people_reached, 40);
  assert.equal(up.json().into_work, 0);
  assert.equal(up.json().status_to, 'active');
  const after = (await member.get(`${API}/initiatives/${ini.id}`)).json();
  assert.equal(after.status, 'active');
  assert.equal(after.version, 2);
  const second = await member.call('POST', `${API}/initiatives/${ini.id}/updates`, { body: 'Today, no figures.' });
  assert.equal(second.status, 201);
  assert.equal(second.json().people_reached, null);
  assert.match(second.json().date, /^\d{4}-\d{2}-\d{2}$/);

  for (const [change, field] of [
    [{ body: '' }, 'body'], [{ body: 'x', people_reached: -1 }, 'people_reached'],
    [{ body: 'x', sessions_held: 'many' }, 'sessions_held'], [{ body: 'x', volunteers: 1.5 }, 'volunteers'],
    [{ body: 'x', into_work: '3e2' }, 'into_work'], [{ body: 'x', date: '2026-02-29' }, 'date'],
    [{ body: 'x', status: 'done' }, 'status'],
  ]) {
    const res = await member.call('POST', `${API}/initiatives/${ini.id}/updates`, change);
    assert.equal(res.status, 422, JSON.stringify(change));
    assert.ok(res.json().error.fields[field], field);
  }
  const list = (await member.get(`${API}/initiatives/${ini.id}/updates`)).json();
  assert.equal(list.items.length, 2);
  assert.equal(list.items[1].date, '2026-11-20', 'newest first');

  const html = await page(member, `/l/hamilton/initiatives/${ini.id}`);
  assert.match(html.text, /First <em>session<\/em> held\./);
  assert.match(html.text, /People reached: 40/);
  assert.match(html.text, /moved to Active/);
  const bad = await postForm(member, `/l/hamilton/initiatives/${ini.id}/updates`, { date: '', body: 'typed', people_reached: '-3' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, />typed<\/textarea>/);
  assert.match(bad.text, /People reached must be a whole number/);
});

test('lists filter by area, element, status and outcome area, and search titles, summaries and updates', async () => {
  const word = `zq${tag}`;
  const a = await create(member, { title: `Filter Alpha ${tag}`, area: 'services', elements: ['legitimacy'], status: 'active', outcome_areas: ['english_language'] });
  const b = await create(member, { title: `Filter Beta ${tag}`, area: 'pathways', elements: ['inclusion'], status: 'idea', outcome_areas: ['employment'], summary: `mentions ${word}summary` });
  await member.call('POST', `${API}/initiatives/${a.id}/updates`, { body: `the update mentions ${word}update` });
  const ids = async (query) => (await member.get(`${API}/initiatives?limit=100&${query}`)).json().items.map((i) => i.id);
  assert.ok((await ids('area=services')).includes(a.id));
  assert.ok(!(await ids('area=services')).includes(b.id));
  assert.ok((await ids('element=inclusion')).includes(b.id));
  assert.ok(!(await ids('element=inclusion')).includes(a.id));
  assert.ok((await ids('status=active&area=services')).includes(a.id));
  assert.ok(!(await ids('status=idea&area=services')).includes(a.id));
  assert.ok((await ids('outcome_area=employment')).includes(b.id));
  assert.ok(!(await ids('outcome_area=employment')).includes(a.id));
  assert.deepEqual(await ids(`q=${encodeURIComponent(`"Filter Alpha ${tag}"`)}`), [a.id]);
  assert.deepEqual(await ids(`q=${word}summary`), [b.id]);
  assert.deepEqual(await ids(`q=${word}update`), [a.id], 'updates are searched');
  for (const q of ['area=gardens', 'element=joy', 'status=done', 'outcome_area=x', 'sort=random', 'limit=0', 'limit=101', 'cursor=nonsense']) {
    const res = await member.get(`${API}/initiatives?${q}`);
    assert.equal(res.status, 400, q);
    assert.ok(Object.keys(res.json().error.fields).length > 0, q);
  }
  const html = await page(member, `/l/hamilton/wg/initiatives?q=${word}update`);
  assert.match(html.text, new RegExp(`Filter Alpha ${tag}`));
  assert.doesNotMatch(html.text, new RegExp(`Filter Beta ${tag}`));
});

test('keyset pagination walks every sort with no duplicates and no gaps', async () => {
  // A location of its own, so the set is known exactly.
  const writer = await register(base, 'ini-pager');
  sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector, organisation)
    SELECT l.id, u.id, 'member', 'community', 'Pager Trust' FROM locations l, users u
     WHERE l.slug = 'masterton' AND u.email = ${quote(writer.email)}`);
  const who = await signIn(base, writer.email, 'a-fine-long-password');
  const path = '/api/v1/locations/masterton';
  const made = [];
  for (let i = 0; i < 23; i += 1) {
    // Some titles the same, so the id breaks ties.
    made.push((await create(who, { title: `Page ${i % 4} ${tag}` }, path)).id);
    if (i % 5 === 0) await who.call('POST', `${path}/initiatives/${made.at(-1)}/updates`, { body: 'moved up' });
  }
  // A long title in two-byte letters makes a long cursor.
  made.push((await create(who, { title: 'Ō'.repeat(200) }, path)).id);
  const all = new Set((await who.get(`${path}/initiatives?limit=100`)).json().items.map((i) => i.id));
  for (const id of made) assert.ok(all.has(id));
  for (const [sort, size] of [['recent', 5], ['title', 5], ['created', 5], ['title', 1]]) {
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const res = await who.get(`${path}/initiatives?sort=${sort}&limit=${size}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(res.status, 200, res.text);
      const body = res.json();
      assert.ok(body.items.length <= size);
      seen.push(...body.items.map((i) => i.id));
      cursor = body.next;
      pages += 1;
    } while (cursor && pages < 100);
    assert.equal(seen.length, new Set(seen).size, `${sort}: no duplicates`);
    assert.deepEqual([...seen].sort(), [...all].sort(), `${sort}: no gaps`);
  }
  const titles = [];
  let cursor = null;
  do {
    const body = (await who.get(`${path}/initiatives?sort=title&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
    titles.push(...body.items.map((i) => i.title.toLowerCase()));
    cursor = body.next;
  } while (cursor);
  assert.deepEqual(titles, [...titles].sort(), 'title order holds across pages');
  const html = await page(who, '/l/masterton/wg/initiatives?limit=5');
  const next = html.text.match(/href="([^"]*cursor=[^"]*)" rel="next"/);
  assert.ok(next, 'the HTML list links to the next page');
  const second = await page(who, next[1].replace(/&amp;/g, '&'));
  assert.equal(second.status, 200);
});

test('publishing shows an initiative to everyone; unpublishing hides it again', async () => {
  const ini = await create(member, { title: `Festival ${tag}` });
  const publicPath = `/l/hamilton/initiatives/${ini.id}`;
  assert.equal((await request(base, { path: publicPath })).status, 404);
  assert.equal((await anonymous.get(`${API}/initiatives/${ini.id}`)).status, 404);
  assert.equal((await applicant.get(`${API}/initiatives/${ini.id}`)).status, 404);

  const pub = await member.call('PATCH', `${API}/initiatives/${ini.id}`, { version: 1, visibility: 'public' });
  assert.equal(pub.status, 200);
  assert.ok(pub.json().published_at);
  await member.call('POST', `${API}/initiatives/${ini.id}/updates`, { body: `Latest news ${tag}` });
  // Anonymous readers within the micro-cache's second: the 404 read
  // above may be kept until then.
  await publicWithin(async () => new RegExp(`Latest news ${tag}`).test((await request(base, { path: publicPath })).text));
  const shown = await request(base, { path: publicPath });
  assert.equal(shown.status, 200);
  assert.match(shown.text, new RegExp(`Festival ${tag}`));
  assert.match(shown.text, new RegExp(`Latest news ${tag}`));
  assert.doesNotMatch(shown.text, /Mere Member/, 'who wrote it is not public');
  // The location's home may be the micro-cache's copy for a second.
  await publicWithin(async () => {
    const home = await request(base, { path: '/l/hamilton/' });
    return new RegExp(`Festival ${tag}`).test(home.text) &&
      new RegExp(`Latest news ${tag}`).test(home.text);
  });
  await publicWithin(async () => (await anonymous.get(`${API}/initiatives?limit=100`)).json().items.some((i) => i.id === ini.id));
  const items = (await anonymous.get(`${API}/initiatives?limit=100`)).json().items;
  assert.ok(items.some((i) => i.id === ini.id));
  assert.ok(items.every((i) => i.visibility === 'public'), 'anonymous lists hold published ones only');
  assert.ok(items.every((i) => !('lead_name' in i)));

  // An update without a status leaves the version as it was.
  const { version } = (await member.get(`${API}/initiatives/${ini.id}`)).json();
  assert.equal(version, 2);
  const unpub = await postForm(member, `/l/hamilton/initiatives/${ini.id}/edit`, { version: String(version), visibility: 'working_group' });
  assert.equal(unpub.status, 303, unpub.text);
  // Hidden from anonymous readers within the micro-cache's second.
  await publicWithin(async () => (await request(base, { path: publicPath })).status === 404);
  await publicWithin(async () => !new RegExp(`Festival ${tag}`).test((await request(base, { path: '/l/hamilton/' })).text));
  await publicWithin(async () => (await anonymous.get(`${API}/initiatives/${ini.id}/updates`)).status === 404);
});

test('the export holds every initiative and update as CSV with formulas neutralised, and as JSON', async () => {
  const ini = await create(member, { title: `=HYPERLINK("http://evil") ${tag}`, partners: ['+61 ring', '@home', '-minus'] });
  await member.call('POST', `${API}/initiatives/${ini.id}/updates`, { body: '=1+1, "quoted", and\na new line', people_reached: 3 });
  const csv = await member.get(`${API}/exports/initiatives?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.match(csv.headers['content-disposition'], /attachment; filename="hamilton-initiatives.csv"/);
  const lines = csv.text.split('\r\n');
  assert.match(lines[0], /^"?id"?,"?version"?,"?title"?/);
  const row = lines.find((l) => l.includes(tag) && l.includes('HYPERLINK'));
  assert.ok(row, 'the row is there');
  assert.match(row, /"'=HYPERLINK\(""http:\/\/evil""\)/);
  assert.match(row, /"'\+61 ring; @home; -minus"/);
  const count = Number(sqlValue(stack, "SELECT count(*) FROM initiatives i JOIN locations l ON l.id = i.location_id WHERE l.slug = 'hamilton'"));
  // Cells may hold line breaks; rows end with CRLF and start with an id.
  assert.equal(lines.filter((l) => /^"?\d+"?,/.test(l)).length, count);

  const updates = await member.get(`${API}/exports/updates?format=csv`);
  assert.match(updates.text, /"'=1\+1, ""quoted"", and\na new line"/);
  const json = await member.get(`${API}/exports/initiatives`);
  assert.equal(json.status, 200);
  assert.equal(json.json().items.length, count);
  assert.ok(json.json().items.some((i) => i.id === ini.id));
  assert.equal((await member.get(`${API}/exports/initiatives?format=xls`)).status, 400);
  assert.equal((await member.get(`${API}/exports/budgets`)).status, 404);
  const audit = sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'export_taken' AND detail->>'export' = 'updates'`);
  assert.ok(Number(audit) >= 1, 'exports are recorded');
});

test('creation, edits, status changes and publication go to the audit trail', async () => {
  const ini = await create();
  await member.call('PATCH', `${API}/initiatives/${ini.id}`, { version: 1, title: `Audited ${tag}`, status: 'active', visibility: 'public' });
  const entries = JSON.parse(sqlValue(stack, `SELECT json_agg(json_build_object('action', action, 'detail', detail) ORDER BY id)
    FROM audit_log WHERE detail->>'initiative_id' = ${quote(String(ini.id))}`));
  const actions = entries.map((e) => e.action);
  assert.deepEqual(actions, ['initiative_created', 'initiative_edited', 'initiative_status_changed', 'initiative_published']);
  assert.deepEqual(entries[1].detail.fields.sort(), ['status', 'title', 'visibility']);
  assert.deepEqual([entries[2].detail.from, entries[2].detail.to], ['planned', 'active']);
  const trail = (await coordinator.get(`${API}/audit`)).json().items;
  assert.ok(trail.some((e) => e.action === 'initiative_published' && e.detail.initiative_id === ini.id));
});

test('who may do what: observers read, other locations and outsiders see nothing unpublished', async () => {
  const ini = await create(member, { title: `Secret plan ${tag}` });
  const id = ini.id;
  const reads = [`${API}/initiatives/${id}`, `${API}/initiatives/${id}/updates`];
  for (const who of [member, coordinator, observer, inz]) {
    for (const path of reads) assert.equal((await who.get(path)).status, 200, path);
    assert.equal((await page(who, `/l/hamilton/initiatives/${id}`)).status, 200);
    assert.equal((await page(who, '/l/hamilton/wg/initiatives')).status, 200);
    assert.equal((await who.get(`${API}/exports/initiatives`)).status, 200);
  }
  for (const who of [nelson, applicant, anonymous]) {
    for (const path of reads) assert.equal((await who.get(path)).status, 404, path);
    assert.equal((await page(who, `/l/hamilton/initiatives/${id}`)).status, 404);
    const list = (await who.get(`${API}/initiatives?q=${encodeURIComponent(`"Secret plan ${tag}"`)}`));
    assert.equal(list.status, 200);
    assert.deepEqual(list.json().items, [], 'nothing by search');
  }
  assert.equal((await page(nelson, '/l/hamilton/wg/initiatives')).status, 404);
  assert.equal((await nelson.get(`${API}/exports/initiatives`)).status, 404);
  assert.equal((await applicant.get(`${API}/exports/initiatives`)).status, 404);
  assert.equal((await anonymous.get(`${API}/exports/initiatives`)).status, 401);
  assert.equal((await page(anonymous, '/l/hamilton/wg/initiatives')).status, 303);

  // Writes: members and coordinators only, never across locations.
  const writes = [
    ['POST', `${API}/initiatives`, valid()],
    ['PATCH', `${API}/initiatives/${id}`, { version: 1, title: 'x' }],
    ['POST', `${API}/initiatives/${id}/updates`, { body: 'x' }],
  ];
  for (const [method, path, body] of writes) {
    assert.equal((await observer.call(method, path, body)).status, 403, `observer ${method} ${path}`);
    assert.equal((await inz.call(method, path, body)).status, 403, `inz ${method} ${path}`);
    assert.equal((await nelson.call(method, path, body)).status, 404, `nelson ${method} ${path}`);
    assert.equal((await applicant.call(method, path, body)).status, 404, `applicant ${method} ${path}`);
    assert.equal((await anonymous.call(method, path, body)).status, 401, `anonymous ${method} ${path}`);
  }
  assert.equal((await postForm(observer, '/l/hamilton/wg/initiatives', { title: 'x' })).status, 403);
  assert.equal((await page(observer, '/l/hamilton/wg/initiatives/new')).status, 403);
  assert.equal((await page(observer, `/l/hamilton/initiatives/${id}/edit`)).status, 403);
  const still = (await member.get(`${API}/initiatives/${id}`)).json();
  assert.equal(still.version, 1);
  assert.deepEqual(still.updates, []);
  // Without the CSRF token a cookie session changes nothing.
  assert.equal((await member.call('POST', `${API}/initiatives`, valid(), { 'X-CSRF-Token': '' })).status, 403);
});

test('the working-group home counts active and planned initiatives by area and element, gaps marked', async () => {
  const html = await page(observer, '/l/hamilton/wg/');
  assert.equal(html.status, 200);
  assert.match(html.text, /<caption id="coverage-caption">/);
  assert.match(html.text, /<th scope="col">Belonging<\/th>/);
  // The demo data leaves research and evidence without active or planned work.
  const row = html.text.match(/<tr class="gap"><th scope="row"><a href="[^"]*area=research_evidence">[\s\S]*?<\/tr>/);
  assert.ok(row, 'research_evidence is a gap row');
  assert.match(row[0], /GAP|gap<\/strong>/i);
  const count = (area, element) => Number(sqlValue(stack, `SELECT count(*) FROM initiatives i JOIN locations l ON l.id = i.location_id
    WHERE l.slug = 'hamilton' AND i.status IN ('active', 'planned') AND i.area = ${quote(area)} AND ${quote(element)} = ANY (i.elements)`));
  const services = html.text.match(/area=services">[\s\S]*?<\/tr>/)[0];
  const cells = [...services.matchAll(/<td class="(gap|has)">(?:<span class="gap-mark">gap<\/span>|(\d+) )/g)];
  const elements = ['belonging', 'inclusion', 'participation', 'recognition', 'legitimacy'];
  elements.forEach((e, i) => {
    const n = count('services', e);
    assert.equal(cells[i][1], n === 0 ? 'gap' : 'has', e);
    if (n > 0) assert.equal(Number(cells[i][2]), n, e);
  });
});

// Text people write never runs (issues 4 and 5): script tags, event
// handlers, javascript: links and attribute break-outs go into every text
// field of an initiative (title, summary, partners, target groups) and its
// progress update (body), and of micro-funding (a round's name and
// conditions; a request's title, description, beneficiaries, timeline,
// contact and budget items; the notes, reason, payment reference, review
// comment and report a request gathers on its way), and no page (the
// initiative, the round, the request as each person sees it, the lists,
// the public pages, a form shown again, the 409 page of a stale edit) or
// export (CSV, JSON) that shows them carries them live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { signIn } from './lib/session.mjs';

const API = '/api/v1/locations/hamilton';
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[click me](javascript:alert(3))',
  '<a href="javascript:alert(4)">link</a>',
  '"><svg onload=alert(5)>',
  "'><iframe src=javascript:alert(6)>",
  '![pic](javascript:alert(7))',
  '<javascript:alert(8)>',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==)',
];
const ALL = PAYLOADS.join(' ');
// What every text field gets at the least: a script tag, an event
// handler, javascript: links (Markdown and HTML) and an attribute
// break-out.  The title is one line of at most 200 characters.
const FOUR = PAYLOADS.slice(0, 5);
const TITLE = `XSS ${FOUR.join(' ')}`;
const SUMMARY = PAYLOADS.join('\n\n');
const PARTNERS = PAYLOADS;
const TARGET_GROUPS = [...PAYLOADS].reverse();

// Markup that would run.  Every '<' on a page must open a tag the
// templates write (or a comment or the doctype): escaped text never holds
// one.  No tag may be one that runs or loads something, carry an event
// handler, or point a link or form at a script or data URL.
const TAG = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'=<>\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/;
const ATTR = /([^\s"'=<>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const RUNS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'img', 'style', 'base', 'video', 'audio', 'source']);
const decode = (v) => v.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function assertInert(html, where) {
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const rest = html.slice(at);
    if (rest.startsWith('<!--') || /^<!doctype/i.test(rest)) continue;
    const tag = rest.match(TAG);
    assert.ok(tag, `${where}: a stray '<' at ${JSON.stringify(rest.slice(0, 40))}`);
    const name = tag[1].toLowerCase();
    assert.ok(!RUNS.has(name), `${where}: a <${name}> element`);
    for (const [, attr, a, b, c] of tag[2].matchAll(ATTR)) {
      const key = attr.toLowerCase();
      const value = decode(a ?? b ?? c ?? '').trim().toLowerCase();
      assert.ok(!key.startsWith('on'), `${where}: an event handler ${key} on <${name}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(key)) {
        assert.doesNotMatch(value, /^(javascript|data|vbscript):/, `${where}: ${key}="${value}"`);
      }
    }
  }
}

let stack, member, id;
// A stack of its own when the file runs alone; stopped when done.
after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  member = await signIn(stack.base, 'member.hamilton@portal.demo');
  assert.ok(TITLE.length <= 200 && FOUR.every((p) => TITLE.includes(p)));
  const res = await member.call('POST', `${API}/initiatives`, {
    title: TITLE, summary: SUMMARY,
    area: 'news_narrative', elements: ['belonging'], outcome_areas: [],
    partners: PARTNERS, target_groups: TARGET_GROUPS,
    visibility: 'public', status: 'active',
  });
  assert.equal(res.status, 201, res.text);
  id = res.json().id;
  const up = await member.call('POST', `${API}/initiatives/${id}/updates`, { body: ALL });
  assert.equal(up.status, 201, up.text);
  // A form shown again with a payload in every field it echoes.
  assert.ok(id);
  await fundingFixtures();
});

test('what was written is stored as written', async () => {
  const ini = (await member.get(`${API}/initiatives/${id}`)).json();
  assert.equal(ini.title, TITLE);
  assert.equal(ini.summary, SUMMARY);
  assert.deepEqual(ini.partners, PARTNERS);
  assert.deepEqual(ini.target_groups, TARGET_GROUPS);
  assert.equal(ini.updates[0].body, ALL);
  for (const p of FOUR) {
    for (const [field, text] of [['title', ini.title], ['summary', ini.summary],
      ['partners', ini.partners.join('\n')], ['target_groups', ini.target_groups.join('\n')],
      ['update body', ini.updates[0].body]]) assert.ok(text.includes(p), `${field} holds ${p}`);
  }
});

test('no page shows a payload live, signed in or not', async () => {
  const pages = [
    `/l/hamilton/initiatives/${id}`, '/l/hamilton/initiatives', '/l/hamilton/', '/',
    `/l/hamilton/initiatives?q=${encodeURIComponent('XSS')}`,
  ];
  const wgPages = [
    ...pages, '/l/hamilton/wg/initiatives', `/l/hamilton/wg/initiatives?q=${encodeURIComponent(PAYLOADS[4])}`,
    `/l/hamilton/wg/initiatives?q=${encodeURIComponent('XSS')}`,
    `/l/hamilton/initiatives/${id}/edit`, '/l/hamilton/wg/', '/l/hamilton/wg/audit',
  ];
  for (const path of pages) {
    const res = await request(stack.base, { path, headers: { Accept: 'text/html' } });
    assert.equal(res.status, 200, path);
    assertInert(res.text, `anonymous ${path}`);
  }
  const coordinator = await signIn(stack.base, 'coordinator.hamilton@portal.demo');
  for (const path of wgPages) {
    const res = await coordinator.get(path, { Accept: 'text/html' });
    assert.equal(res.status, 200, path);
    assertInert(res.text, path);
  }
  // The text is still there to read, escaped.
  const shown = (await request(stack.base, { path: `/l/hamilton/initiatives/${id}` })).text;
  assert.match(shown, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(shown, /click me/);
  // The title, partners and target groups (plain text, not Markdown) show
  // every payload as text: the page holds them, escaped.
  const text = decode(shown.replace(/<[^>]*>/g, ' '));
  for (const p of FOUR) assert.ok(text.includes(p), `the initiative page shows ${p} as text`);
  // The lists do show it, so their check above checked something.
  for (const path of ['/l/hamilton/initiatives', `/l/hamilton/initiatives?q=${encodeURIComponent('XSS')}`]) {
    const list = (await request(stack.base, { path, headers: { Accept: 'text/html' } })).text;
    assert.ok(decode(list.replace(/<[^>]*>/g, ' ')).includes(TITLE), `${path} shows the title`);
  }
  for (const path of ['/l/hamilton/wg/initiatives', `/l/hamilton/wg/initiatives?q=${encodeURIComponent('XSS')}`]) {
    const list = (await coordinator.get(path, { Accept: 'text/html' })).text;
    assert.ok(decode(list.replace(/<[^>]*>/g, ' ')).includes(TITLE), `${path} shows the title`);
  }
});

test('forms shown again with the payloads keep them inert', async () => {
  const body = new URLSearchParams({ _csrf: member.csrf, title: TITLE, summary: ALL,
    area: PAYLOADS[4], elements: PAYLOADS[4], outcome_areas: '', status: PAYLOADS[0],
    visibility: PAYLOADS[1], lead_user_id: PAYLOADS[4], partners: ALL, target_groups: ALL,
    start_date: PAYLOADS[4], end_date: PAYLOADS[0] });
  const headers = { Accept: 'text/html', Cookie: `portal_session=${member.cookie}`,
    'Content-Type': 'application/x-www-form-urlencoded' };
  for (const path of ['/l/hamilton/wg/initiatives', `/l/hamilton/initiatives/${id}/edit`]) {
    const res = await request(stack.base, { method: 'POST', path, headers, body: body.toString() });
    assert.equal(res.status, 422, path);
    assertInert(res.text, `${path} re-shown`);
  }
  const update = new URLSearchParams({ _csrf: member.csrf, date: PAYLOADS[4], body: ALL,
    people_reached: PAYLOADS[0], status: PAYLOADS[4] });
  const res = await request(stack.base, { method: 'POST', path: `/l/hamilton/initiatives/${id}/updates`,
    headers, body: update.toString() });
  assert.equal(res.status, 422);
  assertInert(res.text, 'update form re-shown');
});

test('the conflict page of a stale edit shows both versions inert', async () => {
  const headers = { Accept: 'text/html', Cookie: `portal_session=${member.cookie}`,
    'Content-Type': 'application/x-www-form-urlencoded' };
  const stale = (await member.get(`${API}/initiatives/${id}`)).json().version;
  // Someone else saves meanwhile (only the end date: the text stays).
  const other = await signIn(stack.base, 'coordinator.hamilton@portal.demo');
  const saved = await other.call('PATCH', `${API}/initiatives/${id}`, { version: stale, end_date: '2031-06-30' });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json().version, stale + 1);
  // An edit typed on the old version: payloads in every text field, as
  // valid input, then in every field there is.
  const typed = [
    { title: `Mine ${FOUR.join(' ')}`, summary: ALL, area: 'news_narrative', elements: 'belonging',
      status: 'active', visibility: 'public', partners: PAYLOADS.join('\n'), target_groups: PAYLOADS.join('\n') },
    { title: PAYLOADS[4], summary: ALL, area: PAYLOADS[4], elements: PAYLOADS[4], outcome_areas: PAYLOADS[1],
      status: PAYLOADS[0], visibility: PAYLOADS[1], lead_user_id: PAYLOADS[4], partners: ALL,
      target_groups: ALL, start_date: PAYLOADS[4], end_date: PAYLOADS[0] },
  ];
  for (const fields of typed) {
    const res = await request(stack.base, { method: 'POST', path: `/l/hamilton/initiatives/${id}/edit`, headers,
      body: new URLSearchParams({ _csrf: member.csrf, version: String(stale), ...fields }).toString() });
    assert.equal(res.status, 409, res.text.slice(0, 200));
    assert.match(res.text, /Saved meanwhile/);
    assertInert(res.text, 'the 409 page');
    // Both versions are there to read, as text.
    const text = decode(res.text.replace(/<[^>]*>/g, ' '));
    for (const p of FOUR) assert.ok(text.includes(p), `the 409 page shows ${p} as text`);
  }
  // Through the API the conflict is JSON, with the current values.
  const res = await member.call('PATCH', `${API}/initiatives/${id}`, { version: stale, title: TITLE, summary: ALL });
  assert.equal(res.status, 409);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.equal(res.json().error.current.title, TITLE);
  // Nothing the stale edits typed was saved.
  const now = (await member.get(`${API}/initiatives/${id}`)).json();
  assert.equal(now.version, stale + 1);
  assert.equal(now.title, TITLE);
  assert.equal(now.summary, SUMMARY);
});

test('exports carry the text, never as a page', async () => {
  for (const name of ['initiatives', 'updates']) {
    const csv = await member.get(`${API}/exports/${name}?format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'], /^text\/csv/);
    assert.match(csv.headers['content-disposition'], /^attachment;/);
    assert.equal(csv.headers['x-content-type-options'], 'nosniff');
    assert.ok(csv.text.includes('<script>alert(1)</script>'), 'the text itself is kept');
    const json = await member.get(`${API}/exports/${name}`);
    assert.equal(json.status, 200);
    assert.match(json.headers['content-type'], /^application\/json/);
    assert.equal(json.headers['x-content-type-options'], 'nosniff');
    // The payloads are data in both formats, as written.
    const items = json.json().items;
    if (name === 'initiatives') {
      const row = items.find((i) => i.id === id);
      assert.ok(row, 'the JSON export has the initiative');
      assert.equal(row.title, TITLE);
      assert.equal(row.summary, SUMMARY);
      assert.deepEqual(row.partners, PARTNERS);
      assert.deepEqual(row.target_groups, TARGET_GROUPS);
    } else {
      assert.ok(items.some((u) => u.body === ALL), 'the JSON export has the update');
    }
    for (const p of FOUR) assert.ok(csv.text.includes(p.replace(/"/g, '""')), `the ${name} CSV holds ${p}`);
  }
});

test('the check itself catches live markup', () => {
  for (const live of [
    '<p>x</p><script>alert(1)</script>', '<p><img src=x onerror=alert(2)></p>',
    '<a href="javascript:alert(3)">x</a>', '<a href="&#106;avascript:alert(3)">x</a>',
    '<input value=""><svg onload=alert(5)>">', '<div onclick="x()">', '<p>1 < 2</p>',
    '<a href=data:text/html,x>x</a>', '<svg/onload=alert(1)>',
  ]) assert.throws(() => assertInert(live, 'sample'), live);
  assertInert('<!doctype html><p class="a">&lt;script&gt; <a href="https://x.nz">ok</a></p><!-- c -->', 'sample');
});

// ------------------------------------------------------------ micro-funding

// A contact name is one line of at most 100 characters: two sets of three.
const CONTACT = [`${PAYLOADS[3]} ${PAYLOADS[4]} ${PAYLOADS[1]}`, `${PAYLOADS[0]} ${PAYLOADS[4]} ${PAYLOADS[1]}`];
// An email address has no '<', '"' or ':', but may break out of an
// attribute with "'" or smuggle an entity with '&'.
const EMAIL = "x'/onmouseover=alert&#967&#96//@example.nz";
// The location's page lists the open rounds closing first: a round that
// closes soon is among them however many other tests opened.
const soon = () => new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
const BUDGET = [TITLE, ...PAYLOADS].map((item) => ({ item, amount_cents: 1000 }));
const fund = {};

// One request taken all the way to its report (every note, the reviews,
// the payment reference, the reports), one declined with a reason and one
// left a draft, all by an applicant whose name is a payload too.
async function fundingFixtures() {
  const coordinator = await signIn(stack.base, 'coordinator.hamilton@portal.demo');
  const member2 = await signIn(stack.base, 'member2.hamilton@portal.demo');
  const name = `${PAYLOADS[0]} ${PAYLOADS[4]}`;
  const email = `xss.${process.pid}.${Date.now()}@example.nz`;
  const reg = await request(stack.base, { method: 'POST', path: '/api/v1/users',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, display_name: name, password: 'a-fine-long-password' }) });
  assert.equal(reg.status, 202, reg.text);
  const applicant = await signIn(stack.base, email, 'a-fine-long-password');
  const ok = async (res, status = 200) => {
    assert.equal(res.status, status, res.text);
    return res.json();
  };
  const round = await ok(await coordinator.call('POST', `${API}/rounds`, {
    name: TITLE, conditions: SUMMARY, pool_cents: 1000000, max_request_cents: 100000,
    opens_on: '2026-01-01', closes_on: soon(), quorum: 2, fast_track_cents: 0, report_due_days: 30 }), 201);
  const apply = async (contactName, amount = 1000 * BUDGET.length) => (await ok(await applicant.call('POST', `${API}/requests`, {
    round_id: round.id, title: TITLE, description: SUMMARY, area: 'events_programmes', elements: ['belonging'],
    amount_cents: amount, budget: BUDGET, beneficiaries: ALL, beneficiary_count: 12,
    timeline: ALL, contact: { name: contactName, email: EMAIL, phone: '+64 (21) 555-0101' } }), 201)).id;
  const move = async (who, id, action, body = {}) =>
    ok(await who.call('POST', `${API}/requests/${id}/transitions`, { action, ...body }));
  const review = async (who, id) => ok(await who.call('PUT', `${API}/requests/${id}/reviews/mine`,
    { conflict: false, scores: { alignment: 4, benefit: 4, feasibility: 4, value: 4 }, comment: ALL }));
  const paid = await apply(CONTACT[0]);
  await move(applicant, paid, 'submit');
  await move(coordinator, paid, 'start_review');
  await move(coordinator, paid, 'request_info', { note: ALL });
  await move(applicant, paid, 'resubmit');
  await review(member, paid);
  await review(member2, paid);
  await move(coordinator, paid, 'approve', { amount_cents: 10000 });
  await move(applicant, paid, 'accept');
  await move(coordinator, paid, 'disburse', { paid_on: '2026-03-01', amount_cents: 10000, reference: TITLE });
  await move(applicant, paid, 'report', { body: ALL, people_reached: 9, spent_cents: 9000, story_consent: true });
  await move(coordinator, paid, 'request_changes', { note: SUMMARY });
  await move(applicant, paid, 'report', { body: SUMMARY, people_reached: 9, spent_cents: 10000 });
  const declined = await apply(CONTACT[1]);
  await move(applicant, declined, 'submit');
  await move(coordinator, declined, 'start_review');
  await move(coordinator, declined, 'decline', { reason: ALL });
  const reviewing = await apply(CONTACT[0]);
  await move(applicant, reviewing, 'submit');
  await move(coordinator, reviewing, 'start_review');
  await review(member, reviewing);
  // Over the round's maximum: submitting it is refused.
  const draft = await apply(CONTACT[1], 999999);
  Object.assign(fund, { coordinator, applicant, name, round: round.id, paid, declined, reviewing, draft });
}

test('funding text is stored as written', async () => {
  const round = (await request(stack.base, { path: `${API}/rounds/${fund.round}` })).json();
  assert.equal(round.name, TITLE);
  assert.equal(round.conditions, SUMMARY);
  const req = (await fund.coordinator.get(`${API}/requests/${fund.paid}`)).json();
  assert.equal(req.title, TITLE);
  assert.equal(req.description, SUMMARY);
  assert.equal(req.beneficiaries, ALL);
  assert.equal(req.timeline, ALL);
  assert.deepEqual(req.contact, { name: CONTACT[0], email: EMAIL, phone: '+64 (21) 555-0101' });
  assert.deepEqual(req.budget, BUDGET);
  assert.equal(req.payment_reference, TITLE);
  assert.equal(req.applicant_name, fund.name);
  assert.deepEqual(req.reports.map((r) => r.body), [ALL, SUMMARY]);
  const notes = req.events.map((e) => e.note).filter(Boolean);
  assert.deepEqual(notes, [ALL, SUMMARY]);
  assert.deepEqual(req.reviews.items.map((r) => r.comment), [ALL, ALL]);
  const declined = (await fund.applicant.get(`${API}/requests/${fund.declined}`)).json();
  assert.equal(declined.decline_reason, ALL);
  assert.equal(declined.contact.name, CONTACT[1]);
});

test('no funding page shows a payload live, to anyone', async () => {
  const q = encodeURIComponent('XSS');
  const pages = [
    [null, [`/l/hamilton/rounds/${fund.round}`, '/l/hamilton/', '/']],
    [fund.coordinator, [`/l/hamilton/rounds/${fund.round}`, `/l/hamilton/rounds/${fund.round}/edit`,
      '/l/hamilton/wg/rounds', '/l/hamilton/wg/requests', `/l/hamilton/wg/requests?q=${q}`,
      `/l/hamilton/wg/requests?round=${fund.round}`, `/l/hamilton/wg/requests?state=reported`,
      `/l/hamilton/requests/${fund.paid}`, `/l/hamilton/requests/${fund.declined}`, '/l/hamilton/wg/audit']],
    [member, [`/l/hamilton/requests/${fund.paid}`, `/l/hamilton/requests/${fund.declined}`,
      `/l/hamilton/requests/${fund.reviewing}`,
      `/l/hamilton/rounds/${fund.round}`, '/l/hamilton/wg/requests']],
    [fund.applicant, [`/l/hamilton/requests/${fund.paid}`, `/l/hamilton/requests/${fund.declined}`,
      `/l/hamilton/requests/${fund.draft}`, `/l/hamilton/requests/${fund.draft}/edit`,
      `/l/hamilton/rounds/${fund.round}/apply`, '/my/requests', `/l/hamilton/rounds/${fund.round}`]],
  ];
  for (const [who, paths] of pages) {
    for (const path of paths) {
      const res = who ? await who.get(path, { Accept: 'text/html' })
        : await request(stack.base, { path, headers: { Accept: 'text/html' } });
      assert.equal(res.status, 200, path);
      assertInert(res.text, `${who === null ? 'anonymous' : who === member ? 'member' : who === fund.applicant ? 'applicant' : 'coordinator'} ${path}`);
    }
  }
  // The plain-text fields are there to read, as text: so the checks above
  // looked at pages that hold the payloads.
  const text = async (who, path) => decode((await who.get(path, { Accept: 'text/html' })).text.replace(/<[^>]*>/g, ' '));
  const coordinatorSees = await text(fund.coordinator, `/l/hamilton/requests/${fund.paid}`);
  for (const shown of [TITLE, CONTACT[0], EMAIL, fund.name, ...PAYLOADS])
    assert.ok(coordinatorSees.includes(shown), `the coordinator's request page shows ${shown} as text`);
  assert.ok((await text(fund.coordinator, `/l/hamilton/requests/${fund.declined}`)).includes(CONTACT[1]));
  // (The queue is oldest first and paged: this round's requests are on
  // its first page, all of them.)
  for (const [who, path] of [[fund.coordinator, `/l/hamilton/wg/requests?round=${fund.round}`], [fund.applicant, '/my/requests'],
    [fund.coordinator, `/l/hamilton/rounds/${fund.round}`], [fund.coordinator, '/l/hamilton/']])
    assert.ok((await text(who, path)).includes(TITLE), `${path} shows the title`);
  // The applicant reads the notes and the reason, never the reviews; the
  // member sees no contact details.
  const applicantSees = (await fund.applicant.get(`/l/hamilton/requests/${fund.paid}`, { Accept: 'text/html' })).text;
  assert.match(applicantSees, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(applicantSees, /id="reviews"/);
  assert.ok(!(await text(member, `/l/hamilton/requests/${fund.paid}`)).includes(CONTACT[0]));
});

test('funding forms shown again with the payloads keep them inert', async () => {
  const post = (who, path, fields) => {
    const body = new URLSearchParams({ _csrf: who.csrf });
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return request(stack.base, { method: 'POST', path, body: body.toString(), headers: { Accept: 'text/html',
      Cookie: `portal_session=${who.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' } });
  };
  const everything = (fields) => Object.fromEntries(fields.map((f, i) => [f, PAYLOADS[i % PAYLOADS.length]]));
  const roundForm = everything(['name', 'conditions', 'pool', 'max_request', 'fast_track', 'opens_on',
    'closes_on', 'quorum', 'report_due_days', 'version']);
  const requestForm = { ...everything(['title', 'description', 'area', 'elements', 'amount', 'beneficiaries',
    'beneficiary_count', 'timeline', 'contact_name', 'contact_email', 'contact_phone', 'client_key', 'version']),
  budget_item_1: ALL, budget_amount_1: PAYLOADS[4], budget_item_2: PAYLOADS[0], budget_amount_2: PAYLOADS[1] };
  const tries = [
    [fund.coordinator, `/l/hamilton/wg/rounds`, roundForm],
    [fund.coordinator, `/l/hamilton/rounds/${fund.round}/edit`, roundForm],
    [fund.applicant, `/l/hamilton/rounds/${fund.round}/apply`, requestForm],
    [fund.applicant, `/l/hamilton/requests/${fund.draft}/edit`, requestForm],
    [member, `/l/hamilton/requests/${fund.reviewing}/review`, { ...everything(['alignment', 'benefit', 'feasibility',
      'value', 'conflict']), comment: ALL }],
    [fund.coordinator, `/l/hamilton/requests/${fund.paid}/transitions`, { action: 'request_changes', note: '' }],
    [fund.coordinator, `/l/hamilton/requests/${fund.reviewing}/transitions`, everything(['action', 'amount',
      'initiative_id', 'create_initiative', 'reason', 'note'])],
    [fund.coordinator, `/l/hamilton/requests/${fund.reviewing}/transitions`, { action: 'approve',
      amount: PAYLOADS[4], initiative_id: PAYLOADS[1] }],
    [fund.applicant, `/l/hamilton/requests/${fund.draft}/transitions`, { action: 'submit' }],
  ];
  for (const [who, path, fields] of tries) {
    const res = await post(who, path, fields);
    assert.equal(res.status, 422, path);
    assertInert(res.text, `${path} re-shown`);
  }
});

test('funding exports carry the text, never as a page', async () => {
  for (const name of ['requests', 'payments']) {
    const csv = await fund.coordinator.get(`${API}/exports/${name}?format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'], /^text\/csv/);
    assert.match(csv.headers['content-disposition'], /^attachment;/);
    assert.equal(csv.headers['x-content-type-options'], 'nosniff');
    for (const p of FOUR) assert.ok(csv.text.includes(p.replace(/"/g, '""')), `the ${name} CSV holds ${p}`);
    const json = await fund.coordinator.get(`${API}/exports/${name}`);
    assert.equal(json.status, 200);
    assert.match(json.headers['content-type'], /^application\/json/);
    assert.equal(json.headers['x-content-type-options'], 'nosniff');
    const row = json.json().items.find((r) => (r.id ?? r.request_id) === fund.paid);
    assert.ok(row, `the ${name} JSON export has the request`);
    assert.equal(row.title, TITLE);
    assert.equal(row.round_name, TITLE);
    assert.equal(row.applicant_name, fund.name);
    if (name === 'payments') assert.equal(row.payment_reference, TITLE);
  }
});

// Help to apply and plain-language guidance (issue 17): a location's
// contact point for help (validation, the public page, its cache), requests
// made on someone's behalf (consent, the one-time claim code, "by X for Y"
// in the timeline and the audit trail, reviewers never see the person's
// contact details, claiming hands the request over once), and the page
// about the framework with its hints on the application form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { register, signIn } from './lib/session.mjs';
import { publicWithin, request } from './lib/http.mjs';
import { sql, sqlValue, lastMail } from './lib/db.mjs';

const API = '/api/v1/locations/hamilton';
const tag = `a${process.pid}${Date.now().toString(36)}`;
let stack, base, coordinator, member, member2, observer, inz, round;

after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [coordinator, member, member2, observer, inz] = await Promise.all([
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'member2.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'inz@portal.demo'),
  ]);
  round = (await request(base, { path: API })).json().open_rounds[0].id;
});

const person = (extra = {}) => ({
  name: `Fatima ${tag}`, phone: '021 555 7788', email: `fatima.${tag}@example.nz`, language: 'fa-AF', ...extra,
});
const consent = (extra = {}) => ({ given_by: `Fatima ${tag}`, method: 'interpreter', interpreter_language: 'fa-AF', ...extra });
const complete = {
  title: `Dari sewing circle ${tag}`, description: 'Weekly sewing and conversation for Afghan women.',
  area: 'events_programmes', elements: ['belonging', 'participation'], amount_cents: 60000,
  budget: [{ item: 'Machines', amount_cents: 60000 }], beneficiaries: 'Afghan women new to Hamilton',
  beneficiary_count: 12, timeline: 'Term 2',
};
async function assisted(helper, extra = {}) {
  const res = await helper.call('POST', `${API}/requests`, {
    round_id: round, ...complete, on_behalf_of: person(), consent: consent(), ...extra,
  });
  assert.equal(res.status, 201, res.text);
  return res.json();
}
const move = (who, id, action, body = {}) =>
  who.call('POST', `${API}/requests/${id}/transitions`, { action, ...body });
function postForm(who, path, fields) {
  const body = new URLSearchParams();
  body.append('_csrf', who.csrf);
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return request(base, {
    method: 'POST', path, body: body.toString(),
    headers: { Accept: 'text/html', Cookie: `portal_session=${who.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

test('contact: validation names each field; only coordinators set it', async () => {
  const bad = await coordinator.call('PUT', `${API}/contact`, { name: ' ', phone: 'call me', email: 'nope', languages: ['xx'], hours: 'x'.repeat(201) });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json().error.fields;
  for (const f of ['name', 'phone', 'email', 'languages', 'hours']) assert.ok(fields[f], `${f}: ${bad.text}`);
  const none = await coordinator.call('PUT', `${API}/contact`, { name: 'Desk', languages: ['en'] });
  assert.equal(none.status, 422);
  assert.match(none.json().error.fields.phone, /phone number or an email/);
  const noLang = await coordinator.call('PUT', `${API}/contact`, { name: 'Desk', phone: '07 838 1234', languages: [] });
  assert.equal(noLang.json().error.fields.languages !== undefined, true);
  for (const who of [member, observer, inz]) {
    const res = await who.call('PUT', `${API}/contact`, { name: 'Desk', phone: '07 838 1234', languages: ['en'] });
    assert.equal(res.status, 403, res.text);
  }
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM location_contacts lc JOIN locations l ON l.id = lc.location_id WHERE l.slug = 'hamilton' AND lc.name = 'Desk'`)), 0);
});

test('contact: the public page and the API show it, and a change drops the cached page', async () => {
  const first = await coordinator.call('PUT', `${API}/contact`, {
    name: `Settlement desk ${tag}`, phone: '07 838 1234', email: 'help@hamilton.example', languages: ['ar', 'fa-AF', 'en'], hours: 'Monday to Friday, 9 to 3',
  });
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(first.json().languages, ['ar', 'fa-AF', 'en']);
  // Anonymous readers may have nginx's copy for a second (the micro-cache).
  await publicWithin(async () => (await request(base, { path: '/l/hamilton/' })).text.includes(`Settlement desk ${tag}`));
  await publicWithin(async () => (await request(base, { path: API })).json().contact?.name === `Settlement desk ${tag}`);
  const page = await request(base, { path: '/l/hamilton/' });
  assert.match(page.text, new RegExp(`ask <bdi>Settlement desk ${tag}</bdi>`));
  assert.match(page.text, /Arabic <span lang="ar">\(العربية\)<\/span>/);
  assert.match(page.text, /Dari <span lang="fa-AF">\(دری\)<\/span>/);
  await request(base, { path: '/l/hamilton/' });	// kept now
  const api = (await request(base, { path: API })).json();
  assert.equal(api.contact.name, `Settlement desk ${tag}`);
  assert.equal(api.contact.phone, '07 838 1234');
  const second = await coordinator.call('PUT', `${API}/contact`, { name: `Help line ${tag}`, phone: '0800 123 456', languages: ['so'] });
  assert.equal(second.status, 200, second.text);
  await publicWithin(async () => (await request(base, { path: '/l/hamilton/' })).text.includes(`Help line ${tag}`));
  await publicWithin(async () => (await request(base, { path: API })).json().contact?.email === '');
  const again = await request(base, { path: '/l/hamilton/' });
  assert.match(again.text, new RegExp(`ask <bdi>Help line ${tag}</bdi>`));
  assert.match(again.text, /Somali/);
  assert.doesNotMatch(again.text, /Settlement desk/);
  assert.equal((await request(base, { path: API })).json().contact.email, '');
  // The working group's form, filled with what is kept.
  const form = await coordinator.get('/l/hamilton/wg/contact', { Accept: 'text/html' });
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`value="Help line ${tag}"`));
  const posted = await postForm(coordinator, '/l/hamilton/wg/contact', { name: '', phone: '', languages: [] });
  assert.equal(posted.status, 422);
  assert.match(posted.text, /id="name-error"/);
});

test('assisted: consent and the person are required; only the working group and INZ may help', async () => {
  const none = await member.call('POST', `${API}/requests`, { round_id: round, on_behalf_of: person() });
  assert.equal(none.status, 422);
  assert.ok(none.json().error.fields.consent, none.text);
  const bad = await member.call('POST', `${API}/requests`, {
    round_id: round, on_behalf_of: { name: '', email: 'x', language: 'zz' }, consent: { given_by: '', method: 'telepathy' },
  });
  assert.equal(bad.status, 422);
  const f = bad.json().error.fields;
  for (const k of ['on_behalf_of.name', 'on_behalf_of.email', 'on_behalf_of.language', 'consent.given_by', 'consent.method'])
    assert.ok(f[k], `${k}: ${bad.text}`);
  const interp = await member.call('POST', `${API}/requests`, { round_id: round, on_behalf_of: person(), consent: consent({ interpreter_language: undefined }) });
  assert.ok(interp.json().error.fields['consent.interpreter_language'], interp.text);
  const applicant = await register(base, 'assist-outsider');
  for (const who of [observer, applicant.client]) {
    const res = await who.call('POST', `${API}/requests`, { round_id: round, on_behalf_of: person(), consent: consent() });
    assert.equal(res.status, 403, res.text);
  }
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM funding_request_assists WHERE person_name = 'Fatima ${tag}'`)), 0);
});

test('assisted: 201 with a claim code kept only as a hash; by X for Y in the timeline and the audit; reviewers see no contact details', async () => {
  const req = await assisted(member);
  assert.match(req.claim_code, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
  assert.equal(req.on_behalf_of.name, `Fatima ${tag}`);
  assert.equal(req.on_behalf_of.phone, '021 555 7788');
  assert.equal(req.consent.method, 'interpreter');
  assert.equal(req.consent.interpreter_language, 'fa-AF');
  assert.equal(req.contact.email, `fatima.${tag}@example.nz`, 'the person is the contact');
  const kept = sqlValue(stack, `SELECT encode(claim_hash, 'hex') FROM funding_request_assists WHERE request_id = ${req.id}`);
  assert.equal(kept.length, 64);
  assert.ok(!sqlValue(stack, `SELECT row_to_json(a)::text FROM funding_request_assists a WHERE request_id = ${req.id}`).includes(req.claim_code.replace('-', '')));
  assert.equal((await move(member, req.id, 'submit')).status, 200);
  assert.equal((await move(coordinator, req.id, 'start_review')).status, 200);
  // The timeline: by the member for Fatima.
  const page = await member.get(`/l/hamilton/requests/${req.id}`, { Accept: 'text/html' });
  assert.match(page.text, new RegExp(`by <bdi>Test Member[^<]*</bdi> for <bdi>Fatima ${tag}</bdi>|by <bdi>[^<]+</bdi> for <bdi>Fatima ${tag}</bdi>`));
  const events = sql(stack, `SELECT action, coalesce(on_behalf_of, '') FROM funding_events WHERE request_id = ${req.id} ORDER BY id`);
  assert.deepEqual(events.map((e) => [e[0], e[1]]), [['created', `Fatima ${tag}`], ['submit', `Fatima ${tag}`], ['start_review', '']]);
  // The audit trail says it too.
  const audit = (await coordinator.get(`${API}/audit?limit=100`)).json().items.filter((a) => a.detail.request_id === req.id);
  const helped = audit.filter((a) => a.detail.on_behalf_of === `Fatima ${tag}`).map((a) => a.action);
  assert.deepEqual(helped.sort(), ['funding_request_created', 'funding_transition']);
  const auditPage = await coordinator.get('/l/hamilton/wg/audit', { Accept: 'text/html' });
  assert.match(auditPage.text, new RegExp(`for <bdi>Fatima ${tag}</bdi>`));
  // A reviewer (another member): the proposal, never the person's details.
  const seen = await member2.get(`${API}/requests/${req.id}`);
  assert.equal(seen.status, 200);
  assert.ok(!seen.text.includes('021 555 7788') && !seen.text.includes(`fatima.${tag}@example.nz`), seen.text);
  const queue = await member2.get(`${API}/requests?limit=100`);
  assert.ok(!queue.text.includes('021 555 7788') && !queue.text.includes(`fatima.${tag}@`));
  const reviewPage = await member2.get(`/l/hamilton/requests/${req.id}`, { Accept: 'text/html' });
  assert.ok(!reviewPage.text.includes('021 555 7788') && !reviewPage.text.includes(`fatima.${tag}@`));
  // The database agrees: a member reads no row of the person's.
  const memberId = sqlValue(stack, `SELECT id FROM users WHERE email = 'member2.hamilton@portal.demo'`);
  const loc = sqlValue(stack, `SELECT id FROM locations WHERE slug = 'hamilton'`);
  const rows = sqlValue(stack, `BEGIN; SET LOCAL ROLE portal_app; SELECT set_config('portal.user_id', '${memberId}', true), set_config('portal.locations_read', '{${loc}}', true), set_config('portal.locations_write', '{${loc}}', true); SELECT count(*) FROM funding_request_assists WHERE request_id = ${req.id}; COMMIT;`);
  assert.match(rows, /\n0\nCOMMIT$/);
  // The coordinator sees for whom and with whose consent.
  const coord = (await coordinator.get(`${API}/requests/${req.id}`)).json();
  assert.equal(coord.on_behalf_of.phone, '021 555 7788');
  assert.equal(coord.consent.given_by, `Fatima ${tag}`);
});

test('claim: the code makes the request the new account\'s; the helper loses it; a used or wrong code is 422', async () => {
  const req = await assisted(member);
  assert.equal((await move(member, req.id, 'submit')).status, 200);
  const fatima = await register(base, 'assist-fatima');
  const wrong = await fatima.client.call('POST', '/api/v1/requests/claim', { code: 'ZZZZZ-ZZZZZ' });
  assert.equal(wrong.status, 422);
  assert.ok(wrong.json().error.fields.code);
  const junk = await fatima.client.call('POST', '/api/v1/requests/claim', { code: 'not a code' });
  assert.equal(junk.status, 422);
  assert.deepEqual(Object.keys(junk.json().error.fields), ['code']);
  // The helper cannot claim their own.
  assert.equal((await member.call('POST', '/api/v1/requests/claim', { code: req.claim_code })).status, 422);
  const claimed = await fatima.client.call('POST', '/api/v1/requests/claim', { code: req.claim_code.toLowerCase().replace('-', ' ') });
  assert.equal(claimed.status, 200, claimed.text);
  const body = claimed.json();
  assert.equal(body.id, req.id);
  assert.equal(body.applicant_id, fatima.user.id);
  assert.equal(body.claimed, true);
  // Now theirs: listed, readable; the helper may no longer change it.
  const mine = (await fatima.client.get('/api/v1/my/requests')).json().items.map((r) => r.id);
  assert.ok(mine.includes(req.id));
  const edit = await member.call('PATCH', `${API}/requests/${req.id}`, { title: 'Changed by the helper' });
  assert.equal(edit.status, 403, edit.text);
  assert.equal((await move(member, req.id, 'withdraw')).status, 403);
  // The timeline and the audit record the claim; later actions are no longer "for" anyone.
  const events = sql(stack, `SELECT action, actor_id, coalesce(on_behalf_of, '') FROM funding_events WHERE request_id = ${req.id} ORDER BY id`);
  assert.deepEqual(events.at(-1), ['claimed', String(fatima.user.id), '']);
  const audit = (await coordinator.get(`${API}/audit?limit=100`)).json().items;
  assert.ok(audit.some((a) => a.action === 'funding_request_claimed' && a.detail.request_id === req.id));
  const page = await fatima.client.get(`/l/hamilton/requests/${req.id}`, { Accept: 'text/html' });
  assert.match(page.text, /taken over with the claim code/);
  // Emails about it now go to the person.
  assert.equal((await move(coordinator, req.id, 'start_review')).status, 200);
  assert.match(lastMail(stack, fatima.email, 'funding_state').subject, /In review/);
  // Used once: a second claim, by anyone, is 422.
  const other = await register(base, 'assist-other');
  const again = await other.client.call('POST', '/api/v1/requests/claim', { code: req.claim_code });
  assert.equal(again.status, 422);
  assert.equal(sqlValue(stack, `SELECT applicant_id FROM funding_requests WHERE id = ${req.id}`), String(fatima.user.id));
});

test('claim: ten wrong codes an hour, then 429; the HTML form names the field', async () => {
  const guesser = await register(base, 'assist-guesser');
  const form = await guesser.client.get('/requests/claim', { Accept: 'text/html' });
  assert.equal(form.status, 200);
  assert.match(form.text, /<label for="code">/);
  const posted = await postForm(guesser.client, '/requests/claim', { code: 'AAAAA-AAAAA' });
  assert.equal(posted.status, 422);
  assert.match(posted.text, /role="alert"[\s\S]*href="#code"/);
  for (let i = 1; i < 10; i++)
    assert.equal((await guesser.client.call('POST', '/api/v1/requests/claim', { code: 'AAAAA-AAAAA' })).status, 422);
  assert.equal((await guesser.client.call('POST', '/api/v1/requests/claim', { code: 'AAAAA-AAAAA' })).status, 429);
});

test('assisted: INZ staff may help and act as the applicant until it is claimed', async () => {
  const req = await assisted(inz);
  assert.equal((await move(inz, req.id, 'submit')).status, 200);
  assert.equal(sqlValue(stack, `SELECT on_behalf_of FROM funding_events WHERE request_id = ${req.id} AND action = 'submit'`), `Fatima ${tag}`);
  // Their reach is unchanged elsewhere: national staff still decide nothing.
  assert.equal((await move(inz, req.id, 'start_review')).status, 403);
});

test('assisted HTML form: the consent questions, an error summary linked to each field, the code shown once', async () => {
  const form = await member.get(`/l/hamilton/rounds/${round}/assist`, { Accept: 'text/html' });
  assert.equal(form.status, 200, form.text);
  for (const id of ['obo_name', 'obo_language', 'consent_given_by', 'consent_confirmed', 'title', 'area'])
    assert.match(form.text, new RegExp(`id="${id}"`));
  const key = form.text.match(/name="client_key" value="([^"]+)"/)[1];
  const refused = await postForm(member, `/l/hamilton/rounds/${round}/assist`, { client_key: key, obo_name: `Hassan ${tag}`, obo_language: 'ar', amount: 'lots' });
  assert.equal(refused.status, 422);
  const summary = refused.text.match(/<div class="alert error-summary" role="alert">[\s\S]*?<\/div>/)[0];
  for (const id of ['consent_given_by', 'consent_method', 'consent_confirmed', 'amount'])
    assert.match(summary, new RegExp(`href="#${id}"`));
  assert.match(refused.text, new RegExp(`value="Hassan ${tag}"`), 'what was typed is kept');
  const saved = await postForm(member, `/l/hamilton/rounds/${round}/assist`, {
    client_key: key, obo_name: `Hassan ${tag}`, obo_language: 'ar', consent_given_by: `Hassan ${tag}`,
    consent_method: 'in_person', consent_confirmed: 'yes', title: `Arabic homework club ${tag}`,
  });
  assert.equal(saved.status, 201, saved.text.slice(0, 500));
  const code = saved.text.match(/<strong>([2-9A-Z]{5}-[2-9A-Z]{5})<\/strong>/)[1];
  const id = Number(saved.text.match(/href="\/l\/hamilton\/requests\/(\d+)"/)[1]);
  assert.equal(sqlValue(stack, `SELECT consent_method FROM funding_request_assists WHERE request_id = ${id}`), 'in_person');
  assert.ok(code);
  const observerForm = await observer.get(`/l/hamilton/rounds/${round}/assist`, { Accept: 'text/html' });
  assert.equal(observerForm.status, 403);
});

test('framework: a public page of the seven areas and five elements, linked from home and the location page', async () => {
  const page = await request(base, { path: '/framework' });
  assert.equal(page.status, 200);
  for (const name of ['News &amp; Narrative', 'Funding Models', 'Research &amp; Evidence-based Practice', 'Knowledge &amp; Skills',
    'Events &amp; Programmes', 'Services', 'Pathways', 'Belonging', 'Inclusion', 'Participation', 'Recognition', 'Legitimacy'])
    assert.match(page.text, new RegExp(`<dt>${name}</dt>`));
  assert.equal((page.text.match(/For example:/g) || []).length, 12);
  assert.match((await request(base, { path: '/' })).text, /href="\/framework"/);
  assert.match((await request(base, { path: '/l/hamilton/' })).text, /href="\/framework"/);
});

test('application form: plain questions, hints for the areas and elements, no Markdown hint, an error summary', async () => {
  const alice = await register(base, 'assist-alice');
  const form = await alice.client.get(`/l/hamilton/rounds/${round}/apply`, { Accept: 'text/html' });
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.text, /Markdown/);
  assert.match(form.text, /What will you do with the money\?/);
  assert.match(form.text, /id="area-hint"[\s\S]*What the seven areas mean[\s\S]*Pathways/);
  assert.match(form.text, /id="elements-hint"[\s\S]*Legitimacy/);
  assert.doesNotMatch(form.text, /error-summary/);
  const key = form.text.match(/name="client_key" value="([^"]+)"/)[1];
  const bad = await postForm(alice.client, `/l/hamilton/rounds/${round}/apply`, { client_key: key, amount: 'lots', contact_email: 'broken' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<div class="alert error-summary" role="alert">[\s\S]*href="#amount"[\s\S]*href="#contact_email"/);
  // The initiative form has the same hints.
  const init = await member.get('/l/hamilton/wg/initiatives/new', { Accept: 'text/html' });
  assert.match(init.text, /id="area-hint"[\s\S]*Welcoming Communities/);
});

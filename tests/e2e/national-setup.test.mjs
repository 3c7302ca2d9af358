// INZ sets up working groups (issue 18): settlement staff create a
// location (slug, name, region), invite its first coordinator and archive
// one, from /national/locations and the API; a round cannot open where the
// group is smaller than its quorum (a message by the quorum says why); INZ
// pauses and resumes a round; the demo has no open round in a location
// without a working group.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { publicWithin, request } from './lib/http.mjs';
import { client, register, signIn, uniqueEmail, postForm as submitForm } from './lib/session.mjs';
import { linkToken, lastMail, sql, sqlValue, quote } from './lib/db.mjs';

const tag = `n${process.pid}${Date.now().toString(36)}`.slice(0, 20);
let stack, base, inz, admin, coordinator, member, anonymous;

after(() => stack?.stop());

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [inz, admin, coordinator, member] = await Promise.all([
    signIn(base, 'inz@portal.demo'),
    signIn(base, 'admin@portal.demo'),
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
  ]);
  anonymous = client(base);
});

const html = (who, path) => who.get(path, { Accept: 'text/html' });
const postForm = (who, path, fields) => submitForm(who, base, path, fields);
const roundBody = (extra = {}) => ({
  name: `First round ${tag}`, pool_cents: 500000, max_request_cents: 200000,
  opens_on: '2026-01-01', closes_on: '2030-12-31', quorum: 2, report_due_days: 60,
  conditions: 'Spend the grant as budgeted and report back.', ...extra,
});

const slug = `town-${tag}`;
let coordinatorOfNew;

test('INZ creates a location; fields are checked; a slug once; others may not', async () => {
  for (const [fields, field] of [[{ slug: 'Not A Slug' }, 'slug'], [{ slug: '' }, 'slug'],
    [{ name: ' ' }, 'name'], [{ region: 'x'.repeat(121) }, 'region']]) {
    const res = await inz.call('POST', '/api/v1/national/locations', { slug: `x-${tag}`, name: 'X', region: 'Y', ...fields });
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.ok(res.json().error.fields[field], res.text);
  }
  assert.equal(sqlValue(stack, `SELECT count(*) FROM locations WHERE slug = ${quote(`x-${tag}`)}`), '0');
  for (const who of [coordinator, member]) {
    assert.equal((await who.call('POST', '/api/v1/national/locations', { slug, name: 'N', region: 'R' })).status, 403);
  }
  assert.equal((await anonymous.call('POST', '/api/v1/national/locations', { slug, name: 'N', region: 'R' })).status, 401);
  const res = await inz.call('POST', '/api/v1/national/locations', { slug, name: `Town ${tag}`, region: 'Otago' });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json(), { slug, name: `Town ${tag}`, region: 'Otago', status: 'active' });
  assert.equal((await inz.call('POST', '/api/v1/national/locations', { slug, name: 'Again', region: 'R' })).status, 409);
  // Public at once; in the national list with an empty group; audited.
  assert.equal((await anonymous.get(`/api/v1/locations/${slug}`)).json().name, `Town ${tag}`);
  const listed = (await inz.get('/api/v1/national/locations')).json().items.find((l) => l.slug === slug);
  assert.deepEqual([listed.members, listed.coordinators, listed.active], [0, 0, true]);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log a JOIN locations l ON l.id = a.location_id
    WHERE l.slug = ${quote(slug)} AND a.action = 'location_created'`), '1');
});

test('INZ invites its first coordinator, who accepts; the location\'s own invitations stay the coordinators\'', async () => {
  const email = uniqueEmail('first-coordinator');
  const bad = await inz.call('POST', `/api/v1/national/locations/${slug}/invitations`, { email: 'nope', sector: 'ngo' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.email);
  assert.equal((await inz.call('POST', `/api/v1/national/locations/no-such-${tag}/invitations`, { email, sector: 'ngo' })).status, 404);
  assert.equal((await coordinator.call('POST', `/api/v1/national/locations/${slug}/invitations`, { email, sector: 'ngo' })).status, 403);
  // National staff invite coordinators only, whatever the body says.
  const res = await inz.call('POST', `/api/v1/national/locations/${slug}/invitations`,
    { email, sector: 'local_government', organisation: 'District Council', role: 'observer' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json().role, 'coordinator');
  assert.match(lastMail(stack, email, 'invitation').body, new RegExp(`join the Town ${tag} working group as a Coordinator`));
  const token = linkToken(stack, email, 'invitation', '/invitations/');
  const accepted = await request(base, {
    method: 'POST', path: `/api/v1/invitations/${token}`, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ display_name: 'First Coordinator', password: 'a-fine-long-password' }),
  });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.json().role, 'coordinator');
  coordinatorOfNew = await signIn(base, email, 'a-fine-long-password');
  assert.equal((await inz.get('/api/v1/national/locations')).json().items.find((l) => l.slug === slug).coordinators, 1);
  // Through the location's own route INZ still changes nothing.
  assert.equal((await inz.call('POST', `/api/v1/locations/${slug}/invitations`,
    { email: uniqueEmail('x'), role: 'member', sector: 'ngo' })).status, 403);
});

test('a round cannot open in a location with fewer members than its quorum', async () => {
  const short = await coordinatorOfNew.call('POST', `/api/v1/locations/${slug}/rounds`, roundBody({ quorum: 2 }));
  assert.equal(short.status, 422, short.text);
  assert.match(short.json().error.fields.quorum, /more than the 1 members and coordinators who can review requests here: a round cannot open until the working group has at least as many as its quorum/);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM funding_rounds r JOIN locations l ON l.id = r.location_id
    WHERE l.slug = ${quote(slug)}`), '0');
  // The form says the same by the field.
  const form = await postForm(coordinatorOfNew, `/l/${slug}/wg/rounds`, {
    name: 'Typed', pool: '5000', max_request: '2000', opens_on: '2026-01-01', closes_on: '2030-12-31',
    quorum: '3', report_due_days: '60', conditions: 'Report back.' });
  assert.equal(form.status, 422);
  assert.match(form.text, /more than the 1 members and coordinators/);
  const one = await coordinatorOfNew.call('POST', `/api/v1/locations/${slug}/rounds`, roundBody({ quorum: 1 }));
  assert.equal(one.status, 201, one.text);
  // Raising the quorum past the group is refused too; other edits stand.
  const raise = await coordinatorOfNew.call('PATCH', `/api/v1/locations/${slug}/rounds/${one.json().id}`, { quorum: 2 });
  assert.equal(raise.status, 422);
  assert.ok(raise.json().error.fields.quorum);
  const rename = await coordinatorOfNew.call('PATCH', `/api/v1/locations/${slug}/rounds/${one.json().id}`, { name: `Renamed ${tag}` });
  assert.equal(rename.status, 200, rename.text);
});

test('INZ pauses a round: no applications until it resumes; only national staff pause', async () => {
  const round = Number(sqlValue(stack, `SELECT r.id FROM funding_rounds r JOIN locations l ON l.id = r.location_id
    WHERE l.slug = ${quote(slug)}`));
  const path = `/api/v1/national/locations/${slug}/rounds/${round}/pause`;
  const applicant = await register(base, 'paused-applicant');
  const apply = () => applicant.client.call('POST', `/api/v1/locations/${slug}/requests`, { round_id: round, title: `Paused ${tag}` });
  assert.equal((await coordinatorOfNew.call('POST', path, { paused: true })).status, 403);
  assert.equal((await inz.call('POST', path, { paused: 'yes' })).status, 422);
  const paused = await inz.call('POST', path, { paused: true });
  assert.equal(paused.status, 200, paused.text);
  assert.deepEqual(paused.json(), { id: round, paused: true });
  assert.equal((await inz.call('POST', path, { paused: true })).status, 409);
  // Anonymous readers see it within the micro-cache's second.
  await publicWithin(async () => (await anonymous.get(`/api/v1/locations/${slug}/rounds/${round}`)).json().round_state === 'paused');
  const shown = (await anonymous.get(`/api/v1/locations/${slug}/rounds/${round}`)).json();
  assert.equal(shown.round_state, 'paused');
  assert.match(shown.paused_at, /^\d{4}-\d\d-\d\dT/);
  await publicWithin(async () => /Immigration New Zealand has paused this round/.test((await html(anonymous, `/l/${slug}/rounds/${round}`)).text));
  assert.equal((await apply()).status, 409, 'no applications while paused');
  // The coordinator still edits the round, but cannot resume it.
  assert.equal((await coordinatorOfNew.call('PATCH', `/api/v1/locations/${slug}/rounds/${round}`, { name: `Still ${tag}` })).status, 200);
  assert.throws(() => sql(stack, `BEGIN; SELECT set_config('portal.user_id', '${coordinatorOfNew.user.id}', true),
    set_config('portal.locations_manage', (SELECT '{' || id || '}' FROM locations WHERE slug = ${quote(slug)}), true);
    UPDATE funding_rounds SET paused_at = NULL, paused_by = NULL WHERE id = ${round}; COMMIT;`, { user: 'portal_app' }),
  /only national staff pause a round/);
  const resumed = await inz.call('POST', path, { paused: false });
  assert.equal(resumed.status, 200, resumed.text);
  await publicWithin(async () => (await anonymous.get(`/api/v1/locations/${slug}/rounds/${round}`)).json().round_state === 'open');
  assert.equal((await apply()).status, 201);
  assert.deepEqual(sql(stack, `SELECT a.action FROM audit_log a WHERE a.action IN ('funding_round_paused', 'funding_round_resumed')
    AND (a.detail->>'round_id')::bigint = ${round} ORDER BY a.id`), [['funding_round_paused'], ['funding_round_resumed']]);
});

test('INZ archives a location: off the public lists, its data kept', async () => {
  assert.equal((await coordinator.call('POST', `/api/v1/national/locations/${slug}/archive`)).status, 403);
  const res = await inz.call('POST', `/api/v1/national/locations/${slug}/archive`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json().status, 'archived');
  await publicWithin(async () => (await anonymous.get(`/api/v1/locations/${slug}`)).status === 404);
  assert.equal((await inz.call('POST', `/api/v1/national/locations/${slug}/archive`)).status, 404);
  assert.equal((await inz.get('/api/v1/national/locations')).json().items.find((l) => l.slug === slug).status, 'archived');
  assert.equal(sqlValue(stack, `SELECT count(*) FROM funding_rounds r JOIN locations l ON l.id = r.location_id
    WHERE l.slug = ${quote(slug)}`), '1', 'its data stays');
});

test('the national page: add a location by the form, invite its coordinator, messages by the fields', async () => {
  const page = await html(inz, '/national/locations');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('<form method="post" action="/national/locations"'));
  assert.ok(page.text.includes('<tr data-location="hamilton">'));
  assert.ok((await html(inz, '/national/')).text.includes('href="/national/locations"'));
  const bad = await postForm(inz, '/national/locations', { slug: 'Bad Slug', name: '', region: 'R' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="slug-error">Address key /);
  assert.match(bad.text, /id="name-error">Name is required/);
  assert.ok(bad.text.includes('value="Bad Slug"'));
  const other = `form-${tag}`;
  const ok = await postForm(inz, '/national/locations', { slug: other, name: `Form town ${tag}`, region: 'Southland' });
  assert.equal(ok.status, 303);
  const email = uniqueEmail('form-coordinator');
  const invited = await postForm(inz, `/national/locations/${other}/invitations`, { email, sector: 'iwi', organisation: '' });
  assert.equal(invited.status, 303, invited.text);
  assert.equal(sqlValue(stack, `SELECT i.role FROM invitations i JOIN locations l ON l.id = i.location_id
    WHERE l.slug = ${quote(other)} AND i.email = ${quote(email)}`), 'coordinator');
  const archived = await postForm(inz, `/national/locations/${other}/archive`, {});
  assert.equal(archived.status, 303);
});

test('the demo opens no round where the group cannot meet its quorum (Timaru, Masterton, Levin)', () => {
  for (const s of ['timaru', 'masterton', 'levin']) {
    assert.equal(sqlValue(stack, `SELECT count(*) FROM funding_rounds r JOIN locations l ON l.id = r.location_id
      WHERE l.slug = ${quote(s)}`), '0', s);
  }
  assert.deepEqual(sql(stack, `SELECT l.slug FROM funding_rounds r JOIN locations l ON l.id = r.location_id
    WHERE r.quorum > location_reviewers(l.id) AND l.status = 'active' AND l.slug NOT LIKE '%${tag}'`), []);
});

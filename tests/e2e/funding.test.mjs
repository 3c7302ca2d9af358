// Micro-funding (issue 5): rounds, applying (drafts, replayed creates),
// the state machine for every role (refusals change nothing), reviews and
// conflicts, the quorum and fast track, who sees what, payment, the
// report and the pool that concurrent approvals never overdraw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { register, signIn } from './lib/session.mjs';
import { publicWithin, request } from './lib/http.mjs';
import { sqlValue } from './lib/db.mjs';

const API = '/api/v1/locations/hamilton';
const tag = `f${process.pid}${Date.now().toString(36)}`;
let stack, base, coordinator, member, member2, observer, nelson, inz, alice, bob;

after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [coordinator, member, member2, observer, nelson, inz] = await Promise.all([
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'member2.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'coordinator.nelson@portal.demo'),
    signIn(base, 'inz@portal.demo'),
  ]);
  alice = await register(base, 'fund-alice');
  bob = await register(base, 'fund-bob');
});

const today = () => new Date().toISOString().slice(0, 10);
const roundBody = (extra = {}) => ({
  name: `Seed round ${tag}`, pool_cents: 500000, max_request_cents: 200000,
  opens_on: '2026-01-01', closes_on: '2030-12-31', quorum: 2,
  fast_track_cents: 30000, report_due_days: 60,
  conditions: 'Spend the grant as budgeted and report back.', ...extra,
});
const requestBody = (round, extra = {}) => ({
  round_id: round, title: `Language cafe ${tag}`,
  description: 'Weekly conversation evenings in English and Arabic.',
  area: 'knowledge_skills', elements: ['belonging', 'participation'],
  amount_cents: 120000,
  budget: [{ item: 'Venue hire', amount_cents: 80000 }, { item: 'Refreshments', amount_cents: 40000 }],
  beneficiaries: 'Newly arrived families', beneficiary_count: 40,
  timeline: 'February to May', contact: { name: 'Alice', email: 'alice@example.nz', phone: '021 555 0101' },
  ...extra,
});

async function newRound(extra) {
  const res = await coordinator.call('POST', `${API}/rounds`, roundBody(extra));
  assert.equal(res.status, 201, res.text);
  return res.json();
}
async function draft(who, round, extra) {
  const res = await who.call('POST', `${API}/requests`, requestBody(round, extra));
  assert.equal(res.status, 201, res.text);
  return res.json();
}
const move = (who, id, action, body = {}) =>
  who.call('POST', `${API}/requests/${id}/transitions`, { action, ...body });
const state = (id) => sqlValue(stack, `SELECT state FROM funding_requests WHERE id = ${Number(id)}`);
const score = { alignment: 4, benefit: 5, feasibility: 3, value: 4 };
async function expectMove(who, id, action, body, status, to) {
  const before = state(id);
  const res = await move(who, id, action, body);
  assert.equal(res.status, status, `${action}: ${res.text}`);
  assert.equal(state(id), status === 200 ? to : before, `${action} leaves the state ${status === 200 ? 'moved' : 'alone'}`);
  return res;
}

test('rounds: coordinators create and edit; others cannot; validation names fields', async () => {
  const round = await newRound();
  assert.equal(round.remaining_cents, 500000);
  for (const who of [member, observer, nelson, inz, alice.client]) {
    const res = await who.call('POST', `${API}/rounds`, roundBody());
    assert.ok([403, 404].includes(res.status), res.text);
  }
  const bad = await coordinator.call('POST', `${API}/rounds`, roundBody({ pool_cents: 0, max_request_cents: 900000, closes_on: '2025-01-01', quorum: 0 }));
  assert.equal(bad.status, 422);
  for (const f of ['pool_cents', 'closes_on', 'quorum']) assert.ok(bad.json().error.fields[f], f);
  const edit = await coordinator.call('PATCH', `${API}/rounds/${round.id}`, { name: `Renamed ${tag}` });
  assert.equal(edit.status, 200, edit.text);
  assert.equal(edit.json().name, `Renamed ${tag}`);
  const pub = await request(base, { path: `/l/hamilton/` });
  assert.match(pub.text, new RegExp(`Renamed ${tag}`));
  assert.match(pub.text, new RegExp(`/l/hamilton/rounds/${round.id}/apply`));
});

test('applying: drafts are private, replays make one request, submit checks everything', async () => {
  const round = await newRound();
  const key = `key-${tag}`;
  const first = await alice.client.call('POST', `${API}/requests`, requestBody(round.id, { client_key: key, amount_cents: 999999999 }));
  assert.equal(first.status, 201, first.text);
  const again = await alice.client.call('POST', `${API}/requests`, requestBody(round.id, { client_key: key }));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json().id, first.json().id);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM funding_requests WHERE client_key = '${key}'`), '1');
  const id = first.json().id;
  // Nobody else sees a draft.
  for (const who of [bob.client, coordinator, member, inz])
    assert.equal((await who.get(`${API}/requests/${id}`)).status, 404);
  // Submit refuses an amount over the maximum and a budget that does not add up.
  const refused = await expectMove(alice.client, id, 'submit', {}, 422);
  assert.ok(refused.json().error.fields.amount_cents);
  assert.ok(refused.json().error.fields.budget);
  const fixed = await alice.client.call('PATCH', `${API}/requests/${id}`, { amount_cents: 120000 });
  assert.equal(fixed.status, 200, fixed.text);
  const bad = await alice.client.call('PATCH', `${API}/requests/${id}`, { area: 'nowhere', beneficiary_count: -1, contact: { email: 'not-an-email' } });
  assert.equal(bad.status, 422);
  for (const f of ['area', 'beneficiary_count', 'contact_email']) assert.ok(bad.json().error.fields[f], f);
  await expectMove(alice.client, id, 'submit', {}, 200, 'submitted');
  // A double submit is refused and changes nothing.
  await expectMove(alice.client, id, 'submit', {}, 409);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM funding_events WHERE request_id = ${id} AND action = 'submit'`)), 1);
  // Coordinators heard of it; the applicant too.
  assert.ok(Number(sqlValue(stack, `SELECT count(*) FROM outbox WHERE kind = 'funding_coordinators' AND body LIKE '%/requests/${id}%'`)) >= 1);
  assert.ok(Number(sqlValue(stack, `SELECT count(*) FROM outbox WHERE kind = 'funding_state' AND to_email = '${alice.email}'`)) >= 1);
});

test('the whole way: review, quorum, approve, accept, pay, report, changes, close', async () => {
  const round = await newRound();
  const { id } = await draft(alice.client, round.id);
  await expectMove(alice.client, id, 'submit', {}, 200, 'submitted');
  // Wrong actors: 403, nothing changes.
  for (const who of [member, observer, alice.client]) await expectMove(who, id, 'start_review', {}, 403);
  await expectMove(inz, id, 'start_review', {}, 403);
  await expectMove(nelson, id, 'start_review', {}, 404);
  await expectMove(coordinator, id, 'start_review', {}, 200, 'in_review');
  // Reviewers do not see contact details; the coordinator does.
  assert.equal((await member.get(`${API}/requests/${id}`)).json().contact, undefined);
  assert.equal((await coordinator.get(`${API}/requests/${id}`)).json().contact.email, 'alice@example.nz');
  // Quorum: no approval before two reviews.
  const early = await expectMove(coordinator, id, 'approve', { amount_cents: 100000 }, 409);
  assert.match(early.json().error.message, /review/);
  const bad = await member.call('PUT', `${API}/requests/${id}/reviews/mine`, { conflict: false, scores: { ...score, value: 9 } });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.value);
  assert.equal((await member.call('PUT', `${API}/requests/${id}/reviews/mine`, { conflict: false, scores: score, comment: `secret ${tag}` })).status, 200);
  assert.equal((await alice.client.call("PUT", `${API}/requests/${id}/reviews/mine`, { conflict: false, scores: score })).status, 404);
  // A conflicted member cannot score, and their conflict does not count.
  assert.equal((await member2.call('PUT', `${API}/requests/${id}/reviews/mine`, { conflict: true })).status, 200);
  assert.equal((await member2.call('PUT', `${API}/requests/${id}/reviews/mine`, { conflict: false, scores: score })).status, 409);
  assert.equal((await member2.get(`${API}/requests/${id}/reviews`)).status, 403);
  await expectMove(coordinator, id, 'approve', { amount_cents: 100000 }, 409);
  assert.equal((await coordinator.call('PUT', `${API}/requests/${id}/reviews/mine`, { conflict: false, scores: { alignment: 5, benefit: 5, feasibility: 5, value: 5 } })).status, 200);
  const reviews = (await coordinator.get(`${API}/requests/${id}/reviews`)).json();
  assert.equal(reviews.scored, 2);
  assert.equal(reviews.conflicts, 1);
  assert.equal(reviews.averages.alignment, 4.5);
  // Applicants never see reviews or comments, by page or API.
  assert.equal((await alice.client.get(`${API}/requests/${id}/reviews`)).status, 404);
  const own = await alice.client.get(`${API}/requests/${id}`);
  assert.ok(!own.text.includes(`secret ${tag}`));
  const mine = await alice.client.get('/api/v1/my/requests');
  assert.ok(!mine.text.includes(`secret ${tag}`));
  assert.ok(mine.json().items.some((r) => r.id === id));
  assert.ok(!(await bob.client.get('/api/v1/my/requests')).json().items.some((r) => r.id === id));
  assert.equal((await bob.client.get(`${API}/requests/${id}`)).status, 404);
  // Approve: more than asked is refused, the amount is checked.
  const over = await expectMove(coordinator, id, 'approve', { amount_cents: 130000 }, 422);
  assert.ok(over.json().error.fields.amount_cents);
  await expectMove(coordinator, id, 'approve', { amount_cents: 100000, create_initiative: true }, 200, 'approved');
  const ini = sqlValue(stack, `SELECT initiative_id FROM funding_requests WHERE id = ${id}`);
  assert.ok(Number(ini) > 0);
  assert.equal(sqlValue(stack, `SELECT area FROM initiatives WHERE id = ${ini}`), 'knowledge_skills');
  const linked = (await member.get(`${API}/initiatives/${ini}`)).json();
  assert.deepEqual(linked.funding.map((f) => [f.id, f.approved_cents]), [[id, 100000]]);
  assert.equal(sqlValue(stack, `SELECT approved_cents FROM funding_rounds WHERE id = ${round.id}`), '100000');
  // Only the applicant accepts; disburse needs acceptance first.
  await expectMove(coordinator, id, 'disburse', { paid_on: today(), amount_cents: 100000, reference: 'X' }, 409);
  await expectMove(coordinator, id, 'accept', {}, 403);
  await expectMove(alice.client, id, 'accept', {}, 200, 'accepted');
  const badPay = await expectMove(coordinator, id, 'disburse', { paid_on: 'someday', amount_cents: 200000 }, 422);
  for (const f of ['paid_on', 'amount_cents', 'reference']) assert.ok(badPay.json().error.fields[f], f);
  await expectMove(coordinator, id, 'disburse', { paid_on: today(), amount_cents: 100000, reference: `PAY-${tag}` }, 200, 'disbursed');
  assert.equal(sqlValue(stack, `SELECT paid_cents FROM funding_rounds WHERE id = ${round.id}`), '100000');
  assert.ok(sqlValue(stack, `SELECT report_due_on - paid_on FROM funding_requests WHERE id = ${id}`) === '60');
  const badReport = await expectMove(alice.client, id, 'report', { body: '', people_reached: -3 }, 422);
  for (const f of ['body', 'people_reached', 'spent_cents']) assert.ok(badReport.json().error.fields[f], f);
  await expectMove(alice.client, id, 'report', { body: 'Twelve evenings, 38 people.', people_reached: 38, spent_cents: 98000, story_consent: true }, 200, 'reported');
  await expectMove(coordinator, id, 'request_changes', {}, 422);
  // Asked for changes on a report already overdue, the applicant gets two
  // weeks from today (New Zealand) and the reminders start again.
  sqlValue(stack, `UPDATE funding_requests SET report_due_on = paid_on - 1, reminded_at = now() WHERE id = ${id}`);
  await expectMove(coordinator, id, 'request_changes', { note: 'Add the receipts, please.' }, 200, 'disbursed');
  assert.equal(sqlValue(stack, `SELECT report_due_on - (now() AT TIME ZONE 'Pacific/Auckland')::date || ' ' ||
    (reminded_at IS NULL) FROM funding_requests WHERE id = ${id}`), '14 true');
  await expectMove(alice.client, id, 'report', { body: 'With receipts.', people_reached: 38, spent_cents: 98000 }, 200, 'reported');
  await expectMove(member, id, 'close', {}, 403);
  await expectMove(coordinator, id, 'close', {}, 200, 'closed');
  assert.equal(sqlValue(stack, `SELECT count(*) FROM funding_reports WHERE request_id = ${id}`), '2');
  // Every step is in the audit trail.
  assert.ok(Number(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action IN ('funding_transition', 'funding_payment_recorded') AND detail->>'request_id' = '${id}'`)) >= 9);
  // The payment shows in the export.
  const csv = await coordinator.get(`${API}/exports/payments?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, new RegExp(`PAY-${tag}`));
});

test('fast track, decline with reason, withdraw, and the coordinator who applied', async () => {
  const round = await newRound();
  const small = await draft(alice.client, round.id, { amount_cents: 25000, budget: [{ item: 'Fabric', amount_cents: 25000 }] });
  await expectMove(alice.client, small.id, 'submit', {}, 200, 'submitted');
  await expectMove(coordinator, small.id, 'start_review', {}, 200, 'in_review');
  await expectMove(coordinator, small.id, 'approve', { amount_cents: 25000 }, 409);
  assert.equal((await member.call('PUT', `${API}/requests/${small.id}/reviews/mine`, { conflict: false, scores: score })).status, 200);
  await expectMove(coordinator, small.id, 'approve', { amount_cents: 25000 }, 200, 'approved');

  const other = await draft(bob.client, round.id);
  await expectMove(bob.client, other.id, 'submit', {}, 200, 'submitted');
  await expectMove(coordinator, other.id, 'start_review', {}, 200, 'in_review');
  await expectMove(coordinator, other.id, 'request_info', { note: 'Which venue?' }, 200, 'info_requested');
  assert.equal((await bob.client.call('PATCH', `${API}/requests/${other.id}`, { timeline: 'March' })).status, 200);
  await expectMove(bob.client, other.id, 'resubmit', {}, 200, 'in_review');
  await expectMove(coordinator, other.id, 'decline', {}, 422);
  await expectMove(coordinator, other.id, 'decline', { reason: `Outside the round ${tag}` }, 200, 'declined');
  const seen = await bob.client.get('/api/v1/my/requests');
  assert.ok(seen.text.includes(`Outside the round ${tag}`));
  await expectMove(bob.client, other.id, 'withdraw', {}, 409);

  const gone = await draft(bob.client, round.id);
  await expectMove(coordinator, gone.id, 'withdraw', {}, 404);
  await expectMove(bob.client, gone.id, 'withdraw', {}, 200, 'withdrawn');
  await expectMove(bob.client, gone.id, 'fly', {}, 422);

  // A coordinator's own request: another coordinator must decide it.
  const self = await draft(coordinator, round.id);
  await expectMove(coordinator, self.id, 'submit', {}, 200, 'submitted');
  const r = await expectMove(coordinator, self.id, 'start_review', {}, 403);
  assert.match(r.json().error.message, /another coordinator/);
});

test('twenty-four approvals at once never overdraw the pool', async () => {
  const round = await newRound({ pool_cents: 1000000, max_request_cents: 100000, fast_track_cents: 100000 });
  const ids = [];
  for (let i = 0; i < 24; i++) {
    const { id } = await draft(alice.client, round.id, { amount_cents: 100000, budget: [{ item: 'All of it', amount_cents: 100000 }] });
    await expectMove(alice.client, id, 'submit', {}, 200, 'submitted');
    await expectMove(coordinator, id, 'start_review', {}, 200, 'in_review');
    assert.equal((await member.call('PUT', `${API}/requests/${id}/reviews/mine`, { conflict: false, scores: score })).status, 200);
    ids.push(id);
  }
  const deciders = await Promise.all([0, 1, 2, 3].map(() => signIn(base, 'coordinator.hamilton@portal.demo')));
  const results = await Promise.all(ids.map((id, i) => move(deciders[i % 4], id, 'approve', { amount_cents: 100000 })));
  const ok = results.filter((r) => r.status === 200).length;
  const refused = results.filter((r) => r.status === 409);
  assert.equal(ok, 10);
  assert.equal(refused.length, 14);
  for (const r of refused) assert.match(r.json().error.message, /left in this round's pool/);
  assert.equal(sqlValue(stack, `SELECT approved_cents FROM funding_rounds WHERE id = ${round.id}`), '1000000');
  assert.equal(sqlValue(stack, `SELECT sum(approved_cents) FROM funding_requests WHERE round_id = ${round.id}`), '1000000');
});

test('pages: the queue, a request page with its buttons, my requests', async () => {
  const round = await newRound();
  const { id } = await draft(alice.client, round.id);
  await expectMove(alice.client, id, 'submit', {}, 200, 'submitted');
  const queue = await coordinator.get(`/l/hamilton/wg/requests?state=submitted`, { Accept: 'text/html' });
  assert.equal(queue.status, 200);
  assert.ok(queue.text.includes(`/l/hamilton/requests/${id}`));
  assert.equal((await observer.get(`/l/hamilton/wg/requests`, { Accept: 'text/html' })).status, 200);
  assert.equal((await alice.client.get(`/l/hamilton/wg/requests`, { Accept: 'text/html' })).status, 404);
  const page = await coordinator.get(`/l/hamilton/requests/${id}`, { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.match(page.text, /value="start_review"/);
  assert.match(page.text, /alice@example\.nz/);
  const mpage = await member.get(`/l/hamilton/requests/${id}`, { Accept: 'text/html' });
  assert.ok(!mpage.text.includes('alice@example.nz'));
  assert.ok(!mpage.text.includes('value="start_review"'));
  const apage = await alice.client.get(`/my/requests`, { Accept: 'text/html' });
  assert.equal(apage.status, 200);
  assert.ok(apage.text.includes(`/l/hamilton/requests/${id}`));
  const rpage = await request(base, { path: `/l/hamilton/rounds/${round.id}` });
  assert.equal(rpage.status, 200);
  assert.match(rpage.text, /\$5,000\.00/);
});

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

test('HTML forms: apply with budget rows, errors shown by the fields with the input kept, buttons move it', async () => {
  const round = await newRound();
  const form = await alice.client.get(`/l/hamilton/rounds/${round.id}/apply`, { Accept: 'text/html' });
  assert.equal(form.status, 200);
  const key = form.text.match(/name="client_key" value="([^"]+)"/)[1];
  const fields = {
    client_key: key, title: `Sewing group ${tag}`, description: 'Weekly sewing.', area: 'events_programmes',
    elements: ['belonging'], amount: '1,000', budget_item_1: 'Machines', budget_amount_1: '600',
    budget_item_2: 'Fabric', budget_amount_2: '400.00', beneficiaries: 'Women', beneficiary_count: '15',
    timeline: 'Term 1', contact_name: 'Alice', contact_email: 'broken',
  };
  const bad = await postForm(alice.client, `/l/hamilton/rounds/${round.id}/apply`, fields);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="contact_email-error"/);
  assert.match(bad.text, new RegExp(`value="Sewing group ${tag}"`));
  const ok = await postForm(alice.client, `/l/hamilton/rounds/${round.id}/apply`, { ...fields, contact_email: 'alice@example.nz' });
  assert.equal(ok.status, 303, ok.text);
  const id = ok.headers.location.match(/requests\/(\d+)$/)[1];
  assert.equal(sqlValue(stack, `SELECT amount_cents || ' ' || jsonb_array_length(budget) FROM funding_requests WHERE id = ${id}`), '100000 2');
  const replay = await postForm(alice.client, `/l/hamilton/rounds/${round.id}/apply`, { ...fields, contact_email: 'alice@example.nz' });
  assert.equal(replay.status, 303);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM funding_requests WHERE client_key = '${key}'`), '1');
  const submit = await postForm(alice.client, `/l/hamilton/requests/${id}/transitions`, { action: 'submit' });
  assert.equal(submit.status, 303, submit.text);
  assert.equal(state(id), 'submitted');
  await expectMove(coordinator, id, 'start_review', {}, 200, 'in_review');
  const review = await postForm(member, `/l/hamilton/requests/${id}/review`, { alignment: '4', benefit: '4', feasibility: '6', value: '4', comment: 'ok' });
  assert.equal(review.status, 422);
  assert.match(review.text, /id="feasibility-error"/);
  const info = await postForm(coordinator, `/l/hamilton/requests/${id}/transitions`, { action: 'request_info', note: '' });
  assert.equal(info.status, 422);
  assert.match(info.text, /id="note-request_info-error"/);
  assert.equal(state(id), 'in_review');
  const noCsrf = await request(base, { method: 'POST', path: `/l/hamilton/requests/${id}/transitions`, body: 'action=request_info&note=x',
    headers: { Cookie: `portal_session=${coordinator.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(noCsrf.status, 403);
  assert.equal(state(id), 'in_review');
});

test('an initiative shows its grants: the list and totals to the working group, totals only to the public', async () => {
  const made = await member.call('POST', `${API}/initiatives`, {
    title: `Funded picnic ${tag}`, summary: 'A picnic for newcomers.', area: 'knowledge_skills',
    elements: ['belonging'], outcome_areas: ['inclusion'], status: 'active', visibility: 'public',
  });
  assert.equal(made.status, 201, made.text);
  const ini = made.json().id;
  const html = `/l/hamilton/initiatives/${ini}`;
  const json = `${API}/initiatives/${ini}`;
  // Read anonymously first, so the copies the workers keep must go.
  const none = (await request(base, { path: json })).json();
  assert.deepEqual(none.funding_totals, { grants: 0, approved_cents: 0, paid_cents: 0 });
  assert.equal(none.funding, undefined);
  assert.doesNotMatch((await request(base, { path: html })).text, /id="funding"/);

  const round = await newRound();
  const { id } = await draft(alice.client, round.id, { title: `Picnic grant ${tag}` });
  await expectMove(alice.client, id, 'submit', {}, 200, 'submitted');
  await expectMove(coordinator, id, 'start_review', {}, 200, 'in_review');
  for (const who of [member, member2])
    assert.equal((await who.call('PUT', `${API}/requests/${id}/reviews/mine`, { conflict: false, scores: score })).status, 200);
  await expectMove(coordinator, id, 'approve', { amount_cents: 100000, initiative_id: ini }, 200, 'approved');

  // Anonymous readers see it within the micro-cache's second.
  await publicWithin(async () => (await request(base, { path: json })).json().funding_totals.grants === 1);
  await publicWithin(async () => /<dt>Grants approved<\/dt><dd>1<\/dd>/.test((await request(base, { path: html })).text));
  const pub = (await request(base, { path: json })).json();
  assert.deepEqual(pub.funding_totals, { grants: 1, approved_cents: 100000, paid_cents: 0 });
  assert.equal(pub.funding, undefined);
  const pubPage = (await request(base, { path: html })).text;
  assert.match(pubPage, /<dt>Grants approved<\/dt><dd>1<\/dd>/);
  assert.match(pubPage, /<dt>Approved<\/dt><dd>\$1,000\.00<\/dd>/);
  // Never whose request it was or what it said.
  for (const secret of [`Picnic grant ${tag}`, 'alice@example.nz', alice.email, `/requests/${id}`])
    assert.ok(!pubPage.includes(secret) && !JSON.stringify(pub).includes(secret), secret);

  const wg = (await member.get(json)).json();
  assert.deepEqual(wg.funding.map((f) => [f.id, f.state, f.approved_cents, f.paid_cents]), [[id, 'approved', 100000, null]]);
  assert.deepEqual(wg.funding_totals, { grants: 1, approved_cents: 100000, paid_cents: 0 });
  const wgPage = (await member.get(html, { Accept: 'text/html' })).text;
  assert.match(wgPage, new RegExp(`<a href="/l/hamilton/requests/${id}">Picnic grant ${tag}</a></th><td>Approved</td>`));
  assert.match(wgPage, /Total granted<\/th><td><\/td><td><\/td><td>\$1,000\.00<\/td><td>\$0\.00<\/td>/);

  // A payment reaches the public copies too, within the micro-cache's second.
  await expectMove(alice.client, id, 'accept', {}, 200, 'accepted');
  await expectMove(coordinator, id, 'disburse', { paid_on: today(), amount_cents: 100000, reference: `PIC-${tag}` }, 200, 'disbursed');
  await publicWithin(async () => (await request(base, { path: json })).json().funding_totals.paid_cents === 100000);
  assert.deepEqual((await request(base, { path: json })).json().funding_totals, { grants: 1, approved_cents: 100000, paid_cents: 100000 });
  await publicWithin(async () => /<dt>Paid so far<\/dt><dd>\$1,000\.00<\/dd>/.test((await request(base, { path: html })).text));
});

test('my requests: kept in memory per person, and a change shows at once', async () => {
  const round = await newRound();
  const { id } = await draft(alice.client, round.id, { title: `Remembered ${tag}` });
  const stateIn = async (who) => (await who.get('/api/v1/my/requests')).json().items.find((r) => r.id === id)?.state;
  // Enough reads that every worker has the list in memory.
  for (let i = 0; i < 8; i++) assert.equal(await stateIn(alice.client), 'draft');
  for (let i = 0; i < 8; i++) assert.equal(await stateIn(bob.client), undefined);
  await expectMove(alice.client, id, 'submit', {}, 200, 'submitted');
  for (let i = 0; i < 8; i++) assert.equal(await stateIn(alice.client), 'submitted');
  await expectMove(coordinator, id, 'start_review', {}, 200, 'in_review');
  for (let i = 0; i < 8; i++) {
    const page = await alice.client.get('/my/requests', { Accept: 'text/html' });
    assert.match(page.text, new RegExp(`requests/${id}">Remembered ${tag}</a></h2>\n<p class="meta"><span class="status status-in_review">In review</span>`));
  }
  for (let i = 0; i < 8; i++) assert.equal(await stateIn(bob.client), undefined);
});

test('review fixes: long non-Latin titles, resubmitting after the round closed, empty amounts, scores kept out of the audit trail, a round opening today in New Zealand', async () => {
  const round = await newRound({ fast_track_cents: 0, quorum: 1 });
  // A title of 101 characters, 201 bytes: the emails cut it between
  // characters, and the transition goes through.
  const arabic = `A${'ع'.repeat(100)}`;
  const long = await draft(alice.client, round.id, { title: arabic, contact: { name: 'Alice', email: 'alice@example.nz', phone: null } });
  await expectMove(alice.client, long.id, 'submit', {}, 200, 'submitted');
  const subject = sqlValue(stack, `SELECT subject FROM outbox WHERE kind = 'funding_state' AND body LIKE '%/requests/${long.id}%' ORDER BY id DESC LIMIT 1`);
  assert.ok(subject.startsWith(`Your funding request "A${'ع'.repeat(99)}" is now`), subject);

  // The working group asks for more; the round closes; the applicant can
  // still answer.
  await expectMove(coordinator, long.id, 'start_review', {}, 200, 'in_review');
  await expectMove(coordinator, long.id, 'request_info', { note: 'Which venue?' }, 200, 'info_requested');
  const late = await draft(bob.client, round.id);
  sqlValue(stack, `UPDATE funding_rounds SET opens_on = '2026-01-01', closes_on = '2026-01-31' WHERE id = ${round.id}`);
  await expectMove(alice.client, long.id, 'resubmit', {}, 200, 'in_review');
  // A draft submitted once the round closed is still refused, and no new
  // draft can be started.
  assert.equal((await bob.client.call('POST', `${API}/requests`, requestBody(round.id))).status, 409);
  const refused = await expectMove(bob.client, late.id, 'submit', {}, 422);
  assert.ok(refused.json().error.fields.round_id);

  // Empty amounts are a 422 naming the field, not a 500.
  const review = await member.call('PUT', `${API}/requests/${long.id}/reviews/mine`, { conflict: false, scores: score, comment: 'Fine.' });
  assert.equal(review.status, 200, review.text);
  for (const amount of [null, '']) {
    const res = await expectMove(coordinator, long.id, 'approve', { amount_cents: amount }, 422);
    assert.ok(res.json().error.fields.amount_cents, res.text);
  }
  for (const field of ['quorum', 'pool_cents', 'report_due_days']) {
    const res = await coordinator.call('PATCH', `${API}/rounds/${round.id}`, { [field]: null });
    assert.equal(res.status, 422, `${field}: ${res.text}`);
    assert.ok(res.json().error.fields[field], field);
  }

  // The audit trail says a review was saved, never its scores.
  const entry = JSON.parse(sqlValue(stack, `SELECT detail FROM audit_log WHERE action = 'funding_review_saved'
    AND detail->>'request_id' = '${long.id}' ORDER BY id DESC LIMIT 1`));
  assert.deepEqual(entry, { request_id: long.id });
  const trail = await coordinator.get(`${API}/audit?limit=100`);
  assert.equal(trail.status, 200);
  assert.ok(!/"alignment"|"feasibility"/.test(trail.text), 'no scores in the trail');

  // A round opening today in New Zealand is public today.
  const nzToday = sqlValue(stack, "SELECT (now() AT TIME ZONE 'Pacific/Auckland')::date");
  const opening = await newRound({ opens_on: nzToday, name: `Opens today ${tag}` });
  const anonymous = await request(base, { path: `${API}/rounds/${opening.id}`, headers: { Accept: 'application/json' } });
  assert.equal(anonymous.status, 200, anonymous.text);
});

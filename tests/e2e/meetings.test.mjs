// The working group's meetings (issue 20, sql/024_meetings.sql): scheduling
// in New Zealand time, the invitation with its .ics file (parsed by
// ical.js, a real RFC 5545 parser), the agenda with a funding request and
// an initiative of the location (never another's), attendance with
// guests, and the quorum rule's members and sectors.  In a location made
// for this run, whose working group is set up here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { sharedStack } from './lib/stack.mjs';
import { register, signIn } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const tag = `m${process.pid}${Date.now().toString(36)}`;
const slug = `meet-${tag}`;
const API = `/api/v1/locations/${slug}`;
const PASSWORD = 'a-fine-long-password';
let stack, base, loc, coordinator, member, observer, other, inz;
const people = {};

after(() => {
  if (stack && loc) sql(stack, `UPDATE locations SET status = 'archived' WHERE id = ${loc}`);
  stack?.stop();
});

// A registered person with a role here, signed in again so the session
// carries it.
async function joined(role, sector) {
  const person = await register(base, `meet-${role}`);
  sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector, organisation)
    VALUES (${loc}, ${person.user.id}, ${quote(role)}, ${quote(sector)}, 'Test org')`);
  const c = await signIn(base, person.email, PASSWORD);
  people[role] = { ...person, client: c };
  return c;
}

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  loc = Number(sqlValue(stack, `WITH l AS (INSERT INTO locations (slug, name, region)
    VALUES (${quote(slug)}, ${quote(`Hui ${tag}`)}, 'Test') RETURNING id) SELECT id FROM l`));
  coordinator = await joined('coordinator', 'local_government');
  member = await joined('member', 'ngo');
  people.member2 = await register(base, 'meet-member2');
  sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector)
    VALUES (${loc}, ${people.member2.user.id}, 'member', 'ngo')`);
  people.member3 = await register(base, 'meet-member3');
  sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector)
    VALUES (${loc}, ${people.member3.user.id}, 'member', 'iwi')`);
  observer = await joined('observer', 'youth');
  other = await signIn(base, 'member.nelson@portal.demo');
  inz = await signIn(base, 'inz@portal.demo');
});

const schedule = (body) => coordinator.call('POST', `${API}/meetings`, body);
const MEETING = {
  title: 'Hui, December; with "quotes"',
  date: '2026-12-09',
  start_time: '18:00',
  end_time: '19:30',
  place: 'Library, Room 2',
  video_url: 'https://meet.example.org/hui-123',
  interpreting: 'Arabic and Dari interpreters; NZSL on request',
};

test('a coordinator schedules a meeting in New Zealand time; bad fields are named', async () => {
  const res = await schedule(MEETING);
  assert.equal(res.status, 201, res.text);
  const m = res.json();
  // 18:00 on 9 December is NZDT (UTC+13); on 9 June NZST (UTC+12).
  assert.equal(m.starts_at, '2026-12-09T05:00:00Z');
  assert.equal(m.ends_at, '2026-12-09T06:30:00Z');
  assert.deepEqual([m.date, m.start_time, m.end_time], ['2026-12-09', '18:00', '19:30']);
  const winter = await schedule({ ...MEETING, date: '2027-06-09', place: '', video_url: 'https://meet.example.org/w' });
  assert.equal(winter.status, 201, winter.text);
  assert.equal(winter.json().starts_at, '2027-06-09T06:00:00Z');

  const bad = await schedule({ title: '', date: '2026-02-30', start_time: '24:00', end_time: '10:00',
    place: '', video_url: 'javascript:alert(1)' });
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(),
    ['date', 'end_time', 'start_time', 'title', 'video_url']);
  // Colons where digits belong are refused here, not by the database.
  for (const time of ['1::30', ':1:30', '12:3:']) {
    const odd = await schedule({ ...MEETING, start_time: time });
    assert.equal(odd.status, 422, `${time}: ${odd.text}`);
    assert.ok(odd.json().error.fields.start_time, time);
  }
  const nowhere = await schedule({ ...MEETING, place: '', video_url: '' });
  assert.equal(nowhere.status, 422);
  assert.ok(nowhere.json().error.fields.place);
  const backwards = await schedule({ ...MEETING, end_time: '17:00' });
  assert.deepEqual(Object.keys(backwards.json().error.fields), ['end_time']);

  // Members and observers read; only coordinators schedule; another
  // location's people never see it.
  const list = await member.get(`${API}/meetings`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json().items.map((i) => i.title).sort(), [MEETING.title, MEETING.title]);
  assert.equal((await observer.get(`${API}/meetings/${m.id}`)).status, 200);
  assert.equal((await inz.get(`${API}/meetings/${m.id}`)).status, 200);
  assert.equal((await member.call('POST', `${API}/meetings`, MEETING)).status, 403);
  assert.equal((await observer.call('POST', `${API}/meetings`, MEETING)).status, 403);
  assert.equal((await other.get(`${API}/meetings/${m.id}`)).status, 404);
  assert.equal((await coordinator.get(`${API}/meetings/999999999`)).status, 404);
  // The page, and the form shown again with the messages by the fields.
  const page = await coordinator.get(`/l/${slug}/wg/meetings/${m.id}`, { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.match(page.text, /Hui, December; with &quot;quotes&quot;/);
  assert.match(page.text, /18:00 to 19:30/);
});

test('the invitation goes to every member with an .ics a real RFC 5545 parser reads', async () => {
  const m = (await schedule(MEETING)).json();
  const res = await coordinator.call('POST', `${API}/meetings/${m.id}/invitations`, {});
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json().invited_at);
  const rows = sql(stack, `SELECT to_email, subject, attachment_name, attachment_type
    FROM outbox WHERE kind = 'meeting_invitation' AND location_id = ${loc}
     AND attachment LIKE ${quote(`%UID:meeting-${m.id}@%`)} ORDER BY to_email`);
  const emails = [people.coordinator, people.member, people.member2, people.member3, people.observer]
    .map((p) => p.email).sort();
  assert.deepEqual(rows.map((r) => r[0]), emails);
  for (const r of rows) {
    assert.equal(r[1], `Meeting invitation: ${MEETING.title}`);
    assert.deepEqual(r.slice(2, 4), ['meeting.ics', 'text/calendar; method=PUBLISH']);
  }
  const body = sqlValue(stack, `SELECT body FROM outbox WHERE kind = 'meeting_invitation'
    AND to_email = ${quote(people.member.email)} AND attachment LIKE ${quote(`%UID:meeting-${m.id}@%`)}`);
  assert.match(body, /on 2026-12-09 from 18:00 to 19:30, New Zealand time/);
  assert.match(body, new RegExp(`/l/${slug}/wg/meetings/${m.id}`));

  const ics = sqlValue(stack, `SELECT attachment FROM outbox WHERE kind = 'meeting_invitation'
    AND to_email = ${quote(people.member.email)} AND attachment LIKE ${quote(`%UID:meeting-${m.id}@%`)}`);
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
  const cal = new ICAL.Component(ICAL.parse(ics));
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  assert.equal(cal.getFirstPropertyValue('method'), 'PUBLISH');
  const event = new ICAL.Event(cal.getFirstSubcomponent('vevent'));
  assert.equal(event.summary, MEETING.title);
  assert.equal(event.location, MEETING.place);
  assert.equal(event.startDate.toJSDate().toISOString(), '2026-12-09T05:00:00.000Z');
  assert.equal(event.endDate.toJSDate().toISOString(), '2026-12-09T06:30:00.000Z');
  assert.equal(event.sequence, 0);
  assert.match(event.uid, new RegExp(`^meeting-${m.id}@`));
  assert.match(event.description, /Video: https:\/\/meet\.example\.org\/hui-123\n/);
  assert.match(event.description, /Arabic and Dari interpreters; NZSL on request/);

  // Sent again (a change): the same UID, the next SEQUENCE.
  await coordinator.call('POST', `${API}/meetings/${m.id}/invitations`, {});
  const again = sqlValue(stack, `SELECT attachment FROM outbox WHERE kind = 'meeting_invitation'
    AND to_email = ${quote(people.member.email)} AND attachment LIKE ${quote(`%UID:meeting-${m.id}@%`)}
    ORDER BY id DESC LIMIT 1`);
  const e2 = new ICAL.Event(new ICAL.Component(ICAL.parse(again)).getFirstSubcomponent('vevent'));
  assert.equal(e2.uid, event.uid);
  assert.equal(e2.sequence, 1);
  assert.equal((await member.call('POST', `${API}/meetings/${m.id}/invitations`, {})).status, 403);
});

test('the agenda links the location\'s own funding requests and initiatives, never another\'s', async () => {
  const m = (await schedule(MEETING)).json();
  const round = Number(sqlValue(stack, `INSERT INTO funding_rounds (location_id, name, pool_cents,
    max_request_cents, opens_on, closes_on, quorum, created_by, conditions) VALUES (${loc}, 'Round',
    100000, 50000, current_date - 1, current_date + 30, 1, ${people.coordinator.user.id}, 'None') RETURNING id`).split('\n')[0]);
  const request = Number(sqlValue(stack, `INSERT INTO funding_requests (location_id, round_id,
    applicant_id, state, title, description, area, amount_cents, submitted_at)
    VALUES (${loc}, ${round}, ${people.member3.user.id}, 'submitted', 'Sewing group',
    'A weekly group', 'events_programmes', 20000, now()) RETURNING id`).split('\n')[0]);
  const nelsonRequest = sqlValue(stack, `SELECT r.id FROM funding_requests r JOIN locations l
    ON l.id = r.location_id WHERE l.slug = 'nelson' AND r.state <> 'draft' LIMIT 1`);
  const initiative = sqlValue(stack, `INSERT INTO initiatives (location_id, title, area, elements, created_by)
    VALUES (${loc}, 'Welcome packs', 'events_programmes', '{belonging}', ${people.coordinator.user.id})
    RETURNING id`).split('\n')[0];
  const add = (body) => coordinator.call('POST', `${API}/meetings/${m.id}/items`, body);

  let res = await add({ kind: 'text', title: 'Welcome and karakia', notes: 'Mihi' });
  assert.equal(res.status, 201, res.text);
  res = await add({ kind: 'funding_decision', title: 'Decide: sewing group', request_id: request });
  assert.equal(res.status, 201, res.text);
  res = await add({ kind: 'initiative_report', title: 'Welcome packs update', initiative_id: Number(initiative) });
  assert.equal(res.status, 201, res.text);
  const agenda = res.json().agenda;
  assert.deepEqual(agenda.map((i) => [i.position, i.kind]),
    [[1, 'text'], [2, 'funding_decision'], [3, 'initiative_report']]);
  assert.equal(agenda[1].request_title, 'Sewing group');
  assert.equal(agenda[2].initiative_title, 'Welcome packs');

  for (const [body, field] of [
    [{ kind: 'funding_decision', title: 'Not ours', request_id: Number(nelsonRequest) }, 'request_id'],
    [{ kind: 'funding_decision', title: 'No request' }, 'request_id'],
    [{ kind: 'initiative_report', title: 'Not ours', initiative_id: 1 }, 'initiative_id'],
    [{ kind: 'vote', title: 'Unknown kind' }, 'kind'],
    [{ kind: 'text', title: '' }, 'title'],
  ]) {
    const r = await add(body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json().error.fields[field], `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await member.call('POST', `${API}/meetings/${m.id}/items`,
    { kind: 'text', title: 'x' })).status, 403);
  const page = await member.get(`/l/${slug}/wg/meetings/${m.id}`, { Accept: 'text/html' });
  assert.match(page.text, new RegExp(`href="/l/${slug}/requests/${request}"`));
});

test('attendance with guests, and the quorum rule of members and sectors', async () => {
  const m = (await schedule(MEETING)).json();
  const id = (p) => people[p].user.id;
  const record = (body) => coordinator.call('PUT', `${API}/meetings/${m.id}/attendance`, body);
  let res = await record({
    [`member_${id('coordinator')}`]: 'present',
    [`member_${id('member')}`]: 'present',
    [`member_${id('member2')}`]: 'apologies',
    [`member_${id('member3')}`]: 'absent',
    guests: ['Aroha Smith, Red Cross', 'Sam'],
  });
  assert.equal(res.status, 200, res.text);
  let q = res.json().quorum;
  assert.deepEqual([q.present, q.apologies, q.absent], [2, 1, 1]);
  assert.deepEqual(q.sectors, ['local_government', 'ngo']);
  assert.equal(q.quorum_members, 3);
  assert.equal(q.quorate, false, 'two present, the default rule asks three');
  assert.deepEqual(res.json().guests, [{ name: 'Aroha Smith', organisation: 'Red Cross' },
    { name: 'Sam', organisation: '' }]);
  const statuses = Object.fromEntries(res.json().attendance.map((a) => [a.user_id, a.status]));
  assert.equal(statuses[id('member2')], 'apologies');
  assert.equal(statuses[id('observer')], undefined, 'observers come as guests, not members');

  // The group's rule: two members from two sectors.
  res = await coordinator.call('PUT', `${API}/meeting-rule`, { quorum_members: 2, quorum_sectors: 2 });
  assert.equal(res.status, 200, res.text);
  res = await member.get(`${API}/meetings/${m.id}`);
  assert.equal(res.status, 200, res.text);
  q = res.json().quorum;
  assert.equal(q.quorate, true);
  // Two present but of one sector is not a quorum of two sectors.
  res = await record({ [`member_${id('member')}`]: 'present', [`member_${id('member2')}`]: 'present' });
  assert.equal(res.status, 200, res.text);
  q = res.json().quorum;
  assert.deepEqual([q.present, q.sectors, q.quorate], [2, ['ngo'], false]);
  assert.deepEqual(res.json().guests, [], 'recorded whole: the guests went');
  const page = await member.get(`/l/${slug}/wg/meetings/${m.id}`, { Accept: 'text/html' });
  assert.match(page.text, /Not quorate:/);
  assert.match(page.text, /NGOs/);

  for (const [body, field] of [
    [{ [`member_${id('member')}`]: 'asleep' }, `member_${id('member')}`],
    [{ guests: [', No name'] }, 'guests'],
    [{ guests: 'not a list' }, 'guests'],
  ]) {
    const r = await record(body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json().error.fields[field], r.text);
  }
  for (const bad of [{ quorum_members: 0 }, { quorum_sectors: 10 }]) {
    const r = await coordinator.call('PUT', `${API}/meeting-rule`, bad);
    assert.equal(r.status, 422);
  }
  assert.equal((await member.call('PUT', `${API}/meetings/${m.id}/attendance`, {})).status, 403);
  assert.equal((await inz.call('PUT', `${API}/meeting-rule`, { quorum_members: 1 })).status, 403);
  // The audit trail has each change, and the chain stays whole.
  assert.ok(Number(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE location_id = ${loc}
    AND action IN ('meeting_scheduled', 'meeting_attendance_recorded', 'meeting_rule_set')`)) >= 3);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_chain_check(${loc}) WHERE problem IS NOT NULL`), '0');
});

test('the browser forms: schedule, add an item, record attendance', async () => {
  // As a browser posts a form: urlencoded, with the session's token.
  const form = (path, fields) => fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: `portal_session=${coordinator.cookie}`,
      Origin: base,
    },
    body: new URLSearchParams({ _csrf: coordinator.csrf, ...fields }).toString(),
  });
  let res = await form(`/l/${slug}/wg/meetings`, { ...MEETING, title: 'Form hui' });
  assert.equal(res.status, 303);
  const to = res.headers.get('location');
  assert.match(to, new RegExp(`^/l/${slug}/wg/meetings/\\d+$`));
  res = await form(`/l/${slug}/wg/meetings`, { ...MEETING, start_time: 'soon' });
  assert.equal(res.status, 422);
  const text = await res.text();
  assert.match(text, /must be a time as HH:MM/);
  assert.match(text, /value="Library, Room 2"/, 'the form keeps what was typed');
  res = await form(`${to}/items`, { kind: 'text', title: 'Karakia' });
  assert.equal(res.status, 303);
  res = await form(`${to}/attendance`, { [`member_${people.member.user.id}`]: 'present', guests: 'Kim, Council\nLee' });
  assert.equal(res.status, 303);
  const page = await coordinator.get(to, { Accept: 'text/html' });
  assert.match(page.text, /Karakia/);
  assert.match(page.text, /<bdi>Kim<\/bdi>, <bdi>Council<\/bdi>/);
  assert.match(page.text, new RegExp(`name="member_${people.member.user.id}" value="present" checked`));
});

test('decisions: votes of members present, and a conflicted member cannot vote', async () => {
  const m = (await schedule(MEETING)).json();
  const id = (p) => people[p].user.id;
  await coordinator.call('PUT', `${API}/meetings/${m.id}/attendance`, {
    [`member_${id('coordinator')}`]: 'present', [`member_${id('member')}`]: 'present',
    [`member_${id('member2')}`]: 'present', [`member_${id('member3')}`]: 'absent',
  });
  const item = (await coordinator.call('POST', `${API}/meetings/${m.id}/items`,
    { kind: 'text', title: 'Hold a welcome day' })).json().agenda[0];
  const decide = (itemId, body) => coordinator.call('POST',
    `${API}/meetings/${m.id}/items/${itemId}/decision`, body);

  const refused = [
    [{ motion: '', outcome: 'maybe' }, ['motion', 'outcome']],
    [{ motion: 'x', outcome: 'agreed', [`vote_${id('member3')}`]: 'for' }, [`vote_${id('member3')}`]],
    [{ motion: 'x', outcome: 'agreed', [`vote_${id('member')}`]: 'yes' }, [`vote_${id('member')}`]],
    [{ motion: 'x', outcome: 'agreed', conflicts: [String(id('member'))], [`vote_${id('member')}`]: 'for' },
      [`vote_${id('member')}`]],
    [{ motion: 'x', outcome: 'agreed', conflicts: ['999999999'] }, ['conflicts']],
  ];
  for (const [body, fields] of refused) {
    const r = await decide(item.id, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(Object.keys(r.json().error.fields).sort(), fields.sort(), r.text);
  }
  let res = await decide(item.id, {
    motion: 'That the group holds a welcome day in March', outcome: 'agreed',
    [`vote_${id('coordinator')}`]: 'for', [`vote_${id('member')}`]: 'against',
    conflicts: [String(id('member2'))],
  });
  assert.equal(res.status, 201, res.text);
  const d = res.json().agenda[0].decision;
  assert.deepEqual([d.outcome, d.votes_for, d.votes_against, d.votes_abstain], ['agreed', 1, 1, 0]);
  assert.deepEqual(d.conflicts.map((x) => x.user_id), [id('member2')]);
  assert.equal((await decide(item.id, { motion: 'Again', outcome: 'agreed' })).status, 409);
  assert.equal((await member.call('POST', `${API}/meetings/${m.id}/items/${item.id}/decision`,
    { motion: 'x', outcome: 'agreed' })).status, 403);
  assert.equal((await decide(999999999, { motion: 'x', outcome: 'agreed' })).status, 404);
});

test('a funding decision at a meeting moves the request by the button\'s rules, and its timeline links the meeting', async () => {
  const m = (await schedule(MEETING)).json();
  const id = (p) => people[p].user.id;
  await coordinator.call('PUT', `${API}/meetings/${m.id}/attendance`, {
    [`member_${id('coordinator')}`]: 'present', [`member_${id('member')}`]: 'present',
    [`member_${id('member2')}`]: 'present',
  });
  const round = sqlValue(stack, `WITH r AS (INSERT INTO funding_rounds (location_id, name, pool_cents,
    max_request_cents, opens_on, closes_on, quorum, created_by, conditions) VALUES (${loc}, 'Decisions',
    100000, 50000, current_date - 1, current_date + 30, 2, ${id('coordinator')}, 'None') RETURNING id)
    SELECT id FROM r`);
  const request = sqlValue(stack, `WITH r AS (INSERT INTO funding_requests (location_id, round_id,
    applicant_id, state, title, description, area, amount_cents, submitted_at)
    VALUES (${loc}, ${round}, ${id('member3')}, 'in_review', 'Football club', 'Boots and balls',
    'events_programmes', 20000, now()) RETURNING id) SELECT id FROM r`);
  const review = (who, conflict) => sql(stack, `INSERT INTO funding_reviews (location_id, request_id,
    reviewer_id, conflict, alignment, benefit, feasibility, value) VALUES (${loc}, ${request}, ${id(who)},
    ${conflict}, ${conflict ? 'NULL, NULL, NULL, NULL' : '4, 4, 4, 4'})`);
  review('member2', true);
  review('member', false);
  const item = (await coordinator.call('POST', `${API}/meetings/${m.id}/items`,
    { kind: 'funding_decision', title: 'Football club', request_id: Number(request) })).json().agenda[0];
  const decide = (body) => coordinator.call('POST', `${API}/meetings/${m.id}/items/${item.id}/decision`,
    { motion: 'That the group approves the football club', outcome: 'agreed', ...body });
  const state = () => sqlValue(stack, `SELECT state FROM funding_requests WHERE id = ${request}`);

  // A member who declared a conflict in review takes no part here either.
  let res = await decide({ funding_action: 'approve', amount_cents: 20000, [`vote_${id('member2')}`]: 'for' });
  assert.equal(res.status, 422);
  assert.ok(res.json().error.fields[`vote_${id('member2')}`], res.text);
  // The action is required when agreed; an unknown one is refused.
  assert.ok((await decide({})).json().error.fields.funding_action);
  assert.ok((await decide({ funding_action: 'pay' })).json().error.fields.funding_action);

  // Short of the review quorum (one of two): 409 as the button says, and
  // nothing of the decision is kept.
  res = await decide({ funding_action: 'approve', amount_cents: 20000, [`vote_${id('member')}`]: 'for' });
  assert.equal(res.status, 409, res.text);
  assert.match(res.json().error.message, /needs 2 reviews/);
  assert.equal(state(), 'in_review');
  assert.equal((await coordinator.get(`${API}/meetings/${m.id}`)).json().agenda[0].decision, null);

  // Beyond the pool: 409 with what is left.
  review('coordinator', false);
  sql(stack, `UPDATE funding_rounds SET max_request_cents = 10000, pool_cents = 10000 WHERE id = ${round}`);
  res = await decide({ funding_action: 'approve', amount_cents: 20000 });
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json().error.remaining_cents, 10000);
  assert.equal(state(), 'in_review');
  sql(stack, `UPDATE funding_rounds SET pool_cents = 100000, max_request_cents = 50000 WHERE id = ${round}`);

  // A declined decision needs the reason the button needs.
  assert.ok((await decide({ funding_action: 'decline' })).json().error.fields.reason);

  res = await decide({ funding_action: 'approve', amount_cents: 18000,
    [`vote_${id('coordinator')}`]: 'for', [`vote_${id('member')}`]: 'for' });
  assert.equal(res.status, 201, res.text);
  const d = res.json().agenda[0].decision;
  assert.deepEqual([d.funding_action, d.votes_for], ['approve', 2]);
  assert.equal(state(), 'approved');
  assert.equal(sqlValue(stack, `SELECT approved_cents FROM funding_requests WHERE id = ${request}`), '18000');

  const shown = (await coordinator.get(`${API}/requests/${request}`)).json();
  const event = shown.events.find((e) => e.to_state === 'approved');
  assert.equal(event.meeting_id, m.id);
  assert.equal(event.meeting_title, MEETING.title);
  const page = await coordinator.get(`/l/${slug}/requests/${request}`, { Accept: 'text/html' });
  assert.match(page.text, new RegExp(`decided at the meeting <a href="/l/${slug}/wg/meetings/${m.id}">`));
  assert.ok(Number(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE location_id = ${loc}
    AND action = 'meeting_decision_recorded' AND detail->>'request_id' = '${request}'`)) === 1);
});

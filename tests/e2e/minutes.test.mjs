// A meeting's record (issue 20, sql/028_minutes_and_actions.sql): minutes
// in Markdown per agenda item, approved at a later meeting and read-only
// after (the portal answers 409, and the database itself refuses the
// change, as portal_app and as the superuser), corrections beside them;
// the group's actions with their overdue reminders through the outbox
// (once for each due date, in the owner's language); and the public
// summary of decisions, which names no one and shows no vote; and the
// row-level security of the new tables, as portal_app.  In a
// location made for this run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { sharedStack } from './lib/stack.mjs';
import { register, signIn } from './lib/session.mjs';
import { request, publicWithin } from './lib/http.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';
import { portalctl } from './lib/portalctl.mjs';

const tag = `r${process.pid}${Date.now().toString(36)}`;
const slug = `record-${tag}`;
const API = `/api/v1/locations/${slug}`;
const PASSWORD = 'a-fine-long-password';
let stack, base, loc, coordinator, member, observer, other;
const people = {};

after(() => {
  if (stack && loc) sql(stack, `UPDATE locations SET status = 'archived' WHERE id = ${loc}`);
  stack?.stop();
});

async function joined(role, sector, name) {
  const person = await register(base, `rec-${name}`);
  sql(stack, `INSERT INTO memberships (location_id, user_id, role, sector)
    VALUES (${loc}, ${person.user.id}, ${quote(role)}, ${quote(sector)})`);
  people[name] = { ...person, client: await signIn(base, person.email, PASSWORD) };
  return people[name].client;
}

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  loc = Number(sqlValue(stack, `WITH l AS (INSERT INTO locations (slug, name, region)
    VALUES (${quote(slug)}, ${quote(`Record ${tag}`)}, 'Test') RETURNING id) SELECT id FROM l`));
  coordinator = await joined('coordinator', 'local_government', 'coordinator');
  member = await joined('member', 'ngo', 'member');
  await joined('member', 'iwi', 'member2');
  observer = await joined('observer', 'youth', 'observer');
  other = await signIn(base, 'member.nelson@portal.demo');
});

let day = 1;
// A meeting on a later day each time, with one text item on its agenda.
async function meetingWithItem(title) {
  const date = `2027-03-${String(day++).padStart(2, '0')}`;
  const m = await coordinator.call('POST', `${API}/meetings`, {
    title, date, start_time: '18:00', end_time: '19:00', place: 'Hall' });
  assert.equal(m.status, 201, m.text);
  const id = m.json().id;
  const item = await coordinator.call('POST', `${API}/meetings/${id}/items`, { kind: 'text', title: `${title}: welcome` });
  assert.equal(item.status, 201, item.text);
  return { id, item: item.json().agenda[0].id };
}

// A script run as portal_app with the settings portald makes for a person
// (user id, and the location lists their role gives; null: anonymous);
// returns [output, psql's error text ('' when it worked)].
function asPortalApp(who, statement) {
  const loc_ = (on) => (on ? `{${loc}}` : '{}');
  const settings = who === null ? '' : `SELECT set_config('portal.user_id', '${who.id}', true),
  set_config('portal.national_role', '', true), set_config('portal.locations_read', '${loc_(true)}', true),
  set_config('portal.locations_write', '${loc_(who.write)}', true),
  set_config('portal.locations_manage', '${loc_(who.manage)}', true) \\g /dev/null`;
  const script = `BEGIN;\n${settings}\n${statement};\nCOMMIT;`;
  try {
    return [execFileSync('psql', ['-h', stack.env.PGSOCK, '-U', 'portal_app', '-d', 'portal', '-X', '-q', '-At',
      '-v', 'ON_ERROR_STOP=1', '-f', '-'], { input: script, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }), ''];
  } catch (e) {
    return ['', String(e.stderr)];
  }
}
const asCoordinatorSql = (statement) =>
  asPortalApp({ id: people.coordinator.user.id, write: true, manage: true }, statement)[1];

test('minutes are drafted, approved at a later meeting, then read-only to the portal and the database', async () => {
  const first = await meetingWithItem('First hui');
  const minutesPath = `${API}/meetings/${first.id}/items/${first.item}/minutes`;
  const draft = await coordinator.call('PUT', minutesPath, { body: 'We **agreed** to meet <script>x()</script> monthly.' });
  assert.equal(draft.status, 200, draft.text);
  assert.equal(draft.json().agenda[0].minutes, 'We **agreed** to meet <script>x()</script> monthly.');
  assert.equal(draft.json().record.approved_in, null);
  assert.equal((await coordinator.call('PUT', minutesPath, { body: '' })).json().error.fields.body, 'is required');
  // Members and observers read; only the coordinator writes.
  assert.equal((await member.call('PUT', minutesPath, { body: 'Mine' })).status, 403);
  assert.equal((await observer.call('PUT', minutesPath, { body: 'Mine' })).status, 403);
  assert.equal((await other.call('PUT', minutesPath, { body: 'Mine' })).status, 404);
  const read = await observer.get(`${API}/meetings/${first.id}`);
  assert.equal(read.status, 200);
  assert.match(read.json().agenda[0].minutes, /agreed/);
  // The page renders the Markdown safely.
  const page = await member.get(`/l/${slug}/wg/meetings/${first.id}`, { Accept: 'text/html' });
  assert.match(page.text, /We <strong>agreed<\/strong> to meet/);
  assert.doesNotMatch(page.text, /<script>x\(\)/);
  const edited = await coordinator.call('PUT', minutesPath, { body: 'We agreed to meet monthly.' });
  assert.equal(edited.status, 200);
  // A correction is for approved minutes: before, the draft is edited.
  const early = await coordinator.call('POST', `${API}/meetings/${first.id}/items/${first.item}/corrections`, { body: 'x' });
  assert.equal(early.status, 409);

  // Approved at the next meeting: not by an earlier one, not twice.
  const second = await meetingWithItem('Second hui');
  assert.equal((await coordinator.call('POST', `${API}/meetings/${first.id}/minutes-approval`,
    { meeting_id: second.id })).json().error.fields.meeting_id !== undefined, true);
  assert.equal((await member.call('POST', `${API}/meetings/${second.id}/minutes-approval`,
    { meeting_id: first.id })).status, 403);
  const approved = await coordinator.call('POST', `${API}/meetings/${second.id}/minutes-approval`, { meeting_id: first.id });
  assert.equal(approved.status, 201, approved.text);
  assert.deepEqual(approved.json().record.approves.map((a) => a.meeting_id), [first.id]);
  const again = await coordinator.call('POST', `${API}/meetings/${second.id}/minutes-approval`, { meeting_id: first.id });
  assert.equal(again.status, 422);
  const firstNow = (await member.get(`${API}/meetings/${first.id}`)).json();
  assert.equal(firstNow.record.approved_in.meeting_id, second.id);

  // Read-only: the portal refuses, and so does the database.
  const late = await coordinator.call('PUT', minutesPath, { body: 'Quietly rewritten.' });
  assert.equal(late.status, 409);
  assert.match(late.json().error.message, /approved and read-only/);
  const viaApp = asCoordinatorSql(`UPDATE meeting_minutes SET body = 'Quietly rewritten.'
    WHERE location_id = ${loc} AND item_id = ${first.item}`);
  assert.match(viaApp, /approved and read-only/);
  assert.match(asCoordinatorSql(`DELETE FROM meeting_minutes WHERE location_id = ${loc} AND item_id = ${first.item}`),
    /approved and read-only|permission denied/);
  assert.match(asCoordinatorSql(`DELETE FROM meeting_minutes_approvals WHERE location_id = ${loc}`),
    /permission denied/);
  assert.throws(() => sql(stack, `UPDATE meeting_minutes SET body = 'Owner rewrite'
    WHERE location_id = ${loc} AND item_id = ${first.item}`), /approved and read-only/);
  assert.throws(() => sql(stack, `UPDATE meeting_minutes_approvals SET approved_in = ${first.id}
    WHERE location_id = ${loc}`), /approved once/);
  assert.equal(sqlValue(stack, `SELECT body FROM meeting_minutes WHERE location_id = ${loc} AND item_id = ${first.item}`),
    'We agreed to meet monthly.');

  // A correction is a new record, linked to the minutes and shown beside them.
  const fix = await coordinator.call('POST', `${API}/meetings/${first.id}/items/${first.item}/corrections`,
    { body: 'We agreed to meet *every two months*.' });
  assert.equal(fix.status, 201, fix.text);
  const item = fix.json().agenda[0];
  assert.equal(item.minutes, 'We agreed to meet monthly.');
  assert.deepEqual(item.corrections.map((k) => k.body), ['We agreed to meet *every two months*.']);
  assert.equal((await member.call('POST', `${API}/meetings/${first.id}/items/${first.item}/corrections`,
    { body: 'x' })).status, 403);
  const shown = await observer.get(`/l/${slug}/wg/meetings/${first.id}`, { Accept: 'text/html' });
  assert.match(shown.text, /We agreed to meet monthly\.[\s\S]*Corrections[\s\S]*<em>every two months<\/em>/);
  assert.match(shown.text, /The minutes were approved at/);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE location_id = ${loc}
    AND action IN ('meeting_minutes_drafted', 'meeting_minutes_approved', 'meeting_minutes_corrected')`), '4');
});

test('a meeting without minutes has nothing to approve, so its record stays open', async () => {
  const empty = await meetingWithItem('Empty hui');
  const next = await meetingWithItem('Next hui');
  const approve = () => coordinator.call('POST', `${API}/meetings/${next.id}/minutes-approval`, { meeting_id: empty.id });
  const refused = await approve();
  assert.equal(refused.status, 422, refused.text);
  assert.ok(refused.json().error.fields.meeting_id);
  const offered = async () => (await coordinator.get(`${API}/meetings/${next.id}`)).json().record.approvable
    .some((a) => a.meeting_id === empty.id);
  assert.equal(await offered(), false);
  const put = await coordinator.call('PUT', `${API}/meetings/${empty.id}/items/${empty.item}/minutes`, { body: 'Written late.' });
  assert.equal(put.status, 200, put.text);
  assert.equal(await offered(), true);
  assert.equal((await approve()).status, 201);
});

test('actions: owners are members, the overdue are marked and reminded once a due date, in the owner\'s language', async () => {
  const owner = people.member2;
  sql(stack, `UPDATE users SET preferred_language = 'es' WHERE id = ${owner.user.id}`);
  const add = (who, body) => who.call('POST', `${API}/actions`, body);
  const late = await add(member, { body: `Book the hall ${tag}`, owner_id: owner.user.id, due_on: '2025-03-10' });
  assert.equal(late.status, 201, late.text);
  const action = late.json();
  assert.equal(action.overdue, true);
  assert.equal(action.state, 'open');
  const later = await add(coordinator, { body: 'Write to the council', owner_id: people.member.user.id, due_on: '2099-01-01' });
  assert.equal(later.status, 201);
  assert.equal(later.json().overdue, false);
  // Refused: an observer writing, an observer owning, nothing given.
  assert.equal((await add(observer, { body: 'x', owner_id: owner.user.id, due_on: '2030-01-01' })).status, 403);
  const bad = await add(member, { body: 'x', owner_id: people.observer.user.id, due_on: '2030-01-01' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.owner_id);
  assert.deepEqual(Object.keys((await add(member, {})).json().error.fields).sort(), ['body', 'due_on', 'owner_id']);
  assert.equal((await other.call('POST', `${API}/actions`, { body: 'x' })).status, 404);

  const list = (await observer.get(`${API}/actions`)).json();
  assert.deepEqual(list.items.map((a) => [a.body, a.overdue]),
    [[`Book the hall ${tag}`, true], ['Write to the council', false]]);
  const home = await observer.get(`/l/${slug}/wg/`, { Accept: 'text/html' });
  assert.match(home.text, new RegExp(`<li class="overdue"><bdi>Book the hall ${tag}</bdi>[^\\n]*overdue`));

  const where = `FROM outbox WHERE kind = 'action_reminder' AND to_email = ${quote(owner.email)}`;
  const reminders = () => Number(sqlValue(stack, `SELECT count(*) ${where}`));
  const newest = () => sqlValue(stack, `SELECT subject || E'\\n' || body ${where} ORDER BY id DESC LIMIT 1`);
  const run = await portalctl(stack, ['actions', 'remind'], { env: { PORTAL_SITE_URL: 'https://portal.test/' } });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`^reminded ${action.id} \\(${slug}\\): action due 2025-03-10, to ${owner.email}: Book the hall`, 'm'));
  assert.equal(reminders(), 1);
  assert.match(newest(), new RegExp(`Book the hall ${tag}`));
  assert.match(newest(), /marzo/, 'the date in the owner\'s language');
  assert.match(newest(), new RegExp(`https://portal\\.test/l/${slug}/wg/actions`));
  // Not again for the same due date, however often the job runs.
  assert.equal((await portalctl(stack, ['actions', 'remind'])).status, 0);
  assert.equal(reminders(), 1);
  // A new due date that passes too is a new overdue period: one more.
  const moved = await member.call('PATCH', `${API}/actions/${action.id}`, { due_on: '2025-04-02' });
  assert.equal(moved.status, 200, moved.text);
  await portalctl(stack, ['actions', 'remind']);
  await portalctl(stack, ['actions', 'remind']);
  assert.equal(reminders(), 2);
  assert.match(newest(), /abril/);
  // Done: no longer open, overdue or reminded.
  const done = await member.call('PATCH', `${API}/actions/${action.id}`, { state: 'done', due_on: '2025-05-01' });
  assert.equal(done.status, 200);
  assert.equal(done.json().overdue, false);
  const listPage = await member.get(`/l/${slug}/wg/actions`, { Accept: 'text/html' });
  assert.match(listPage.text, new RegExp(`<select id="state-${action.id}" name="state">[^]*?<option value="done" selected>`));
  assert.match(listPage.text, /<tr id="action-\d+"><th scope="row"><bdi>Write to the council/);
  await portalctl(stack, ['actions', 'remind']);
  assert.equal(reminders(), 2);
  assert.equal((await member.call('PATCH', `${API}/actions/${action.id}`, { state: 'finished' })).status, 422);
  assert.equal((await observer.call('PATCH', `${API}/actions/${action.id}`, { state: 'open' })).status, 403);
  assert.equal((await member.call('PATCH', `${API}/actions/999999999`, { state: 'open' })).status, 404);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE location_id = ${loc} AND action = 'action_reminded'`), '2');
  sql(stack, `DELETE FROM outbox WHERE to_email = ${quote(owner.email)} AND kind = 'action_reminder'`);
});

test('an action keeps the state it is made in; one whose owner left the group can still be closed', async () => {
  const leaver = await joined('member', 'ngo', 'leaver');
  assert.ok(leaver);
  const made = await member.call('POST', `${API}/actions`,
    { body: `Already done ${tag}`, owner_id: people.member.user.id, due_on: '2030-01-01', state: 'done' });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json().state, 'done', 'the state given is the state kept');
  const res = await member.call('POST', `${API}/actions`,
    { body: `Hand over the keys ${tag}`, owner_id: people.leaver.user.id, due_on: '2030-01-01' });
  assert.equal(res.status, 201, res.text);
  const id = res.json().id;
  sql(stack, `DELETE FROM memberships WHERE location_id = ${loc} AND user_id = ${people.leaver.user.id}`);
  // From the page, whose form posts only the state.
  const form = await fetch(`${base}/l/${slug}/wg/actions/${id}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: member.csrf, state: 'dropped' }).toString(),
    headers: { Accept: 'text/html', Cookie: `portal_session=${member.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 303, await form.text());
  assert.equal(sqlValue(stack, `SELECT state FROM meeting_actions WHERE id = ${id}`), 'dropped');
  const done = await member.call('PATCH', `${API}/actions/${id}`, { state: 'done' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json().state, 'done');
  // Giving it to someone who is not in the group is still refused.
  const away = await member.call('PATCH', `${API}/actions/${id}`, { owner_id: people.observer.user.id });
  assert.equal(away.status, 422, away.text);
  assert.ok(away.json().error.fields.owner_id);
  const back = await member.call('PATCH', `${API}/actions/${id}`, { owner_id: people.member2.user.id, state: 'open' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json().owner_id, people.member2.user.id);
  // A refused new action names the field at fault, with a meeting or not.
  const m = await meetingWithItem('Action hui');
  const wrongOwner = await member.call('POST', `${API}/actions`,
    { body: 'x', owner_id: people.observer.user.id, due_on: '2030-01-01', meeting_id: m.id });
  assert.equal(wrongOwner.status, 422);
  assert.deepEqual(Object.keys(wrongOwner.json().error.fields), ['owner_id']);
  const wrongMeeting = await member.call('POST', `${API}/actions`,
    { body: 'x', owner_id: people.member.user.id, due_on: '2030-01-01', meeting_id: 999999999 });
  assert.equal(wrongMeeting.status, 422);
  assert.deepEqual(Object.keys(wrongMeeting.json().error.fields), ['meeting_id']);
});

test('the public summary of decisions shows motions and outcomes, and no name, vote or conflict', async () => {
  const m = await meetingWithItem('Decision hui');
  const ids = ['coordinator', 'member', 'member2'].map((n) => people[n].user.id);
  const att = await coordinator.call('PUT', `${API}/meetings/${m.id}/attendance`,
    Object.fromEntries(ids.map((id) => [`member_${id}`, 'present'])));
  assert.equal(att.status, 200, att.text);
  // Nothing decided: nothing to publish.
  assert.equal((await coordinator.call('PUT', `${API}/meetings/${m.id}/summary`, {})).status, 409);
  const decided = await coordinator.call('POST', `${API}/meetings/${m.id}/items/${m.item}/decision`, {
    motion: `That the group hosts a picnic ${tag}`, outcome: 'agreed',
    [`vote_${ids[0]}`]: 'for', [`vote_${ids[1]}`]: 'against', conflicts: [String(ids[2])] });
  assert.equal(decided.status, 201, decided.text);
  assert.equal((await member.call('PUT', `${API}/meetings/${m.id}/summary`, {})).status, 403);
  assert.equal((await observer.call('PUT', `${API}/meetings/${m.id}/summary`, {})).status, 403);
  const published = await coordinator.call('PUT', `${API}/meetings/${m.id}/summary`, {});
  assert.equal(published.status, 200, published.text);
  assert.deepEqual(published.json().decisions.map((d) => [d.motion, d.outcome]),
    [[`That the group hosts a picnic ${tag}`, 'agreed']]);

  const personal = [people.coordinator, people.member, people.member2]
    .flatMap((p) => [p.user.display_name, p.email]).filter(Boolean);
  const leaks = (text) => {
    for (const p of personal) assert.ok(!text.includes(p), `the summary names ${p}`);
    assert.doesNotMatch(text, /votes_for|votes_against|"vote|conflict|against 1|For 1/i);
  };
  // Anonymous readers see it within the micro-cache's second.
  const anonymous = (path) => request(base, { path, headers: { Accept: path.startsWith('/api/') ? 'application/json' : 'text/html' } });
  const seen = {};
  await publicWithin(async () => {
    for (const path of [`${API}/decisions/${m.id}`, `/l/${slug}/decisions/${m.id}`, `/l/${slug}/decisions`, `${API}/decisions`])
      seen[path] = await anonymous(path);
    return seen[`${API}/decisions/${m.id}`].status === 200
      && seen[`/l/${slug}/decisions/${m.id}`].text.includes(`That the group hosts a picnic ${tag}`)
      && seen[`/l/${slug}/decisions`].text.includes(`/l/${slug}/decisions/${m.id}`)
      && seen[`${API}/decisions`].json().items.some((i) => i.meeting_id === m.id);
  });
  for (const r of Object.values(seen)) leaks(r.text);
  assert.equal(seen[`${API}/decisions/${m.id}`].json().decisions[0].outcome, 'agreed');
  assert.match(seen[`/l/${slug}/decisions/${m.id}`].text, /Outcome:<\/strong> Agreed/);
  // The location's public page links to them.
  assert.match((await anonymous(`/l/${slug}/`)).text, new RegExp(`href="/l/${slug}/decisions"`));
  // An unpublished meeting has no public summary.
  assert.equal((await request(base, { path: `${API}/decisions/${m.id + 1000000}` })).status, 404);
});

test('row-level security: only coordinators write the record, members the actions; anyone reads the summaries', async () => {
  const m = await meetingWithItem('RLS hui');
  const asMember = { id: people.member.user.id, write: true, manage: false };
  const asObserver = { id: people.observer.user.id, write: false, manage: false };
  assert.match(asPortalApp(asMember, `INSERT INTO meeting_minutes (location_id, item_id, meeting_id, body, drafted_by)
    VALUES (${loc}, ${m.item}, ${m.id}, 'By a member', ${asMember.id})`)[1], /row-level security/);
  assert.match(asPortalApp(asObserver, `INSERT INTO meeting_actions (location_id, body, owner_id, due_on, created_by)
    VALUES (${loc}, 'By an observer', ${people.member.user.id}, '2030-01-01', ${asObserver.id})`)[1], /row-level security/);
  assert.match(asPortalApp(asMember, `UPDATE meeting_actions SET reminded_for = current_date
    WHERE location_id = ${loc}`)[1], /permission denied/);
  const [rows, err] = asPortalApp(null, `SELECT (SELECT count(*) FROM meeting_actions WHERE location_id = ${loc}),
    (SELECT count(*) FROM meeting_minutes WHERE location_id = ${loc}),
    (SELECT count(*) > 0 FROM meeting_summaries WHERE location_id = ${loc})`);
  assert.equal(err, '');
  assert.equal(rows.trim(), '0|0|t', 'anonymous: no actions or minutes, the published summaries');
});

// Working-group administration (issue 3): invitations end to end through
// the outbox, role changes and removals that always keep a coordinator,
// the audit trail, and resetting a forgotten password.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { client, register, setCookie, signIn, uniqueEmail } from './lib/session.mjs';
import { lastMail, linkToken, sql, quote } from './lib/db.mjs';

let stack, base, coordinator;
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  coordinator = await signIn(base, 'coordinator.hamilton@portal.demo');
});

const API = '/api/v1/locations/hamilton';

async function invite(email, role = 'member', sector = 'youth') {
  const res = await coordinator.call('POST', `${API}/invitations`,
    { email, role, sector, organisation: 'Waikato Youth Council' });
  assert.equal(res.status, 201, res.text);
  return res.json();
}

// An anonymous browser's form token (double-submit cookie) from a page.
async function formSession(path) {
  const page = await request(base, { path, headers: { Accept: 'text/html' } });
  const token = setCookie(page, 'portal_csrf');
  assert.match(page.text, new RegExp(`name="_csrf" value="${token}"`));
  return { page, token };
}

test('an invitation goes to the outbox and its link makes a new member, once', async () => {
  const email = uniqueEmail('invitee');
  const inv = await invite(email);
  assert.equal(inv.state, 'pending');
  const mail = lastMail(stack, email, 'invitation');
  assert.match(mail.subject, /invited/);
  assert.match(mail.body, /Hamilton working group as a Member/);
  const token = linkToken(stack, email, 'invitation', '/invitations/');
  assert.ok(token);
  // Only the hash is stored.
  assert.equal(sql(stack, `SELECT count(*) FROM invitations WHERE encode(token_hash, 'escape')
    LIKE ${quote(`%${token}%`)}`)[0][0], '0');

  // The invitee opens the link, makes a mistake, then an account.
  const { page, token: csrf } = await formSession(`/invitations/${token}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Join the Hamilton working group/);
  assert.match(page.text, new RegExp(email.replace(/\./g, '\\.')));
  const post = (fields) => request(base, {
    method: 'POST', path: `/invitations/${token}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
  const bad = await post({ display_name: 'Nikau', password: 'short' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /value="Nikau"/);
  assert.match(bad.text, /Password must be at least 10 characters/);
  const ok = await post({ display_name: 'Nikau', password: 'a-fine-long-password' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/l/hamilton/wg/');
  const member = client(base, { cookie: setCookie(ok, 'portal_session') });
  const me = (await member.get('/api/v1/me')).json();
  assert.equal(me.email, email);
  assert.deepEqual(me.memberships.map((m) => [m.location, m.role, m.sector, m.organisation]),
    [['hamilton', 'member', 'youth', 'Waikato Youth Council']]);
  assert.equal((await member.get(`${API}/members`)).status, 200);

  // Single use.
  const again = await post({ display_name: 'Someone', password: 'a-fine-long-password' });
  assert.equal(again.status, 409);
  const listed = (await coordinator.get(`${API}/invitations`)).json();
  assert.equal(listed.items.find((i) => i.id === inv.id).state, 'accepted');
});

test('a signed-in person accepts through the API; an expired link is refused', async () => {
  const person = await register(base, 'existing');
  await invite(person.email, 'observer', 'private_sector');
  const token = linkToken(stack, person.email, 'invitation', '/invitations/');
  const res = await person.client.call('POST', `/api/v1/invitations/${token}`, {});
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json().location, { slug: 'hamilton', name: 'Hamilton' });
  assert.equal(res.json().role, 'observer');
  const me = (await person.client.get('/api/v1/me')).json();
  assert.equal(me.memberships[0].role, 'observer');

  const late = uniqueEmail('late');
  const inv = await invite(late);
  sql(stack, `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = ${inv.id}`);
  const lateToken = linkToken(stack, late, 'invitation', '/invitations/');
  const refused = await request(base, {
    method: 'POST', path: `/api/v1/invitations/${lateToken}`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ display_name: 'Late', password: 'a-fine-long-password' }),
  });
  assert.equal(refused.status, 409);
  assert.match(refused.json().error.message, /expired/);
  assert.equal(sql(stack, `SELECT count(*) FROM users WHERE email = ${quote(late)}`)[0][0], '0');
});

test('an invitation is accepted only by the account with the invited email', async () => {
  const invitee = await register(base, 'bound');
  // (Observer, not coordinator: later tests count Hamilton's coordinators.)
  const inv = await invite(invitee.email.toUpperCase(), 'observer', 'iwi');
  const token = linkToken(stack, invitee.email.toUpperCase(), 'invitation', '/invitations/');
  const members = () => sql(stack, `SELECT count(*) FROM memberships m JOIN locations l
    ON l.id = m.location_id WHERE l.slug = 'hamilton'`)[0][0];
  const before = members();

  // A stranger holding the link, through the API and the page.
  const stranger = await register(base, 'stranger');
  const api = await stranger.client.call('POST', `/api/v1/invitations/${token}`, {});
  assert.equal(api.status, 403, api.text);
  assert.equal(api.json().error.code, 'forbidden');
  assert.match(api.json().error.message, /invitation is for another email/);
  const page = await request(base, {
    path: `/invitations/${token}`, headers: { Accept: 'text/html', Cookie: `portal_session=${stranger.client.cookie}` },
  });
  assert.equal(page.status, 200);
  assert.match(page.text, /This invitation is for another email address/);
  assert.doesNotMatch(page.text, /Accept the invitation/);
  const form = await request(base, {
    method: 'POST', path: `/invitations/${token}`,
    headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: `portal_session=${stranger.client.cookie}` },
    body: new URLSearchParams({ _csrf: stranger.client.csrf }).toString(),
  });
  assert.equal(form.status, 403);
  assert.match(form.text, /invitation is for another email/);
  // Nothing changed: no membership, the invitation still unused.
  assert.equal(members(), before);
  assert.deepEqual((await stranger.client.get('/api/v1/me')).json().memberships, []);
  assert.equal((await coordinator.get(`${API}/invitations`)).json().items
    .find((i) => i.id === inv.id).state, 'pending');

  // The invited person accepts, whatever the case of the address.
  const ok = await invitee.client.call('POST', `/api/v1/invitations/${token}`, {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json().role, 'observer');
});

test('the database admits a member by invitation only for the invited email', async () => {
  const invitee = await register(base, 'rls-bound');
  const inv = await invite(invitee.email, 'coordinator', 'iwi');
  const stranger = await register(base, 'rls-stranger');
  // As the app role, with the token's setting made as invitation.c makes
  // it: the policy admits the invited account and refuses any other.
  const attempt = (userId) => `BEGIN;
    SELECT set_config('portal.invitation', encode(token_hash, 'hex'), true)
      FROM invitations WHERE id = ${inv.id};
    SELECT set_config('portal.user_id', '${userId}', true);
    SET LOCAL ROLE portal_app;
    INSERT INTO memberships (location_id, user_id, role, sector)
      SELECT location_id, ${userId}, 'coordinator', 'iwi' FROM invitations WHERE id = ${inv.id};
    ROLLBACK;`;
  assert.throws(() => sql(stack, attempt(stranger.user.id)), /row-level security/);
  sql(stack, attempt(invitee.user.id));
});

test('bad invitations get 422 naming each field, and nothing is sent', async () => {
  const res = await coordinator.call('POST', `${API}/invitations`,
    { email: 'not-an-email', role: 'chief', sector: 'space', organisation: 'x'.repeat(201) });
  assert.equal(res.status, 422);
  assert.deepEqual(Object.keys(res.json().error.fields).sort(), ['email', 'organisation', 'role', 'sector']);
  assert.equal(sql(stack, "SELECT count(*) FROM outbox WHERE to_email = 'not-an-email'")[0][0], '0');
  assert.equal(sql(stack, "SELECT count(*) FROM invitations WHERE email = 'not-an-email'")[0][0], '0');
});

test('coordinators change roles and remove members; a location keeps a coordinator', async () => {
  const person = await register(base, 'rolechange');
  await invite(person.email, 'member', 'ngo');
  const token = linkToken(stack, person.email, 'invitation', '/invitations/');
  assert.equal((await person.client.call('POST', `/api/v1/invitations/${token}`, {})).status, 200);
  const uid = person.user.id;

  const changed = await coordinator.call('PATCH', `${API}/members/${uid}`, { role: 'coordinator' });
  assert.equal(changed.status, 200);
  assert.equal(changed.json().role, 'coordinator');
  // The demo coordinator may now step down, and back up.
  const coordId = (await coordinator.get('/api/v1/me')).json().id;
  assert.equal((await coordinator.call('PATCH', `${API}/members/${coordId}`, { role: 'member' })).status, 200);
  const newCoord = person.client;
  assert.equal((await newCoord.call('PATCH', `${API}/members/${coordId}`, { role: 'coordinator' })).status, 200);
  // The last coordinator cannot leave or step down.
  assert.equal((await coordinator.call('DELETE', `${API}/members/${uid}`)).status, 204);
  const last = await coordinator.call('DELETE', `${API}/members/${coordId}`);
  assert.equal(last.status, 409);
  assert.equal(last.json().error.code, 'conflict');
  assert.equal((await coordinator.call('PATCH', `${API}/members/${coordId}`, { role: 'observer' })).status, 409);
  const members = (await coordinator.get(`${API}/members`)).json().items;
  assert.ok(members.some((m) => m.user_id === coordId && m.role === 'coordinator'));
  assert.ok(!members.some((m) => m.user_id === uid));
  // The removed person no longer reaches the group.
  assert.equal((await person.client.get(`${API}/members`)).status, 404);

  const trail = (await coordinator.get(`${API}/audit?limit=100`)).json().items;
  const actions = trail.map((e) => e.action);
  for (const a of ['invitation_created', 'invitation_accepted', 'member_changed', 'member_removed']) {
    assert.ok(actions.includes(a), `audit has ${a}`);
  }
  const removal = trail.find((e) => e.action === 'member_removed');
  assert.equal(removal.detail.user_id, uid);
  assert.equal(removal.actor, 'Hemi Coordinator');
  assert.match(removal.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('the audit trail pages, and INZ staff read it too', async () => {
  const first = (await coordinator.get(`${API}/audit?limit=2`)).json();
  assert.equal(first.items.length, 2);
  assert.ok(first.next);
  const second = (await coordinator.get(`${API}/audit?limit=2&cursor=${first.next}`)).json();
  assert.ok(second.items[0].id < first.items[1].id);
  assert.equal((await coordinator.get(`${API}/audit?cursor=abc`)).status, 400);
  const inz = await signIn(base, 'inz@portal.demo');
  assert.equal((await inz.get(`${API}/audit`)).status, 200);
  // INZ staff also see the portal-wide entries: sign-ins, failed ones too.
  const all = (await inz.get('/api/v1/national/audit?limit=100')).json();
  const signIn1 = all.items.find((e) => e.action === 'sign_in' && e.actor === 'Ines Settlement');
  assert.ok(signIn1, 'the sign-in of INZ staff is on the national trail');
  assert.equal(signIn1.location, null);
  assert.ok(all.items.some((e) => e.location === 'hamilton'));
});

test('password reset: same answer for any email, a one-hour single-use link', async () => {
  const person = await register(base, 'reset');
  const ask = (email) => request(base, {
    method: 'POST', path: '/api/v1/password-resets', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const known = await ask(person.email);
  const unknown = await ask(uniqueEmail('nobody'));
  assert.equal(known.status, 202);
  assert.equal(unknown.status, 202);
  assert.deepEqual(known.json(), unknown.json());
  const token = linkToken(stack, person.email, 'password_reset', '/password/reset/');
  assert.ok(token);
  assert.equal((await request(base, { path: `/password/reset/${token}` })).status, 200);

  const use = (t, password) => request(base, {
    method: 'POST', path: `/api/v1/password-resets/${t}`, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password }),
  });
  assert.equal((await use(token, 'short')).status, 422);
  const done = await use(token, 'a-brand-new-password');
  assert.equal(done.status, 200);
  assert.equal((await person.client.get('/api/v1/me')).status, 401); // old sessions end
  await signIn(base, person.email, 'a-brand-new-password');
  const twice = await use(token, 'yet-another-password');
  assert.equal(twice.status, 404);
  assert.match(twice.json().error.message, /already been used|expired/);

  await ask(person.email);
  const late = linkToken(stack, person.email, 'password_reset', '/password/reset/');
  assert.notEqual(late, token);
  sql(stack, `UPDATE password_resets SET expires_at = now() - interval '1 second'
    WHERE user_id = ${person.user.id} AND used_at IS NULL`);
  assert.equal((await use(late, 'yet-another-password')).status, 404);
  assert.equal((await request(base, { path: `/password/reset/${late}` })).status, 404);
});

test('at most three reset emails an hour go to one address, with the same answer', async () => {
  const person = await register(base, 'flood');
  for (let i = 0; i < 5; i++) {
    const res = await request(base, {
      method: 'POST', path: '/api/v1/password-resets', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: person.email }),
    });
    assert.equal(res.status, 202);
  }
  assert.equal(sql(stack, `SELECT count(*) FROM outbox WHERE to_email = ${quote(person.email)}
    AND kind = 'password_reset'`)[0][0], '3');
});

test('the HTML forms re-show input with a message by each field', async () => {
  const { token } = await formSession('/password/forgot');
  const res = await request(base, {
    method: 'POST', path: '/password/forgot',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_csrf=${token}` },
    body: new URLSearchParams({ _csrf: token, email: 'not an email' }).toString(),
  });
  assert.equal(res.status, 422);
  assert.match(res.text, /value="not an email"/);
  assert.match(res.text, /Email must be an email address/);

  const page = await request(base, {
    path: '/l/hamilton/wg/invitations', headers: { Cookie: `portal_session=${coordinator.cookie}` },
  });
  const bad = await request(base, {
    method: 'POST', path: '/l/hamilton/wg/invitations',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_session=${coordinator.cookie}` },
    body: new URLSearchParams({ _csrf: coordinator.csrf, email: 'x@y', role: 'observer', sector: 'iwi' }).toString(),
  });
  assert.equal(page.status, 200);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /value="x@y"/);
  assert.match(bad.text, /<option value="observer" selected>/);
  assert.match(bad.text, /<option value="iwi" selected>/);
  assert.match(bad.text, /Email must be an email address/);
});

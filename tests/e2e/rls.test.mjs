// The database's own lock, below the application: connected straight to
// PostgreSQL as portal_app (the role portald uses), raw SQL sees and
// changes only what row-level security and the grants of
// sql/002_identity.sql allow, whatever the handlers do.
//
// The portal.* settings are made the way portald makes them, inside a
// transaction with set_config(..., true): portal.user_id first (the
// session load, app/db/stmt.c STMT_SESSION_LOAD / STMT_SET_USER), then the
// national role and the location lists from the user's own memberships
// (STMT_MEMBERSHIPS_LOAD, run by app/auth/auth.c).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { sharedStack } from './lib/stack.mjs';

const PSQL = `${process.env.PGBIN || '/usr/lib/postgresql/15/bin'}/psql`;
const MARK = `rls-test-${process.pid}-${Date.now().toString(36)}`;

let stack;
const id = {};

// Runs a script as ROLE (portal_app or portal_owner); stops at the first
// error, which throws with psql's stderr.  Returns -At output as rows of
// fields.
function psql(role, sql) {
  const out = execFileSync(PSQL, [
    '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', stack.env.PGSOCK, '-U', role, '-d', 'portal', '-f', '-',
  ], { input: sql, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 30000 });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

// Rows labelled by their first field: SELECT 'name', value ... -> { name: value }.
function labelled(rows) {
  return Object.fromEntries(rows.filter((r) => r.length === 2).map(([k, v]) => [k, v]));
}

// Runs a script that must fail; returns psql's error message.
function psqlError(role, sql) {
  try {
    psql(role, sql);
  } catch (e) {
    assert.ok(e.status !== 0, 'psql exited with an error');
    const msg = String(e.stderr).match(/ERROR:\s+(.*)/);
    assert.ok(msg, `an SQL error, got: ${e.stderr || e.message}`);
    return msg[1];
  }
  assert.fail(`expected an error from: ${sql.trim()}`);
}

const owner = (sql) => psql('portal_owner', sql);
const app = (sql) => psql('portal_app', sql);
const one = (rows) => rows[0][0];
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

// What portald runs at the start of a signed-in request's transaction.
function signedIn(userId, national = '') {
  return `BEGIN;
SELECT set_config('portal.user_id', ${q(userId)}, true) AS user_setting \\g /dev/null
SELECT coalesce(json_agg(json_build_object('location', l.slug,
  'location_id', l.id, 'location_name', l.name, 'role', m.role,
  'sector', m.sector, 'organisation', m.organisation)
  ORDER BY l.name), '[]') AS memberships,
 set_config('portal.national_role', ${q(national)}, true) AS national,
 set_config('portal.locations_read',
  coalesce(array_agg(m.location_id)::text, '{}'), true) AS r,
 set_config('portal.locations_write', coalesce((array_agg(
  m.location_id) FILTER (WHERE m.role <> 'observer'))::text,
  '{}'), true) AS w,
 set_config('portal.locations_manage', coalesce((array_agg(
  m.location_id) FILTER (WHERE m.role = 'coordinator'))::text,
  '{}'), true) AS m
 FROM memberships m JOIN locations l ON l.id = m.location_id
 WHERE m.user_id = portal_user_id() AND l.status = 'active' \\g /dev/null
`;
}

before(async () => {
  stack = await sharedStack();
  for (const row of owner(`
SELECT 'loc_' || slug, id FROM locations WHERE slug IN ('hamilton', 'nelson', 'blenheim');
SELECT 'user_' || split_part(email::text, '@', 1), id FROM users
 WHERE email IN ('member.nelson@portal.demo', 'coordinator.nelson@portal.demo',
                 'coordinator.hamilton@portal.demo', 'applicant@portal.demo');
`)) id[row[0]] = row[1];
  for (const k of ['loc_hamilton', 'loc_nelson', 'loc_blenheim', 'user_member.nelson',
    'user_coordinator.nelson', 'user_coordinator.hamilton', 'user_applicant']) {
    assert.ok(id[k], `demo data has ${k}`);
  }
  // Rows the app role must not see, in a location no other test uses:
  // an open invitation and an audit entry.  The invitation is removed
  // afterwards; the audit entry stays, a link of Blenheim's hash chain
  // (sql/023), which deleting it would break.
  owner(`
INSERT INTO invitations (location_id, email, role, sector, token_hash, invited_by, expires_at)
VALUES (${id.loc_blenheim}, ${q(`${MARK}@portal.test`)}, 'member', 'community',
        sha256(${q(MARK)}::bytea), ${id['user_coordinator.hamilton']}, now() + interval '1 day');
INSERT INTO audit_log (location_id, actor_id, action, detail)
VALUES (${id.loc_blenheim}, NULL, 'rls_test', jsonb_build_object('mark', ${q(MARK)}));
`);
  makeFixture();
});

after(() => {
  if (!stack) return;
  try {
    owner(`
DELETE FROM invitations WHERE email = ${q(`${MARK}@portal.test`)};
`);
    dropFixture();
  } finally {
    stack.stop();
  }
});

test('without portal.* settings portal_app sees no tenant rows, though they exist', () => {
  const all = labelled(owner(`
SELECT 'memberships', count(*) FROM memberships;
SELECT 'invitations', count(*) FROM invitations;
SELECT 'audit_log', count(*) FROM audit_log;
`));
  for (const t of ['memberships', 'invitations', 'audit_log']) {
    assert.ok(Number(all[t]) > 0, `${t} has rows (as portal_owner: ${all[t]})`);
  }

  const seen = labelled(app(`
SELECT 'user', coalesce(current_setting('portal.user_id', true), '');
SELECT 'read', coalesce(current_setting('portal.locations_read', true), '');
SELECT 'memberships', count(*) FROM memberships;
SELECT 'invitations', count(*) FROM invitations;
SELECT 'audit_log', count(*) FROM audit_log;
`));
  assert.equal(seen.user, '', 'no portal.user_id');
  assert.equal(seen.read, '', 'no portal.locations_read');
  assert.deepEqual([seen.memberships, seen.invitations, seen.audit_log], ['0', '0', '0']);

  // Nor by asking for a row by its key.
  assert.equal(one(app(`SELECT count(*) FROM memberships
    WHERE location_id = ${id.loc_hamilton} AND user_id = ${id['user_coordinator.hamilton']};`)), '0');
});

for (const who of ['member.nelson', 'coordinator.nelson']) {
  test(`as ${who}, raw SQL cannot read or change Hamilton's memberships`, () => {
    const uid = id[`user_${who}`];
    const nelson = id.loc_nelson;
    const hamilton = id.loc_hamilton;
    const before = owner(`SELECT user_id || ':' || role || ':' || organisation FROM memberships
      WHERE location_id = ${hamilton} ORDER BY user_id;`).map((r) => r[0]);
    assert.ok(before.length >= 4, 'Hamilton has its demo members');
    const nelsonCount = one(owner(`SELECT count(*) FROM memberships WHERE location_id = ${nelson};`));

    const r = labelled(app(`${signedIn(uid)}
SELECT 'user', current_setting('portal.user_id');
SELECT 'national', current_setting('portal.national_role');
SELECT 'read', current_setting('portal.locations_read');
SELECT 'write', current_setting('portal.locations_write');
SELECT 'manage', current_setting('portal.locations_manage');
SELECT 'nelson', count(*) FROM memberships WHERE location_id = ${nelson};
SELECT 'hamilton', count(*) FROM memberships WHERE location_id = ${hamilton};
SELECT 'other_locations', count(*) FROM memberships WHERE location_id <> ${nelson};
WITH u AS (UPDATE memberships SET organisation = 'taken over', role = 'observer'
            WHERE location_id = ${hamilton} RETURNING 1)
SELECT 'updated', count(*) FROM u;
WITH d AS (DELETE FROM memberships WHERE location_id = ${hamilton} RETURNING 1)
SELECT 'deleted', count(*) FROM d;
WITH u AS (UPDATE memberships SET organisation = organisation
            WHERE location_id = ${nelson} RETURNING 1)
SELECT 'updated_nelson', count(*) FROM u;
ROLLBACK;
`));
    // The settings the app makes for this person.
    assert.equal(r.user, uid);
    assert.equal(r.national, '');
    assert.equal(r.read, `{${nelson}}`);
    assert.equal(r.write, `{${nelson}}`);
    assert.equal(r.manage, who.startsWith('coordinator') ? `{${nelson}}` : '{}');
    // Their own location is readable (the settings work) ...
    assert.equal(r.nelson, nelsonCount);
    // ... Hamilton's rows are not there for them.
    assert.equal(r.hamilton, '0');
    assert.equal(r.other_locations, '0');
    assert.equal(r.updated, '0', 'UPDATE of Hamilton memberships affects no row');
    assert.equal(r.deleted, '0', 'DELETE of Hamilton memberships affects no row');
    // A coordinator may change their own location's members; a member not.
    assert.equal(r.updated_nelson, who.startsWith('coordinator') ? nelsonCount : '0');

    // Adding a membership in Hamilton, for themself or anyone else, is refused.
    for (const target of [uid, id.user_applicant]) {
      const err = psqlError('portal_app', `${signedIn(uid)}
INSERT INTO memberships (location_id, user_id, role, sector)
VALUES (${hamilton}, ${target}, 'coordinator', 'community');
ROLLBACK;
`);
      assert.match(err, /new row violates row-level security policy for table "memberships"/);
    }

    const afterRows = owner(`SELECT user_id || ':' || role || ':' || organisation FROM memberships
      WHERE location_id = ${hamilton} ORDER BY user_id;`).map((row) => row[0]);
    assert.deepEqual(afterRows, before, "Hamilton's memberships are unchanged");
  });
}

test('portal_app cannot change or delete the audit log, nor read the outbox', () => {
  const count = () => one(owner('SELECT count(*) FROM audit_log;'));
  const n = count();
  const uid = id['user_coordinator.nelson'];
  for (const sql of [
    `UPDATE audit_log SET action = 'forged';`,
    `UPDATE audit_log SET detail = '{}' WHERE location_id = ${id.loc_nelson};`,
    'DELETE FROM audit_log;',
    `DELETE FROM audit_log WHERE location_id = ${id.loc_nelson};`,
    'TRUNCATE audit_log;',
  ]) {
    assert.match(psqlError('portal_app', sql), /permission denied for table audit_log/, sql);
    // Not with a coordinator's settings either.
    assert.match(psqlError('portal_app', `${signedIn(uid)}${sql}\nROLLBACK;\n`),
      /permission denied for table audit_log/, `${sql} (signed in)`);
  }
  assert.ok(Number(count()) >= Number(n), 'no audit entry went away');

  for (const sql of ['SELECT count(*) FROM outbox;', 'SELECT to_email, body FROM outbox LIMIT 1;']) {
    assert.match(psqlError('portal_app', sql), /permission denied for table outbox/, sql);
    assert.match(psqlError('portal_app', `${signedIn(uid)}${sql}\nROLLBACK;\n`),
      /permission denied for table outbox/, `${sql} (signed in)`);
  }
});

test('portal_app has no BYPASSRLS and owns no table; RLS is forced on tenant tables', () => {
  const [role] = app(`SELECT rolbypassrls, rolsuper, rolcreaterole, rolcreatedb
    FROM pg_roles WHERE rolname = current_user;`);
  assert.deepEqual(role, ['f', 'f', 'f', 'f'], 'portal_app: no BYPASSRLS, superuser, CREATEROLE, CREATEDB');
  assert.equal(one(app('SELECT rolbypassrls FROM pg_roles WHERE rolname = \'portal_owner\';')), 't',
    'the owner is the one that bypasses (portalctl)');

  const owners = labelled(app(`SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public';`));
  for (const t of ['users', 'memberships', 'sessions', 'invitations', 'outbox', 'audit_log', 'locations']) {
    assert.equal(owners[t], 'portal_owner', `${t} is owned by portal_owner`);
  }
  assert.equal(one(app(`SELECT count(*) FROM pg_tables WHERE tableowner = 'portal_app';`)), '0');
  assert.equal(one(app(`SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
    WHERE r.rolname = 'portal_app';`)), '0', 'nor any other relation');

  const rls = app(`SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
    WHERE relname IN ('memberships', 'invitations', 'audit_log', 'outbox') ORDER BY relname;`);
  assert.deepEqual(rls, [
    ['audit_log', 't', 't'], ['invitations', 't', 't'],
    ['memberships', 't', 't'], ['outbox', 't', 't'],
  ]);
});

// ------------------------------------------------------------------------
// sql/015_database_lock.sql: decision columns, identity tables, SECURITY
// DEFINER functions and the statement timeout, tried as portal_app with the
// settings portald makes for each kind of person.

// Who tries: the settings of each, as portald makes them ('' = anonymous).
const people = () => ({
  anonymous: null,
  applicant: [id.user_applicant, ''],
  member: [id['user_member.hamilton'], ''],
  observer: [id['user_observer.hamilton'], ''],
  'coordinator of another location': [id['user_coordinator.nelson'], ''],
  inz_staff: [id.user_inz, 'inz_staff'],
});
const as = (who, sql) => (who === null ? `BEGIN;\n${sql}\nROLLBACK;\n`
  : `${signedIn(who[0], who[1])}${sql}\nROLLBACK;\n`);

// A request of the applicant's in Hamilton waiting for the working group's
// decision, and credentials of a Hamilton coordinator to find: made as the
// owner, removed afterwards.
const fixture = {};
function makeFixture() {
  for (const row of owner(`
SELECT 'user_' || split_part(email::text, '@', 1), id FROM users
 WHERE email IN ('member.hamilton@portal.demo', 'observer.hamilton@portal.demo', 'inz@portal.demo');
`)) id[row[0]] = row[1];
  const [[request]] = owner(`
WITH r AS (INSERT INTO funding_requests (location_id, round_id, applicant_id, state, title,
    amount_cents, submitted_at)
  SELECT ${id.loc_hamilton}, fr.id, ${id.user_applicant}, 'in_review', ${q(`${MARK} request`)}, 500, now()
    FROM funding_rounds fr WHERE fr.location_id = ${id.loc_hamilton} ORDER BY fr.id LIMIT 1
  RETURNING id)
SELECT id FROM r;`);
  fixture.request = request;
  owner(`
INSERT INTO api_tokens (user_id, name, token_hash, expires_at)
VALUES (${id['user_coordinator.hamilton']}, ${q(MARK)}, sha256(${q(`${MARK}-token`)}::bytea), now() + interval '90 days');
INSERT INTO password_resets (user_id, token_hash, expires_at)
VALUES (${id['user_coordinator.hamilton']}, sha256(${q(`${MARK}-reset`)}::bytea), now() + interval '1 hour');
INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
VALUES (sha256(${q(`${MARK}-session`)}::bytea), ${id['user_coordinator.hamilton']}, 'x', now() + interval '1 day');
`);
}
function dropFixture() {
  if (!fixture.request) return;
  owner(`
DELETE FROM funding_requests WHERE id = ${fixture.request};
DELETE FROM api_tokens WHERE name = ${q(MARK)};
DELETE FROM password_resets WHERE token_hash = sha256(${q(`${MARK}-reset`)}::bytea);
DELETE FROM sessions WHERE token_hash = sha256(${q(`${MARK}-session`)}::bytea);
`);
}

const requestRow = () => one(owner(`SELECT state || ':' || coalesce(approved_cents::text, '-') || ':'
  || title || ':' || coalesce(paid_on::text, '-') FROM funding_requests WHERE id = ${fixture.request};`));

test('the applicant cannot set the decision columns of their own request', () => {
  const r = fixture.request;
  const applicant = people().applicant;
  const before = requestRow();
  for (const set of [
    "state = 'approved', approved_cents = 500",	// a coordinator's transition
    "state = 'declined', decline_reason = 'no'",
    'approved_cents = 500',
    "paid_cents = 1, paid_on = '2026-01-01', payment_reference = 'x'",
    "report_due_on = '2030-01-01'",
    'decided_at = now()',
    'submitted_at = now() - interval \'1 year\'',
    "title = 'changed after submission'",	// content, once it is with the group
    'amount_cents = 100000',
  ]) {
    const err = psqlError('portal_app', as(applicant, `UPDATE funding_requests SET ${set} WHERE id = ${r};`));
    assert.match(err, /only the (coordinator|applicant)|decision|submitted by/, `${set}: ${err}`);
  }
  // What is theirs to do still works: withdrawing it.
  assert.equal(one(app(as(applicant, `WITH u AS (UPDATE funding_requests SET state = 'withdrawn',
    version = version + 1 WHERE id = ${r} RETURNING 1) SELECT count(*) FROM u;`))), '1');
  assert.equal(requestRow(), before);
});

test("nobody but the location's coordinators moves or decides a request", () => {
  const r = fixture.request;
  const before = requestRow();
  for (const [name, who] of Object.entries(people())) {
    if (name === 'applicant') continue;
    const n = one(app(as(who, `WITH u AS (UPDATE funding_requests SET state = 'approved',
      approved_cents = 500, decided_at = now() WHERE id = ${r} RETURNING 1) SELECT count(*) FROM u;`)));
    assert.equal(n, '0', `${name} changed no row`);
  }
  // A coordinator of Hamilton decides it, but does not rewrite what was asked.
  const coordinator = [id['user_coordinator.hamilton'], ''];
  assert.equal(one(app(as(coordinator, `WITH u AS (UPDATE funding_requests SET state = 'approved',
    approved_cents = 500, decided_at = now() WHERE id = ${r} RETURNING 1) SELECT count(*) FROM u;`))), '1');
  assert.match(psqlError('portal_app', as(coordinator,
    `UPDATE funding_requests SET title = 'rewritten' WHERE id = ${r};`)), /only the applicant/);
  assert.equal(requestRow(), before);
});

test("each person reads and changes only their own identity rows", () => {
  for (const [name, who] of Object.entries(people())) {
    const me = who ? who[0] : '0';
    const r = labelled(app(as(who, `
SELECT 'users', count(*) FROM users WHERE id <> ${me};
SELECT 'sessions', count(*) FROM sessions WHERE user_id <> ${me};
SELECT 'api_tokens', count(*) FROM api_tokens WHERE user_id <> ${me};
SELECT 'password_resets', count(*) FROM password_resets WHERE user_id <> ${me};
SELECT 'own', count(*) FROM users WHERE id = ${me};
SELECT 'names', count(*) FROM user_names;
WITH u AS (UPDATE users SET display_name = 'taken', password_hash = 'x' WHERE id <> ${me} RETURNING 1)
SELECT 'users_changed', count(*) FROM u;
WITH d AS (DELETE FROM sessions WHERE user_id <> ${me} RETURNING 1) SELECT 'sessions_ended', count(*) FROM d;
WITH u AS (UPDATE api_tokens SET revoked_at = now() WHERE user_id <> ${me} RETURNING 1)
SELECT 'tokens_revoked', count(*) FROM u;
WITH u AS (UPDATE password_resets SET used_at = NULL, expires_at = now() + interval '1 year'
  WHERE user_id <> ${me} RETURNING 1) SELECT 'resets_changed', count(*) FROM u;
`)));
    for (const k of ['users', 'sessions', 'api_tokens', 'password_resets', 'users_changed',
      'sessions_ended', 'tokens_revoked', 'resets_changed']) {
      assert.equal(r[k], '0', `${name}: ${k}`);
    }
    assert.equal(r.own, who ? '1' : '0', `${name} reads their own account`);
    // Names (and only names) of others, for signed-in people.
    assert.equal(Number(r.names) > 1, who !== null, `${name}: user_names ${r.names}`);

    const other = id['user_coordinator.hamilton'];
    for (const [sql, re] of [
      [`INSERT INTO users (email, display_name, password_hash) VALUES ('${MARK}@x.nz', 'x', 'x');`,
        /permission denied for table users/],
      [`UPDATE users SET national_role = 'admin' WHERE id = ${me};`, /permission denied for table users/],
      [`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
        VALUES ('\\x01', ${other}, 'x', now() + interval '1 day');`, /row-level security policy for table "sessions"/],
      [`INSERT INTO api_tokens (user_id, name, token_hash, expires_at)
        VALUES (${other}, 'x', '\\x01', now() + interval '90 days');`,
        /row-level security policy for table "api_tokens"/],
      [`INSERT INTO password_resets (user_id, token_hash, expires_at)
        VALUES (${me}, '\\x01', now() + interval '1 hour');`, /permission denied for table password_resets/],
      ['SELECT email FROM user_names;', /column "email" does not exist/],
    ]) assert.match(psqlError('portal_app', as(who, sql)), re, `${name}: ${sql}`);
  }
});

// sql/021_service_directory.sql: the directory is public; only the
// members and coordinators of the location that keeps a service change it
// or choose where it is listed.
test('services: anyone reads them; only the keeping location\'s writers change or list them', () => {
  const ham = id.loc_hamilton;
  const svc = one(owner(`SELECT min(id) FROM services WHERE location_id = ${ham};`));
  assert.match(svc, /^\d+$/, 'the demo data has a Hamilton service');
  assert.ok(Number(one(app(`SELECT count(*) FROM services WHERE location_id = ${ham};`))) > 0, 'read without settings');
  const nelson = id['user_member.nelson'];
  const add = `INSERT INTO services (location_id, created_by, name, organisation, categories, languages, phone)
    VALUES (${ham}, ${nelson}, 'x', 'y', '{inclusion}', '{en}', '1');`;
  assert.match(psqlError('portal_app', `${signedIn(nelson)}${add}\nROLLBACK;\n`), /row-level security/);
  assert.match(psqlError('portal_app', `${signedIn(nelson)}INSERT INTO service_locations (service_id, location_id)
    VALUES (${svc}, ${id.loc_blenheim});\nROLLBACK;\n`), /row-level security/);
  const touched = (who) => labelled(app(`${signedIn(who)}
WITH u AS (UPDATE services SET name = name || '!' WHERE id = ${svc} RETURNING 1) SELECT 'updated', count(*) FROM u;
WITH d AS (DELETE FROM service_locations WHERE service_id = ${svc} RETURNING 1) SELECT 'unlisted', count(*) FROM d;
ROLLBACK;
`));
  assert.deepEqual(touched(nelson), { updated: '0', unlisted: '0' }, 'another location changes nothing');
  const mine = touched(id['user_coordinator.hamilton']);
  assert.equal(mine.updated, '1', 'its keeper may');
  assert.ok(Number(mine.unlisted) >= 1);
});

// sql/022_events.sql: events are public; only the location's members and
// coordinators write them, and every edit, however made, is a new
// revision (the feeds' SEQUENCE).
test('events: anyone reads them; only the location\'s writers change them, each edit a new version', () => {
  const ham = id.loc_hamilton;
  const ev = one(owner(`SELECT min(id) FROM events WHERE location_id = ${ham};`));
  assert.match(ev, /^\d+$/, 'the demo data has a Hamilton event');
  const nelson = id['user_member.nelson'];
  assert.match(psqlError('portal_app', `${signedIn(nelson)}INSERT INTO events (location_id, created_by, title,
    starts_at, ends_at) VALUES (${ham}, ${nelson}, 'x', now(), now() + interval '1 hour');\nROLLBACK;\n`),
  /row-level security/);
  const edit = (who) => labelled(app(`${signedIn(who)}
SELECT 'before', version FROM events WHERE id = ${ev};
WITH u AS (UPDATE events SET title = title || '!' WHERE id = ${ev} RETURNING version) SELECT 'after', coalesce(max(version), 0) FROM u;
ROLLBACK;
`));
  assert.equal(edit(nelson).after, '0', 'another location changes nothing');
  const mine = edit(id['user_coordinator.hamilton']);
  assert.equal(Number(mine.after), Number(mine.before) + 1, 'a raw edit is a new version too');
});

// sql/022: the location page's sectors come from a definer function that
// tells anyone, signed in or not, how many members each sector has, and
// nothing else about them.
test('location_sectors(): counts per sector for anyone, nothing about any person', () => {
  const counts = app(`SELECT sector, members FROM location_sectors('hamilton') ORDER BY sector;`);
  assert.ok(counts.length > 0, 'anonymous portal_app gets the counts');
  assert.deepEqual(counts, owner(`SELECT sector, count(*) FROM memberships WHERE location_id = ${id.loc_hamilton}
    GROUP BY sector ORDER BY sector;`));
  const cols = app(`SELECT string_agg(parameter_name, ',' ORDER BY ordinal_position) FROM information_schema.parameters
    WHERE specific_name LIKE 'location_sectors%' AND parameter_mode = 'OUT';`);
  assert.equal(one(cols), 'sector,members');
  assert.equal(app(`SELECT * FROM location_sectors('nowhere');`).length, 0);
});

// sql/030: newsletter subscribers are personal.  portal_app reads them
// only as the location's coordinator, and writes them only through the
// definer functions (by a token's hash), never directly.
test('newsletter subscribers: coordinators of their location read them; no one writes them directly', () => {
  const email = `${MARK}-news@portal.test`;
  const hash = `'\\x${'ab'.repeat(32)}'::bytea`;
  assert.equal(one(app(`SELECT newsletter_subscribe('nelson', ${q(email)}, 'en', ${hash});`)), 't');
  try {
    const count = `SELECT count(*) FROM newsletter_subscribers WHERE email = ${q(email)};`;
    assert.equal(one(app(count)), '0', 'anonymous sees none');
    assert.equal(one(app(`${signedIn(id['user_coordinator.hamilton'])}${count} COMMIT;`)), '0', 'another location\'s coordinator sees none');
    assert.equal(one(app(`${signedIn(id['user_member.nelson'])}${count} COMMIT;`)), '0', 'a member sees none');
    assert.equal(one(app(`${signedIn(id['user_coordinator.nelson'])}${count} COMMIT;`)), '1', 'its coordinator sees it');
    assert.match(psqlError('portal_app', `${signedIn(id['user_coordinator.nelson'])}
      UPDATE newsletter_subscribers SET confirmed_at = now() WHERE email = ${q(email)};`), /permission denied/);
    assert.match(psqlError('portal_app', `INSERT INTO newsletter_subscribers (location_id, email, language)
      VALUES (${id.loc_nelson}, 'x@portal.test', 'en');`), /permission denied/);
    assert.equal(one(app(`SELECT count(*) FROM newsletter_confirm(${hash});`)), '1');
    assert.equal(one(app(`SELECT count(*) FROM newsletter_confirm(${hash});`)), '0', 'single use');
  } finally {
    owner(`DELETE FROM newsletter_subscribers WHERE email = ${q(email)};`);
  }
});

test('SECURITY DEFINER functions: none for PUBLIC, portal_app only its own, none beyond purpose', () => {
  const definers = (grantee) => owner(`SELECT p.proname FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public' AND p.prosecdef
     AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a
          WHERE a.grantee = ${grantee} AND a.privilege_type = 'EXECUTE'))
   ORDER BY 1;`).map((row) => row[0]);
  assert.deepEqual(definers(0), [], 'no SECURITY DEFINER function is executable by PUBLIC');
  assert.deepEqual(definers("'portal_app'::regrole"), [
    'funding_applicant', 'funding_applicant_contact', 'funding_assisted_for',
    'funding_initiative_totals', 'funding_notify_coordinators_i18n', 'funding_request_claim', 'funding_review_count', 'initiative_adoption_count',
    'location_sectors', 'meeting_invite', 'national_coordinator_contacts',
    'national_requests_overdue', 'national_requests_waiting',	// the overview's lists in index order (sql/041)
    'newsletter_confirm', 'newsletter_subscribe', 'newsletter_unsubscribe',	// anonymous steps by a token's hash (sql/030)
    'outbox_backlog',	// counts for the metrics endpoint, never a message (sql/027)
    'portal_api_token_load', 'portal_reset_check',
    'portal_reset_create', 'portal_reset_use', 'portal_session_load', 'portal_user_by_email',
    'portal_user_create', 'portal_writer_language',
  ]);
  // Every one pins its search_path.
  assert.equal(one(owner(`SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prosecdef
      AND NOT coalesce(p.proconfig, '{}') @> ARRAY['search_path=public, pg_temp'];`)), '0');
  // One that portal_owner makes from now on is nobody's until granted.
  owner(`CREATE FUNCTION rls_probe_${process.pid}() RETURNS int LANGUAGE sql SECURITY DEFINER
    SET search_path = public, pg_temp AS 'SELECT 1';`);
  try {
    assert.match(psqlError('portal_app', `SELECT rls_probe_${process.pid}();`), /permission denied for function/);
  } finally {
    owner(`DROP FUNCTION rls_probe_${process.pid}();`);
  }

  const { anonymous, member, observer } = people();
  const nelson = people()['coordinator of another location'];
  for (const [name, who] of Object.entries({ anonymous, member, observer, nelson })) {
    const r = labelled(app(as(who, `
SELECT 'contact', count(*) FROM funding_applicant_contact(${fixture.request});
SELECT 'coordinators', count(*) FROM national_coordinator_contacts();
SELECT 'session', count(*) FROM portal_session_load(sha256('not a token'::bytea));
SELECT 'token', count(*) FROM portal_api_token_load(sha256('not a token'::bytea));
SELECT 'reset', coalesce(portal_reset_check(sha256('not a token'::bytea))::text, 'none');
`)));
    assert.deepEqual(r, { contact: '0', coordinators: '0', session: '0', token: '0', reset: 'none' }, name);
  }
  // They answer their purpose: the holder of a token's hash, INZ staff.
  const found = labelled(app(as(people().inz_staff, `
SELECT 'session', count(*) FROM portal_session_load(sha256(${q(`${MARK}-session`)}::bytea));
SELECT 'token', count(*) FROM portal_api_token_load(sha256(${q(`${MARK}-token`)}::bytea));
SELECT 'reset', portal_reset_check(sha256(${q(`${MARK}-reset`)}::bytea));
SELECT 'coordinators', count(*) > 0 FROM national_coordinator_contacts();
`)));
  assert.deepEqual(found, { session: '1', token: '1', reset: id['user_coordinator.hamilton'], coordinators: 't' });
  for (const sql of ['SELECT overlap_pairs_find(ARRAY[1]::bigint[]);',
    'SELECT stocktake_snapshot(1, 1, now()) FROM pg_class WHERE false; SELECT national_counts_truncated();']) {
    assert.match(psqlError('portal_app', sql), /permission denied for function|trigger functions can only be called/);
  }
});

test('portal_app statements time out after 5 seconds', () => {
  assert.equal(one(app('SHOW statement_timeout;')), '5s');
  assert.match(psqlError('portal_app', 'SELECT pg_sleep(6);'), /canceling statement due to statement timeout/);
});

// sql/025_indicators.sql: indicators and update figures, tried as
// portal_app with each person's settings.  A figure goes only on an
// update of a location the writer writes for, with a national indicator
// or that location's own; nobody confirms their own; national indicators
// are an admin's, a location's own its coordinators'; a working group's
// unpublished figures are the location's and national staff's to read.
test('indicators and update figures: RLS by location, four eyes, national ones for admins', () => {
  const { anonymous, member, observer, inz_staff } = people();
  const nelson = people()['coordinator of another location'];
  const [[upd, loc, ini]] = owner(`SELECT u.id, u.location_id, u.initiative_id FROM initiative_updates u
    JOIN initiatives i ON i.id = u.initiative_id JOIN locations l ON l.id = u.location_id
    WHERE l.slug = 'hamilton' AND i.visibility = 'working_group'
      AND NOT EXISTS (SELECT 1 FROM update_figures f JOIN indicators d ON d.id = f.indicator_id
                       WHERE f.update_id = u.id AND d.key = 'into_work')
      AND EXISTS (SELECT 1 FROM update_figures f WHERE f.update_id = u.id)
    ORDER BY u.id LIMIT 1;`);
  const [[indicator]] = owner("SELECT id FROM indicators WHERE key = 'into_work' AND location_id IS NULL;");
  const add = (who) => `INSERT INTO update_figures (location_id, initiative_id, update_id, indicator_id, value, entered_by)
    VALUES (${loc}, ${ini}, ${upd}, ${indicator}, 1, ${who[0]});`;
  // Writes for the location: the member yes (then the row is theirs to
  // confirm by someone else only), the observer and Nelson's coordinator no.
  assert.equal(one(app(as(member, `${add(member)}\nSELECT count(*) FROM update_figures WHERE update_id = ${upd} AND value = 1;`))), '1');
  for (const who of [observer, nelson, inz_staff]) {
    assert.match(psqlError('portal_app', as(who, add(who))), /row-level security/);
  }
  assert.match(psqlError('portal_app', as(member, `${add(member)}
    UPDATE update_figures SET confirmed_by = ${member[0]}, confirmed_at = now() WHERE update_id = ${upd} AND value = 1;`)),
  /update_figures_four_eyes/);
  assert.match(psqlError('portal_app', as(member, 'UPDATE update_figures SET value = 0;')), /permission denied/);
  // Reading: nothing of an unpublished initiative for anonymous or Nelson.
  for (const [who, n] of [[anonymous, '0'], [nelson, '0'], [observer, null], [inz_staff, null]]) {
    const count = one(app(as(who, `SELECT count(*) FROM update_figures WHERE initiative_id = ${ini};`)));
    if (n === null) assert.notEqual(count, '0'); else assert.equal(count, n);
  }
  // Indicators: national ones for an admin only; a location's own for its
  // coordinators.
  const national = (who) => `INSERT INTO indicators (key, name, definition, unit, created_by)
    VALUES ('rls_${process.pid}', 'n', 'd', 'u', ${who[0]});`;
  assert.match(psqlError('portal_app', as(inz_staff, national(inz_staff))), /row-level security/);
  assert.match(psqlError('portal_app', as(member, `INSERT INTO indicators (location_id, key, name, definition, unit, created_by)
    VALUES (${loc}, 'rls_${process.pid}', 'n', 'd', 'u', ${member[0]});`)), /row-level security/);
  const admin = [id.user_inz, 'admin'];
  assert.equal(one(app(as(admin, `${national(admin)}\nSELECT count(*) FROM indicators WHERE key = 'rls_${process.pid}';`))), '1');
});

// sql/026_working_group_setup.sql: national staff add and archive
// locations and invite a location's coordinators; everyone else reads.
// A round's pause is national staff's alone, and all they change of it.
test('locations, national invitations and a round\'s pause: as national staff only', () => {
  const { member, inz_staff } = people();
  const add = `INSERT INTO locations (slug, name, region) VALUES ('rls-${process.pid}', 'R', 'R') RETURNING 'added', 1;`;
  assert.match(psqlError('portal_app', as(member, add)), /row-level security/);
  assert.deepEqual(labelled(app(as(inz_staff, add))), { added: '1' });
  const archive = "UPDATE locations SET status = 'archived' WHERE slug = 'hamilton' RETURNING 'archived', 1;";
  assert.deepEqual(labelled(app(as(member, archive))), {}, 'no row for a member');
  assert.deepEqual(labelled(app(as(inz_staff, archive))), { archived: '1' });
  assert.match(psqlError('portal_app', as(inz_staff, "UPDATE locations SET name = 'x';")), /permission denied/);
  const [[hamilton]] = owner("SELECT id FROM locations WHERE slug = 'hamilton';");
  const invite = (role) => `INSERT INTO invitations (location_id, email, role, sector, token_hash, invited_by, expires_at)
    VALUES (${hamilton}, 'rls-${process.pid}@example.nz', '${role}', 'ngo', sha256('${MARK}-${role}'::bytea), ${inz_staff[0]}, now() + interval '1 day');`;
  assert.match(psqlError('portal_app', as(inz_staff, invite('member'))), /row-level security/);
  app(as(inz_staff, invite('coordinator')));
  const [[round]] = owner(`SELECT id FROM funding_rounds WHERE location_id = ${hamilton} ORDER BY id LIMIT 1;`);
  const coordinator = [id['user_coordinator.hamilton'], ''];
  assert.match(psqlError('portal_app', as(coordinator,
    `UPDATE funding_rounds SET paused_at = now(), paused_by = ${coordinator[0]} WHERE id = ${round};`)),
  /only national staff pause a round/);
  assert.match(psqlError('portal_app', as(inz_staff, `UPDATE funding_rounds SET pool_cents = pool_cents + 1 WHERE id = ${round};`)),
    /national staff only pause or resume a round/);
  assert.deepEqual(labelled(app(as(inz_staff,
    `UPDATE funding_rounds SET paused_at = now(), paused_by = ${inz_staff[0]} WHERE id = ${round} RETURNING 'paused', 1;`))),
  { paused: '1' });
});

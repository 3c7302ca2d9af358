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
function signedIn(userId) {
  return `BEGIN;
SELECT set_config('portal.user_id', ${q(userId)}, true) AS user_setting \\g /dev/null
SELECT coalesce(json_agg(json_build_object('location', l.slug,
  'location_id', l.id, 'location_name', l.name, 'role', m.role,
  'sector', m.sector, 'organisation', m.organisation)
  ORDER BY l.name), '[]') AS memberships,
 set_config('portal.national_role', '', true) AS national,
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
  // an open invitation and an audit entry.  Removed afterwards.
  owner(`
INSERT INTO invitations (location_id, email, role, sector, token_hash, invited_by, expires_at)
VALUES (${id.loc_blenheim}, ${q(`${MARK}@portal.test`)}, 'member', 'community',
        sha256(${q(MARK)}::bytea), ${id['user_coordinator.hamilton']}, now() + interval '1 day');
INSERT INTO audit_log (location_id, actor_id, action, detail)
VALUES (${id.loc_blenheim}, NULL, 'rls_test', jsonb_build_object('mark', ${q(MARK)}));
`);
});

after(() => {
  if (!stack) return;
  try {
    owner(`
DELETE FROM invitations WHERE email = ${q(`${MARK}@portal.test`)};
DELETE FROM audit_log WHERE action = 'rls_test' AND detail->>'mark' = ${q(MARK)};
`);
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

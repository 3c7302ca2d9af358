// Backups that restore (docs/deploy.md, "Backups"): on a private stack
// with WAL archiving on, deploy/backup/portal-backup takes a checked base
// backup; a write made after it is in the archived WAL only.
// deploy/backup/portal-restore makes a fresh cluster from the two, a new
// portal starts on it, and it holds what the old one held: the same row
// counts, the same audit trail entry for entry, the late write, and
// sign-in works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, chmodSync, chownSync, mkdirSync, appendFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startStack, freePort, ROOT } from './lib/stack.mjs';
import { sql, sqlValue } from './lib/db.mjs';
import { get, eventually } from './lib/http.mjs';
import { signIn } from './lib/session.mjs';

const STACK = path.join(ROOT, 'app/stack/stack.sh');
const PGBIN = process.env.PGBIN || '/usr/lib/postgresql/15/bin';
const root = process.getuid() === 0;
const pgUid = root ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })) : process.getuid();
const pgGid = root ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) : process.getgid();

// As the cluster's owner (PostgreSQL refuses to run as root).
function asPg(cmd, args, env = {}) {
  const [c, a] = root ? ['runuser', ['-u', 'postgres', '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), cmd, ...args]] : [cmd, args];
  return execFileSync(c, a, { encoding: 'utf8', cwd: '/', env: { ...process.env, ...env } });
}

// A directory the postgres user owns.
function pgDir(prefix) {
  const d = mkdtempSync(prefix);
  chmodSync(d, 0o755);
  chownSync(d, pgUid, pgGid);
  return d;
}

const TABLES = ['locations', 'users', 'memberships', 'initiatives', 'initiative_updates',
  'funding_rounds', 'funding_requests', 'funding_events', 'audit_log', 'outbox'];
const counts = (s) => Object.fromEntries(TABLES.map((t) => [t, Number(sqlValue(s, `SELECT count(*) FROM ${t}`))]));
// The audit trail entry for entry: a digest of every row in id order.
const auditDigest = (s) => sqlValue(s, "SELECT md5(string_agg(concat_ws('|', id, location_id, actor_id, action, detail::text, at), E'\\n' ORDER BY id)) FROM audit_log");

let stack, backups, wal, restoredDir, restoredPort;
before(async () => {
  stack = await startStack();
  backups = pgDir('/tmp/portal-backups-');
  wal = pgDir('/tmp/portal-wal-');
});
after(() => {
  if (restoredDir) {
    try { execFileSync('bash', [STACK, 'down', restoredDir], { stdio: 'inherit' }); } catch { /* already down */ }
    rmSync(restoredDir, { recursive: true, force: true });
  }
  stack?.stop();
  for (const d of [backups, wal]) if (d) rmSync(d, { recursive: true, force: true });
});

test('a base backup and archived WAL restore into a fresh cluster that the portal runs on', async () => {
  // WAL archiving as docs/deploy.md sets it up (a restart of PostgreSQL).
  sql(stack, "ALTER SYSTEM SET archive_mode = 'on'");
  sql(stack, `ALTER SYSTEM SET archive_command = 'test ! -f ${wal}/%f && cp %p ${wal}/%f'`);
  stack.run('pg-stop');
  stack.run('pg-start');
  await eventually(async () => (await get(stack.base, '/healthz')).status === 200, { within: 10000 });

  const out = asPg(path.join(ROOT, 'deploy/backup/portal-backup'), [backups], { PGHOST: stack.env.PGSOCK, PGUSER: 'postgres' });
  assert.match(out, /portal-backup: .*base-\d{8}T\d{6}Z/);
  const [base] = readdirSync(backups).filter((f) => /^base-.*Z$/.test(f));
  assert.ok(base, 'a finished base backup');

  // After the backup: an initiative only the archived WAL holds.
  // (A worker's first use of its connection since the restart may fail
  // once: docs/reliability.md.)
  let member;
  await eventually(async () => {
    member = await signIn(stack.base, 'member.hamilton@portal.demo');
    return true;
  }, { within: 10000 });
  const late = await member.call('POST', '/api/v1/locations/hamilton/initiatives',
    { title: 'Written after the base backup', area: 'services', elements: ['belonging'] });
  assert.equal(late.status, 201, late.text);
  const lateId = late.json().id;
  const want = counts(stack);
  const digest = auditDigest(stack);
  const segment = sqlValue(stack, 'SELECT pg_walfile_name(pg_switch_wal())');
  await eventually(() => readdirSync(wal).includes(segment), { within: 15000 });

  // A fresh stack directory whose cluster is the restored one.
  restoredDir = mkdtempSync('/tmp/portal-restored-');
  chmodSync(restoredDir, 0o755);
  mkdirSync(path.join(restoredDir, 'pg'));
  chownSync(path.join(restoredDir, 'pg'), pgUid, pgGid);
  const pgdata = path.join(restoredDir, 'pg/data');
  asPg(path.join(ROOT, 'deploy/backup/portal-restore'), [path.join(backups, base), pgdata, wal]);
  // Its own socket, and no archiving into the old cluster's archive.
  asPg('mkdir', [path.join(restoredDir, 'pg/sock')]);
  asPg('sh', ['-c', `printf "unix_socket_directories = '%s'\\narchive_mode = 'off'\\n" "$0" >> "$1"`,
    path.join(restoredDir, 'pg/sock'), path.join(pgdata, 'postgresql.auto.conf')]);
  // Started here, not by stack.sh: it answers read-only while it still
  // replays the archive, and the portal waits until it is a primary.
  const restored = { env: { PGSOCK: path.join(restoredDir, 'pg/sock') } };
  asPg(path.join(PGBIN, 'pg_ctl'), ['-D', pgdata, '-l', path.join(restoredDir, 'pg/server.log'), '-w', '-t', '60', 'start']);
  await eventually(() => sqlValue(restored, 'SELECT pg_is_in_recovery()') === 'f', { within: 60000, every: 200 });
  restoredPort = await freePort();
  execFileSync('bash', [STACK, 'up', restoredDir, String(restoredPort), process.env.PORTAL_BUILD || 'opt'], { stdio: 'inherit' });

  assert.deepEqual(counts(restored), want);
  assert.equal(auditDigest(restored), digest);
  assert.equal(sqlValue(restored, `SELECT title FROM initiatives WHERE id = ${lateId}`), 'Written after the base backup');
  // The portal on it: public pages, the late initiative, and sign-in.
  const base2 = `http://127.0.0.1:${restoredPort}`;
  assert.equal((await get(base2, '/api/v1/locations')).json().items.length, 14);
  const again = await signIn(base2, 'member.hamilton@portal.demo');
  const res = await again.get(`/api/v1/locations/hamilton/initiatives/${lateId}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json().title, 'Written after the base backup');
});

test('portal-restore refuses to overwrite a data directory', () => {
  const [base] = readdirSync(backups).filter((f) => /^base-.*Z$/.test(f));
  assert.throws(() => asPg(path.join(ROOT, 'deploy/backup/portal-restore'), [path.join(backups, base), backups]),
    /exists; restore into a new directory|Command failed/);
});

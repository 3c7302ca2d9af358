// The tamper-evident audit trail (issue 20, sql/023_audit_chain.sql): every
// entry links to the hash of its location's previous one, computed by the
// database for every writer; portalctl audit seal signs each chain's head
// and portalctl audit verify, /national/audit/chain and its API name the
// first entry that no longer matches.  Entries are edited, deleted and
// moved here as the database owner (the tampering the chain is for), in a
// location made for this run, each inside a transaction rolled back or put
// right at once, so the rest of the suite sees intact chains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { sharedStack } from './lib/stack.mjs';
import { portalctl as runPortalctl } from './lib/portalctl.mjs';
import { signIn } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

const PSQL = path.join(process.env.PGBIN || '/usr/lib/postgresql/15/bin', 'psql');
const tag = `ac${process.pid}${Date.now().toString(36)}`;
const slug = `chain-${tag}`;
const ENTRIES = 6;
let stack, base, inz, loc;

const owner = (query) => sql(stack, query, { user: 'portal_owner' });
const ownerValue = (query) => sqlValue(stack, query, { user: 'portal_owner' });

const portalctl = (...args) => runPortalctl(stack, args);

// One transaction of SQL as the owner, without blocking the event loop.
function ownerAsync(script) {
  return new Promise((resolve, reject) => {
    let stderr = '';
    spawn(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', stack.env.PGSOCK,
      '-U', 'portal_owner', '-d', 'portal', '-c', script])
      .on('error', reject)
      .on('close', (status) => resolve({ status, stderr }))
      .stderr.on('data', (d) => { stderr += d; });
  });
}

// The test location's chain as audit_chain_check() sees it after `tamper`,
// inside a transaction that is rolled back.
function checkAfter(tamper) {
  const out = execFileSync(PSQL, ['-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1',
    '-h', stack.env.PGSOCK, '-U', 'portal_owner', '-d', 'portal', '-c', `BEGIN; ${tamper};
    SELECT 'check', coalesce(bad_id::text, ''), coalesce(bad_seq::text, ''),
      coalesce(problem, '') FROM audit_chain_check(${loc}); ROLLBACK;`], { encoding: 'utf8' });
  const row = out.split('\n').find((l) => l.startsWith('check\t')).split('\t');
  return { id: row[1], seq: row[2], problem: row[3] };
}

const entry = (seq) => ownerValue(`SELECT id FROM audit_log WHERE location_id = ${loc} AND seq = ${seq}`);

async function chainView() {
  const res = await inz.get('/api/v1/national/audit/chain');
  assert.equal(res.status, 200, res.text);
  const body = res.json();
  return { body, mine: body.chains.find((c) => c.slug === slug) };
}

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  inz = await signIn(base, 'inz@portal.demo');
  loc = Number(ownerValue(`WITH l AS (INSERT INTO locations (slug, name, region)
    VALUES (${quote(slug)}, ${quote(`Chainville ${tag}`)}, 'Test') RETURNING id) SELECT id FROM l`));
  for (let i = 1; i <= ENTRIES; i++) {
    owner(`INSERT INTO audit_log (location_id, action, detail)
      VALUES (${loc}, 'chain_test', jsonb_build_object('n', ${i}, 'tag', ${quote(tag)}))`);
  }
});

// Other files count the public list of locations.
after(() => {
  if (stack && loc) sql(stack, `UPDATE locations SET status = 'archived' WHERE id = ${loc}`);
  stack?.stop();
});

test('each entry links to the hash of its location\'s previous one, whoever writes it', async () => {
  const rows = owner(`SELECT seq, encode(prev_hash, 'hex'), encode(hash, 'hex'),
      encode(audit_entry_hash(prev_hash, a), 'hex') FROM audit_log a
     WHERE location_id = ${loc} ORDER BY seq`);
  assert.deepEqual(rows.map((r) => Number(r[0])), [1, 2, 3, 4, 5, 6]);
  assert.equal(rows[0][1], '0'.repeat(64), 'the first links to the genesis');
  rows.forEach((r, i) => {
    assert.equal(r[2], r[3], `entry ${i + 1}'s hash is the hash of what it says`);
    if (i > 0) assert.equal(r[1], rows[i - 1][2], `entry ${i + 1} links to entry ${i}`);
  });

  // portald (as portal_app) takes part: a sign-in joins the portal-wide
  // chain; values an INSERT offers for the chain's columns are ignored.
  const before = owner(`SELECT seq, encode(hash, 'hex') FROM audit_log
    WHERE location_id IS NULL ORDER BY seq DESC LIMIT 1`)[0];
  await signIn(base, 'admin@portal.demo');
  const [seq, prev] = owner(`SELECT seq, encode(prev_hash, 'hex') FROM audit_log
    WHERE location_id IS NULL ORDER BY seq DESC LIMIT 1`)[0];
  assert.ok(Number(seq) > Number(before[0]), 'the sign-in is a new link');
  if (Number(seq) === Number(before[0]) + 1) assert.equal(prev, before[1]);
  owner(`INSERT INTO audit_log (location_id, action, seq, prev_hash, hash)
    VALUES (${loc}, 'chain_test', 1, '\\x00', '\\x00')`);
  assert.deepEqual(owner(`SELECT seq, length(hash) FROM audit_log WHERE location_id = ${loc}
    ORDER BY seq DESC LIMIT 1`)[0], [String(ENTRIES + 1), '32']);
});

test('two writers in one location never fork its chain', async () => {
  const before = Number(ownerValue(`SELECT count(*) FROM audit_log WHERE location_id = ${loc}`));
  // Eight transactions at once, each writing two entries with a pause
  // between them, so they overlap.
  const writers = [];
  for (let w = 0; w < 8; w++) {
    writers.push(ownerAsync(`BEGIN;
      INSERT INTO audit_log (location_id, action, detail) VALUES (${loc}, 'chain_test', '{"w": ${w}}');
      SELECT pg_sleep(0.02);
      INSERT INTO audit_log (location_id, action, detail) VALUES (${loc}, 'chain_test', '{"w": ${w}}');
      COMMIT;`));
  }
  for (const r of await Promise.all(writers)) assert.equal(r.status, 0, r.stderr);
  const [count, distinct, max] = owner(`SELECT count(*), count(DISTINCT seq), max(seq)
    FROM audit_log WHERE location_id = ${loc}`)[0].map(Number);
  assert.equal(count, before + 16);
  assert.equal(distinct, count, 'no two entries share a place');
  assert.equal(max, count, 'no place is skipped');
  assert.deepEqual(checkAfter('SELECT 1'), { id: '', seq: '', problem: '' }, 'the chain is intact');
});

test('portalctl audit verify passes the intact chains and seal signs their heads', async () => {
  let res = await portalctl('audit', 'verify');
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /audit verify: \d+ chains, 0 broken/);
  assert.match(res.stdout, new RegExp(`${slug}: \\d+ entries, intact; not sealed yet`));

  res = await portalctl('audit', 'seal');
  assert.equal(res.status, 0, res.stdout + res.stderr);
  const head = owner(`SELECT seq, encode(hash, 'hex') FROM audit_chain_heads WHERE chain = ${loc}`)[0];
  const line = res.stdout.split('\n').find((l) => l.startsWith(`sealed ${slug} `));
  assert.ok(line, res.stdout);
  const [, , seq, hash, at, sig] = line.split(' ');
  assert.deepEqual([seq, hash], head, 'the exported line is the chain\'s head');
  assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.match(sig, /^[0-9a-f]{128}$/);

  // Nothing moved: a second run seals nothing new for this chain.
  res = await portalctl('audit', 'seal');
  assert.equal(res.status, 0);
  assert.doesNotMatch(res.stdout, new RegExp(`sealed ${slug} `));

  res = await portalctl('audit', 'verify', slug);
  assert.equal(res.status, 0, res.stdout);
  assert.match(res.stdout, new RegExp(`^${slug}: \\d+ entries, intact; head ${seq} sealed `, 'm'));
  assert.match(res.stdout, /audit verify: 1 chain, 0 broken/);
  assert.equal((await portalctl('audit', 'verify', 'no-such-place')).status, 1);
  assert.equal((await portalctl('audit', 'verify', 'Not A Slug')).status, 2);

  // INZ sees the same, with the signature and the key that checks it.
  const { body, mine } = await chainView();
  assert.equal(body.intact, true);
  assert.match(body.public_key, /^[0-9a-f]{64}$/);
  assert.equal(mine.intact, true);
  assert.equal(mine.seal_valid, true);
  assert.equal(String(mine.seal_seq), seq);
  assert.equal(mine.seal_hash, hash);
  assert.equal(mine.signature, sig);
  assert.equal(mine.seal_message, `portal-audit-seal-v1\n${slug}\n${seq}\n${hash}\n${at}\n`);
});

test('an entry edited, deleted or moved as the owner is detected and named', () => {
  const n = Number(ownerValue(`SELECT max(seq) FROM audit_log WHERE location_id = ${loc}`));
  const where = (seq) => `location_id = ${loc} AND seq = ${seq}`;
  const cases = [
    ['detail edited', `UPDATE audit_log SET detail = detail || '{"n": 99}' WHERE ${where(3)}`, 3, 'edited'],
    ['action edited', `UPDATE audit_log SET action = 'forged' WHERE ${where(2)}`, 2, 'edited'],
    ['actor edited', `UPDATE audit_log SET actor_id = (SELECT min(id) FROM users) WHERE ${where(4)}`, 4, 'edited'],
    ['time edited', `UPDATE audit_log SET at = at - interval '1 day' WHERE ${where(1)}`, 1, 'edited'],
    ['deleted', `DELETE FROM audit_log WHERE ${where(3)}`, 4, 'removed'],
    ['two swapped', `UPDATE audit_log SET seq = CASE seq WHEN 3 THEN 4 ELSE 3 END
      WHERE location_id = ${loc} AND seq IN (3, 4)`, 3, 'moved', 4],
    ['edited, its hash recomputed', `UPDATE audit_log SET detail = '{}' WHERE ${where(2)};
      UPDATE audit_log a SET hash = audit_entry_hash(prev_hash, a) WHERE ${where(2)}`, 3, 'unlinked'],
    ['the last deleted', `DELETE FROM audit_log WHERE ${where(n)}`, n - 1, 'truncated'],
    ['the last deleted and the head put back', `DELETE FROM audit_log WHERE ${where(n)};
      UPDATE audit_chain_heads SET seq = ${n - 1}, hash = (SELECT hash FROM audit_log WHERE ${where(n - 1)})
       WHERE chain = ${loc}`, n - 1, 'truncated'],
  ];
  // [what, tampering, the seq named after it, why, the seq the named
  // entry had before (when it moved)].
  for (const [what, tamper, seq, problem, was = seq] of cases) {
    const named = entry(was);
    assert.deepEqual(checkAfter(tamper), { id: named, seq: String(seq), problem }, what);
  }
  // The whole chain rewritten after an edit, head and all: only the signed
  // head can tell, and does.
  const sealed = Number(ownerValue(`SELECT max(seq) FROM audit_seals WHERE chain = ${loc}`));
  const rewrite = `UPDATE audit_log SET detail = '{"rewritten": true}' WHERE ${where(2)};
    DO $$ DECLARE e audit_log; prev bytea; BEGIN
      FOR e IN SELECT * FROM audit_log WHERE location_id = ${loc} ORDER BY seq LOOP
        IF prev IS NOT NULL THEN e.prev_hash := prev; END IF;
        prev := audit_entry_hash(e.prev_hash, e);
        UPDATE audit_log SET prev_hash = e.prev_hash, hash = prev WHERE id = e.id;
      END LOOP;
      UPDATE audit_chain_heads SET hash = prev WHERE chain = ${loc};
    END $$`;
  assert.deepEqual(checkAfter(rewrite), { id: entry(sealed), seq: String(sealed), problem: 'unsealed' });
});

test('portalctl and the national page name an entry changed for real, until it is put right', async () => {
  const id = entry(2);
  const detail = ownerValue(`SELECT detail FROM audit_log WHERE id = ${id}`);
  owner(`UPDATE audit_log SET detail = '{"n": "forged"}' WHERE id = ${id}`);
  try {
    const res = await portalctl('audit', 'verify', slug);
    assert.equal(res.status, 1, res.stdout);
    assert.match(res.stdout, new RegExp(`${slug}: \\d+ entries, BROKEN at entry ${id} \\(number 2\\): this entry was changed after it was written`));
    assert.match(res.stdout, /1 broken/);

    // A broken chain is not sealed: that would vouch for the change.
    owner(`INSERT INTO audit_log (location_id, action) VALUES (${loc}, 'chain_test')`);
    const seal = await portalctl('audit', 'seal');
    assert.equal(seal.status, 1);
    assert.doesNotMatch(seal.stdout, new RegExp(`sealed ${slug} `));

    const { body, mine } = await chainView();
    assert.equal(body.intact, false);
    assert.ok(body.broken >= 1);
    assert.deepEqual([mine.intact, mine.bad_id, mine.bad_seq, mine.problem], [false, Number(id), 2, 'edited']);
    const page = await inz.get('/national/audit/chain', { Accept: 'text/html' });
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`Entry ${id} \\(number 2 in the chain\\) no longer matches:</strong> this entry was changed after it was written`));
    assert.match(page.text, /1 chain no longer matches/);
  } finally {
    owner(`UPDATE audit_log SET detail = ${quote(detail)}::jsonb WHERE id = ${id}`);
  }
  assert.equal((await portalctl('audit', 'verify', slug)).status, 0, 'intact again');
});

test('a seal whose signature is not the server key\'s is named', async () => {
  const [sealId, sig] = owner(`SELECT id, encode(signature, 'hex') FROM audit_seals
    WHERE chain = ${loc} ORDER BY seq DESC LIMIT 1`)[0];
  owner(`UPDATE audit_seals SET signature = decode(${quote(`${'0'.repeat(127)}1`)}, 'hex') WHERE id = ${sealId}`);
  try {
    const { mine } = await chainView();
    assert.deepEqual([mine.intact, mine.seal_valid, mine.problem], [false, false, 'forged_seal']);
    const res = await portalctl('audit', 'verify', slug);
    assert.equal(res.status, 1);
    assert.match(res.stdout, /signature of the chain's head is not the portal's.*\(signature NOT VALID\)/);
  } finally {
    owner(`UPDATE audit_seals SET signature = decode(${quote(sig)}, 'hex') WHERE id = ${sealId}`);
  }
  assert.equal((await chainView()).mine.intact, true);
});

test('portal_app cannot write the chain\'s heads or seals', () => {
  for (const q of [
    `UPDATE audit_chain_heads SET seq = 0 WHERE chain = ${loc}`,
    `DELETE FROM audit_seals WHERE chain = ${loc}`,
    `INSERT INTO audit_seals (chain, seq, hash, signature) VALUES (${loc}, 1, '\\x00', '\\x00')`,
  ]) {
    assert.throws(() => sql(stack, q, { user: 'portal_app' }), /permission denied/, q);
  }
});

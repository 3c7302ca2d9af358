// Ready to distribute by location (issue 22; docs/deploy.md,
// "Distributing by location"): read from the live schema, every table is
// either a tenant table (location_id NOT NULL) whose primary key and
// foreign keys to other tenant tables lead with location_id, or a table
// named below with the reason it is not split by location.  A table
// added later that fits neither fails here until it is keyed or named.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, sharedStack } from './lib/stack.mjs';
import { sql } from './lib/db.mjs';

// Kept whole on every machine (Citus reference tables): small, read by
// every location, written rarely.
const REFERENCE = {
  locations: 'the tenants themselves',
  users: 'a person may belong to several locations',
  indicators: 'national indicators (no location) beside local ones',
  stocktakes: 'a national stocktake spans every location',
  questionnaires: 'INZ writes them for every location\'s stocktake',
  questionnaire_versions: 'a questionnaire as a stocktake asked it',
  communities: 'the national list of communities a breakdown names',
  schema_migrations: 'the schema\'s own version',
};
// Kept on the coordinator alone (Citus local tables): per person or
// portal-wide, never joined with one location's rows.
const COORDINATOR = {
  sessions: 'per person, read on every signed-in request',
  api_tokens: 'per person',
  password_resets: 'per person',
  sign_in_attempts: 'per address, for throttling',
  claim_attempts: 'per person, for throttling',
  outbox: 'mail for people, some with no location',
  audit_log: 'holds the portal-wide chain (no location) beside each location\'s',
  audit_chain_heads: 'one row per chain, portal-wide included',
  audit_seals: 'one row per chain and day',
  overlap_pairs: 'pairs of initiatives across locations, national work',
  overlap_pending: 'initiatives waiting for the national overlap job',
};

let stack;
let tables;    // name -> { tenant, pk: [cols] }
let fks;       // [{ table, name, cols: [..], ref, refCols: [..] }]

const list = (s) => (s === '' ? [] : s.split(','));

before(async () => {
  stack = await sharedStack();
  tables = {};
  for (const [name, tenant, pk] of sql(stack, `
      SELECT c.relname,
             EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                      AND a.attname = 'location_id' AND a.attnotnull),
             coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                FROM pg_constraint p,
                     unnest(p.conkey) WITH ORDINALITY k (num, ord),
                     pg_attribute a
               WHERE p.conrelid = c.oid AND p.contype = 'p'
                 AND a.attrelid = c.oid AND a.attnum = k.num), '')
        FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       ORDER BY 1`)) {
    tables[name] = { tenant: tenant === 't', pk: list(pk) };
  }
  fks = sql(stack, `
      SELECT c.conrelid::regclass::text, c.conname, c.confrelid::regclass::text,
             (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                FROM unnest(c.conkey) WITH ORDINALITY k (num, ord)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num),
             (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                FROM unnest(c.confkey) WITH ORDINALITY k (num, ord)
                JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num)
        FROM pg_constraint c
       WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
       ORDER BY 1, 2`).map(([table, name, ref, cols, refCols]) =>
    ({ table, name, ref, cols: list(cols), refCols: list(refCols) }));
});

test('every table is a tenant table or named with its reason', () => {
  const unnamed = Object.entries(tables)
    .filter(([name, t]) => !t.tenant && !(name in REFERENCE) && !(name in COORDINATOR))
    .map(([name]) => name);
  assert.deepEqual(unnamed, [], 'tables neither keyed by location nor named here');
  const stale = [...Object.keys(REFERENCE), ...Object.keys(COORDINATOR)]
    .filter((name) => !(name in tables) || tables[name].tenant);
  assert.deepEqual(stale, [], 'named here but gone or now a tenant table');
  assert.ok(Object.values(tables).filter((t) => t.tenant).length >= 25,
    'the schema has its tenant tables');
});

test('every tenant table\'s primary key leads with location_id', () => {
  const wrong = Object.entries(tables)
    .filter(([, t]) => t.tenant && t.pk[0] !== 'location_id')
    .map(([name, t]) => `${name} (${t.pk.join(', ') || 'no primary key'})`);
  assert.deepEqual(wrong, []);
});

test('a foreign key between tenant tables pairs location_id with location_id, first', () => {
  const between = fks.filter((f) => tables[f.table]?.tenant && tables[f.ref]?.tenant);
  assert.ok(between.length >= 20, `tenant-to-tenant keys found: ${between.length}`);
  const wrong = between
    .filter((f) => f.cols[0] !== 'location_id' || f.refCols[0] !== 'location_id')
    .map((f) => `${f.table}.${f.name}: (${f.cols}) -> ${f.ref} (${f.refCols})`);
  assert.deepEqual(wrong, []);
});

test('no table outside the tenants points into one location\'s rows', () => {
  const wrong = fks
    .filter((f) => !tables[f.table]?.tenant && tables[f.ref]?.tenant)
    .map((f) => `${f.table}.${f.name} -> ${f.ref}`);
  assert.deepEqual(wrong, []);
});

test('a row cannot point at a row of another location', () => {
  // An agenda item of a Hamilton meeting naming a Nelson initiative: the
  // composite key refuses it, as a shard boundary would.
  const err = (() => {
    try {
      sql(stack, `
        WITH h AS (SELECT id FROM locations WHERE slug = 'hamilton'),
             n AS (SELECT id FROM locations WHERE slug = 'nelson'),
             m AS (INSERT INTO meetings (location_id, title, starts_at, ends_at,
                                         place, created_by)
                   SELECT h.id, 'tenancy test', now() + interval '1 day',
                          now() + interval '25 hours', 'Hamilton',
                          (SELECT id FROM users
                            WHERE email = 'coordinator.hamilton@portal.demo')
                     FROM h RETURNING id, location_id)
        INSERT INTO meeting_items (location_id, meeting_id, position, kind, title, initiative_id)
        SELECT m.location_id, m.id, 1, 'initiative_report', 'cross',
               (SELECT i.id FROM initiatives i, n WHERE i.location_id = n.id LIMIT 1)
          FROM m`);
    } catch (e) {
      return String(e.stderr);
    }
    return '';
  })();
  assert.match(err, /violates foreign key constraint "meeting_items_initiative_id_fkey"/);
});

test('docs/deploy.md distributes exactly the tenant tables and copies the reference ones', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');
  const listed = (fn) => {
    const m = doc.match(new RegExp(`${fn}[^;]*?ARRAY\\[([^\\]]*)\\]`, 's'));
    assert.ok(m, `docs/deploy.md has ${fn}`);
    return [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1]).sort();
  };
  const tenants = Object.keys(tables).filter((t) => tables[t].tenant && t !== 'initiatives').sort();
  assert.deepEqual(listed('create_distributed_table\\(t'), tenants);
  assert.deepEqual(listed('create_reference_table\\(t\\)'),
    Object.keys(REFERENCE).filter((t) => t !== 'schema_migrations').sort());
});

-- Every tenant table's keys lead with location_id (issue 22), so the
-- schema can be spread over machines by location (docs/deploy.md,
-- "Distributing by location"): a row and every row it points to live
-- together, and a key alone names the shard that holds it.
--
-- A tenant table is one whose location_id is NOT NULL.  This migration
-- rewrites, from the catalogue, whatever earlier migrations made:
--   1. links between two rows of different locations stop being foreign
--      keys (an adoption points at the initiative it copied, a national
--      service at its owning location's row, a participating location at
--      the lead location's initiative (sql/033); the national overlap
--      tables point at initiatives everywhere): the writer checks those,
--      and no row they point at is ever deleted but a service, whose
--      listings its delete statement removes itself;
--   2. every other foreign key from one tenant table to another drops and
--      comes back as (location_id, ...) -> (location_id, ...);
--   3. every tenant table's primary key becomes (location_id, ...), a
--      unique (location_id, id) it had becomes redundant and goes, and a
--      plain index on id keeps the lookups by id alone fast.
-- tests/e2e/tenancy.test.mjs holds the rule for every table made later.

ALTER TABLE initiatives DROP CONSTRAINT initiatives_adopted_from_id_fkey;
ALTER TABLE service_locations DROP CONSTRAINT service_locations_service_id_fkey;
ALTER TABLE initiative_locations
    DROP CONSTRAINT initiative_locations_lead_location_id_initiative_id_fkey;
ALTER TABLE overlap_pairs DROP CONSTRAINT overlap_pairs_a_id_fkey;
ALTER TABLE overlap_pairs DROP CONSTRAINT overlap_pairs_b_id_fkey;
ALTER TABLE overlap_pending DROP CONSTRAINT overlap_pending_initiative_id_fkey;

CREATE FUNCTION pg_temp.is_tenant(t oid) RETURNS boolean LANGUAGE sql AS $$
    SELECT EXISTS (SELECT 1 FROM pg_attribute
                    WHERE attrelid = t AND attname = 'location_id'
                      AND attnotnull AND NOT attisdropped) $$;

-- The columns of a constraint as a list, location_id first.
CREATE FUNCTION pg_temp.cols(t oid, nums smallint[], lead boolean)
    RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY
                      (lead AND a.attname = 'location_id') DESC, k.ord)
      FROM unnest(nums) WITH ORDINALITY k (num, ord)
      JOIN pg_attribute a ON a.attrelid = t AND a.attnum = k.num $$;

DO $$
DECLARE
    fk record;
    pk record;
    uq record;
    keep text[] := '{}';
BEGIN
    -- 2a. Remember and drop the foreign keys between tenant tables.
    FOR fk IN
        SELECT c.oid, c.conname, c.conrelid, c.confrelid, c.conkey, c.confkey,
               c.confdeltype, c.confupdtype,
               'location_id' = ANY (SELECT attname FROM pg_attribute
                                     WHERE attrelid = c.conrelid
                                       AND attnum = ANY (c.conkey)) AS has_loc
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
           AND pg_temp.is_tenant(c.conrelid) AND pg_temp.is_tenant(c.confrelid)
    LOOP
        IF fk.confdeltype NOT IN ('a', 'r', 'c') OR fk.confupdtype <> 'a' THEN
            RAISE EXCEPTION 'tenant keys: % has an action this migration does not carry', fk.conname;
        END IF;
        keep := keep || format(
            'ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES %s (%s)%s',
            fk.conrelid::regclass, fk.conname,
            CASE WHEN fk.has_loc THEN pg_temp.cols(fk.conrelid, fk.conkey, true)
                 ELSE 'location_id, ' || pg_temp.cols(fk.conrelid, fk.conkey, true) END,
            fk.confrelid::regclass,
            CASE WHEN fk.has_loc THEN pg_temp.cols(fk.confrelid, fk.confkey, true)
                 ELSE 'location_id, ' || pg_temp.cols(fk.confrelid, fk.confkey, true) END,
            CASE fk.confdeltype WHEN 'c' THEN ' ON DELETE CASCADE'
                                WHEN 'r' THEN ' ON DELETE RESTRICT' ELSE '' END);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.conrelid::regclass, fk.conname);
    END LOOP;

    -- 3. Primary keys lead with location_id; a plain index on id stays.
    FOR pk IN
        SELECT c.conname, c.conrelid, c.conkey,
               'location_id' = ANY (SELECT attname FROM pg_attribute
                                     WHERE attrelid = c.conrelid
                                       AND attnum = ANY (c.conkey)) AS has_loc,
               (SELECT attname FROM pg_attribute
                 WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) AS first
          FROM pg_constraint c
         WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace
           AND pg_temp.is_tenant(c.conrelid)
    LOOP
        CONTINUE WHEN pk.first = 'location_id';
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', pk.conrelid::regclass, pk.conname);
        EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (%s)', pk.conrelid::regclass,
            CASE WHEN pk.has_loc THEN pg_temp.cols(pk.conrelid, pk.conkey, true)
                 ELSE 'location_id, ' || pg_temp.cols(pk.conrelid, pk.conkey, true) END);
        IF array_length(pk.conkey, 1) = 1 AND pk.first = 'id' THEN
            EXECUTE format('CREATE INDEX %I ON %s (id)',
                (SELECT relname FROM pg_class WHERE oid = pk.conrelid) || '_id',
                pk.conrelid::regclass);
        END IF;
    END LOOP;

    -- A unique key of exactly location_id and id says again what the
    -- primary key now says.
    FOR uq IN
        SELECT c.conname, c.conrelid FROM pg_constraint c
         WHERE c.contype = 'u' AND c.connamespace = 'public'::regnamespace
           AND pg_temp.is_tenant(c.conrelid) AND array_length(c.conkey, 1) = 2
           AND (SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute
                 WHERE attrelid = c.conrelid AND attnum = ANY (c.conkey))
               = '{id,location_id}'
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', uq.conrelid::regclass, uq.conname);
    END LOOP;

    -- 2b. The foreign keys again, led by location_id on both sides: a
    -- row can point only at a row of its own location.
    FOR i IN 1 .. coalesce(array_length(keep, 1), 0) LOOP
        EXECUTE keep[i];
    END LOOP;
END $$;

-- Foreign keys whose referenced key changed need its index on that side;
-- the referencing side's lookups (cascades, checks) use these.
CREATE INDEX IF NOT EXISTS stocktake_snapshots_initiative
    ON stocktake_snapshots (location_id, initiative_id);

-- The round's counts are now keyed (location_id, round_id).
CREATE OR REPLACE FUNCTION national_requests_counted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    src text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT round_id, location_id, state, amount_cents, 1 AS k FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT round_id, location_id, state, amount_cents, -1 AS k FROM old_rows'
        ELSE 'SELECT round_id, location_id, state, amount_cents, 1 AS k FROM new_rows'
             ' UNION ALL SELECT round_id, location_id, state, amount_cents, -1 FROM old_rows' END;
BEGIN
    EXECUTE format(
        'INSERT INTO national_round_requests AS c'
        '  (round_id, location_id, requests, requested_cents)'
        ' SELECT round_id, location_id, sum(k), sum(k * coalesce(amount_cents, 0))'
        ' FROM (%s) d WHERE state NOT IN (''draft'', ''withdrawn'')'
        ' GROUP BY 1, 2'
        ' HAVING sum(k) <> 0 OR sum(k * coalesce(amount_cents, 0)) <> 0'
        ' ON CONFLICT (location_id, round_id) DO UPDATE SET requests = c.requests + EXCLUDED.requests,'
        '  requested_cents = c.requested_cents + EXCLUDED.requested_cents',
        src);
    RETURN NULL;
END $$;

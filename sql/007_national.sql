-- The national dashboard's summaries: initiatives counted by location,
-- area (or element) and status, and the money requested from each funding
-- round, kept current by triggers in the same transaction as the change,
-- so /national/ reads a few rows per location however many initiatives
-- and requests there are (issue 6, "Scale").  Approved and paid totals
-- are already kept on funding_rounds (sql/006).
--
-- The triggers are statement-level with transition tables: a bulk load of
-- 100,000 initiatives adds one grouped delta, not 100,000 updates of the
-- same counter rows.  Their functions are SECURITY DEFINER (the schema
-- owner, which bypasses row-level security): keeping a summary is the
-- summary's business, whoever made the change; portald may only read it.
-- The counts carry no CHECK (n >= 0): an upsert's proposed row holds the
-- delta, which is negative when a status or an amount moves away.

CREATE TABLE national_area_counts (
    location_id  bigint NOT NULL REFERENCES locations (id),
    area         text NOT NULL,
    status       text NOT NULL,
    n            integer NOT NULL,
    PRIMARY KEY (location_id, area, status)
);
COMMENT ON TABLE national_area_counts IS
    'How many initiatives each location has in each area and status '
    '(triggers on initiatives keep it).';

CREATE TABLE national_element_counts (
    location_id  bigint NOT NULL REFERENCES locations (id),
    element      text NOT NULL,
    status       text NOT NULL,
    n            integer NOT NULL,
    PRIMARY KEY (location_id, element, status)
);
COMMENT ON TABLE national_element_counts IS
    'How many initiatives of each status each location has contributing to '
    'each element; an initiative counts once under each of its elements.';

CREATE TABLE national_round_requests (
    round_id         bigint PRIMARY KEY REFERENCES funding_rounds (id),
    location_id      bigint NOT NULL REFERENCES locations (id),
    requests         integer NOT NULL,
    requested_cents  bigint NOT NULL
);
CREATE INDEX national_round_requests_location ON national_round_requests (location_id);
COMMENT ON TABLE national_round_requests IS
    'Requests made to each round and the sum they ask for: every request '
    'but drafts and withdrawn ones (triggers on funding_requests keep it).';

-- The dashboard pages through active locations by name.
CREATE INDEX locations_active_name ON locations (name, slug) WHERE status = 'active';
-- Requests waiting longest for a decision, oldest first.
CREATE INDEX funding_requests_waiting ON funding_requests (submitted_at, id)
    WHERE state IN ('submitted', 'in_review', 'info_requested');

-- Each changed row of initiatives counts +1 as it is now and -1 as it was.
-- The source text is fixed by TG_OP (no input reaches it); EXECUTE sees
-- the trigger's transition tables.
CREATE FUNCTION national_initiatives_counted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    src text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT location_id, area, status, elements, 1 AS k FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT location_id, area, status, elements, -1 AS k FROM old_rows'
        ELSE 'SELECT location_id, area, status, elements, 1 AS k FROM new_rows'
             ' UNION ALL SELECT location_id, area, status, elements, -1 FROM old_rows' END;
BEGIN
    EXECUTE format(
        'INSERT INTO national_area_counts AS c (location_id, area, status, n)'
        ' SELECT location_id, area, status, sum(k) FROM (%s) d'
        ' GROUP BY 1, 2, 3 HAVING sum(k) <> 0'
        ' ON CONFLICT (location_id, area, status) DO UPDATE SET n = c.n + EXCLUDED.n',
        src);
    EXECUTE format(
        'INSERT INTO national_element_counts AS c (location_id, element, status, n)'
        ' SELECT d.location_id, e.element, d.status, sum(d.k) FROM (%s) d,'
        '  LATERAL (SELECT DISTINCT x FROM unnest(d.elements) x) e (element)'
        ' GROUP BY 1, 2, 3 HAVING sum(d.k) <> 0'
        ' ON CONFLICT (location_id, element, status) DO UPDATE SET n = c.n + EXCLUDED.n',
        src);
    RETURN NULL;
END $$;

CREATE TRIGGER initiatives_national_insert AFTER INSERT ON initiatives
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION national_initiatives_counted();
CREATE TRIGGER initiatives_national_update AFTER UPDATE ON initiatives
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION national_initiatives_counted();
CREATE TRIGGER initiatives_national_delete AFTER DELETE ON initiatives
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION national_initiatives_counted();

-- A request counts once it is submitted, until it is withdrawn.
CREATE FUNCTION national_requests_counted() RETURNS trigger
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
        ' ON CONFLICT (round_id) DO UPDATE SET requests = c.requests + EXCLUDED.requests,'
        '  requested_cents = c.requested_cents + EXCLUDED.requested_cents',
        src);
    RETURN NULL;
END $$;

CREATE TRIGGER funding_requests_national_insert AFTER INSERT ON funding_requests
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION national_requests_counted();
CREATE TRIGGER funding_requests_national_update AFTER UPDATE ON funding_requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION national_requests_counted();
CREATE TRIGGER funding_requests_national_delete AFTER DELETE ON funding_requests
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION national_requests_counted();

-- A TRUNCATE leaves nothing to count.
CREATE FUNCTION national_counts_truncated() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'initiatives' THEN
        DELETE FROM national_area_counts;
        DELETE FROM national_element_counts;
    ELSE
        DELETE FROM national_round_requests;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER initiatives_national_truncate AFTER TRUNCATE ON initiatives
    FOR EACH STATEMENT EXECUTE FUNCTION national_counts_truncated();
CREATE TRIGGER funding_requests_national_truncate AFTER TRUNCATE ON funding_requests
    FOR EACH STATEMENT EXECUTE FUNCTION national_counts_truncated();

REVOKE ALL ON FUNCTION national_initiatives_counted() FROM PUBLIC;
REVOKE ALL ON FUNCTION national_requests_counted() FROM PUBLIC;
REVOKE ALL ON FUNCTION national_counts_truncated() FROM PUBLIC;

-- What is there already.
INSERT INTO national_area_counts (location_id, area, status, n)
SELECT location_id, area, status, count(*) FROM initiatives GROUP BY 1, 2, 3;
INSERT INTO national_element_counts (location_id, element, status, n)
SELECT i.location_id, e.element, i.status, count(*)
  FROM initiatives i, LATERAL (SELECT DISTINCT x FROM unnest(i.elements) x) e (element)
 GROUP BY 1, 2, 3;
INSERT INTO national_round_requests (round_id, location_id, requests, requested_cents)
SELECT round_id, location_id, count(*), sum(coalesce(amount_cents, 0))
  FROM funding_requests WHERE state NOT IN ('draft', 'withdrawn') GROUP BY 1, 2;

-- Row-level security: national staff only.  There is no write policy and
-- no write grant: only the trigger functions above (as the owner) write.
ALTER TABLE national_area_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE national_area_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY national_area_counts_read ON national_area_counts FOR SELECT
    USING (portal_is_national());
ALTER TABLE national_element_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE national_element_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY national_element_counts_read ON national_element_counts FOR SELECT
    USING (portal_is_national());
ALTER TABLE national_round_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE national_round_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY national_round_requests_read ON national_round_requests FOR SELECT
    USING (portal_is_national());

GRANT SELECT ON national_area_counts, national_element_counts,
    national_round_requests TO portal_app;

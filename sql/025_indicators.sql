-- Indicators: every figure the portal collects has one meaning (issue 18).
--
-- An indicator is a key, a name, a definition and a unit, with an explicit
-- aggregation.  The only aggregation there is, 'sum_of_periods', says what
-- the figures on progress updates are: each is for the period since the
-- initiative's previous update, and a total is the sum of the periods up
-- to a date.  A total is never entered and never added again as a period.
--
-- National indicators (location_id NULL) are INZ's, added by an admin;
-- a working group's coordinator may add the location's own, which count
-- in that location's totals only.  The four figures updates had before
-- (people reached, sessions held, volunteers, people into work or
-- training) are the first national indicators.
--
-- Figures live in update_figures, one row per update and indicator.  A
-- correction keeps the old row (replaced_at, replaced_by) and adds a new
-- one; the current figure is the one not replaced.  A figure counts in
-- national totals once someone other than the person who entered it has
-- confirmed it (confirmed_by).
--
-- initiative_updates' four figure columns are kept as they were entered
-- before this migration (nothing is lost) and written no more.

CREATE TABLE indicators (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id  bigint REFERENCES locations (id),
    key          text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    definition   text NOT NULL
                     CHECK (length(btrim(definition)) BETWEEN 1 AND 2000),
    unit         text NOT NULL CHECK (length(btrim(unit)) BETWEEN 1 AND 40),
    aggregation  text NOT NULL DEFAULT 'sum_of_periods'
                     CHECK (aggregation IN ('sum_of_periods')),
    position     integer NOT NULL DEFAULT 100,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE indicators IS
    'What a figure means: national (location_id NULL) or a location''s own. '
    'aggregation sum_of_periods: update figures are for the period since the '
    'previous update; totals are sums of periods.';
-- A key names one indicator wherever it is read: a location's own may not
-- take a national key, nor a national one a key some location has.
CREATE UNIQUE INDEX indicators_key ON indicators (key, coalesce(location_id, 0));

CREATE FUNCTION indicators_key_free() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM indicators d WHERE d.key = NEW.key
                  AND (NEW.location_id IS NULL OR d.location_id IS NULL)) THEN
        RAISE EXCEPTION 'indicator key % is taken', NEW.key
            USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER indicators_key_free BEFORE INSERT ON indicators
    FOR EACH ROW EXECUTE FUNCTION indicators_key_free();

INSERT INTO indicators (key, name, definition, unit, position) VALUES
('people_reached', 'People reached',
 'People who took part in the initiative or were reached by it in the period '
 'since the previous update. Someone reached again in a later period is '
 'counted again in that period.', 'people', 10),
('sessions_held', 'Sessions held',
 'Sessions, events or meetings the initiative ran in the period since the '
 'previous update.', 'sessions', 20),
('volunteers', 'Volunteers',
 'People who gave their time unpaid to the initiative in the period since '
 'the previous update.', 'people', 30),
('into_work', 'People into work or training',
 'People who started paid work, an apprenticeship or a training course with '
 'the initiative''s help in the period since the previous update.',
 'people', 40);

CREATE TABLE update_figures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id    bigint NOT NULL,
    initiative_id  bigint NOT NULL,
    update_id      bigint NOT NULL REFERENCES initiative_updates (id),
    indicator_id   bigint NOT NULL REFERENCES indicators (id),
    value          integer NOT NULL CHECK (value BETWEEN 0 AND 1000000),
    -- How it came to be: typed as a period figure, or converted by this
    -- migration from a figure entered before indicators had a meaning.
    basis          text NOT NULL DEFAULT 'entered' CHECK (basis IN ('entered',
                       'migrated_period', 'migrated_running_total')),
    entered_by     bigint REFERENCES users (id),
    entered_at     timestamptz NOT NULL DEFAULT now(),
    confirmed_by   bigint REFERENCES users (id),
    confirmed_at   timestamptz,
    replaced_by    bigint REFERENCES users (id),
    replaced_at    timestamptz,
    FOREIGN KEY (location_id, initiative_id)
        REFERENCES initiatives (location_id, id),
    CONSTRAINT update_figures_confirmed CHECK ((confirmed_by IS NULL) =
        (confirmed_at IS NULL)),
    -- Nobody confirms their own figure.
    CONSTRAINT update_figures_four_eyes CHECK (confirmed_by <> entered_by)
);
COMMENT ON TABLE update_figures IS
    'Period figures of progress updates: current when replaced_at is NULL; '
    'counted nationally when confirmed.';
CREATE UNIQUE INDEX update_figures_current
    ON update_figures (update_id, indicator_id) WHERE replaced_at IS NULL;
CREATE INDEX update_figures_initiative
    ON update_figures (initiative_id, indicator_id) WHERE replaced_at IS NULL;
CREATE INDEX update_figures_location
    ON update_figures (location_id, indicator_id) WHERE replaced_at IS NULL;

-- An update's current figures, each with the running total of its
-- indicator on the initiative up to and including that update (ordered by
-- date, then id): [{key, name, unit, value, to_date, confirmed}].
CREATE FUNCTION update_figures_json(u initiative_updates) RETURNS jsonb
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('key', d.key, 'name', d.name,
               'unit', d.unit, 'value', f.value,
               'to_date', (SELECT sum(g.value) FROM update_figures g
                             JOIN initiative_updates v ON v.id = g.update_id
                            WHERE g.initiative_id = u.initiative_id
                              AND g.indicator_id = f.indicator_id
                              AND g.replaced_at IS NULL
                              AND (v.date, v.id) <= (u.date, u.id)),
               'confirmed', f.confirmed_at IS NOT NULL)
               ORDER BY d.location_id NULLS FIRST, d.position, d.id), '[]')
      FROM update_figures f JOIN indicators d ON d.id = f.indicator_id
     WHERE f.update_id = u.id AND f.replaced_at IS NULL $$;

-- An initiative's totals to date per indicator, as the sum of its current
-- period figures: [{key, name, unit, total, unconfirmed}], unconfirmed
-- being how much of the total nobody has confirmed yet.
CREATE FUNCTION initiative_figure_totals(initiative bigint) RETURNS jsonb
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('key', d.key, 'name', d.name,
               'unit', d.unit, 'total', t.total,
               'unconfirmed', t.unconfirmed)
               ORDER BY d.location_id NULLS FIRST, d.position, d.id), '[]')
      FROM (SELECT f.indicator_id, sum(f.value) AS total,
                   coalesce(sum(f.value) FILTER (WHERE f.confirmed_at IS NULL),
                            0) AS unconfirmed
              FROM update_figures f
             WHERE f.initiative_id = initiative AND f.replaced_at IS NULL
             GROUP BY f.indicator_id) t
      JOIN indicators d ON d.id = t.indicator_id $$;

-- Before indicators the four columns had no stated meaning, and working
-- groups typed both: "6 into work", then "19", then "31 to date".  For
-- each initiative and figure this keeps a series that never goes down as
-- running totals (each period is the rise since the update before) and
-- any other series as period figures, so that totals are what the
-- updates' own words say.  The columns keep what was typed; basis says
-- which reading was taken.  Updates that already have figures are left
-- alone, so it may run again (tests run it on old-style rows).
CREATE FUNCTION update_figures_migrate() RETURNS integer
    LANGUAGE sql VOLATILE SET search_path = public, pg_temp AS $$
    WITH typed AS (
        SELECT u.location_id, u.initiative_id, u.id AS update_id, u.author_id,
               u.created_at, u.date, d.id AS indicator_id,
               CASE d.key WHEN 'people_reached' THEN u.people_reached
                          WHEN 'sessions_held' THEN u.sessions_held
                          WHEN 'volunteers' THEN u.volunteers
                          ELSE u.into_work END AS typed
          FROM initiative_updates u
         CROSS JOIN indicators d
         WHERE d.location_id IS NULL
           AND d.key IN ('people_reached', 'sessions_held', 'volunteers',
                         'into_work')
           AND NOT EXISTS (SELECT 1 FROM update_figures f
                            WHERE f.update_id = u.id)),
    series AS (
        SELECT t.*, t.lag_typed AS before,
               count(*) OVER (PARTITION BY t.initiative_id, t.indicator_id)
                   AS n,
               bool_and(t.typed >= coalesce(lag_typed, t.typed)) OVER (
                   PARTITION BY t.initiative_id, t.indicator_id) AS rising
          FROM (SELECT x.*, lag(x.typed) OVER (PARTITION BY x.initiative_id,
                           x.indicator_id ORDER BY x.date, x.update_id)
                           AS lag_typed
                  FROM typed x WHERE x.typed IS NOT NULL) t),
    kept AS (
        INSERT INTO update_figures (location_id, initiative_id, update_id,
               indicator_id, value, basis, entered_by, entered_at)
        SELECT s.location_id, s.initiative_id, s.update_id, s.indicator_id,
               CASE WHEN s.rising AND s.n > 1
                    THEN s.typed - coalesce(s.before, 0) ELSE s.typed END,
               CASE WHEN s.rising AND s.n > 1 THEN 'migrated_running_total'
                    ELSE 'migrated_period' END,
               s.author_id, s.created_at
          FROM series s
        RETURNING 1)
    SELECT count(*)::integer FROM kept $$;

SELECT update_figures_migrate();

-- A stocktake's snapshot keeps each initiative's totals as sums of its
-- period figures (sql/008, sql/015 summed the columns as typed), and
-- every indicator's total in data->'figures' ({key: total}).
CREATE OR REPLACE FUNCTION stocktake_snapshot(stocktake bigint, location bigint,
                                              taken timestamptz) RETURNS integer
    LANGUAGE sql VOLATILE SET search_path = public, pg_temp AS $$
    WITH sums AS (
        SELECT f.initiative_id, d.key, sum(f.value)::integer AS total
          FROM update_figures f JOIN indicators d ON d.id = f.indicator_id
         WHERE f.location_id = location AND f.replaced_at IS NULL
         GROUP BY f.initiative_id, d.key),
    figures AS (
        SELECT i.id,
               (SELECT count(*)::integer FROM initiative_updates u
                 WHERE u.initiative_id = i.id) AS updates,
               (SELECT max(u.date) FROM initiative_updates u
                 WHERE u.initiative_id = i.id) AS latest_update_on,
               coalesce((SELECT jsonb_object_agg(s.key, s.total) FROM sums s
                          WHERE s.initiative_id = i.id), '{}') AS totals
          FROM initiatives i WHERE i.location_id = location),
    kept AS (
        INSERT INTO stocktake_snapshots (stocktake_id, location_id,
            initiative_id, taken_at, title, area, status, visibility,
            elements, outcome_areas, start_date, end_date, updates,
            people_reached, sessions_held, volunteers, into_work,
            latest_update_on, data)
        SELECT stocktake, location, i.id, taken, i.title, i.area, i.status,
               i.visibility, i.elements, i.outcome_areas, i.start_date,
               i.end_date, f.updates,
               coalesce((f.totals->>'people_reached')::integer, 0),
               coalesce((f.totals->>'sessions_held')::integer, 0),
               coalesce((f.totals->>'volunteers')::integer, 0),
               coalesce((f.totals->>'into_work')::integer, 0),
               f.latest_update_on,
               (to_jsonb(i) - 'search') || jsonb_build_object(
                   'lead_name', lu.display_name, 'updates', f.updates,
                   'people_reached',
                   coalesce((f.totals->>'people_reached')::integer, 0),
                   'sessions_held',
                   coalesce((f.totals->>'sessions_held')::integer, 0),
                   'volunteers', coalesce((f.totals->>'volunteers')::integer, 0),
                   'into_work', coalesce((f.totals->>'into_work')::integer, 0),
                   'figures', f.totals,
                   'latest_update_on', f.latest_update_on)
          FROM initiatives i JOIN figures f ON f.id = i.id
          LEFT JOIN user_names lu ON lu.id = i.lead_user_id
        RETURNING 1)
    SELECT count(*)::integer FROM kept $$;

-- Workers keep copies of pages that show figures.
CREATE TRIGGER indicators_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER update_figures_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON update_figures
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Row-level security -------------------------------------------------------

-- Definitions are public; national ones are an admin's to add, a
-- location's own its coordinators'.
ALTER TABLE indicators ENABLE ROW LEVEL SECURITY;
ALTER TABLE indicators FORCE ROW LEVEL SECURITY;
CREATE POLICY indicators_read ON indicators FOR SELECT USING (true);
CREATE POLICY indicators_add ON indicators FOR INSERT
    WITH CHECK (created_by = portal_user_id() AND CASE
        WHEN location_id IS NULL
        THEN coalesce(current_setting('portal.national_role', true), '') = 'admin'
        ELSE portal_can_manage(location_id) END);

-- Figures are read as their updates are; members and coordinators enter,
-- confirm and correct them, with the national or their location's
-- indicators only.
ALTER TABLE update_figures ENABLE ROW LEVEL SECURITY;
ALTER TABLE update_figures FORCE ROW LEVEL SECURITY;
CREATE POLICY update_figures_read ON update_figures FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national()
           OR EXISTS (SELECT 1 FROM initiatives i
                       WHERE i.id = initiative_id AND i.visibility = 'public'));
CREATE POLICY update_figures_add ON update_figures FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND entered_by = portal_user_id()
        AND EXISTS (SELECT 1 FROM indicators d WHERE d.id = indicator_id
                     AND (d.location_id IS NULL
                          OR d.location_id = update_figures.location_id)));
CREATE POLICY update_figures_change ON update_figures FOR UPDATE
    USING (portal_can_write(location_id))
    WITH CHECK (portal_can_write(location_id));

GRANT SELECT, INSERT ON indicators, update_figures TO portal_app;
GRANT UPDATE (confirmed_by, confirmed_at, replaced_by, replaced_at)
    ON update_figures TO portal_app;
-- Functions portal_owner makes are nobody's until granted (sql/015).
GRANT EXECUTE ON FUNCTION update_figures_json(initiative_updates),
    initiative_figure_totals(bigint) TO portal_app;

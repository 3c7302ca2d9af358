-- Targets, baselines and breakdowns with privacy (issue 18).
--
-- An initiative sets, per indicator, a baseline (where things stood
-- before it began), a target and the date it means to reach it by;
-- progress is the indicator's running total (the sum of its period
-- figures, sql/025) against the target.
--
-- A figure may be broken down by community, language, gender and age
-- band.  Each dimension given adds up to the figure (the portal checks
-- before it keeps one).  Breakdowns hang on the figure's row, so a
-- correction (a new row) starts without one and the old row keeps its
-- own in the history.  Counts are shown raw only to the location's own
-- working group; everyone else sees them through the small-cell
-- suppression of app/domain/suppress.c (docs/privacy.md).
--
-- Communities are a national list INZ keeps (settlement staff add and
-- retire entries); languages are the codes of app/domain/spoken.c,
-- genders and age bands fixed lists (app/domain/suppress.c).

CREATE TABLE initiative_targets (
    location_id    bigint NOT NULL,
    initiative_id  bigint NOT NULL,
    indicator_id   bigint NOT NULL REFERENCES indicators (id),
    baseline       integer NOT NULL CHECK (baseline BETWEEN 0 AND 100000000),
    target         integer NOT NULL CHECK (target BETWEEN 0 AND 100000000),
    target_date    date NOT NULL,
    set_by         bigint REFERENCES users (id),
    set_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, initiative_id, indicator_id),
    FOREIGN KEY (location_id, initiative_id)
        REFERENCES initiatives (location_id, id)
);
COMMENT ON TABLE initiative_targets IS
    'Per initiative and indicator: baseline, target and target date. '
    'Progress is the running total of the period figures against target.';

-- An initiative's targets with progress: [{indicator, name, unit,
-- baseline, target, by, to_date, percent}], to_date the running total of
-- its current figures (confirmed ones only when confirmed_only), percent
-- the whole per cent of the target reached (null for a target of 0).
CREATE FUNCTION initiative_targets_json(initiative bigint,
                                        confirmed_only boolean)
    RETURNS jsonb
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('indicator', d.key,
               'name', d.name, 'unit', d.unit, 'baseline', t.baseline,
               'target', t.target,
               'by', to_char(t.target_date, 'YYYY-MM-DD'),
               'to_date', s.to_date,
               'percent', CASE WHEN t.target > 0
                               THEN (s.to_date * 100 / t.target)::integer
                          END)
               ORDER BY d.location_id NULLS FIRST, d.position, d.id), '[]')
      FROM initiative_targets t JOIN indicators d ON d.id = t.indicator_id
     CROSS JOIN LATERAL (SELECT coalesce(sum(f.value), 0)::bigint AS to_date
              FROM update_figures f
             WHERE f.initiative_id = t.initiative_id
               AND f.indicator_id = t.indicator_id
               AND f.replaced_at IS NULL
               AND (NOT confirmed_only OR f.confirmed_at IS NOT NULL)) s
     WHERE t.initiative_id = initiative $$;

CREATE TABLE communities (
    key         text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    position    integer NOT NULL DEFAULT 1000,
    active      boolean NOT NULL DEFAULT true,
    created_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE communities IS
    'The ethnic and national communities a figure may be broken down by; '
    'INZ keeps the list.  A retired one (active false) takes no new counts.';

-- The communities the quota has resettled most, from the seed documents
-- and the demo's initiatives; INZ adds more.
INSERT INTO communities (key, name, position) VALUES
    ('afghan', 'Afghan', 10), ('bhutanese', 'Bhutanese', 20),
    ('colombian', 'Colombian', 30), ('congolese', 'Congolese', 40),
    ('eritrean', 'Eritrean', 50), ('ethiopian', 'Ethiopian', 60),
    ('iraqi', 'Iraqi', 70), ('myanmar', 'Myanmar (Burmese, Chin, Karen)', 80),
    ('palestinian', 'Palestinian', 90), ('somali', 'Somali', 100),
    ('sri_lankan', 'Sri Lankan', 110), ('sudanese', 'Sudanese', 120),
    ('syrian', 'Syrian', 130), ('other', 'Another community', 900),
    ('not_stated', 'Not stated', 990);

CREATE TABLE figure_breakdowns (
    location_id  bigint NOT NULL,
    figure_id    bigint NOT NULL REFERENCES update_figures (id),
    dimension    text NOT NULL CHECK (dimension IN ('community', 'language',
                     'gender', 'age_band')),
    value        text NOT NULL CHECK (value ~ '^[A-Za-z0-9_-]{1,40}$'),
    count        integer NOT NULL CHECK (count BETWEEN 1 AND 1000000),
    PRIMARY KEY (location_id, figure_id, dimension, value)
);
COMMENT ON TABLE figure_breakdowns IS
    'A figure broken down: each dimension''s counts add up to the figure. '
    'Raw for the location''s working group only; suppressed elsewhere.';
CREATE INDEX figure_breakdowns_figure ON figure_breakdowns (figure_id);

-- An update's current figures' breakdowns: {indicator: {dimension:
-- {value: count}}}, {} when there are none.
CREATE FUNCTION update_breakdowns_json(update bigint) RETURNS jsonb
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coalesce(jsonb_object_agg(x.key, x.dims), '{}')
      FROM (SELECT d.key, jsonb_object_agg(y.dimension, y.cells) AS dims
              FROM update_figures f JOIN indicators d ON d.id = f.indicator_id
              JOIN (SELECT b.figure_id, b.dimension,
                           jsonb_object_agg(b.value, b.count) AS cells
                      FROM figure_breakdowns b GROUP BY 1, 2) y
                ON y.figure_id = f.id
             WHERE f.update_id = update AND f.replaced_at IS NULL
             GROUP BY d.key) x $$;

CREATE TRIGGER initiative_targets_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_targets
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER communities_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communities
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER figure_breakdowns_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON figure_breakdowns
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Row-level security -------------------------------------------------------

-- Targets are read as their initiatives are; members and coordinators
-- set them.
ALTER TABLE initiative_targets ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiative_targets FORCE ROW LEVEL SECURITY;
CREATE POLICY initiative_targets_read ON initiative_targets FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national()
           OR EXISTS (SELECT 1 FROM initiatives i
                       WHERE i.id = initiative_id AND i.visibility = 'public'));
CREATE POLICY initiative_targets_add ON initiative_targets FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND set_by = portal_user_id());
CREATE POLICY initiative_targets_change ON initiative_targets FOR UPDATE
    USING (portal_can_write(location_id))
    WITH CHECK (portal_can_write(location_id) AND set_by = portal_user_id());
CREATE POLICY initiative_targets_remove ON initiative_targets FOR DELETE
    USING (portal_can_write(location_id));
GRANT SELECT, INSERT, DELETE ON initiative_targets TO portal_app;
GRANT UPDATE (baseline, target, target_date, set_by, set_at)
    ON initiative_targets TO portal_app;

-- The list of communities is public; national staff keep it.
ALTER TABLE communities ENABLE ROW LEVEL SECURITY;
ALTER TABLE communities FORCE ROW LEVEL SECURITY;
CREATE POLICY communities_read ON communities FOR SELECT USING (true);
CREATE POLICY communities_add ON communities FOR INSERT
    WITH CHECK (portal_is_national() AND created_by = portal_user_id());
CREATE POLICY communities_change ON communities FOR UPDATE
    USING (portal_is_national()) WITH CHECK (portal_is_national());
GRANT SELECT, INSERT (key, name, position, created_by) ON communities
    TO portal_app;
GRANT UPDATE (name, position, active) ON communities TO portal_app;

-- Breakdowns are read as their figures are (the application suppresses
-- small counts for everyone outside the working group); members and
-- coordinators add them with their figures.
ALTER TABLE figure_breakdowns ENABLE ROW LEVEL SECURITY;
ALTER TABLE figure_breakdowns FORCE ROW LEVEL SECURITY;
CREATE POLICY figure_breakdowns_read ON figure_breakdowns FOR SELECT
    USING (EXISTS (SELECT 1 FROM update_figures f WHERE f.id = figure_id));
CREATE POLICY figure_breakdowns_add ON figure_breakdowns FOR INSERT
    WITH CHECK (portal_can_write(location_id)
        AND EXISTS (SELECT 1 FROM update_figures f WHERE f.id = figure_id
                     AND f.location_id = figure_breakdowns.location_id
                     AND f.entered_by = portal_user_id()));
GRANT SELECT, INSERT ON figure_breakdowns TO portal_app;

GRANT EXECUTE ON FUNCTION initiative_targets_json(bigint, boolean),
    update_breakdowns_json(bigint) TO portal_app;

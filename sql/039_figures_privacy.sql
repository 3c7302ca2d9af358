-- Targets, breakdowns and questionnaires after review (sql/031-037).
--
-- 1. A percentage of a target is one function, target_percent(), capped
--    at the largest integer: (to_date * 100 / target)::integer overflowed
--    once a running total passed 21,474,836 against a target of 1, and
--    one member's figures turned their initiative's page, their
--    location's lists and the national overview into errors.
-- 2. A shared initiative's targets reach its participating locations, and
--    partners read every initiative's targets, as they read its
--    initiative and confirmed figures (sql/033); before, the read policy
--    let neither through unless the initiative was public.
-- 3. The database checks what the application already does when rows are
--    added: a participant row names the lead location's own initiative
--    (the foreign key that did went with sql/034); a breakdown hangs on a
--    current figure, never one a correction replaced; a target names a
--    national indicator or the location's own.  (The application keeps a
--    breakdown only with its new figure, unconfirmed; the policy does not
--    require that, as the demo data breaks down a figure confirmed
--    already, sql/demo/011.)
-- 4. questionnaire_save() holds the questionnaire while it saves, so two
--    saves take turns, and makes a new version when a stocktake opened the
--    latest one in the meantime instead of reporting an edit that row-level
--    security refused.
--
-- Corrections to earlier files, which are not edited: sql/031 says raw
-- counts go to "the location's own working group"; an update's breakdowns
-- now go, raw, to its initiative's lead location's working group only, and
-- nobody else sees an update's breakdown, only each location's suppressed
-- sums (docs/privacy.md).  sql/037's "a shared initiative's target reaches
-- its participating locations" held for the change notices only; with 2.
-- it holds for reading too.  sql/032's handlers/questionnaire.c is now
-- handlers/national/questionnaire.c.

COMMENT ON TABLE figure_breakdowns IS
    'A figure broken down: each dimension''s counts add up to the figure. '
    'An update''s breakdowns are its lead location''s working group''s '
    'alone; others see only each location''s suppressed sums.';

-- 1. ------------------------------------------------------------------------

-- The whole per cent of target that to_date is: NULL for a target of 0,
-- at most 2147483647.
CREATE FUNCTION target_percent(to_date numeric, target numeric)
    RETURNS integer
    LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN target > 0
                THEN least(floor(to_date * 100 / target), 2147483647)::integer
           END $$;
GRANT EXECUTE ON FUNCTION target_percent(numeric, numeric) TO portal_app;

-- As sql/031's, its percentage from target_percent().
CREATE OR REPLACE FUNCTION initiative_targets_json(initiative bigint,
                                                   confirmed_only boolean)
    RETURNS jsonb
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('indicator', d.key,
               'name', d.name, 'unit', d.unit, 'baseline', t.baseline,
               'target', t.target,
               'by', to_char(t.target_date, 'YYYY-MM-DD'),
               'to_date', s.to_date,
               'percent', target_percent(s.to_date, t.target))
               ORDER BY d.location_id NULLS FIRST, d.position, d.id), '[]')
      FROM initiative_targets t JOIN indicators d ON d.id = t.indicator_id
     CROSS JOIN LATERAL (SELECT coalesce(sum(f.value), 0)::bigint AS to_date
              FROM update_figures f
             WHERE f.initiative_id = t.initiative_id
               AND f.indicator_id = t.indicator_id
               AND f.replaced_at IS NULL
               AND (NOT confirmed_only OR f.confirmed_at IS NOT NULL)) s
     WHERE t.initiative_id = initiative $$;

-- 2. ------------------------------------------------------------------------

CREATE POLICY initiative_targets_read_beyond ON initiative_targets
    FOR SELECT
    USING (portal_is_partner()
           OR initiative_id = ANY (ARRAY(SELECT initiative_id
                                           FROM participating_initiatives)));

-- 3. ------------------------------------------------------------------------

DROP POLICY initiative_locations_add ON initiative_locations;
CREATE POLICY initiative_locations_add ON initiative_locations FOR INSERT
    WITH CHECK (portal_can_write(lead_location_id)
                AND EXISTS (SELECT 1 FROM initiatives i
                             WHERE i.id = initiative_id
                               AND i.location_id = lead_location_id));

DROP POLICY figure_breakdowns_add ON figure_breakdowns;
CREATE POLICY figure_breakdowns_add ON figure_breakdowns FOR INSERT
    WITH CHECK (portal_can_write(location_id)
        AND EXISTS (SELECT 1 FROM update_figures f WHERE f.id = figure_id
                     AND f.location_id = figure_breakdowns.location_id
                     AND f.entered_by = portal_user_id()
                     AND f.replaced_at IS NULL));

DROP POLICY initiative_targets_add ON initiative_targets;
CREATE POLICY initiative_targets_add ON initiative_targets FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND set_by = portal_user_id()
        AND EXISTS (SELECT 1 FROM indicators d WHERE d.id = indicator_id
                     AND (d.location_id IS NULL
                          OR d.location_id = initiative_targets.location_id)));

-- 4. ------------------------------------------------------------------------

-- As sql/032's.  The row lock on the questionnaire makes two saves take
-- turns (the second sees the first's version); STMT_STOCKTAKE_CREATE
-- takes a share lock on the same row, so a stocktake opens a version
-- either before a save (which then makes a new one) or after it.
CREATE OR REPLACE FUNCTION questionnaire_save(q bigint, new_name text,
                                              new_questions jsonb,
                                              who bigint) RETURNS integer
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
    latest integer;
BEGIN
    PERFORM 1 FROM questionnaires WHERE id = q FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT max(v.version) INTO latest FROM questionnaire_versions v
     WHERE v.questionnaire_id = q;
    IF latest IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE questionnaires SET name = new_name WHERE id = q;
    IF NOT EXISTS (SELECT 1 FROM stocktakes s WHERE s.questionnaire_id = q
                    AND s.questionnaire_version = latest) THEN
        UPDATE questionnaire_versions SET questions = new_questions
         WHERE questionnaire_id = q AND version = latest;
        IF FOUND THEN
            RETURN latest;
        END IF;
        -- Row-level security refused it: a stocktake uses it now.
    END IF;
    latest := latest + 1;
    INSERT INTO questionnaire_versions (questionnaire_id, version,
                                        questions, created_by)
    VALUES (q, latest, new_questions, who);
    RETURN latest;
END $$;

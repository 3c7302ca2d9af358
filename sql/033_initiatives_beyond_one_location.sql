-- Initiatives beyond one location, and national partners (issue 18).
--
-- An initiative belongs to its lead location (initiatives.location_id) and
-- may be run nationally or across several locations: its scope says which,
-- and initiative_locations lists the participating locations, each of which
-- sees it in its list and its coverage but never changes it (the lead
-- location's members do; the write policies of sql/005 stay as they are).
-- It may be a mainstream programme with significant refugee participation,
-- names its lead agency, and lists who funds it (funding_sources).
--
-- A new national role, 'partner', is for agencies such as MBIE, MSD and TEC:
-- read-only national views without applicants' personal data or figures
-- nobody has confirmed.  portal_is_national() stays false for partners, so
-- every policy written before this file keeps them out; the policies below
-- let them read the aggregate tables, and the queue view below gives the
-- national overview's request lists without any applicant's contact.

ALTER TABLE users DROP CONSTRAINT users_national_role_check;
ALTER TABLE users ADD CONSTRAINT users_national_role_check
    CHECK (national_role IN ('inz_staff', 'admin', 'partner'));

CREATE FUNCTION portal_is_partner() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_setting('portal.national_role', true), '')
                 = 'partner' $$;

-- Funding sources: [{"source", "amount_cents", "period"}], checked in the
-- application first (a 422 naming funding_sources) and here too.
CREATE FUNCTION initiative_funding_sources_ok(s jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT jsonb_typeof(s) = 'array' AND jsonb_array_length(s) <= 20
             AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(s) x
                 WHERE jsonb_typeof(x) <> 'object'
                    OR NOT (x ->> 'source') = ANY (ARRAY['levy', 'council',
                           'philanthropy', 'portal_round', 'other'])
                    OR jsonb_typeof(x -> 'amount_cents') <> 'number'
                    OR (x ->> 'amount_cents')::numeric
                           NOT BETWEEN 0 AND 100000000000
                    OR length(btrim(coalesce(x ->> 'period', '')))
                           NOT BETWEEN 1 AND 50) $$;

ALTER TABLE initiatives
    ADD COLUMN scope text NOT NULL DEFAULT 'local'
        CHECK (scope IN ('local', 'multi', 'national')),
    ADD COLUMN mainstream boolean NOT NULL DEFAULT false,
    ADD COLUMN lead_agency text NOT NULL DEFAULT ''
        CHECK (length(lead_agency) <= 200),
    ADD COLUMN funding_sources jsonb NOT NULL DEFAULT '[]'
        CHECK (initiative_funding_sources_ok(funding_sources));
COMMENT ON COLUMN initiatives.scope IS
    'local: this location''s own; multi: run with the participating '
    'locations of initiative_locations; national: run nationally (it may '
    'list participating locations too).';
COMMENT ON COLUMN initiatives.mainstream IS
    'A mainstream programme with significant refugee participation (the '
    'stocktake survey''s wording, seed 000).';

-- The participating locations of a lead location's initiative.  The
-- participating location leads the key: it is the tenant that reads it.
CREATE TABLE initiative_locations (
    location_id       bigint NOT NULL REFERENCES locations (id),
    initiative_id     bigint NOT NULL,
    lead_location_id  bigint NOT NULL,
    PRIMARY KEY (location_id, initiative_id),
    FOREIGN KEY (lead_location_id, initiative_id)
        REFERENCES initiatives (location_id, id) ON DELETE CASCADE,
    CHECK (location_id <> lead_location_id)
);
CREATE INDEX initiative_locations_initiative
    ON initiative_locations (initiative_id, location_id);
COMMENT ON TABLE initiative_locations IS
    'Locations taking part in another location''s initiative: they read it '
    'and count it in their coverage; only the lead location changes it.';

CREATE TRIGGER initiative_locations_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_locations
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

ALTER TABLE initiative_locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiative_locations FORCE ROW LEVEL SECURITY;
CREATE POLICY initiative_locations_read ON initiative_locations FOR SELECT
    USING (portal_can_read(location_id) OR portal_can_read(lead_location_id)
           OR portal_is_national() OR portal_is_partner());
CREATE POLICY initiative_locations_add ON initiative_locations FOR INSERT
    WITH CHECK (portal_can_write(lead_location_id));
CREATE POLICY initiative_locations_remove ON initiative_locations FOR DELETE
    USING (portal_can_write(lead_location_id));
GRANT SELECT, INSERT, DELETE ON initiative_locations TO portal_app;

-- The initiatives the asker's locations take part in.  A view with its
-- owner's rights (portal_owner bypasses row-level security), like
-- user_names of sql/015: it reads initiative_locations through its key
-- (location_id leads it) without checking every row's policy again, and
-- shows only the asker's own locations' rows.
CREATE VIEW participating_initiatives WITH (security_barrier) AS
    SELECT p.initiative_id FROM initiative_locations p
     WHERE p.location_id = ANY (portal_setting_ids('portal.locations_read'));
GRANT SELECT ON participating_initiatives TO portal_app;

-- A participating location's people read the lead's initiative (and its
-- updates and figures); partners read every initiative.  Writes keep
-- sql/005's policies: the lead location only.  The uncorrelated ARRAY() is
-- computed once per statement, not per row.
CREATE POLICY initiatives_read_participating ON initiatives FOR SELECT
    USING (portal_is_partner() OR id = ANY (ARRAY(SELECT initiative_id FROM participating_initiatives)));
CREATE POLICY initiative_updates_read_participating ON initiative_updates
    FOR SELECT USING (initiative_id = ANY (ARRAY(SELECT initiative_id FROM participating_initiatives)));
-- Partners read confirmed, current figures only (never one waiting for
-- confirmation); participants read the lead's as its own people do.
CREATE POLICY update_figures_read_beyond ON update_figures FOR SELECT
    USING ((portal_is_partner() AND confirmed_at IS NOT NULL
            AND replaced_at IS NULL)
           OR initiative_id = ANY (ARRAY(SELECT initiative_id FROM participating_initiatives)));

-- Restrictive: whatever else lets a row through (a published initiative's
-- figures are public), a partner never reads a figure waiting for
-- confirmation or replaced by a correction.
CREATE POLICY update_figures_partner_confirmed ON update_figures AS RESTRICTIVE
    FOR SELECT
    USING (NOT portal_is_partner()
           OR (confirmed_at IS NOT NULL AND replaced_at IS NULL));

GRANT UPDATE (scope, mainstream, lead_agency, funding_sources)
    ON initiatives TO portal_app;

-- Partners: the national overview's aggregate tables, rounds (names and
-- money), stocktakes and who returned them, and group sizes by sector.
CREATE POLICY national_area_counts_partner ON national_area_counts
    FOR SELECT USING (portal_is_partner());
CREATE POLICY national_element_counts_partner ON national_element_counts
    FOR SELECT USING (portal_is_partner());
CREATE POLICY national_round_requests_partner ON national_round_requests
    FOR SELECT USING (portal_is_partner());
CREATE POLICY funding_rounds_partner ON funding_rounds
    FOR SELECT USING (portal_is_partner());
CREATE POLICY stocktakes_partner ON stocktakes
    FOR SELECT USING (portal_is_partner());
CREATE POLICY stocktake_returns_partner ON stocktake_returns
    FOR SELECT USING (portal_is_partner());
CREATE POLICY memberships_partner ON memberships
    FOR SELECT USING (portal_is_partner());

-- The requests waiting for a decision and the paid ones, as the national
-- overview lists them: no applicant, no contact, no description.  A view
-- with its owner's rights (portal_owner bypasses row-level security), for
-- national staff and partners only; security_barrier so that no condition
-- of the asker's sees rows the view's own condition leaves out.  Partners
-- cannot read funding_requests itself: its policies never name them.
CREATE VIEW national_request_queue WITH (security_barrier) AS
    SELECT r.id, r.location_id, r.title, r.state, r.amount_cents,
           r.paid_cents, r.submitted_at, r.report_due_on
      FROM funding_requests r
     WHERE r.state IN ('submitted', 'in_review', 'info_requested', 'disbursed')
       AND (portal_is_national() OR portal_is_partner());
COMMENT ON VIEW national_request_queue IS
    'Requests waiting for a decision or a report, for the national overview; '
    'never an applicant''s name or contact.';
GRANT SELECT ON national_request_queue TO portal_app;

-- A participating location's coverage and the national outcome areas
-- count the lead's initiative there too.
CREATE INDEX initiatives_outcomes ON initiatives (location_id)
    INCLUDE (status, outcome_areas) WHERE status IN ('active', 'planned');

-- The participating locations' slugs of initiative i, by name: what the
-- asker may read of initiative_locations (the caller's rights).
CREATE FUNCTION initiative_participants(i bigint) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(jsonb_agg(l.slug ORDER BY l.name), '[]')
            FROM initiative_locations p JOIN locations l ON l.id = p.location_id
           WHERE p.initiative_id = i $$;
GRANT EXECUTE ON FUNCTION initiative_participants(bigint) TO portal_app;
GRANT EXECUTE ON FUNCTION portal_is_partner() TO portal_app;
GRANT EXECUTE ON FUNCTION initiative_funding_sources_ok(jsonb) TO portal_app;

-- Overlaps between locations, adoption of another location's initiative,
-- and national stocktake campaigns (issue 6, items 2 and 3).
--
-- pg_trgm is a trusted extension (PostgreSQL 13 and later): the database's
-- owner (portal_owner, who runs the migrations) may create it without
-- being a superuser.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Overlaps ------------------------------------------------------------------

-- What two initiatives are compared on: the title and the start of the
-- summary, lowered.  IMMUTABLE, so it can be indexed; the summary is cut
-- so that a long write-up does not drown the title's trigrams.
CREATE FUNCTION initiative_overlap_text(title text, summary text)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(title || ' ' || left(summary, 400)) $$;

-- The overlap list finds each initiative's similar ones through this index
-- (the % operator), never by comparing every pair.
CREATE INDEX initiatives_overlap ON initiatives
    USING gin (initiative_overlap_text(title, summary) gin_trgm_ops)
    WHERE status <> 'cancelled';

-- Adoption ------------------------------------------------------------------

-- A working group may start an initiative from another location's
-- published one; the link to where it came from is kept.  The source's
-- location is kept too: the source may later be unpublished, and the
-- adopting group can still say whose idea it was.
ALTER TABLE initiatives
    ADD COLUMN adopted_from_id bigint REFERENCES initiatives (id),
    ADD COLUMN adopted_from_location_id bigint REFERENCES locations (id),
    ADD CONSTRAINT initiatives_adopted_pair CHECK (
        (adopted_from_id IS NULL) = (adopted_from_location_id IS NULL)),
    ADD CONSTRAINT initiatives_adopted_elsewhere CHECK (
        adopted_from_location_id IS DISTINCT FROM location_id);
CREATE INDEX initiatives_adopted_from ON initiatives (adopted_from_id)
    WHERE adopted_from_id IS NOT NULL;

-- How many locations adopted initiative src: shown on its public page, to
-- anyone, though the adopted copies are their working groups' own (RLS
-- would hide them).  Only the count leaves the function.
CREATE FUNCTION initiative_adoption_count(src bigint) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT count(DISTINCT location_id)::integer FROM initiatives
           WHERE adopted_from_id = src $$;
REVOKE ALL ON FUNCTION initiative_adoption_count(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION initiative_adoption_count(bigint) TO portal_app;

-- Stocktake campaigns --------------------------------------------------------

-- INZ opens a stocktake; each location's coordinator completes the
-- location's return once, which snapshots every initiative it has.
CREATE TABLE stocktakes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    question    text NOT NULL CHECK (length(btrim(question)) BETWEEN 1 AND 20000),
    due_on      date NOT NULL,
    opened_by   bigint NOT NULL REFERENCES users (id),
    opened_at   timestamptz NOT NULL DEFAULT now(),
    closed_by   bigint REFERENCES users (id),
    closed_at   timestamptz,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
COMMENT ON TABLE stocktakes IS
    'National stocktake campaigns; a closed one takes no more returns.';

CREATE TABLE stocktake_returns (
    stocktake_id  bigint NOT NULL REFERENCES stocktakes (id),
    location_id   bigint NOT NULL REFERENCES locations (id),
    completed_at  timestamptz NOT NULL DEFAULT now(),
    completed_by  bigint NOT NULL REFERENCES users (id),
    note          text NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
    PRIMARY KEY (stocktake_id, location_id)
);
COMMENT ON TABLE stocktake_returns IS
    'One completed return per location and stocktake; append-only.';

-- One row per initiative of the location when its return was completed.
-- Plain columns, for exports and comparisons between years:
--   stocktake_id, location_id, initiative_id   the keys
--   taken_at        when the return was completed (= its completed_at)
--   title, area, status, visibility            as they were
--   elements, outcome_areas   text[] of docs/domain.md keys
--   start_date, end_date      date or NULL
--   updates         how many progress updates it had
--   people_reached, sessions_held, volunteers, into_work
--                   the totals of its updates' figures (0 when none)
--   latest_update_on          the date of its newest update, or NULL
--   data            every column of the initiative (but its search text)
--                   as jsonb, with the figures above, for what the plain
--                   columns leave out (summary, partners, target groups,
--                   lead, version, dates of change)
-- Immutable: portal_app may INSERT and SELECT, never UPDATE or DELETE.
CREATE TABLE stocktake_snapshots (
    stocktake_id      bigint NOT NULL,
    location_id       bigint NOT NULL,
    initiative_id     bigint NOT NULL REFERENCES initiatives (id),
    taken_at          timestamptz NOT NULL,
    title             text NOT NULL,
    area              text NOT NULL,
    status            text NOT NULL,
    visibility        text NOT NULL,
    elements          text[] NOT NULL,
    outcome_areas     text[] NOT NULL,
    start_date        date,
    end_date          date,
    updates           integer NOT NULL,
    people_reached    bigint NOT NULL,
    sessions_held     bigint NOT NULL,
    volunteers        bigint NOT NULL,
    into_work         bigint NOT NULL,
    latest_update_on  date,
    data              jsonb NOT NULL,
    PRIMARY KEY (stocktake_id, location_id, initiative_id),
    FOREIGN KEY (stocktake_id, location_id)
        REFERENCES stocktake_returns (stocktake_id, location_id)
);
COMMENT ON TABLE stocktake_snapshots IS
    'Every initiative of a location as it was when the location completed '
    'a stocktake return; never changed afterwards.';

-- Completes location's return to stocktake and snapshots its initiatives,
-- in one statement's worth of work.  Runs as the caller: row-level
-- security decides (coordinators of the location only).  Returns the
-- number of initiatives kept.
CREATE FUNCTION stocktake_snapshot(stocktake bigint, location bigint,
                                   taken timestamptz) RETURNS integer
    LANGUAGE sql VOLATILE SET search_path = public, pg_temp AS $$
    WITH figures AS (
        SELECT i.id, count(u.id)::integer AS updates,
               coalesce(sum(u.people_reached), 0) AS people_reached,
               coalesce(sum(u.sessions_held), 0) AS sessions_held,
               coalesce(sum(u.volunteers), 0) AS volunteers,
               coalesce(sum(u.into_work), 0) AS into_work,
               max(u.date) AS latest_update_on
          FROM initiatives i
          LEFT JOIN initiative_updates u ON u.initiative_id = i.id
         WHERE i.location_id = location
         GROUP BY i.id),
    kept AS (
        INSERT INTO stocktake_snapshots (stocktake_id, location_id,
            initiative_id, taken_at, title, area, status, visibility,
            elements, outcome_areas, start_date, end_date, updates,
            people_reached, sessions_held, volunteers, into_work,
            latest_update_on, data)
        SELECT stocktake, location, i.id, taken, i.title, i.area, i.status,
               i.visibility, i.elements, i.outcome_areas, i.start_date,
               i.end_date, f.updates, f.people_reached, f.sessions_held,
               f.volunteers, f.into_work, f.latest_update_on,
               (to_jsonb(i) - 'search') || jsonb_build_object(
                   'lead_name', lu.display_name, 'updates', f.updates,
                   'people_reached', f.people_reached,
                   'sessions_held', f.sessions_held,
                   'volunteers', f.volunteers, 'into_work', f.into_work,
                   'latest_update_on', f.latest_update_on)
          FROM initiatives i JOIN figures f ON f.id = i.id
          LEFT JOIN users lu ON lu.id = i.lead_user_id
        RETURNING 1)
    SELECT count(*)::integer FROM kept $$;

CREATE INDEX stocktake_returns_location ON stocktake_returns (location_id);

CREATE TRIGGER stocktakes_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stocktakes
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER stocktake_returns_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stocktake_returns
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Row-level security ---------------------------------------------------------

ALTER TABLE stocktakes ENABLE ROW LEVEL SECURITY;
ALTER TABLE stocktakes FORCE ROW LEVEL SECURITY;
-- Everyone with a role somewhere reads the campaigns; INZ runs them.
CREATE POLICY stocktakes_read ON stocktakes FOR SELECT
    USING (portal_is_national()
           OR cardinality(portal_setting_ids('portal.locations_read')) > 0);
CREATE POLICY stocktakes_add ON stocktakes FOR INSERT
    WITH CHECK (portal_is_national() AND opened_by = portal_user_id());
CREATE POLICY stocktakes_change ON stocktakes FOR UPDATE
    USING (portal_is_national()) WITH CHECK (portal_is_national());

ALTER TABLE stocktake_returns ENABLE ROW LEVEL SECURITY;
ALTER TABLE stocktake_returns FORCE ROW LEVEL SECURITY;
CREATE POLICY stocktake_returns_read ON stocktake_returns FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY stocktake_returns_add ON stocktake_returns FOR INSERT
    WITH CHECK (portal_can_manage(location_id)
                AND completed_by = portal_user_id());

ALTER TABLE stocktake_snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE stocktake_snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY stocktake_snapshots_read ON stocktake_snapshots FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY stocktake_snapshots_add ON stocktake_snapshots FOR INSERT
    WITH CHECK (portal_can_manage(location_id));

GRANT SELECT, INSERT ON stocktakes TO portal_app;
GRANT UPDATE (closed_by, closed_at) ON stocktakes TO portal_app;
GRANT SELECT, INSERT ON stocktake_returns, stocktake_snapshots TO portal_app;
GRANT EXECUTE ON FUNCTION stocktake_snapshot(bigint, bigint, timestamptz)
    TO portal_app;

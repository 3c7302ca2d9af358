-- INZ sets up working groups (issue 18): settlement staff (inz_staff,
-- admin) create a location, invite its first coordinator and archive
-- one from the national pages and the API, no shell access (portalctl)
-- needed; and they may pause a location's funding round.
--
-- locations had no row-level security: portald only read it.  Now
-- national staff add and archive rows; everyone still reads them.

ALTER TABLE locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE locations FORCE ROW LEVEL SECURITY;
CREATE POLICY locations_read ON locations FOR SELECT USING (true);
CREATE POLICY locations_add ON locations FOR INSERT
    WITH CHECK (portal_is_national());
CREATE POLICY locations_change ON locations FOR UPDATE
    USING (portal_is_national()) WITH CHECK (portal_is_national());
GRANT INSERT (slug, name, region) ON locations TO portal_app;
GRANT UPDATE (status) ON locations TO portal_app;

-- A new location has no coordinator to invite anyone: national staff
-- invite its coordinators (only coordinators; the group does the rest).
CREATE POLICY invitations_add_national ON invitations FOR INSERT
    WITH CHECK (portal_is_national() AND role = 'coordinator'
                AND invited_by = portal_user_id());

-- A paused round takes no applications until INZ resumes it; its page
-- says so.  Only national staff pause and resume (the trigger below
-- keeps the rest of the round the coordinators').
ALTER TABLE funding_rounds
    ADD COLUMN paused_at timestamptz,
    ADD COLUMN paused_by bigint REFERENCES users (id),
    ADD CONSTRAINT funding_rounds_paused CHECK ((paused_at IS NULL) =
        (paused_by IS NULL));
COMMENT ON COLUMN funding_rounds.paused_at IS
    'Set by INZ settlement staff: no applications while paused.';

CREATE POLICY funding_rounds_pause ON funding_rounds FOR UPDATE
    USING (portal_is_national()) WITH CHECK (portal_is_national());
GRANT UPDATE (paused_at, paused_by) ON funding_rounds TO portal_app;

-- National staff who are not the location's coordinators change nothing
-- of a round but its pause; coordinators never pause one.
CREATE FUNCTION funding_rounds_pause_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF (NEW.paused_at, NEW.paused_by) IS DISTINCT FROM
       (OLD.paused_at, OLD.paused_by) AND NOT portal_is_national() THEN
        RAISE EXCEPTION 'only national staff pause a round'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF portal_is_national() AND NOT portal_can_manage(OLD.location_id)
       AND (to_jsonb(NEW) - 'paused_at' - 'paused_by')
           IS DISTINCT FROM (to_jsonb(OLD) - 'paused_at' - 'paused_by') THEN
        RAISE EXCEPTION 'national staff only pause or resume a round'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER funding_rounds_pause_only BEFORE UPDATE ON funding_rounds
    FOR EACH ROW EXECUTE FUNCTION funding_rounds_pause_only();

-- Who can review a location's requests: its members and coordinators (a
-- round's quorum must be within reach before it opens).
CREATE FUNCTION location_reviewers(location bigint) RETURNS integer
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT count(*)::integer FROM memberships m
     WHERE m.location_id = location AND m.role IN ('member', 'coordinator') $$;
GRANT EXECUTE ON FUNCTION location_reviewers(bigint) TO portal_app;

-- A meeting's record (issue 20): minutes in Markdown per agenda item,
-- drafted by the coordinator and approved at a later meeting of the same
-- working group, after which the database refuses every change to them
-- (a correction is a new row, linked to the minutes and shown beside
-- them); the actions agreed, with an owner, a due date and a state, and
-- the overdue reminders portalctl sends once for each due date; and the
-- public summary of a meeting's decisions: motions and outcomes only,
-- copied when the coordinator publishes it, so no vote, conflict or name
-- can reach the public pages.
--
-- Tenant tables: location_id leads each primary key; the working group
-- and national staff read (the summaries everyone), coordinators write
-- the record, members and coordinators the actions.

-- An agenda item names its meeting and location, so the minutes below can
-- refer to all three at once.
ALTER TABLE meeting_items
    ADD CONSTRAINT meeting_items_whole UNIQUE (id, meeting_id, location_id);

CREATE TABLE meeting_minutes (
    location_id  bigint NOT NULL,
    item_id      bigint NOT NULL,
    meeting_id   bigint NOT NULL,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    drafted_by   bigint NOT NULL REFERENCES users (id),
    drafted_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, item_id),
    FOREIGN KEY (item_id, meeting_id, location_id)
        REFERENCES meeting_items (id, meeting_id, location_id)
);
CREATE INDEX meeting_minutes_meeting ON meeting_minutes (meeting_id);
COMMENT ON TABLE meeting_minutes IS
    'The minutes of an agenda item, Markdown (views/markdown.h renders it). '
    'Read-only once the meeting''s minutes are approved.';

-- The approval of a meeting's minutes at a later meeting of the group.
CREATE TABLE meeting_minutes_approvals (
    location_id  bigint NOT NULL,
    meeting_id   bigint NOT NULL,
    approved_in  bigint NOT NULL,
    approved_by  bigint NOT NULL REFERENCES users (id),
    approved_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, meeting_id),
    FOREIGN KEY (meeting_id, location_id) REFERENCES meetings (id, location_id),
    FOREIGN KEY (approved_in, location_id)
        REFERENCES meetings (id, location_id),
    CONSTRAINT meeting_minutes_approved_later CHECK (approved_in <> meeting_id)
);
COMMENT ON COLUMN meeting_minutes_approvals.approved_in IS
    'The later meeting (of the same location) that approved them.';

-- A correction to approved minutes: never an edit, a new row beside them.
CREATE TABLE meeting_minute_corrections (
    location_id  bigint NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    item_id      bigint NOT NULL,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    made_by      bigint NOT NULL REFERENCES users (id),
    made_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, id),
    FOREIGN KEY (location_id, item_id)
        REFERENCES meeting_minutes (location_id, item_id)
);
CREATE INDEX meeting_minute_corrections_item
    ON meeting_minute_corrections (location_id, item_id);

-- Approved minutes are read-only for everyone, the portal and the owner
-- alike; an approval stands, and approves only an earlier meeting; a
-- correction is for approved minutes (before, the draft is edited).
CREATE FUNCTION meeting_minutes_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
    ELSE
        r := NEW;
    END IF;
    IF TG_TABLE_NAME = 'meeting_minutes' THEN
        -- OLD: an update may not move minutes out of approved ones either.
        IF EXISTS (SELECT 1 FROM meeting_minutes_approvals a
                    WHERE a.location_id = r.location_id
                      AND (a.meeting_id = r.meeting_id OR (TG_OP = 'UPDATE'
                           AND a.meeting_id = OLD.meeting_id))) THEN
            RAISE EXCEPTION 'the minutes of meeting % are approved and read-only: '
                'add a correction instead', r.meeting_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    ELSIF TG_TABLE_NAME = 'meeting_minute_corrections' THEN
        IF NOT EXISTS (SELECT 1 FROM meeting_minutes m
                         JOIN meeting_minutes_approvals a
                           ON a.location_id = m.location_id
                          AND a.meeting_id = m.meeting_id
                        WHERE m.location_id = r.location_id
                          AND m.item_id = r.item_id) THEN
            RAISE EXCEPTION 'only approved minutes are corrected'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    ELSIF TG_OP <> 'INSERT' OR NOT EXISTS (
            SELECT 1 FROM meetings earlier, meetings later
             WHERE earlier.id = r.meeting_id AND later.id = r.approved_in
               AND earlier.starts_at < later.starts_at) THEN
        RAISE EXCEPTION 'minutes are approved once, at a later meeting'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN r;
END $$;
CREATE TRIGGER meeting_minutes_guard
    BEFORE INSERT OR UPDATE OR DELETE ON meeting_minutes
    FOR EACH ROW EXECUTE FUNCTION meeting_minutes_guard();
CREATE TRIGGER meeting_minutes_approvals_guard
    BEFORE INSERT OR UPDATE OR DELETE ON meeting_minutes_approvals
    FOR EACH ROW EXECUTE FUNCTION meeting_minutes_guard();
CREATE TRIGGER meeting_minute_corrections_guard
    BEFORE INSERT OR UPDATE OR DELETE ON meeting_minute_corrections
    FOR EACH ROW EXECUTE FUNCTION meeting_minutes_guard();
-- TRUNCATE fires no row trigger: refused outright on the record.
CREATE FUNCTION meeting_record_no_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a meeting''s record is never truncated'
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER meeting_minutes_no_truncate BEFORE TRUNCATE ON meeting_minutes
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_record_no_truncate();
CREATE TRIGGER meeting_minutes_approvals_no_truncate
    BEFORE TRUNCATE ON meeting_minutes_approvals
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_record_no_truncate();
CREATE TRIGGER meeting_minute_corrections_no_truncate
    BEFORE TRUNCATE ON meeting_minute_corrections
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_record_no_truncate();

-- The public summary of a meeting's decisions, copied at publishing:
-- the meeting's title and date, and each decided item's title, motion and
-- outcome.  Publishing again replaces it.
CREATE TABLE meeting_summaries (
    location_id   bigint NOT NULL,
    meeting_id    bigint NOT NULL,
    title         text NOT NULL,
    held_on       date NOT NULL,
    decisions     jsonb NOT NULL CHECK (jsonb_typeof(decisions) = 'array'),
    published_by  bigint NOT NULL REFERENCES users (id),
    published_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, meeting_id),
    FOREIGN KEY (meeting_id, location_id) REFERENCES meetings (id, location_id)
);
COMMENT ON TABLE meeting_summaries IS
    'Public: motions and outcomes only (never votes, conflicts or names).';

-- The actions agreed by the group.  reminded_for is the due date whose
-- overdue reminder went out (portalctl actions remind): one reminder for
-- each due date passed, another only when a new due date passes too.
CREATE TABLE meeting_actions (
    location_id   bigint NOT NULL REFERENCES locations (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    meeting_id    bigint,
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    owner_id      bigint NOT NULL REFERENCES users (id),
    due_on        date NOT NULL,
    state         text NOT NULL DEFAULT 'open'
                      CHECK (state IN ('open', 'done', 'dropped')),
    reminded_for  date,
    created_by    bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, id),
    FOREIGN KEY (meeting_id, location_id) REFERENCES meetings (id, location_id)
);
CREATE INDEX meeting_actions_open ON meeting_actions (due_on)
    WHERE state = 'open';

-- Row-level security ----------------------------------------------------------

ALTER TABLE meeting_minutes ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_minutes FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_minutes_read ON meeting_minutes FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_minutes_add ON meeting_minutes FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND drafted_by = portal_user_id());
CREATE POLICY meeting_minutes_change ON meeting_minutes FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id) AND drafted_by = portal_user_id());

ALTER TABLE meeting_minutes_approvals ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_minutes_approvals FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_minutes_approvals_read ON meeting_minutes_approvals
    FOR SELECT USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_minutes_approvals_add ON meeting_minutes_approvals
    FOR INSERT WITH CHECK (portal_can_manage(location_id)
        AND approved_by = portal_user_id());

ALTER TABLE meeting_minute_corrections ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_minute_corrections FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_minute_corrections_read ON meeting_minute_corrections
    FOR SELECT USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_minute_corrections_add ON meeting_minute_corrections
    FOR INSERT WITH CHECK (portal_can_manage(location_id)
        AND made_by = portal_user_id());

ALTER TABLE meeting_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_summaries_read ON meeting_summaries FOR SELECT
    USING (true);
CREATE POLICY meeting_summaries_add ON meeting_summaries FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND published_by = portal_user_id());
CREATE POLICY meeting_summaries_change ON meeting_summaries FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id) AND published_by = portal_user_id());

ALTER TABLE meeting_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_actions FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_actions_read ON meeting_actions FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_actions_add ON meeting_actions FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND created_by = portal_user_id());
CREATE POLICY meeting_actions_change ON meeting_actions FOR UPDATE
    USING (portal_can_write(location_id))
    WITH CHECK (portal_can_write(location_id));

GRANT SELECT, INSERT ON meeting_minutes, meeting_minutes_approvals,
    meeting_minute_corrections, meeting_summaries, meeting_actions
    TO portal_app;
GRANT UPDATE (body, drafted_by, drafted_at) ON meeting_minutes TO portal_app;
GRANT UPDATE (title, held_on, decisions, published_by, published_at)
    ON meeting_summaries TO portal_app;
GRANT UPDATE (body, owner_id, due_on, state, updated_at)
    ON meeting_actions TO portal_app;

-- Workers keep the working-group home (open actions) and the public
-- summaries in memory: tell them when these change (sql/003).
CREATE TRIGGER meeting_actions_changed
    AFTER INSERT OR UPDATE OR DELETE ON meeting_actions
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER meeting_summaries_changed
    AFTER INSERT OR UPDATE OR DELETE ON meeting_summaries
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

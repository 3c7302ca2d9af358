-- The working group's meetings (issue 20): a coordinator schedules one (in
-- New Zealand time, at a place or by video, with the languages and
-- interpreting arranged), invites the group (an email with an RFC 5545
-- .ics attachment through the outbox), builds the agenda, and records who
-- came.  The group's quorum rule says how many members, and optionally
-- how many sectors, make a meeting quorate.
--
-- Every table is a tenant table: the working group and national staff
-- read it, coordinators write it (row-level security as sql/015).

-- Outbox attachments: one a message, as text (an .ics file).  portalctl
-- outbox send turns a message with one into multipart/mixed.
ALTER TABLE outbox
    ADD COLUMN attachment_name text
        CHECK (attachment_name ~ '^[A-Za-z0-9._-]{1,100}$'),
    ADD COLUMN attachment_type text
        CHECK (attachment_type ~ '^[a-z]+/[a-z0-9.+-]+(; *[a-z-]+=[A-Za-z0-9-]+)*$'),
    ADD COLUMN attachment text CHECK (length(attachment) <= 100000),
    ADD CONSTRAINT outbox_attachment_whole CHECK (
        (attachment IS NULL) = (attachment_name IS NULL)
        AND (attachment IS NULL) = (attachment_type IS NULL));

CREATE TABLE meeting_rules (
    location_id     bigint PRIMARY KEY REFERENCES locations (id),
    quorum_members  integer NOT NULL DEFAULT 3 CHECK (quorum_members BETWEEN 1 AND 200),
    quorum_sectors  integer NOT NULL DEFAULT 0 CHECK (quorum_sectors BETWEEN 0 AND 9),
    updated_by      bigint NOT NULL REFERENCES users (id),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE meeting_rules IS
    'A working group''s quorum: members present, and sectors among them '
    '(0: any).  Without a row, 3 members and any sectors.';

CREATE TABLE meetings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id   bigint NOT NULL REFERENCES locations (id),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    place         text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    video_url     text NOT NULL DEFAULT '' CHECK (length(video_url) <= 500
                      AND (video_url = '' OR video_url ~ '^https://[^[:space:]]+$')),
    interpreting  text NOT NULL DEFAULT '' CHECK (length(interpreting) <= 500),
    created_by    bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    invited_at    timestamptz,
    -- RFC 5545 SEQUENCE: one more each time the invitation is sent again.
    sequence      integer NOT NULL DEFAULT 0,
    CONSTRAINT meetings_somewhere CHECK (place <> '' OR video_url <> ''),
    CONSTRAINT meetings_ends_after CHECK (ends_at > starts_at
        AND ends_at <= starts_at + interval '12 hours'),
    UNIQUE (id, location_id)
);
CREATE INDEX meetings_location ON meetings (location_id, starts_at DESC);
COMMENT ON COLUMN meetings.starts_at IS
    'Entered and shown in New Zealand time (Pacific/Auckland).';

CREATE TABLE meeting_items (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     bigint NOT NULL,
    location_id    bigint NOT NULL,
    position       integer NOT NULL CHECK (position >= 1),
    kind           text NOT NULL CHECK (kind IN ('text', 'funding_decision',
                       'initiative_report')),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    notes          text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    request_id     bigint REFERENCES funding_requests (id),
    initiative_id  bigint REFERENCES initiatives (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (meeting_id, location_id) REFERENCES meetings (id, location_id),
    CONSTRAINT meeting_items_link CHECK (
        (kind = 'funding_decision') = (request_id IS NOT NULL)
        AND (kind = 'initiative_report') = (initiative_id IS NOT NULL)),
    UNIQUE (meeting_id, position)
);

CREATE TABLE meeting_attendance (
    meeting_id   bigint NOT NULL,
    location_id  bigint NOT NULL,
    user_id      bigint NOT NULL REFERENCES users (id),
    status       text NOT NULL CHECK (status IN ('present', 'apologies', 'absent')),
    -- The member's sector when the attendance was recorded: a meeting's
    -- representation does not change when someone changes sector later.
    sector       text NOT NULL,
    recorded_by  bigint NOT NULL REFERENCES users (id),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id),
    FOREIGN KEY (meeting_id, location_id) REFERENCES meetings (id, location_id)
);

CREATE TABLE meeting_guests (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id    bigint NOT NULL,
    location_id   bigint NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    organisation  text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    FOREIGN KEY (meeting_id, location_id) REFERENCES meetings (id, location_id)
);
CREATE INDEX meeting_guests_meeting ON meeting_guests (meeting_id);

-- Decisions: at most one an agenda item.  A funding decision agreed at a
-- meeting moves the request through the same transition (and rules) as
-- the button; event_id is the request's timeline event it made, so the
-- timeline links to the meeting.
CREATE TABLE meeting_decisions (
    item_id         bigint PRIMARY KEY REFERENCES meeting_items (id),
    meeting_id      bigint NOT NULL,
    location_id     bigint NOT NULL,
    motion          text NOT NULL CHECK (length(motion) BETWEEN 1 AND 2000),
    outcome         text NOT NULL CHECK (outcome IN ('agreed', 'not_agreed',
                        'deferred')),
    votes_for       integer NOT NULL DEFAULT 0 CHECK (votes_for >= 0),
    votes_against   integer NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
    votes_abstain   integer NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
    funding_action  text CHECK (funding_action IN ('approve', 'decline',
                        'request_info')),
    event_id        bigint REFERENCES funding_events (id),
    recorded_by     bigint NOT NULL REFERENCES users (id),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (meeting_id, location_id) REFERENCES meetings (id, location_id)
);
CREATE INDEX meeting_decisions_event ON meeting_decisions (event_id);

-- Each member's vote on an item, and the conflicts declared on it (a
-- conflicted member does not vote: the portal refuses it).
CREATE TABLE meeting_votes (
    item_id      bigint NOT NULL REFERENCES meeting_items (id),
    location_id  bigint NOT NULL REFERENCES locations (id),
    user_id      bigint NOT NULL REFERENCES users (id),
    vote         text NOT NULL CHECK (vote IN ('for', 'against', 'abstain')),
    PRIMARY KEY (item_id, user_id)
);
CREATE TABLE meeting_conflicts (
    item_id      bigint NOT NULL REFERENCES meeting_items (id),
    location_id  bigint NOT NULL REFERENCES locations (id),
    user_id      bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (item_id, user_id)
);

-- The invitation to every member of the meeting's location, each in their
-- language: texts is {"<language>": [subject, body]} (i18n_formats(),
-- with the meeting's own words already in), ics the calendar file.  A
-- definer because members' addresses are not portal_app's to read; it
-- acts only for a coordinator of the meeting's location.
CREATE FUNCTION meeting_invite(meeting bigint, texts jsonb, ics text)
    RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
DECLARE
    loc bigint;
    sent integer;
BEGIN
    SELECT location_id INTO loc FROM meetings WHERE id = meeting;
    IF loc IS NULL OR NOT portal_can_manage(loc) THEN
        RAISE EXCEPTION 'only a coordinator of its location invites to a meeting'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO outbox (location_id, to_email, subject, body, kind,
                        attachment_name, attachment_type, attachment)
    SELECT loc, u.email, t.text ->> 0, t.text ->> 1, 'meeting_invitation',
           'meeting.ics', 'text/calendar; method=PUBLISH', ics
      FROM memberships m JOIN users u ON u.id = m.user_id
     CROSS JOIN LATERAL (SELECT coalesce(texts -> u.preferred_language,
                                         texts -> 'en') AS text) t
     WHERE m.location_id = loc;
    GET DIAGNOSTICS sent = ROW_COUNT;
    UPDATE meetings SET invited_at = now(), sequence = sequence + 1
     WHERE id = meeting;
    RETURN sent;
END $$;
REVOKE ALL ON FUNCTION meeting_invite(bigint, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION meeting_invite(bigint, jsonb, text) TO portal_app;

-- Row-level security ----------------------------------------------------------

ALTER TABLE meeting_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_rules_read ON meeting_rules FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_rules_add ON meeting_rules FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND updated_by = portal_user_id());
CREATE POLICY meeting_rules_change ON meeting_rules FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id) AND updated_by = portal_user_id());

ALTER TABLE meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE meetings FORCE ROW LEVEL SECURITY;
CREATE POLICY meetings_read ON meetings FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meetings_add ON meetings FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND created_by = portal_user_id());
CREATE POLICY meetings_change ON meetings FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id));

ALTER TABLE meeting_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_items FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_items_read ON meeting_items FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_items_add ON meeting_items FOR INSERT
    WITH CHECK (portal_can_manage(location_id));

ALTER TABLE meeting_attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_attendance FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_attendance_read ON meeting_attendance FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_attendance_add ON meeting_attendance FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND recorded_by = portal_user_id());
CREATE POLICY meeting_attendance_remove ON meeting_attendance FOR DELETE
    USING (portal_can_manage(location_id));

ALTER TABLE meeting_guests ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_guests FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_guests_read ON meeting_guests FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_guests_add ON meeting_guests FOR INSERT
    WITH CHECK (portal_can_manage(location_id));
CREATE POLICY meeting_guests_remove ON meeting_guests FOR DELETE
    USING (portal_can_manage(location_id));

GRANT SELECT, INSERT, UPDATE ON meeting_rules TO portal_app;
ALTER TABLE meeting_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_decisions_read ON meeting_decisions FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_decisions_add ON meeting_decisions FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND recorded_by = portal_user_id());

ALTER TABLE meeting_votes ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_votes FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_votes_read ON meeting_votes FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_votes_add ON meeting_votes FOR INSERT
    WITH CHECK (portal_can_manage(location_id));

ALTER TABLE meeting_conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE meeting_conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY meeting_conflicts_read ON meeting_conflicts FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY meeting_conflicts_add ON meeting_conflicts FOR INSERT
    WITH CHECK (portal_can_manage(location_id));

GRANT SELECT, INSERT ON meeting_decisions, meeting_votes, meeting_conflicts
    TO portal_app;
GRANT SELECT, INSERT ON meetings TO portal_app;
GRANT UPDATE (title, starts_at, ends_at, place, video_url, interpreting)
    ON meetings TO portal_app;
GRANT SELECT, INSERT ON meeting_items TO portal_app;
GRANT SELECT, INSERT, DELETE ON meeting_attendance, meeting_guests TO portal_app;

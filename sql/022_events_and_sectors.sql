-- The events calendar (issue 19): public events per location, published
-- as iCalendar feeds (RFC 5545) per location and for the whole country,
-- and one .ics per event.
--
-- Times are instants (timestamptz); people write and read them in New
-- Zealand time (Pacific/Auckland), which the statements convert, so an
-- event keeps its wall-clock time across a daylight-saving change.  uid
-- is the event's iCalendar UID, never changed; version starts at 1 and
-- grows with each edit (a trigger: whatever writes it), and the feeds
-- give SEQUENCE = version - 1, as RFC 5545 section 3.8.7.4 counts
-- revisions from 0.  A cancelled event stays, with status 'cancelled',
-- so calendars that subscribed see STATUS:CANCELLED.

CREATE TABLE events (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id       bigint NOT NULL REFERENCES locations (id),
    uid               uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    version           integer NOT NULL DEFAULT 1,
    title             text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description       text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL,
    place             text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    -- Language codes (BCP 47) the event is held in: app/domain/spoken.c.
    languages         text[] NOT NULL DEFAULT '{}'
                          CHECK (portal_text_array_ok(languages, 40, 16)),
    free              boolean NOT NULL DEFAULT true,
    cost              text NOT NULL DEFAULT '' CHECK (length(cost) <= 200),
    accessibility     text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 500),
    registration_url  text NOT NULL DEFAULT '' CHECK (length(registration_url) <= 500
                          AND (registration_url = '' OR registration_url ~ '^https?://')),
    initiative_id     bigint,
    status            text NOT NULL DEFAULT 'scheduled'
                          CHECK (status IN ('scheduled', 'cancelled')),
    -- The language the title and description are written in.
    language          text NOT NULL DEFAULT 'en' CHECK (length(language) BETWEEN 2 AND 16),
    created_by        bigint NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (location_id, id),
    FOREIGN KEY (location_id, initiative_id) REFERENCES initiatives (location_id, id),
    CONSTRAINT events_ends_after_start CHECK (ends_at > starts_at)
);
COMMENT ON TABLE events IS
    'Public events per location, with their iCalendar UID and revision '
    '(version); cancelled ones stay, marked so.  Public.';
CREATE INDEX events_location_starts ON events (location_id, starts_at, id);
CREATE INDEX events_starts ON events (starts_at, id);

-- Every edit is a new revision for the calendars that subscribed.
CREATE FUNCTION events_next_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER events_next_version
    BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_next_version();

CREATE TRIGGER events_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY events_read ON events FOR SELECT USING (true);
CREATE POLICY events_add ON events FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND created_by = portal_user_id());
CREATE POLICY events_change ON events FOR UPDATE
    USING (portal_can_write(location_id))
    WITH CHECK (portal_can_write(location_id));

GRANT SELECT, INSERT ON events TO portal_app;
GRANT UPDATE (title, description, starts_at, ends_at, place, languages, free,
              cost, accessibility, registration_url, initiative_id, status,
              language, version, updated_at) ON events TO portal_app;

-- The location page a newcomer reads (issue 19) says which sectors sit on
-- the working group and which are missing, from the memberships, which
-- row-level security hides from anyone outside the group.  This gives the
-- count of members per sector of an active location's group, nothing
-- about any person: no names, no organisations.
CREATE FUNCTION location_sectors(location text)
    RETURNS TABLE (sector text, members integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT m.sector, count(*)::integer FROM memberships m
            JOIN locations l ON l.id = m.location_id
           WHERE l.slug = location AND l.status = 'active'
           GROUP BY m.sector $$;
REVOKE ALL ON FUNCTION location_sectors(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION location_sectors(text) TO portal_app;

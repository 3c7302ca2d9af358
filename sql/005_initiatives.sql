-- Initiatives: what a working group decides on, runs and reports on, across
-- the framework's seven areas and five elements (docs/domain.md), and
-- their dated progress updates.
--
-- Visibility 'public' publishes an initiative (and its updates) on the
-- location's public pages; everything else is for the location's working
-- group and national staff only, in the database as in the application.

CREATE FUNCTION portal_text_array_ok(a text[], max_items int, max_len int)
    RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT cardinality(a) <= max_items
             AND NOT EXISTS (SELECT 1 FROM unnest(a) x
                              WHERE length(btrim(x)) NOT BETWEEN 1 AND max_len) $$;

CREATE TABLE initiatives (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id    bigint NOT NULL REFERENCES locations (id),
    version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    title          text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    summary        text NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
    area           text NOT NULL CHECK (area IN ('news_narrative',
                       'funding_models', 'research_evidence', 'knowledge_skills',
                       'events_programmes', 'services', 'pathways')),
    elements       text[] NOT NULL CHECK (cardinality(elements) BETWEEN 1 AND 5
                       AND elements <@ ARRAY['belonging', 'inclusion',
                       'participation', 'recognition', 'legitimacy']),
    outcome_areas  text[] NOT NULL DEFAULT '{}' CHECK (outcome_areas <@
                       ARRAY['employment', 'education_training',
                       'english_language', 'inclusion', 'health_wellbeing']),
    status         text NOT NULL DEFAULT 'idea' CHECK (status IN ('idea',
                       'planned', 'active', 'paused', 'completed', 'cancelled')),
    visibility     text NOT NULL DEFAULT 'working_group'
                       CHECK (visibility IN ('working_group', 'public')),
    lead_user_id   bigint REFERENCES users (id),
    partners       text[] NOT NULL DEFAULT '{}'
                       CHECK (portal_text_array_ok(partners, 30, 200)),
    target_groups  text[] NOT NULL DEFAULT '{}'
                       CHECK (portal_text_array_ok(target_groups, 30, 200)),
    start_date     date,
    end_date       date,
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz,
    -- Title, summary and every update's text, for ?q= (kept by triggers).
    search         tsvector NOT NULL DEFAULT ''::tsvector,
    CONSTRAINT initiatives_dates CHECK (end_date >= start_date),
    UNIQUE (location_id, id)
);
COMMENT ON TABLE initiatives IS
    'A working group''s initiatives; version counts edits for optimistic '
    'concurrency (a PATCH names the version it started from).';

-- Lists page by keyset on (sort key, id), newest change first or by title.
CREATE INDEX initiatives_recent ON initiatives (location_id, updated_at DESC, id DESC);
CREATE INDEX initiatives_title ON initiatives (location_id, lower(title), id);
CREATE INDEX initiatives_public ON initiatives (location_id, updated_at DESC, id DESC)
    WHERE visibility = 'public';
CREATE INDEX initiatives_search ON initiatives USING gin (search);
-- The coverage matrix counts active and planned initiatives per location.
CREATE INDEX initiatives_coverage ON initiatives (location_id, area)
    WHERE status IN ('active', 'planned');

CREATE TABLE initiative_updates (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id     bigint NOT NULL,
    initiative_id   bigint NOT NULL,
    date            date NOT NULL,
    body            text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
    people_reached  integer CHECK (people_reached >= 0),
    sessions_held   integer CHECK (sessions_held >= 0),
    volunteers      integer CHECK (volunteers >= 0),
    into_work       integer CHECK (into_work >= 0),
    status_from     text,
    status_to       text,
    author_id       bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (location_id, initiative_id)
        REFERENCES initiatives (location_id, id)
);
CREATE INDEX initiative_updates_timeline
    ON initiative_updates (initiative_id, date DESC, id DESC);
CREATE INDEX initiative_updates_location ON initiative_updates (location_id, id);

-- Search text: the title weighs most, then the summary, then the updates.
CREATE FUNCTION initiative_search(i initiatives) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', i.title), 'A')
        || setweight(to_tsvector('english', i.summary), 'B')
        || setweight(to_tsvector('english', coalesce((
               SELECT string_agg(u.body, ' ') FROM initiative_updates u
                WHERE u.initiative_id = i.id), '')), 'C') $$;

CREATE FUNCTION initiatives_before_write() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := initiative_search(NEW);
    RETURN NEW;
END $$;
CREATE TRIGGER initiatives_search_text
    BEFORE INSERT OR UPDATE OF title, summary ON initiatives
    FOR EACH ROW EXECUTE FUNCTION initiatives_before_write();

-- SECURITY DEFINER: keeping the search text current is the table's own
-- business, whoever added the update.  pg_temp last: a session's own
-- temporary tables never stand in for the real ones.
CREATE FUNCTION initiative_updates_after_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE initiatives i SET search = initiative_search(i)
     WHERE i.id = NEW.initiative_id;
    RETURN NULL;
END $$;
CREATE TRIGGER initiative_updates_search_text
    AFTER INSERT ON initiative_updates
    FOR EACH ROW EXECUTE FUNCTION initiative_updates_after_insert();

-- Workers keep copies of public pages and working-group views.
CREATE TRIGGER initiatives_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER initiative_updates_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_updates
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Row-level security -------------------------------------------------------

ALTER TABLE initiatives ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiatives FORCE ROW LEVEL SECURITY;
CREATE POLICY initiatives_read ON initiatives FOR SELECT
    USING (visibility = 'public' OR portal_can_read(location_id)
           OR portal_is_national());
CREATE POLICY initiatives_add ON initiatives FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND created_by = portal_user_id());
CREATE POLICY initiatives_change ON initiatives FOR UPDATE
    USING (portal_can_write(location_id))
    WITH CHECK (portal_can_write(location_id));

ALTER TABLE initiative_updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiative_updates FORCE ROW LEVEL SECURITY;
CREATE POLICY initiative_updates_read ON initiative_updates FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national()
           OR EXISTS (SELECT 1 FROM initiatives i
                       WHERE i.id = initiative_id AND i.visibility = 'public'));
CREATE POLICY initiative_updates_add ON initiative_updates FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND author_id = portal_user_id());

GRANT SELECT, INSERT ON initiatives TO portal_app;
GRANT UPDATE (version, title, summary, area, elements, outcome_areas, status,
              visibility, lead_user_id, partners, target_groups, start_date,
              end_date, updated_at, published_at)
    ON initiatives TO portal_app;
GRANT SELECT, INSERT ON initiative_updates TO portal_app;

-- The service directory (issue 19): the organisations and services a
-- newcomer can turn to, per location, with the languages each offers.
--
-- A service is entered once, by the working group of the location that
-- keeps it (services.location_id), and listed in every location it runs
-- in (service_locations): a national service such as a helpline is one
-- row, listed in each location's directory.  Anyone reads the directory;
-- the keeping location's members and coordinators write it, and choose
-- where it is listed.

CREATE TABLE services (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The location whose working group keeps the entry.
    location_id    bigint NOT NULL REFERENCES locations (id),
    version        integer NOT NULL DEFAULT 1,
    name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    organisation   text NOT NULL CHECK (length(btrim(organisation)) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    -- The strategy's five outcome areas and the framework's seven areas
    -- (app/domain/vocab.c), checked by the application.
    categories     text[] NOT NULL CHECK (cardinality(categories) >= 1
                       AND portal_text_array_ok(categories, 12, 40)),
    -- Language codes (BCP 47) the service is offered in: app/domain/spoken.c.
    languages      text[] NOT NULL CHECK (cardinality(languages) >= 1
                       AND portal_text_array_ok(languages, 40, 16)),
    eligibility    text NOT NULL DEFAULT '' CHECK (length(eligibility) <= 500),
    free           boolean NOT NULL DEFAULT false,
    cost           text NOT NULL DEFAULT '' CHECK (length(cost) <= 200),
    hours          text NOT NULL DEFAULT '' CHECK (length(hours) <= 300),
    address        text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    phone          text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    email          text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    website        text NOT NULL DEFAULT '' CHECK (length(website) <= 500
                       AND (website = '' OR website ~ '^https?://')),
    accessibility  text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 500),
    -- When someone last checked the entry against the service itself.
    checked_on     date,
    -- The language the entry is written in.
    language       text NOT NULL DEFAULT 'en' CHECK (length(language) BETWEEN 2 AND 16),
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    search         tsvector GENERATED ALWAYS AS (
                       setweight(to_tsvector('english', name), 'A') ||
                       setweight(to_tsvector('english', organisation), 'A') ||
                       setweight(to_tsvector('english', description), 'B') ||
                       setweight(to_tsvector('english', eligibility), 'C')) STORED,
    CONSTRAINT services_reachable
        CHECK (phone <> '' OR email <> '' OR website <> '' OR address <> '')
);
COMMENT ON TABLE services IS
    'The service directory: one row per service, kept by one location''s '
    'working group, listed in the locations of service_locations.  Public.';
CREATE INDEX services_search ON services USING gin (search);
CREATE INDEX services_languages ON services USING gin (languages);
CREATE INDEX services_location ON services (location_id);

CREATE TABLE service_locations (
    service_id   bigint NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    location_id  bigint NOT NULL REFERENCES locations (id),
    PRIMARY KEY (location_id, service_id)
);
COMMENT ON TABLE service_locations IS
    'Where each service is listed: its keeping location and any other it '
    'runs in.';
CREATE INDEX service_locations_service ON service_locations (service_id);

-- The public pages show them: cached copies must drop.
CREATE TRIGGER services_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER service_locations_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_locations
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

ALTER TABLE services ENABLE ROW LEVEL SECURITY;
ALTER TABLE services FORCE ROW LEVEL SECURITY;
CREATE POLICY services_read ON services FOR SELECT USING (true);
CREATE POLICY services_add ON services FOR INSERT
    WITH CHECK (portal_can_write(location_id) AND created_by = portal_user_id());
CREATE POLICY services_change ON services FOR UPDATE
    USING (portal_can_write(location_id))
    WITH CHECK (portal_can_write(location_id));
CREATE POLICY services_remove ON services FOR DELETE
    USING (portal_can_write(location_id));

-- Listings follow the service: whoever may write the service chooses
-- where it is listed.  services is readable by all, so the policies'
-- subqueries see the row they ask about.
ALTER TABLE service_locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_locations FORCE ROW LEVEL SECURITY;
CREATE POLICY service_locations_read ON service_locations FOR SELECT
    USING (true);
CREATE POLICY service_locations_add ON service_locations FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM services s WHERE s.id = service_id
                          AND portal_can_write(s.location_id)));
CREATE POLICY service_locations_remove ON service_locations FOR DELETE
    USING (EXISTS (SELECT 1 FROM services s WHERE s.id = service_id
                     AND portal_can_write(s.location_id)));

GRANT SELECT, INSERT, DELETE ON services TO portal_app;
GRANT UPDATE (version, name, organisation, description, categories,
              languages, eligibility, free, cost, hours, address, phone,
              email, website, accessibility, checked_on, language,
              updated_at) ON services TO portal_app;
GRANT SELECT, INSERT, DELETE ON service_locations TO portal_app;

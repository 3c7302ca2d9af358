-- Languages (docs/i18n.md): the interface's six, and the language each
-- piece of content was written in.
--
-- The codes are BCP 47 tags, as in URLs, the API and lang= attributes:
-- en (English, the source), mi (te reo Māori), ar (Arabic), fa-AF (Dari),
-- my (Burmese), es (Spanish).  app/views/i18n.c holds the same table.

CREATE FUNCTION portal_language_code(code text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT code IN ('en', 'mi', 'ar', 'fa-AF', 'my', 'es') $$;
COMMENT ON FUNCTION portal_language_code(text) IS
    'Whether code is one of the portal''s interface languages.';

ALTER TABLE users DROP CONSTRAINT users_preferred_language_check;
ALTER TABLE users ADD CONSTRAINT users_preferred_language_check
    CHECK (portal_language_code(preferred_language));

-- What a person writes is in their own language unless they say
-- otherwise: the default of every language column below is the writer's
-- (the request's portal.user_id) preferred language, or English when no
-- one is signed in (portalctl, demo data).  It reads only that one
-- column of the writer's own row.
CREATE FUNCTION portal_writer_language() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
        SELECT coalesce((SELECT preferred_language FROM users
            WHERE id = nullif(current_setting('portal.user_id', true), '')::bigint),
            'en')
    $$;
REVOKE ALL ON FUNCTION portal_writer_language() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION portal_writer_language() TO portal_app;

ALTER TABLE initiatives ADD COLUMN language text NOT NULL
    DEFAULT portal_writer_language() CHECK (portal_language_code(language));
ALTER TABLE initiative_updates ADD COLUMN language text NOT NULL
    DEFAULT portal_writer_language() CHECK (portal_language_code(language));
ALTER TABLE funding_requests ADD COLUMN language text NOT NULL
    DEFAULT portal_writer_language() CHECK (portal_language_code(language));
ALTER TABLE funding_reports ADD COLUMN language text NOT NULL
    DEFAULT portal_writer_language() CHECK (portal_language_code(language));

COMMENT ON COLUMN initiatives.language IS
    'The language the title and summary are written in (a code).';
COMMENT ON COLUMN initiative_updates.language IS
    'The language the update is written in.';
COMMENT ON COLUMN funding_requests.language IS
    'The language the applicant wrote the request in.';
COMMENT ON COLUMN funding_reports.language IS
    'The language the report is written in.';

GRANT UPDATE (language) ON initiatives, funding_requests TO portal_app;

-- Emails to a location's coordinators in each one's own language: texts
-- holds {"<code>": [subject, body], ...} for every language (the portal
-- writes each from its catalogue); a coordinator gets their language's,
-- or the English.
CREATE FUNCTION funding_notify_coordinators_i18n(location bigint,
                                                 texts jsonb, kind text)
    RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
    WITH sent AS (
        INSERT INTO outbox (location_id, to_email, subject, body, kind)
        SELECT location, u.email, t.text ->> 0, t.text ->> 1, kind
          FROM memberships m JOIN users u ON u.id = m.user_id
         CROSS JOIN LATERAL (SELECT coalesce(texts -> u.preferred_language,
                                             texts -> 'en') AS text) t
         WHERE m.location_id = location AND m.role = 'coordinator'
        RETURNING 1)
    SELECT count(*)::integer FROM sent $$;
REVOKE ALL ON FUNCTION funding_notify_coordinators_i18n(bigint, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION funding_notify_coordinators_i18n(bigint, jsonb, text) TO portal_app;

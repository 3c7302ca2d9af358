-- Stories (issue 19): what a working group tells the public, per
-- location, on its page, its stories list and its Atom feed (RFC 4287).
--
-- A story is written by a member or coordinator, or drawn by a
-- coordinator from a funding report whose applicant agreed that it be
-- told (funding_reports.story_consent).  Such a story names its person
-- only when the applicant also chose to be named (story_named, added
-- here; the report form asks); otherwise its byline is empty and pages
-- call the person "a community member".  The database holds the rule as
-- well as the handlers: a story of a request whose latest report has no
-- consent cannot be made, nor published, nor carry a name the applicant
-- did not give.  The applicant may withdraw consent at any time (only
-- withdraw: the policy lets them set it false, never true); the stories
-- drawn from their request are unpublished, and their byline cleared, in
-- the same statement.
--
-- uid is the Atom entry's id (urn:uuid:...), never changed; version grows
-- with each edit (a trigger), as events' does.

ALTER TABLE funding_reports
    ADD COLUMN story_named boolean NOT NULL DEFAULT false,
    ADD COLUMN story_consent_withdrawn_at timestamptz;
COMMENT ON COLUMN funding_reports.story_named IS
    'The applicant agreed to be named in a story drawn from this report '
    '(only with story_consent); otherwise a story keeps them pseudonymous.';

-- The applicant may withdraw consent, never give it back afterwards
-- through this path (a new report asks again).
GRANT UPDATE (story_consent, story_named, story_consent_withdrawn_at)
    ON funding_reports TO portal_app;
CREATE POLICY funding_reports_withdraw ON funding_reports FOR UPDATE
    USING (funding_applicant(request_id) = portal_user_id())
    WITH CHECK (funding_applicant(request_id) = portal_user_id()
                AND NOT story_consent AND NOT story_named);

CREATE TABLE stories (
    location_id   bigint NOT NULL REFERENCES locations (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    uid           uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    version       integer NOT NULL DEFAULT 1,
    title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    -- Markdown, rendered by the portal's safe renderer.
    body          text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
    -- One of the portal's languages (app/views/i18n.c).
    language      text NOT NULL DEFAULT 'en' CHECK (length(language) BETWEEN 2 AND 16),
    -- The funding request whose report it tells, or NULL (a member's).
    request_id    bigint,
    -- Whom it is by or about, as shown; '' for a pseudonymous person.
    byline        text NOT NULL DEFAULT '' CHECK (length(byline) <= 100),
    published     boolean NOT NULL DEFAULT false,
    published_at  timestamptz,
    created_by    bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, id),
    FOREIGN KEY (location_id, request_id) REFERENCES funding_requests (location_id, id),
    CONSTRAINT stories_published_at CHECK (published = (published_at IS NOT NULL))
);
COMMENT ON TABLE stories IS
    'Stories a working group tells: a member''s, or one drawn from a funding '
    'report with the applicant''s consent.  Published ones are public.';
CREATE INDEX stories_published ON stories (location_id, published_at DESC, id)
    WHERE published;
CREATE INDEX stories_request ON stories (location_id, request_id)
    WHERE request_id IS NOT NULL;

-- Every edit is a new revision; publishing stamps published_at.
CREATE FUNCTION stories_next_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
        IF NEW.published AND NOT OLD.published THEN
            NEW.published_at := now();
        END IF;
    ELSIF NEW.published THEN
        NEW.published_at := coalesce(NEW.published_at, now());
    END IF;
    IF NOT NEW.published THEN
        NEW.published_at := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER stories_next_version
    BEFORE INSERT OR UPDATE ON stories
    FOR EACH ROW EXECUTE FUNCTION stories_next_version();

-- A story of a request needs the consent of its latest report to be made
-- or published, and its permission to name the person.  Unpublishing is
-- always allowed (withdrawal does it).
CREATE FUNCTION stories_need_consent() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF NEW.request_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT story_consent, story_named INTO r FROM funding_reports
     WHERE location_id = NEW.location_id AND request_id = NEW.request_id
     ORDER BY id DESC LIMIT 1;
    IF (TG_OP = 'INSERT' OR NEW.published) AND NOT coalesce(r.story_consent, false) THEN
        RAISE EXCEPTION 'request % has no report whose applicant agreed to a story',
            NEW.request_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stories_need_consent';
    END IF;
    IF NEW.byline <> '' AND NOT coalesce(r.story_named, false) THEN
        RAISE EXCEPTION 'the applicant of request % did not agree to be named',
            NEW.request_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stories_pseudonymous';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER stories_need_consent
    BEFORE INSERT OR UPDATE ON stories
    FOR EACH ROW EXECUTE FUNCTION stories_need_consent();

-- Withdrawn consent unpublishes at once.  The applicant may not write
-- stories (RLS), so this runs as the owner; it touches only the stories
-- of the report's own request.  Nobody may call it but the trigger.
CREATE FUNCTION stories_consent_withdrawn() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE stories SET published = false, byline = ''
     WHERE location_id = NEW.location_id AND request_id = NEW.request_id
       AND (published OR byline <> '');
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION stories_consent_withdrawn() FROM PUBLIC;
CREATE TRIGGER stories_consent_withdrawn
    AFTER UPDATE OF story_consent, story_named ON funding_reports
    FOR EACH ROW WHEN ((OLD.story_consent AND NOT NEW.story_consent)
                       OR (OLD.story_named AND NOT NEW.story_named))
    EXECUTE FUNCTION stories_consent_withdrawn();

CREATE TRIGGER stories_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Anyone reads published stories; the working group reads its drafts and
-- writes; a story drawn from a report is the coordinator's.
ALTER TABLE stories ENABLE ROW LEVEL SECURITY;
ALTER TABLE stories FORCE ROW LEVEL SECURITY;
CREATE POLICY stories_read ON stories FOR SELECT
    USING (published OR portal_can_read(location_id) OR portal_is_national());
CREATE POLICY stories_add ON stories FOR INSERT
    WITH CHECK (created_by = portal_user_id()
                AND CASE WHEN request_id IS NULL THEN portal_can_write(location_id)
                         ELSE portal_can_manage(location_id) END);
CREATE POLICY stories_change ON stories FOR UPDATE
    USING (CASE WHEN request_id IS NULL THEN portal_can_write(location_id)
                ELSE portal_can_manage(location_id) END)
    WITH CHECK (CASE WHEN request_id IS NULL THEN portal_can_write(location_id)
                     ELSE portal_can_manage(location_id) END);

GRANT SELECT, INSERT ON stories TO portal_app;
GRANT UPDATE (title, body, language, byline, published, published_at,
              version, updated_at) ON stories TO portal_app;

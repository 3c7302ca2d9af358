-- A funding report's story choice, and a newsletter subscriber's, are
-- honoured everywhere the portal showed them (review of 028-038).
--
-- Stories follow the latest report.  Each report asks again whether its
-- story may be told and whether the person may be named (sql/029), but
-- only an UPDATE withdrew: a later report with the boxes unticked left a
-- story public, with the name, and every later save of the story then
-- failed the name check, so not even the coordinator could take it down.
-- Now a new report that says no unpublishes the request's stories (or,
-- when only the name is refused, clears their byline) in the statement
-- that adds it, and a change that makes a story less public (unpublishing
-- it, clearing its byline, or an edit of a draft that keeps both) is
-- always allowed.
--
-- Withdrawn consent reaches the newsletter archive.  An issue copies a
-- story's title and first 600 characters into newsletter_issues.items,
-- which are public for good; the story's items now leave every issue when
-- its consent goes.
--
-- Unsubscribing drops the issues still waiting in the outbox for the
-- address, so nothing more reaches it, and a confirmation link expires
-- after seven days, as invitations and password resets do.

-- The latest report's choice, applied to the stories of its request: no
-- consent unpublishes them and takes their items out of sent issues; no
-- consent or no name clears their byline.  Runs as the owner (the
-- applicant may not write stories or issues); only its triggers call it.
CREATE OR REPLACE FUNCTION stories_consent_withdrawn() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    ids text[];
BEGIN
    UPDATE stories SET published = published AND NEW.story_consent,
                       byline = ''
     WHERE location_id = NEW.location_id AND request_id = NEW.request_id
       AND ((published AND NOT NEW.story_consent) OR byline <> '');
    IF NEW.story_consent THEN
        RETURN NULL;
    END IF;
    ids := ARRAY(SELECT id::text FROM stories
                  WHERE location_id = NEW.location_id
                    AND request_id = NEW.request_id);
    UPDATE newsletter_issues n
       SET items = (SELECT coalesce(jsonb_agg(x ORDER BY o), '[]'::jsonb)
                      FROM jsonb_array_elements(n.items)
                           WITH ORDINALITY AS e(x, o)
                     WHERE NOT (x->>'kind' = 'story'
                                AND x->>'id' = ANY (ids)))
     WHERE n.location_id = NEW.location_id
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(n.items) x
                    WHERE x->>'kind' = 'story' AND x->>'id' = ANY (ids));
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION stories_consent_withdrawn() FROM PUBLIC;

CREATE TRIGGER stories_consent_refused
    AFTER INSERT ON funding_reports
    FOR EACH ROW WHEN (NOT NEW.story_consent OR NOT NEW.story_named)
    EXECUTE FUNCTION stories_consent_withdrawn();

-- As sql/029's, but a change that makes a story less public passes: only
-- making one, publishing one (or saving a published one) needs consent,
-- and only setting a byline, or keeping one on a published story, needs
-- permission to name.
CREATE OR REPLACE FUNCTION stories_need_consent() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    r        record;
    renamed  boolean := TG_OP = 'INSERT';
BEGIN
    IF NEW.request_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT story_consent, story_named INTO r FROM funding_reports
     WHERE location_id = NEW.location_id AND request_id = NEW.request_id
     ORDER BY id DESC LIMIT 1;
    IF NOT renamed THEN
        renamed := NEW.byline IS DISTINCT FROM OLD.byline;
    END IF;
    IF (TG_OP = 'INSERT' OR NEW.published) AND NOT coalesce(r.story_consent, false) THEN
        RAISE EXCEPTION 'request % has no report whose applicant agreed to a story',
            NEW.request_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stories_need_consent';
    END IF;
    IF NEW.byline <> '' AND NOT coalesce(r.story_named, false)
       AND (renamed OR NEW.published) THEN
        RAISE EXCEPTION 'the applicant of request % did not agree to be named',
            NEW.request_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stories_pseudonymous';
    END IF;
    RETURN NEW;
END $$;

-- The stories already made against a later report's choice.
UPDATE stories s SET published = s.published AND r.story_consent,
                     byline = CASE WHEN r.story_named THEN s.byline ELSE '' END
  FROM (SELECT DISTINCT ON (location_id, request_id) location_id, request_id,
               story_consent, story_consent AND story_named AS story_named
          FROM funding_reports ORDER BY location_id, request_id, id DESC) r
 WHERE s.location_id = r.location_id AND s.request_id = r.request_id
   AND ((s.published AND NOT r.story_consent)
        OR (s.byline <> '' AND NOT r.story_named));

-- As sql/030's; remove also drops the newsletter messages of the
-- location still waiting in the outbox for the address (the outbox does
-- not say which subscription a message is for, so all of the location's
-- newsletter messages to it go, which is what someone leaving wants).
CREATE OR REPLACE FUNCTION newsletter_unsubscribe(hash bytea, remove boolean)
    RETURNS TABLE (location text, location_name text, language text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    sub   bigint;
    loc   bigint;
    addr  citext;
BEGIN
    SELECT d.subscriber_id, d.location_id INTO sub, loc
      FROM newsletter_deliveries d WHERE d.token_hash = hash;
    IF sub IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT l.slug, l.name, s.language
      FROM newsletter_subscribers s JOIN locations l ON l.id = s.location_id
     WHERE s.location_id = loc AND s.id = sub;
    IF remove THEN
        DELETE FROM newsletter_subscribers s
         WHERE s.location_id = loc AND s.id = sub
        RETURNING s.email INTO addr;
        DELETE FROM outbox o
         WHERE o.sent_at IS NULL AND o.kind = 'newsletter'
           AND o.location_id = loc AND o.to_email = addr;
    END IF;
END $$;

-- As sql/030's, for a link sent in the last seven days only.  Signing up
-- again sends a new link (within sql/038's three a day).
CREATE OR REPLACE FUNCTION newsletter_confirm(hash bytea)
    RETURNS TABLE (location text, language text)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE newsletter_subscribers s
       SET confirmed_at = now(), confirm_hash = NULL
      FROM locations l
     WHERE s.confirm_hash = hash AND l.id = s.location_id
       AND s.confirm_sent_at > now() - interval '7 days'
 RETURNING l.slug, s.language
$$;

COMMENT ON COLUMN newsletter_issues.items IS
    'What the issue carried, as it read when sent: [{kind, id, title, date, '
    'text, path}], kind event, update or story.  A story leaves it when '
    'consent to it is withdrawn.';

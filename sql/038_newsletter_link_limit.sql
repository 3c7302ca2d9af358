-- Newsletter sign-ups cannot flood a mailbox.  Anyone may sign any address
-- up (that is what double opt-in is for), so without a limit one script
-- could send a stranger a confirmation link a second, from every location
-- and in every language.  An address now receives at most three
-- confirmation links in 24 hours, counted across all locations and
-- languages from the outbox, which holds every message the portal wrote.
-- Beyond that a sign-up changes nothing: the link last sent stays the one
-- that confirms, and the answer is the same as ever, so no one learns from
-- it whether an address signed up or how often.

CREATE INDEX outbox_newsletter_confirm ON outbox (to_email, created_at)
    WHERE kind = 'newsletter_confirm';

-- As sql/030's, with the limit.  The caller writes the confirmation
-- message in the same transaction when this returns true; the lock on the
-- address (held to the end of the transaction) makes two sign-ups of one
-- address at once count each other's message.
CREATE OR REPLACE FUNCTION newsletter_subscribe(slug text, email citext,
                                                language text,
                                                confirm_hash bytea)
    RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    loc  bigint;
    done boolean;
BEGIN
    SELECT l.id INTO loc FROM locations l
     WHERE l.slug = newsletter_subscribe.slug AND l.status = 'active';
    IF loc IS NULL THEN
        RETURN false;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(
        'newsletter_confirm ' || lower(newsletter_subscribe.email), 0));
    IF (SELECT count(*) FROM outbox o
         WHERE o.kind = 'newsletter_confirm'
           AND o.to_email = newsletter_subscribe.email
           AND o.created_at > now() - interval '24 hours') >= 3 THEN
        RETURN false;
    END IF;
    INSERT INTO newsletter_subscribers AS s (location_id, email, language,
                                             confirm_hash)
    VALUES (loc, newsletter_subscribe.email, newsletter_subscribe.language,
            newsletter_subscribe.confirm_hash)
    ON CONFLICT (location_id, email, language) DO UPDATE
        SET confirm_hash = EXCLUDED.confirm_hash, confirm_sent_at = now()
        WHERE s.confirmed_at IS NULL
    RETURNING true INTO done;
    RETURN coalesce(done, false);
END $$;

-- Each location's newsletter (issue 19) and the directory's organisations
-- named as partners on initiatives.
--
-- Newsletter.  Anyone subscribes to a location's newsletter in one
-- language with an email address (newsletter_subscribers); the address
-- receives nothing but a confirmation link until it is confirmed (double
-- opt-in).  Links carry random tokens of which only the BLAKE2b hash is
-- kept, as for invitations and password resets: the confirmation token is
-- single-use (its hash is cleared on use), and every delivered issue
-- carries its own unsubscribe token (newsletter_deliveries), so one
-- forwarded message unsubscribes that one subscription and nothing else.
-- A coordinator sends an issue (newsletter_issues) to the confirmed
-- subscribers of its language: one outbox message each, with the
-- RFC 8058 List-Unsubscribe headers (outbox.list_unsubscribe).  Issues
-- once sent are public: the location page archives them.
--
-- Subscribers are no one's users, so the anonymous steps (subscribe,
-- confirm, unsubscribe) go through the SECURITY DEFINER functions below,
-- each doing one thing with a hash; the working group's coordinators read
-- the subscriber list through row-level security.

CREATE TABLE newsletter_subscribers (
    location_id      bigint NOT NULL REFERENCES locations (id),
    id               bigint GENERATED ALWAYS AS IDENTITY,
    email            citext NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    -- The language of the issues it receives (app/views/i18n.c codes).
    language         text NOT NULL CHECK (length(language) BETWEEN 2 AND 16),
    -- While unconfirmed: the hash of the one link that confirms it.
    confirm_hash     bytea UNIQUE,
    confirm_sent_at  timestamptz NOT NULL DEFAULT now(),
    confirmed_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, id),
    UNIQUE (location_id, email, language)
);
COMMENT ON TABLE newsletter_subscribers IS
    'Who asked for a location''s newsletter, in which language; only rows '
    'with confirmed_at receive issues.  Personal: coordinators only.';

CREATE TABLE newsletter_issues (
    location_id  bigint NOT NULL REFERENCES locations (id),
    id           bigint GENERATED ALWAYS AS IDENTITY,
    language     text NOT NULL CHECK (length(language) BETWEEN 2 AND 16),
    subject      text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 200),
    -- Markdown, shown through the safe renderer (views/markdown.h).
    intro        text NOT NULL DEFAULT '' CHECK (length(intro) <= 10000),
    -- What was picked, as it read when sent: [{kind, id, title, date,
    -- text, path}] (kind: event, update; stories join later).
    items        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(items) = 'array'),
    recipients   integer NOT NULL DEFAULT 0 CHECK (recipients >= 0),
    sent_by      bigint NOT NULL REFERENCES users (id),
    sent_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, id)
);
COMMENT ON TABLE newsletter_issues IS
    'Newsletter issues as sent, per location and language.  Public: the '
    'location page archives them.';

CREATE TABLE newsletter_deliveries (
    location_id    bigint NOT NULL,
    issue_id       bigint NOT NULL,
    subscriber_id  bigint NOT NULL,
    -- The hash of the message's unsubscribe token.
    token_hash     bytea NOT NULL UNIQUE,
    PRIMARY KEY (location_id, issue_id, subscriber_id),
    FOREIGN KEY (location_id, issue_id)
        REFERENCES newsletter_issues (location_id, id),
    FOREIGN KEY (location_id, subscriber_id)
        REFERENCES newsletter_subscribers (location_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE newsletter_deliveries IS
    'One row per issue sent to a subscriber, holding the hash of that '
    'message''s one-click unsubscribe token (RFC 8058).';
CREATE INDEX newsletter_deliveries_subscriber
    ON newsletter_deliveries (location_id, subscriber_id);

-- The RFC 8058 List-Unsubscribe URL of a message; portalctl writes it
-- with List-Unsubscribe-Post (app/mail/smtp.c).
ALTER TABLE outbox
    ADD COLUMN list_unsubscribe text
        CHECK (length(list_unsubscribe) <= 500
               AND list_unsubscribe ~ '^https?://[^<>[:space:]]+$');

CREATE TRIGGER newsletter_issues_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_issues
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

ALTER TABLE newsletter_subscribers ENABLE ROW LEVEL SECURITY;
ALTER TABLE newsletter_subscribers FORCE ROW LEVEL SECURITY;
CREATE POLICY newsletter_subscribers_read ON newsletter_subscribers
    FOR SELECT USING (portal_can_manage(location_id));

ALTER TABLE newsletter_issues ENABLE ROW LEVEL SECURITY;
ALTER TABLE newsletter_issues FORCE ROW LEVEL SECURITY;
CREATE POLICY newsletter_issues_read ON newsletter_issues
    FOR SELECT USING (true);
CREATE POLICY newsletter_issues_add ON newsletter_issues FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND sent_by = portal_user_id());
CREATE POLICY newsletter_issues_count ON newsletter_issues FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id));

ALTER TABLE newsletter_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE newsletter_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY newsletter_deliveries_read ON newsletter_deliveries
    FOR SELECT USING (portal_can_manage(location_id));
CREATE POLICY newsletter_deliveries_add ON newsletter_deliveries
    FOR INSERT WITH CHECK (portal_can_manage(location_id));

GRANT SELECT ON newsletter_subscribers TO portal_app;
GRANT SELECT, INSERT ON newsletter_issues TO portal_app;
GRANT UPDATE (recipients) ON newsletter_issues TO portal_app;
GRANT SELECT, INSERT ON newsletter_deliveries TO portal_app;

-- Subscribes email to active location slug's newsletter in language,
-- with confirm_hash the hash of a new confirmation link.  Returns true
-- when a confirmation email should go (a new or still unconfirmed
-- subscription, whose link is now this one), false when the address is
-- already confirmed or the location unknown.  The caller answers the
-- same either way: no one learns whether an address subscribed.
CREATE FUNCTION newsletter_subscribe(slug text, email citext, language text,
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

-- Confirms the subscription whose confirmation link hashes to hash, once:
-- {location slug, language}, or no row for a link unknown or used.
CREATE FUNCTION newsletter_confirm(hash bytea)
    RETURNS TABLE (location text, language text)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE newsletter_subscribers s
       SET confirmed_at = now(), confirm_hash = NULL
      FROM locations l
     WHERE s.confirm_hash = hash AND l.id = s.location_id
 RETURNING l.slug, s.language
$$;

-- The subscription an unsubscribe token names: {location slug, name,
-- language}, or no row.  remove: end it too (the subscriber row and its
-- deliveries go: nothing of the address is kept).
CREATE FUNCTION newsletter_unsubscribe(hash bytea, remove boolean)
    RETURNS TABLE (location text, location_name text, language text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    sub  bigint;
    loc  bigint;
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
         WHERE s.location_id = loc AND s.id = sub;
    END IF;
END $$;

REVOKE ALL ON FUNCTION newsletter_subscribe(text, citext, text, bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION newsletter_confirm(bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION newsletter_unsubscribe(bytea, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION newsletter_subscribe(text, citext, text, bytea) TO portal_app;
GRANT EXECUTE ON FUNCTION newsletter_confirm(bytea) TO portal_app;
GRANT EXECUTE ON FUNCTION newsletter_unsubscribe(bytea, boolean) TO portal_app;

-- Organisations as partners ------------------------------------------------

-- An initiative names entries of the service directory as partner
-- organisations: entries listed in the initiative's location.  The
-- initiative's readers see them; its working group chooses them.  Not
-- the free-text initiatives.partners, which names anyone.
CREATE TABLE initiative_partners (
    location_id    bigint NOT NULL,
    initiative_id  bigint NOT NULL,
    service_id     bigint NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (location_id, initiative_id, service_id),
    FOREIGN KEY (location_id, initiative_id)
        REFERENCES initiatives (location_id, id),
    FOREIGN KEY (location_id, service_id)
        REFERENCES service_locations (location_id, service_id) ON DELETE CASCADE
);
COMMENT ON TABLE initiative_partners IS
    'Directory entries named as partner organisations of an initiative.';
CREATE INDEX initiative_partners_service ON initiative_partners (service_id);

CREATE TRIGGER initiative_partners_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_partners
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Readable with the initiative (its own policy applies in the subquery).
ALTER TABLE initiative_partners ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiative_partners FORCE ROW LEVEL SECURITY;
CREATE POLICY initiative_partners_read ON initiative_partners FOR SELECT
    USING (EXISTS (SELECT 1 FROM initiatives i
                    WHERE i.location_id = initiative_partners.location_id
                      AND i.id = initiative_partners.initiative_id));
CREATE POLICY initiative_partners_add ON initiative_partners FOR INSERT
    WITH CHECK (portal_can_write(location_id));
CREATE POLICY initiative_partners_remove ON initiative_partners FOR DELETE
    USING (portal_can_write(location_id));
GRANT SELECT, INSERT, DELETE ON initiative_partners TO portal_app;

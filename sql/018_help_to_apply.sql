-- Help to apply (issue 17): each location's contact point for help, and
-- funding requests made on behalf of a community member who has no account
-- or no email, with their consent and a one-time code to take it over.
--
-- An assisted request is an ordinary funding request whose applicant is,
-- until the person claims it, the working-group member (or INZ staff) who
-- helps: the state machine, the rules and row-level security stay as they
-- are.  funding_request_assists records for whom, with whose consent, and
-- the hash of the claim code; claiming (funding_request_claim()) moves the
-- request to the person's own account, once.

-- A location's contact point --------------------------------------------

CREATE TABLE location_contacts (
    location_id  bigint PRIMARY KEY REFERENCES locations (id),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    phone        text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    email        text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    -- Language codes (BCP 47) the contact speaks: app/domain/spoken.c.
    languages    text[] NOT NULL CHECK (cardinality(languages) >= 1
                     AND portal_text_array_ok(languages, 20, 16)),
    hours        text NOT NULL DEFAULT '' CHECK (length(hours) <= 200),
    updated_by   bigint REFERENCES users (id),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT location_contacts_reachable CHECK (phone <> '' OR email <> '')
);
COMMENT ON TABLE location_contacts IS
    'Who to ask for help with applying, per location: public, kept by the '
    'working group''s coordinators.';

-- The location's public page shows it: cached copies must drop.
CREATE TRIGGER location_contacts_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON location_contacts
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

ALTER TABLE location_contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE location_contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY location_contacts_read ON location_contacts FOR SELECT
    USING (true);
CREATE POLICY location_contacts_add ON location_contacts FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND updated_by = portal_user_id());
CREATE POLICY location_contacts_change ON location_contacts FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id) AND updated_by = portal_user_id());

GRANT SELECT, INSERT ON location_contacts TO portal_app;
GRANT UPDATE (name, phone, email, languages, hours, updated_by, updated_at)
    ON location_contacts TO portal_app;

-- Assisted requests ------------------------------------------------------

CREATE TABLE funding_request_assists (
    request_id            bigint PRIMARY KEY,
    location_id           bigint NOT NULL,
    helper_id             bigint NOT NULL REFERENCES users (id),
    -- The person the request is for (on_behalf_of).
    person_name           text NOT NULL CHECK (length(btrim(person_name)) BETWEEN 1 AND 100),
    person_phone          text NOT NULL DEFAULT '' CHECK (length(person_phone) <= 40),
    person_email          text NOT NULL DEFAULT '' CHECK (length(person_email) <= 254),
    person_language       text NOT NULL CHECK (length(person_language) BETWEEN 2 AND 16),
    -- Their consent: who gave it, how, when.
    consent_given_by      text NOT NULL CHECK (length(btrim(consent_given_by)) BETWEEN 1 AND 100),
    consent_method        text NOT NULL CHECK (consent_method IN ('in_person', 'phone', 'interpreter')),
    interpreter_language  text CHECK (length(interpreter_language) BETWEEN 2 AND 16),
    consent_at            timestamptz NOT NULL DEFAULT now(),
    -- BLAKE2b-256 of the claim code; NULL once claimed (used once).
    claim_hash            bytea UNIQUE,
    claimed_by            bigint REFERENCES users (id),
    claimed_at            timestamptz,
    FOREIGN KEY (location_id, request_id) REFERENCES funding_requests (location_id, id),
    CONSTRAINT funding_request_assists_interpreter
        CHECK (consent_method <> 'interpreter' OR interpreter_language IS NOT NULL),
    CONSTRAINT funding_request_assists_claimed
        CHECK ((claimed_at IS NULL) = (claimed_by IS NULL)
               AND (claimed_at IS NULL) = (claim_hash IS NOT NULL))
);
COMMENT ON TABLE funding_request_assists IS
    'Funding requests made by a helper on behalf of a community member, '
    'with the consent given; the person''s contact details are read by the '
    'helper, the coordinators and national staff, never by reviewers.';

-- Failed and successful claims, to bound guessing (app/handlers/assist.c).
CREATE TABLE claim_attempts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    succeeded  boolean NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_attempts_user ON claim_attempts (user_id, at);

-- "by X for Y": whoever acts on an assisted request before it is claimed
-- acts for the person; the timeline and the audit trail say so.
ALTER TABLE funding_events ADD COLUMN on_behalf_of text;

CREATE FUNCTION funding_assisted_for(request bigint, actor bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT person_name FROM funding_request_assists
           WHERE request_id = request AND helper_id = actor
             AND claimed_at IS NULL $$;

CREATE FUNCTION funding_events_on_behalf() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.on_behalf_of := funding_assisted_for(NEW.request_id, NEW.actor_id);
    RETURN NEW;
END $$;
CREATE TRIGGER funding_events_on_behalf
    BEFORE INSERT ON funding_events
    FOR EACH ROW EXECUTE FUNCTION funding_events_on_behalf();

-- Named to run before any other BEFORE INSERT trigger of audit_log (they
-- fire in name order), so that whatever seals an entry sees it whole.
CREATE FUNCTION audit_log_on_behalf() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    person text;
BEGIN
    IF NEW.detail ? 'request_id' AND NOT NEW.detail ? 'on_behalf_of'
       AND jsonb_typeof(NEW.detail -> 'request_id') = 'number' THEN
        person := funding_assisted_for((NEW.detail ->> 'request_id')::bigint,
                                       NEW.actor_id);
        IF person IS NOT NULL THEN
            NEW.detail := NEW.detail || jsonb_build_object('on_behalf_of', person);
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER a0_audit_log_on_behalf
    BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_on_behalf();

-- The applicant of a request changes only by a claim: from the helper to
-- the person who redeemed the code (funding_request_claim() below).
CREATE OR REPLACE FUNCTION funding_requests_before_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state <> OLD.state AND NOT funding_transition_ok(OLD.state, NEW.state) THEN
        RAISE EXCEPTION 'a funding request cannot move from % to %',
            OLD.state, NEW.state USING ERRCODE = 'check_violation',
            CONSTRAINT = 'funding_requests_transition';
    END IF;
    IF NEW.location_id <> OLD.location_id OR NEW.round_id <> OLD.round_id
       OR (NEW.applicant_id <> OLD.applicant_id AND NOT EXISTS (
           SELECT 1 FROM funding_request_assists a
            WHERE a.request_id = OLD.id AND a.helper_id = OLD.applicant_id
              AND a.claimed_by = NEW.applicant_id)) THEN
        RAISE EXCEPTION 'a funding request stays in its round'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

-- Redeems a claim code (its hash) for the signed-in user: the request
-- becomes theirs and the timeline says so.  Returns the request's id and
-- its location's slug, or no row for a code that is unknown, used, or the
-- helper's own.  SECURITY DEFINER: the person cannot see the request
-- (nor the code's row) until it is theirs.
CREATE FUNCTION funding_request_claim(code_hash bytea)
    RETURNS TABLE (request_id bigint, location text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
DECLARE
    me  bigint := portal_user_id();
    a   funding_request_assists;
BEGIN
    IF me IS NULL THEN
        RETURN;
    END IF;
    SELECT * INTO a FROM funding_request_assists
     WHERE claim_hash = code_hash FOR UPDATE;
    IF NOT FOUND OR a.helper_id = me THEN
        RETURN;
    END IF;
    UPDATE funding_request_assists
       SET claim_hash = NULL, claimed_by = me, claimed_at = now()
     WHERE funding_request_assists.request_id = a.request_id;
    UPDATE funding_requests
       SET applicant_id = me, version = version + 1, updated_at = now()
     WHERE id = a.request_id;
    INSERT INTO funding_events (location_id, request_id, actor_id, action,
                                from_state, to_state, note)
    SELECT r.location_id, r.id, me, 'claimed', r.state, r.state, NULL
      FROM funding_requests r WHERE r.id = a.request_id;
    RETURN QUERY SELECT a.request_id, l.slug::text
                   FROM locations l WHERE l.id = a.location_id;
END $$;
REVOKE ALL ON FUNCTION funding_request_claim(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION funding_request_claim(bytea) TO portal_app;

CREATE TRIGGER funding_request_assists_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding_request_assists
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

ALTER TABLE funding_request_assists ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_request_assists FORCE ROW LEVEL SECURITY;
-- Reviewers (members) judge the proposal, not the person: they never read
-- this table; the helper, the person once it is theirs, coordinators and
-- national staff do.
CREATE POLICY funding_request_assists_read ON funding_request_assists FOR SELECT
    USING (helper_id = portal_user_id() OR claimed_by = portal_user_id()
           OR portal_can_manage(location_id) OR portal_is_national());
-- A member or coordinator of the location, or national staff, helps with
-- a request they hold as its applicant.
CREATE POLICY funding_request_assists_add ON funding_request_assists FOR INSERT
    WITH CHECK (helper_id = portal_user_id()
                AND funding_applicant(request_id) = portal_user_id()
                AND (portal_can_write(location_id) OR portal_is_national()));

ALTER TABLE claim_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE claim_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY claim_attempts_own ON claim_attempts
    USING (user_id = portal_user_id())
    WITH CHECK (user_id = portal_user_id());

GRANT SELECT, INSERT ON funding_request_assists TO portal_app;
GRANT SELECT, INSERT ON claim_attempts TO portal_app;

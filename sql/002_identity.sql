-- Identity, membership and tenant isolation.
--
-- Who is asking is set per transaction by portald with set_config(..., true)
-- (the settings below); row-level security on every tenant table reads them.
-- The application checks access as well: the database is the second lock.
--
--   portal.user_id            the signed-in user's id, or ''
--   portal.national_role      'inz_staff', 'admin' or ''
--   portal.locations_read     '{1,5}': locations where the user has any role
--   portal.locations_write    locations where the user is member or coordinator
--   portal.locations_manage   locations where the user is coordinator
--   portal.invitation         hex hash of an invitation token being accepted

CREATE EXTENSION IF NOT EXISTS citext;

CREATE FUNCTION portal_user_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('portal.user_id', true), '')::bigint $$;

CREATE FUNCTION portal_is_national() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_setting('portal.national_role', true), '')
                 IN ('inz_staff', 'admin') $$;

CREATE FUNCTION portal_setting_ids(name text) RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(nullif(current_setting(name, true), ''), '{}')::bigint[] $$;

CREATE FUNCTION portal_can_read(location bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT location = ANY (portal_setting_ids('portal.locations_read')) $$;

CREATE FUNCTION portal_can_write(location bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT location = ANY (portal_setting_ids('portal.locations_write')) $$;

CREATE FUNCTION portal_can_manage(location bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT location = ANY (portal_setting_ids('portal.locations_manage')) $$;

CREATE FUNCTION portal_invitation() RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT decode(nullif(current_setting('portal.invitation', true), ''), 'hex') $$;

-- People ------------------------------------------------------------------

CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               citext NOT NULL UNIQUE
                        CHECK (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    display_name        text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
    preferred_language  text NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'mi')),
    password_hash       text NOT NULL,
    national_role       text CHECK (national_role IN ('inz_staff', 'admin')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS
    'One identity per person across every location.  Applicants are users '
    'with no membership and no national role.';
COMMENT ON COLUMN users.password_hash IS
    'libsodium crypto_pwhash_str (Argon2id) string; never the password.';

CREATE TABLE memberships (
    location_id   bigint NOT NULL REFERENCES locations (id),
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          text NOT NULL CHECK (role IN ('coordinator', 'member', 'observer')),
    sector        text NOT NULL CHECK (sector IN ('local_government', 'iwi', 'ngo',
                      'community', 'chamber_of_commerce', 'refugee_migrant',
                      'private_sector', 'central_government', 'youth')),
    organisation  text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);
COMMENT ON TABLE memberships IS
    'A person''s role in one location''s working group, with the sector and '
    'organisation they bring.  A location keeps at least one coordinator.';

-- Checked at the end of the statement, so a coordinator can hand over the
-- role (promote another, then step down) but never leave the group without.
CREATE FUNCTION memberships_keep_coordinator() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memberships
                    WHERE location_id = OLD.location_id AND role = 'coordinator')
       AND EXISTS (SELECT 1 FROM locations WHERE id = OLD.location_id) THEN
        RAISE EXCEPTION 'a location keeps at least one coordinator'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'memberships_keep_coordinator';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER memberships_keep_coordinator
    AFTER UPDATE OR DELETE ON memberships
    FOR EACH ROW WHEN (OLD.role = 'coordinator')
    EXECUTE FUNCTION memberships_keep_coordinator();

-- Sign-in ------------------------------------------------------------------

CREATE TABLE sessions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash    bytea NOT NULL UNIQUE,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
COMMENT ON TABLE sessions IS
    'Signed-in browsers.  Only a BLAKE2b hash of the cookie''s token is kept. '
    'Idle expiry: last_seen_at + 2 hours; absolute: expires_at (7 days).';

CREATE TABLE api_tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sign_in_attempts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      citext NOT NULL,
    client     inet,
    succeeded  boolean NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_client ON sign_in_attempts (client, at);
COMMENT ON TABLE sign_in_attempts IS
    'Counted per account and per client address to refuse brute force.';

CREATE TABLE password_resets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

-- Invitations, messages, audit ---------------------------------------------

CREATE TABLE invitations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id   bigint NOT NULL REFERENCES locations (id),
    email         citext NOT NULL CHECK (length(email) <= 254),
    role          text NOT NULL CHECK (role IN ('coordinator', 'member', 'observer')),
    sector        text NOT NULL CHECK (sector IN ('local_government', 'iwi', 'ngo',
                      'community', 'chamber_of_commerce', 'refugee_migrant',
                      'private_sector', 'central_government', 'youth')),
    organisation  text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    token_hash    bytea NOT NULL UNIQUE,
    invited_by    bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    accepted_at   timestamptz,
    accepted_by   bigint REFERENCES users (id)
);
CREATE INDEX invitations_location ON invitations (location_id, created_at);

CREATE TABLE outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id      bigint REFERENCES locations (id),
    to_email         citext NOT NULL,
    subject          text NOT NULL,
    body             text NOT NULL,
    kind             text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    next_attempt_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;
COMMENT ON TABLE outbox IS
    'Messages written in the same transaction as the change that caused them; '
    'portalctl outbox delivers them.';

CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id  bigint REFERENCES locations (id),
    actor_id     bigint REFERENCES users (id),
    action       text NOT NULL,
    detail       jsonb NOT NULL DEFAULT '{}',
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_location ON audit_log (location_id, id);
COMMENT ON TABLE audit_log IS
    'Append-only: the app role may INSERT and SELECT, never UPDATE or DELETE.';

-- Row-level security on the tenant tables ----------------------------------

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_read ON memberships FOR SELECT
    USING (user_id = portal_user_id() OR portal_can_read(location_id)
           OR portal_is_national());
-- A coordinator adds members; an invitee adds themself with the invitation's
-- token (portal.invitation), for the invitation's location and role only.
CREATE POLICY memberships_add ON memberships FOR INSERT
    WITH CHECK (portal_can_manage(location_id)
        OR (user_id = portal_user_id() AND EXISTS (
            SELECT 1 FROM invitations i
             WHERE i.token_hash = portal_invitation()
               AND i.location_id = memberships.location_id
               AND i.role = memberships.role
               AND i.accepted_at IS NULL AND i.expires_at > now())));
CREATE POLICY memberships_change ON memberships FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id));
CREATE POLICY memberships_remove ON memberships FOR DELETE
    USING (portal_can_manage(location_id));

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_read ON invitations FOR SELECT
    USING (portal_can_manage(location_id) OR portal_is_national()
           OR token_hash = portal_invitation());
CREATE POLICY invitations_add ON invitations FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND invited_by = portal_user_id());
CREATE POLICY invitations_accept ON invitations FOR UPDATE
    USING (portal_can_manage(location_id) OR token_hash = portal_invitation())
    WITH CHECK (portal_can_manage(location_id) OR token_hash = portal_invitation());

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON audit_log FOR SELECT
    USING (portal_can_manage(location_id) OR portal_is_national()
           OR (location_id IS NULL AND actor_id = portal_user_id()));
-- Nobody records an action in another person's name.
CREATE POLICY audit_append ON audit_log FOR INSERT
    WITH CHECK (actor_id IS NOT DISTINCT FROM portal_user_id());

ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_append ON outbox FOR INSERT WITH CHECK (true);

-- What portald may do ------------------------------------------------------

GRANT SELECT, INSERT ON users TO portal_app;
GRANT UPDATE (display_name, preferred_language, password_hash, password_changed_at)
    ON users TO portal_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, api_tokens, password_resets TO portal_app;
GRANT SELECT, INSERT, DELETE ON sign_in_attempts TO portal_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO portal_app;
GRANT SELECT, INSERT, UPDATE ON invitations TO portal_app;
GRANT INSERT ON outbox TO portal_app;
GRANT SELECT, INSERT ON audit_log TO portal_app;

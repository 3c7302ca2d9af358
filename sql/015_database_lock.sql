-- The database as a real second lock (issue 15, finding 5): what the
-- application refuses, portal_app cannot do with raw SQL either, whatever
-- portal.* settings it makes.
--
--  1. Funding decisions.  A BEFORE UPDATE trigger decides who may change
--     what on a funding request, from the same settings the policies read:
--     the applicant moves it along the applicant's transitions of
--     app/domain/funding.c and edits its content while it is a draft or
--     information was asked for; a coordinator of its location (not its
--     applicant) makes the working group's transitions and writes the
--     decision columns.  A trigger rather than column privileges and a
--     definer function: the rule depends on who asks and on the row's
--     state, which column privileges cannot see, and every existing
--     statement (STMT_REQUEST_SAVE, _MOVE, _LINK) keeps working unchanged.
--     It binds whoever row-level security binds (row_security_active):
--     portalctl, as the owner, still sends reminders and loads data.
--
--  2. Identity tables.  users, sessions, api_tokens and password_resets are
--     under row-level security: a person reads and changes their own rows
--     only (portal.user_id).  What must happen before anyone is known goes
--     through SECURITY DEFINER functions that do one thing each, owned by
--     portal_owner, search_path pinned: sign-in's lookup by email, loading
--     a session or API token by its hash, sign-up, the three steps of a
--     password reset, the applicant's address for a coordinator's notice
--     and the coordinators' addresses for INZ's stocktake notice.  Other
--     people's names, which member lists, reviews, timelines, the audit
--     trail and national views show, are read through the view user_names
--     (id and display name only, for signed-in people): never an email or
--     a password hash.
--
--  3. SECURITY DEFINER functions are executable by portal_app only where
--     it calls them, never by PUBLIC, and functions portal_owner makes
--     from now on are not executable by PUBLIC unless granted: a migration
--     that adds a function portal_app calls (or a policy helper) grants
--     EXECUTE to portal_app itself.
--
-- The app role's statement_timeout is a role setting, which only a role
-- administrator may make: app/stack/stack.sh (pg_roles) and
-- docs/deploy.md set it, not this migration.

-- 1. Funding decisions --------------------------------------------------------

-- Who takes each transition of shared/DOMAIN.md: the actors of
-- app/domain/funding.c's table, beside funding_transition_ok() (sql/006).
CREATE FUNCTION funding_transition_actor(from_state text, to_state text)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN (from_state, to_state) IN (('draft', 'submitted'),
            ('info_requested', 'in_review'), ('approved', 'accepted'),
            ('disbursed', 'reported'))
            OR (to_state = 'withdrawn' AND from_state IN ('draft',
                'submitted', 'in_review', 'info_requested'))
            THEN 'applicant'
        WHEN (from_state, to_state) IN (('submitted', 'in_review'),
            ('in_review', 'info_requested'), ('in_review', 'approved'),
            ('in_review', 'declined'), ('accepted', 'disbursed'),
            ('reported', 'closed'), ('reported', 'disbursed'))
            THEN 'coordinator'
    END $$;

CREATE FUNCTION funding_requests_who_may() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    applicant boolean := NEW.applicant_id IS NOT DISTINCT FROM portal_user_id();
    coordinator boolean := portal_can_manage(OLD.location_id)
                           AND NOT (NEW.applicant_id IS NOT DISTINCT FROM portal_user_id());
    asker text := CASE WHEN applicant THEN 'applicant'
                       WHEN coordinator THEN 'coordinator' END;
BEGIN
    IF NOT row_security_active('funding_requests') THEN
        RETURN NEW;
    END IF;
    IF NEW.state <> OLD.state
       AND funding_transition_actor(OLD.state, NEW.state) IS DISTINCT FROM asker THEN
        RAISE EXCEPTION 'only the % may move a funding request from % to %',
            coalesce(funding_transition_actor(OLD.state, NEW.state), 'state machine'),
            OLD.state, NEW.state
            USING ERRCODE = 'insufficient_privilege',
                  CONSTRAINT = 'funding_requests_who_may';
    END IF;
    IF NOT coordinator AND (NEW.approved_cents, NEW.decline_reason,
            NEW.paid_cents, NEW.paid_on, NEW.payment_reference,
            NEW.report_due_on, NEW.reminded_at, NEW.initiative_id,
            NEW.decided_at)
        IS DISTINCT FROM (OLD.approved_cents, OLD.decline_reason,
            OLD.paid_cents, OLD.paid_on, OLD.payment_reference,
            OLD.report_due_on, OLD.reminded_at, OLD.initiative_id,
            OLD.decided_at) THEN
        RAISE EXCEPTION 'only a coordinator of the location, not the '
            'applicant, writes a funding request''s decision and payment'
            USING ERRCODE = 'insufficient_privilege',
                  CONSTRAINT = 'funding_requests_who_may';
    END IF;
    IF NOT (applicant AND OLD.state IN ('draft', 'info_requested'))
       AND (NEW.title, NEW.description, NEW.area, NEW.elements,
            NEW.amount_cents, NEW.budget, NEW.beneficiaries,
            NEW.beneficiary_count, NEW.timeline, NEW.contact_name,
            NEW.contact_email, NEW.contact_phone)
        IS DISTINCT FROM (OLD.title, OLD.description, OLD.area, OLD.elements,
            OLD.amount_cents, OLD.budget, OLD.beneficiaries,
            OLD.beneficiary_count, OLD.timeline, OLD.contact_name,
            OLD.contact_email, OLD.contact_phone) THEN
        RAISE EXCEPTION 'only the applicant changes a funding request, '
            'as a draft or when information was asked for'
            USING ERRCODE = 'insufficient_privilege',
                  CONSTRAINT = 'funding_requests_who_may';
    END IF;
    IF NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
       AND NOT (applicant AND OLD.state = 'draft' AND NEW.state = 'submitted') THEN
        RAISE EXCEPTION 'a funding request is submitted by its applicant'
            USING ERRCODE = 'insufficient_privilege',
                  CONSTRAINT = 'funding_requests_who_may';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER funding_requests_who_may
    BEFORE UPDATE ON funding_requests
    FOR EACH ROW EXECUTE FUNCTION funding_requests_who_may();

-- 2. Identity tables ------------------------------------------------------------

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_self_read ON users FOR SELECT
    USING (id = portal_user_id());
CREATE POLICY users_self_change ON users FOR UPDATE
    USING (id = portal_user_id()) WITH CHECK (id = portal_user_id());
-- Accounts are made by portal_user_create() only.
REVOKE INSERT ON users FROM portal_app;

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_own ON sessions
    USING (user_id = portal_user_id()) WITH CHECK (user_id = portal_user_id());

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY api_tokens_own ON api_tokens
    USING (user_id = portal_user_id()) WITH CHECK (user_id = portal_user_id());

ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_resets FORCE ROW LEVEL SECURITY;
CREATE POLICY password_resets_own ON password_resets
    USING (user_id = portal_user_id()) WITH CHECK (user_id = portal_user_id());
-- Resets are asked for through portal_reset_create() only.
REVOKE INSERT ON password_resets FROM portal_app;

-- Other people's names, for signed-in people: the only columns of users
-- anyone but their owner reads.  A view with its owner's rights
-- (portal_owner bypasses row-level security); security_barrier so that no
-- condition of the asker's (a failing cast's message) sees rows the
-- view's own condition leaves out.
CREATE VIEW user_names WITH (security_barrier) AS
    SELECT id, display_name FROM users WHERE portal_user_id() IS NOT NULL;
COMMENT ON VIEW user_names IS
    'Display names of every account, for signed-in people: member lists, '
    'reviewers, timelines, the audit trail.  Never an email.';
GRANT SELECT ON user_names TO portal_app;

-- Sign-in: the account of an email, with the hash to verify the password
-- against.  No row when there is none.
CREATE FUNCTION portal_user_by_email(address citext)
    RETURNS TABLE (id bigint, password_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.id, u.password_hash FROM users u WHERE u.email = address $$;

-- Sign-up: a new account, its id; no row when the email has one already.
CREATE FUNCTION portal_user_create(address citext, shown_name text, hash text,
                                   lang text)
    RETURNS TABLE (id bigint)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ INSERT INTO users (email, display_name, password_hash, preferred_language)
          VALUES (address, shown_name, hash, lang)
          ON CONFLICT (email) DO NOTHING RETURNING users.id $$;

-- Who is asking: the live session of a cookie's token hash, with its
-- user, as STMT_SESSION_LOAD reads it.  Idle sessions (2 hours) and old
-- ones (7 days) are gone; last_seen_at is written at most once a minute.
CREATE FUNCTION portal_session_load(hash bytea)
    RETURNS TABLE (session_id bigint, csrf_token text, expires_epoch bigint,
                   id bigint, email text, display_name text,
                   national_role text, preferred_language text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH s AS (SELECT s.id, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at
                 FROM sessions s WHERE s.token_hash = hash AND s.expires_at > now()
                  AND s.last_seen_at > now() - interval '2 hours'),
    touched AS (UPDATE sessions SET last_seen_at = now() FROM s
                 WHERE sessions.id = s.id
                   AND s.last_seen_at < now() - interval '1 minute')
    SELECT s.id, s.csrf_token, floor(extract(epoch FROM s.expires_at))::bigint,
           u.id, u.email::text, u.display_name, u.national_role,
           u.preferred_language
      FROM s JOIN users u ON u.id = s.user_id $$;

-- The same for an unrevoked API token's hash; last_used_at as above.
CREATE FUNCTION portal_api_token_load(hash bytea)
    RETURNS TABLE (session_id bigint, csrf_token text, expires_epoch bigint,
                   id bigint, email text, display_name text,
                   national_role text, preferred_language text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH t AS (SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t
                WHERE t.token_hash = hash AND t.revoked_at IS NULL),
    touched AS (UPDATE api_tokens SET last_used_at = now() FROM t
                 WHERE api_tokens.id = t.id AND (t.last_used_at IS NULL
                    OR t.last_used_at < now() - interval '1 minute'))
    SELECT NULL::bigint, NULL::text, NULL::bigint, u.id, u.email::text,
           u.display_name, u.national_role, u.preferred_language
      FROM t JOIN users u ON u.id = t.user_id $$;

-- A one-hour reset token for the account of an email, if any, and if
-- fewer than three were asked for within the hour; the account and the
-- name to greet, or no row.
CREATE FUNCTION portal_reset_create(address citext, hash bytea)
    RETURNS TABLE (user_id bigint, display_name text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH made AS (
        INSERT INTO password_resets (user_id, token_hash, expires_at)
        SELECT u.id, hash, now() + interval '1 hour' FROM users u
         WHERE u.email = address AND (SELECT count(*) FROM password_resets r
               WHERE r.user_id = u.id
                 AND r.created_at > now() - interval '1 hour') < 3
        RETURNING password_resets.user_id)
    SELECT m.user_id, u.display_name FROM made m JOIN users u ON u.id = m.user_id $$;

-- The account a live reset token's hash is for, or NULL.
CREATE FUNCTION portal_reset_check(hash bytea) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT r.user_id FROM password_resets r WHERE r.token_hash = hash
       AND r.used_at IS NULL AND r.expires_at > now() $$;

-- Uses a live reset token: single use, only the first use gets the
-- account (then portald acts as that person); NULL otherwise.
CREATE FUNCTION portal_reset_use(hash bytea) RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE password_resets SET used_at = now() WHERE token_hash = hash
       AND used_at IS NULL AND expires_at > now() RETURNING user_id $$;

-- The applicant of a funding request, to tell them of a change: for the
-- applicant themself and the request location's coordinators; no row for
-- anyone else.
CREATE FUNCTION funding_applicant_contact(request bigint)
    RETURNS TABLE (email text, display_name text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.email::text, u.display_name
      FROM funding_requests r JOIN users u ON u.id = r.applicant_id
     WHERE r.id = request
       AND (r.applicant_id = portal_user_id() OR portal_can_manage(r.location_id)) $$;

-- The coordinators of every active location with their addresses, for
-- national staff's notices (a stocktake opened); no rows for anyone else.
CREATE FUNCTION national_coordinator_contacts()
    RETURNS TABLE (location_id bigint, email text, display_name text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT m.location_id, u.email::text, u.display_name
      FROM memberships m JOIN users u ON u.id = m.user_id
      JOIN locations l ON l.id = m.location_id
     WHERE m.role = 'coordinator' AND l.status = 'active' AND portal_is_national() $$;

-- A stocktake's snapshot names an initiative's lead: through user_names
-- now that users shows a person their own row only (sql/008 otherwise).
CREATE OR REPLACE FUNCTION stocktake_snapshot(stocktake bigint, location bigint,
                                              taken timestamptz) RETURNS integer
    LANGUAGE sql VOLATILE SET search_path = public, pg_temp AS $$
    WITH figures AS (
        SELECT i.id, count(u.id)::integer AS updates,
               coalesce(sum(u.people_reached), 0) AS people_reached,
               coalesce(sum(u.sessions_held), 0) AS sessions_held,
               coalesce(sum(u.volunteers), 0) AS volunteers,
               coalesce(sum(u.into_work), 0) AS into_work,
               max(u.date) AS latest_update_on
          FROM initiatives i
          LEFT JOIN initiative_updates u ON u.initiative_id = i.id
         WHERE i.location_id = location
         GROUP BY i.id),
    kept AS (
        INSERT INTO stocktake_snapshots (stocktake_id, location_id,
            initiative_id, taken_at, title, area, status, visibility,
            elements, outcome_areas, start_date, end_date, updates,
            people_reached, sessions_held, volunteers, into_work,
            latest_update_on, data)
        SELECT stocktake, location, i.id, taken, i.title, i.area, i.status,
               i.visibility, i.elements, i.outcome_areas, i.start_date,
               i.end_date, f.updates, f.people_reached, f.sessions_held,
               f.volunteers, f.into_work, f.latest_update_on,
               (to_jsonb(i) - 'search') || jsonb_build_object(
                   'lead_name', lu.display_name, 'updates', f.updates,
                   'people_reached', f.people_reached,
                   'sessions_held', f.sessions_held,
                   'volunteers', f.volunteers, 'into_work', f.into_work,
                   'latest_update_on', f.latest_update_on)
          FROM initiatives i JOIN figures f ON f.id = i.id
          LEFT JOIN user_names lu ON lu.id = i.lead_user_id
        RETURNING 1)
    SELECT count(*)::integer FROM kept $$;

-- 3. Who may call SECURITY DEFINER functions -----------------------------------

-- Nobody by default: PUBLIC loses EXECUTE on every one there is (trigger
-- functions need none: a trigger runs its function without the check).
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
               JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public' AND p.prosecdef LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;

-- portald's, each for its one purpose.  funding_applicant and
-- funding_review_count are read by policies and statements as the asker.
GRANT EXECUTE ON FUNCTION
    funding_applicant(bigint),
    funding_review_count(bigint),
    funding_notify_coordinators(bigint, text, text, text),
    funding_initiative_totals(bigint),
    initiative_adoption_count(bigint),
    portal_user_by_email(citext),
    portal_user_create(citext, text, text, text),
    portal_session_load(bytea),
    portal_api_token_load(bytea),
    portal_reset_create(citext, bytea),
    portal_reset_check(bytea),
    portal_reset_use(bytea),
    funding_applicant_contact(bigint),
    national_coordinator_contacts()
    TO portal_app;

-- And for functions made from now on: granted where needed, never by
-- default.  (Only the global form can take a default away.)
ALTER DEFAULT PRIVILEGES FOR ROLE portal_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Languages (sql/017) behind the identity lock (sql/015).
--
-- The two were written side by side.  Since 015, users shows a person
-- their own row only, and functions portal_owner makes are executable by
-- nobody until granted; 017 reads the recipient's preferred_language for
-- emails and checks language codes in constraints.  So:
--   - portal_app may call the code check its writes run through;
--   - the three definer functions that hand portald someone else's
--     address hand over their language too, so emails go out in it.
-- Return types change, so each is dropped and made again with its grant.

GRANT EXECUTE ON FUNCTION portal_language_code(text) TO portal_app;

DROP FUNCTION funding_applicant_contact(bigint);
-- The applicant of a funding request, to tell them of a change: for the
-- applicant themself and the request location's coordinators; no row for
-- anyone else.
CREATE FUNCTION funding_applicant_contact(request bigint)
    RETURNS TABLE (email text, display_name text, preferred_language text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.email::text, u.display_name, u.preferred_language
      FROM funding_requests r JOIN users u ON u.id = r.applicant_id
     WHERE r.id = request
       AND (r.applicant_id = portal_user_id() OR portal_can_manage(r.location_id)) $$;
GRANT EXECUTE ON FUNCTION funding_applicant_contact(bigint) TO portal_app;

DROP FUNCTION national_coordinator_contacts();
-- The coordinators of every active location with their addresses and
-- languages, for national staff's notices (a stocktake opened); no rows
-- for anyone else.
CREATE FUNCTION national_coordinator_contacts()
    RETURNS TABLE (location_id bigint, email text, display_name text,
                   preferred_language text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT m.location_id, u.email::text, u.display_name, u.preferred_language
      FROM memberships m JOIN users u ON u.id = m.user_id
      JOIN locations l ON l.id = m.location_id
     WHERE m.role = 'coordinator' AND l.status = 'active' AND portal_is_national() $$;
GRANT EXECUTE ON FUNCTION national_coordinator_contacts() TO portal_app;

DROP FUNCTION portal_reset_create(citext, bytea);
-- A one-hour reset token for the account of an email, if any, and if
-- fewer than three were asked for within the hour; the account, the name
-- to greet and the language to write in, or no row.
CREATE FUNCTION portal_reset_create(address citext, hash bytea)
    RETURNS TABLE (user_id bigint, display_name text, preferred_language text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH made AS (
        INSERT INTO password_resets (user_id, token_hash, expires_at)
        SELECT u.id, hash, now() + interval '1 hour' FROM users u
         WHERE u.email = address AND (SELECT count(*) FROM password_resets r
               WHERE r.user_id = u.id
                 AND r.created_at > now() - interval '1 hour') < 3
        RETURNING password_resets.user_id)
    SELECT m.user_id, u.display_name, u.preferred_language
      FROM made m JOIN users u ON u.id = m.user_id $$;
GRANT EXECUTE ON FUNCTION portal_reset_create(citext, bytea) TO portal_app;

-- Every definer function pins the same search_path (sql/015).
ALTER FUNCTION portal_writer_language() SET search_path = public, pg_temp;

-- Coordinators' funding notices now go out per language through
-- funding_notify_coordinators_i18n() (sql/017); the single-language one is
-- nobody's to call.
REVOKE EXECUTE ON FUNCTION funding_notify_coordinators(bigint, text, text, text) FROM portal_app;

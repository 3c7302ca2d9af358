-- API tokens expire (sql/013) behind the identity lock (sql/015).
--
-- 013 gave api_tokens an expires_at and 015 moved the token lookup into
-- portal_api_token_load(), written beside 013 without it.  The lookup
-- refuses an expired token and reports its expiry as a session's, so a
-- worker's copy of who a token belongs to (auth_recall) never outlives it.
-- CREATE OR REPLACE keeps 015's grant to portal_app.
CREATE OR REPLACE FUNCTION portal_api_token_load(hash bytea)
    RETURNS TABLE (session_id bigint, csrf_token text, expires_epoch bigint,
                   id bigint, email text, display_name text,
                   national_role text, preferred_language text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH t AS (SELECT t.id, t.user_id, t.last_used_at, t.expires_at
                 FROM api_tokens t
                WHERE t.token_hash = hash AND t.revoked_at IS NULL
                  AND t.expires_at > now()),
    touched AS (UPDATE api_tokens SET last_used_at = now() FROM t
                 WHERE api_tokens.id = t.id AND (t.last_used_at IS NULL
                    OR t.last_used_at < now() - interval '1 minute'))
    SELECT NULL::bigint, NULL::text,
           floor(extract(epoch FROM t.expires_at))::bigint,
           u.id, u.email::text, u.display_name, u.national_role,
           u.preferred_language
      FROM t JOIN users u ON u.id = t.user_id $$;

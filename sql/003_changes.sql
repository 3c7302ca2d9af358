-- Changes that portald's workers must hear about: each worker keeps
-- copies of what it read (public pages, sessions, working-group views)
-- and drops them all when told that the data behind them changed
-- (app/util/changes.h).  Workers on one host also tell each other
-- directly; this channel carries changes from other hosts and portalctl.
-- NOTIFY is delivered at commit, once per statement.

CREATE FUNCTION portal_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portal_changes', TG_TABLE_NAME);
    RETURN NULL;
END $$;

CREATE TRIGGER locations_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON locations
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER memberships_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER users_changed
    AFTER UPDATE OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
-- Not on the once-a-minute touch of last_seen_at: only ends of sessions.
CREATE TRIGGER sessions_changed
    AFTER DELETE OR UPDATE OF expires_at ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER api_tokens_changed
    AFTER DELETE OR UPDATE OF revoked_at ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

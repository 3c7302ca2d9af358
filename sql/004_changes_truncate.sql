-- Emptying a table is a change too: without these, a TRUNCATE of users,
-- sessions or API tokens (a test reset, an operator's clean-up) would
-- leave workers on other hosts serving who they remembered.

CREATE TRIGGER users_truncated
    AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER sessions_truncated
    AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER api_tokens_truncated
    AFTER TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Credentials bound to their purpose and their password (issue 15).
--
-- An invitation admits only the account with the invited email: the link
-- may be forwarded or leaked, the address may not.  API tokens expire,
-- and every credential the old password could have made (API tokens,
-- reset links) ends when the password changes, by whatever route:
-- portald's account page and reset links, portalctl, SQL by hand.
-- Sessions end there too, but the callers end those themselves, since
-- they start the person's fresh one in the same transaction.

-- Invitations ---------------------------------------------------------------

-- The invitee adds themself only when their account's email is the invited
-- one (both citext: compared as the schema stores them, case aside).
ALTER POLICY memberships_add ON memberships
    WITH CHECK (portal_can_manage(location_id)
        OR (user_id = portal_user_id() AND EXISTS (
            SELECT 1 FROM invitations i JOIN users u ON u.id = memberships.user_id
             WHERE i.token_hash = portal_invitation()
               AND i.email = u.email
               AND i.location_id = memberships.location_id
               AND i.role = memberships.role
               AND i.accepted_at IS NULL AND i.expires_at > now())));

-- API tokens ----------------------------------------------------------------

-- Set by portald when a token is made (PORTAL_API_TOKEN_DAYS, 90 by
-- default).  Tokens made before tokens expired get 90 days from their
-- making: a token that old stops working now.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = created_at + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
COMMENT ON COLUMN api_tokens.expires_at IS
    'After this the token is refused; revoked_at ends it sooner.';

-- A new password ------------------------------------------------------------

-- password_changed_at moves only with a new password (a hash renewed with
-- today's limits for the same password leaves it, and the tokens, alone).
CREATE FUNCTION users_password_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE api_tokens SET revoked_at = now()
     WHERE user_id = NEW.id AND revoked_at IS NULL;
    UPDATE password_resets SET used_at = now()
     WHERE user_id = NEW.id AND used_at IS NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER users_password_changed
    AFTER UPDATE OF password_changed_at ON users
    FOR EACH ROW WHEN (NEW.password_changed_at IS DISTINCT FROM OLD.password_changed_at)
    EXECUTE FUNCTION users_password_changed();
COMMENT ON TRIGGER users_password_changed ON users IS
    'A new password revokes the account''s API tokens and retires its unused '
    'reset links.';

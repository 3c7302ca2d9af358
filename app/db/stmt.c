/*
 * stmt: the SQL of every statement (see stmt.h).  Parameters only: no SQL
 * text is ever built from values.
 */
#include "stmt.h"

/* A timestamp as RFC 3339 text in UTC, as shared/API.md fixes. */
#define RFC3339(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

const struct stmt_def stmts[STMT__MAX] = {
	[STMT_PING] = { "SELECT 1", 0 },

	/* $1: slug to continue after ('' for the first page), $2: limit. */
	[STMT_LOCATION_LIST] = {
	    "SELECT slug, name, region FROM locations"
	    " WHERE status = 'active' AND slug > $1"
	    " ORDER BY slug LIMIT $2", 2 },

	[STMT_LOCATION_BY_SLUG] = {
	    "SELECT slug, name, region FROM locations"
	    " WHERE slug = $1 AND status = 'active'", 1 },

	[STMT_LOCATION_REF] = {
	    "SELECT id, slug, name, region FROM locations"
	    " WHERE slug = $1 AND status = 'active'", 1 },

	/*
	 * Who is asking.  $1: the hash of the session cookie's token.  Idle
	 * sessions (2 hours) and old ones (7 days) are gone; last_seen_at is
	 * written at most once a minute.  Sets portal.user_id for RLS.
	 */
	[STMT_SESSION_LOAD] = {
	    "WITH s AS (SELECT id, user_id, csrf_token, last_seen_at,"
	    "  expires_at"
	    "  FROM sessions WHERE token_hash = $1 AND expires_at > now()"
	    "   AND last_seen_at > now() - interval '2 hours'),"
	    " touched AS (UPDATE sessions SET last_seen_at = now() FROM s"
	    "  WHERE sessions.id = s.id"
	    "   AND s.last_seen_at < now() - interval '1 minute')"
	    " SELECT s.id AS session_id, s.csrf_token,"
	    "  floor(extract(epoch FROM s.expires_at))::bigint AS expires_epoch,"
	    "  u.id, u.email::text"
	    "  AS email, u.display_name, u.national_role,"
	    "  u.preferred_language,"
	    "  set_config('portal.user_id', u.id::text, true) AS user_setting"
	    " FROM s JOIN users u ON u.id = s.user_id", 1 },

	/* The same for an API token ($1: its hash); no CSRF token. */
	[STMT_API_TOKEN_LOAD] = {
	    "WITH t AS (SELECT id, user_id, last_used_at FROM api_tokens"
	    "  WHERE token_hash = $1 AND revoked_at IS NULL),"
	    " touched AS (UPDATE api_tokens SET last_used_at = now() FROM t"
	    "  WHERE api_tokens.id = t.id AND (t.last_used_at IS NULL"
	    "   OR t.last_used_at < now() - interval '1 minute'))"
	    " SELECT NULL::bigint AS session_id, NULL AS csrf_token,"
	    "  NULL::bigint AS expires_epoch, u.id,"
	    "  u.email::text AS email, u.display_name, u.national_role,"
	    "  u.preferred_language,"
	    "  set_config('portal.user_id', u.id::text, true) AS user_setting"
	    " FROM t JOIN users u ON u.id = t.user_id", 1 },

	/*
	 * The signed-in user's memberships (readable once portal.user_id is
	 * set), and from them the location settings RLS reads.  $1: the
	 * national role or ''.
	 */
	[STMT_MEMBERSHIPS_LOAD] = {
	    "SELECT coalesce(json_agg(json_build_object('location', l.slug,"
	    "  'location_id', l.id, 'location_name', l.name, 'role', m.role,"
	    "  'sector', m.sector, 'organisation', m.organisation)"
	    "  ORDER BY l.name), '[]') AS memberships,"
	    " set_config('portal.national_role', $1, true) AS national,"
	    " set_config('portal.locations_read',"
	    "  coalesce(array_agg(m.location_id)::text, '{}'), true) AS r,"
	    " set_config('portal.locations_write', coalesce((array_agg("
	    "  m.location_id) FILTER (WHERE m.role <> 'observer'))::text,"
	    "  '{}'), true) AS w,"
	    " set_config('portal.locations_manage', coalesce((array_agg("
	    "  m.location_id) FILTER (WHERE m.role = 'coordinator'))::text,"
	    "  '{}'), true) AS m"
	    " FROM memberships m JOIN locations l ON l.id = m.location_id"
	    " WHERE m.user_id = portal_user_id() AND l.status = 'active'", 1 },

	[STMT_SET_USER] = {
	    "SELECT set_config('portal.user_id', $1, true)", 1 },

	/* $1: token hash, $2: user id, $3: CSRF token. */
	[STMT_SESSION_CREATE] = {
	    "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)"
	    " VALUES ($1, $2, $3, now() + interval '7 days') RETURNING id", 3 },

	[STMT_SESSION_DELETE] = {
	    "DELETE FROM sessions WHERE id = $1", 1 },

	[STMT_SESSIONS_DELETE_USER] = {
	    "DELETE FROM sessions WHERE user_id = $1", 1 },

	[STMT_USER_BY_EMAIL] = {
	    "SELECT id, password_hash FROM users WHERE email = $1", 1 },

	[STMT_USER_PASSWORD_HASH] = {
	    "SELECT password_hash FROM users WHERE id = $1", 1 },

	/* $1 email, $2 display name, $3 password hash, $4 language.  No row
	 * back when the email is taken. */
	[STMT_USER_CREATE] = {
	    "INSERT INTO users (email, display_name, password_hash,"
	    " preferred_language) VALUES ($1, $2, $3, $4)"
	    " ON CONFLICT (email) DO NOTHING RETURNING id", 4 },

	[STMT_USER_SET_PASSWORD] = {
	    "UPDATE users SET password_hash = $2, password_changed_at = now()"
	    " WHERE id = $1", 2 },

	/* Failures in the last 15 minutes for $1 (email) and $2 (client). */
	[STMT_SIGN_IN_FAILURES] = {
	    "SELECT count(*) FILTER (WHERE email = $1) AS account,"
	    " count(*) FILTER (WHERE client = $2::inet) AS client"
	    " FROM sign_in_attempts WHERE NOT succeeded"
	    " AND at > now() - interval '15 minutes'"
	    " AND (email = $1 OR client = $2::inet)", 2 },

	[STMT_SIGN_IN_RECORD] = {
	    "INSERT INTO sign_in_attempts (email, client, succeeded)"
	    " VALUES ($1, $2::inet, $3)", 3 },

	/* $1 location id or NULL, $2 actor or NULL, $3 action, $4 detail. */
	[STMT_AUDIT_ADD] = {
	    "INSERT INTO audit_log (location_id, actor_id, action, detail)"
	    " VALUES ($1, $2, $3, $4::jsonb)", 4 },

	/* A location's working group ($1: location id), coordinators first. */
	[STMT_MEMBERS_LIST] = {
	    "SELECT m.user_id, u.display_name, m.role, m.sector,"
	    " m.organisation"
	    " FROM memberships m JOIN users u ON u.id = m.user_id"
	    " WHERE m.location_id = $1"
	    " ORDER BY CASE m.role WHEN 'coordinator' THEN 0"
	    "  WHEN 'member' THEN 1 ELSE 2 END, u.display_name, m.user_id", 1 },

	/* Every active location with its group's size and sectors. */
	[STMT_NATIONAL_LOCATIONS] = {
	    "SELECT l.slug, l.name, l.region, count(m.user_id) AS members,"
	    " count(m.user_id) FILTER (WHERE m.role = 'coordinator')"
	    "  AS coordinators,"
	    " coalesce(json_agg(DISTINCT m.sector) FILTER (WHERE m.sector"
	    "  IS NOT NULL), '[]') AS sectors"
	    " FROM locations l LEFT JOIN memberships m ON m.location_id = l.id"
	    " WHERE l.status = 'active'"
	    " GROUP BY l.id ORDER BY l.name", 0 },

	/* $1 location, $2 user; $3-$5 role, sector, organisation or NULL to
	 * keep.  The keep-a-coordinator trigger refuses the last one's
	 * demotion. */
	[STMT_MEMBER_UPDATE] = {
	    "UPDATE memberships m SET role = coalesce($3, m.role),"
	    " sector = coalesce($4, m.sector),"
	    " organisation = coalesce($5, m.organisation)"
	    " FROM users u WHERE u.id = m.user_id"
	    "  AND m.location_id = $1 AND m.user_id = $2"
	    " RETURNING m.user_id, u.display_name, m.role, m.sector,"
	    "  m.organisation", 5 },

	[STMT_MEMBER_DELETE] = {
	    "DELETE FROM memberships WHERE location_id = $1 AND user_id = $2"
	    " RETURNING user_id, role", 2 },

	/* $1 location, $2 email, $3 role, $4 sector, $5 organisation,
	 * $6 token hash, $7 inviter. */
	[STMT_INVITATION_CREATE] = {
	    "INSERT INTO invitations (location_id, email, role, sector,"
	    " organisation, token_hash, invited_by, expires_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, now() + interval '7 days')"
	    " RETURNING id, email::text AS email, role, sector, organisation,"
	    "  " RFC3339("created_at") " AS created_at,"
	    "  " RFC3339("expires_at") " AS expires_at,"
	    "  'pending' AS state", 7 },

	[STMT_INVITATIONS_LIST] = {
	    "SELECT i.id, i.email::text AS email, i.role, i.sector,"
	    " i.organisation, u.display_name AS invited_by,"
	    " " RFC3339("i.created_at") " AS created_at,"
	    " " RFC3339("i.expires_at") " AS expires_at,"
	    " CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'"
	    "  WHEN i.expires_at <= now() THEN 'expired' ELSE 'pending' END"
	    "  AS state"
	    " FROM invitations i JOIN users u ON u.id = i.invited_by"
	    " WHERE i.location_id = $1 ORDER BY i.id DESC LIMIT 200", 1 },

	/* The invitation a person holds: row-level security lets them see
	 * it, and add themself with it, through this setting alone. */
	[STMT_INVITATION_SET] = {
	    "SELECT set_config('portal.invitation', $1, true)", 1 },

	[STMT_INVITATION_BY_TOKEN] = {
	    "SELECT i.id, i.location_id, l.slug, l.name AS location_name,"
	    " i.email::text AS email, i.role, i.sector, i.organisation,"
	    " i.accepted_at IS NOT NULL AS accepted,"
	    " i.expires_at <= now() AS expired"
	    " FROM invitations i JOIN locations l ON l.id = i.location_id"
	    " WHERE i.token_hash = $1", 1 },

	/* Single use: only the first acceptance updates a row. */
	[STMT_INVITATION_ACCEPT] = {
	    "UPDATE invitations SET accepted_at = now(), accepted_by = $2"
	    " WHERE id = $1 AND accepted_at IS NULL AND expires_at > now()"
	    " RETURNING id", 2 },

	[STMT_MEMBERSHIP_ADD] = {
	    "INSERT INTO memberships (location_id, user_id, role, sector,"
	    " organisation) VALUES ($1, $2, $3, $4, $5)"
	    " ON CONFLICT (location_id, user_id) DO NOTHING RETURNING role", 5 },

	/* $1 location or NULL, $2 to, $3 subject, $4 body, $5 kind. */
	[STMT_OUTBOX_ADD] = {
	    "INSERT INTO outbox (location_id, to_email, subject, body, kind)"
	    " VALUES ($1, $2, $3, $4, $5)", 5 },

	/* A location's trail, newest first; $2 the cursor (an id) or NULL,
	 * $3 the page size. */
	[STMT_AUDIT_LIST] = {
	    "SELECT a.id, " RFC3339("a.at") " AS at, a.action,"
	    " a.actor_id, u.display_name AS actor, a.detail"
	    " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id"
	    " WHERE a.location_id = $1 AND ($2::bigint IS NULL OR a.id < $2)"
	    " ORDER BY a.id DESC LIMIT $3", 3 },

	/* Every location's trail and the portal-wide entries (sign-ins),
	 * for national staff; $1 the cursor or NULL, $2 the page size. */
	[STMT_AUDIT_ALL] = {
	    "SELECT a.id, " RFC3339("a.at") " AS at, a.action,"
	    " a.actor_id, u.display_name AS actor, l.slug AS location,"
	    " a.detail"
	    " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id"
	    " LEFT JOIN locations l ON l.id = a.location_id"
	    " WHERE $1::bigint IS NULL OR a.id < $1"
	    " ORDER BY a.id DESC LIMIT $2", 2 },

	/* A one-hour reset token for the account of $1 (an email), if any,
	 * and if fewer than three were asked for within the hour: nobody's
	 * inbox is flooded from the forgotten-password form. */
	[STMT_RESET_CREATE] = {
	    "INSERT INTO password_resets (user_id, token_hash, expires_at)"
	    " SELECT id, $2, now() + interval '1 hour' FROM users u"
	    " WHERE email = $1 AND (SELECT count(*) FROM password_resets r"
	    "  WHERE r.user_id = u.id"
	    "   AND r.created_at > now() - interval '1 hour') < 3"
	    " RETURNING user_id, (SELECT display_name FROM users"
	    "  WHERE email = $1) AS display_name", 2 },

	[STMT_RESET_CHECK] = {
	    "SELECT user_id FROM password_resets WHERE token_hash = $1"
	    " AND used_at IS NULL AND expires_at > now()", 1 },

	/* Single use: only the first use updates the row. */
	[STMT_RESET_USE] = {
	    "UPDATE password_resets SET used_at = now() WHERE token_hash = $1"
	    " AND used_at IS NULL AND expires_at > now() RETURNING user_id", 1 },

	[STMT_TOKENS_LIST] = {
	    "SELECT id, name, " RFC3339("created_at") " AS created_at,"
	    " " RFC3339("last_used_at") " AS last_used_at"
	    " FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL"
	    " ORDER BY id", 1 },

	[STMT_TOKEN_CREATE] = {
	    "INSERT INTO api_tokens (user_id, name, token_hash)"
	    " VALUES ($1, $2, $3) RETURNING id, name,"
	    " " RFC3339("created_at") " AS created_at", 3 },

	[STMT_TOKEN_REVOKE] = {
	    "UPDATE api_tokens SET revoked_at = now()"
	    " WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL"
	    " RETURNING id", 2 },
};

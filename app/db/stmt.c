/*
 * stmt: the SQL of every statement (see stmt.h).  Parameters only: no SQL
 * text is ever built from values.
 */
#include "stmt.h"

/* A timestamp as RFC 3339 text in UTC, as shared/API.md fixes. */
#define RFC3339(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* An initiative as views show it; i is initiatives, lu the lead's user. */
#define INITIATIVE_COLUMNS \
	"i.id, i.version, i.title, i.summary, i.area," \
	" to_jsonb(i.elements) AS elements," \
	" to_jsonb(i.outcome_areas) AS outcome_areas, i.status, i.visibility," \
	" to_char(i.start_date, 'YYYY-MM-DD') AS start_date," \
	" to_char(i.end_date, 'YYYY-MM-DD') AS end_date," \
	" i.lead_user_id, lu.display_name AS lead_name," \
	" to_jsonb(i.partners) AS partners," \
	" to_jsonb(i.target_groups) AS target_groups," \
	" " RFC3339("i.created_at") " AS created_at," \
	" " RFC3339("i.updated_at") " AS updated_at," \
	" " RFC3339("i.published_at") " AS published_at"
#define INITIATIVE_FROM \
	" FROM initiatives i LEFT JOIN users lu ON lu.id = i.lead_user_id"

/*
 * A location's initiatives, filtered, one page after a keyset cursor.
 * $1 location, $2 published only, $3 area, $4 element, $5 status,
 * $6 outcome area, $7 free text (websearch syntax), $8 the cursor's sort
 * key or NULL, $9 its id, $10 the page size.  Filters are NULL when unset.
 */
#define INITIATIVE_FILTERS \
	" WHERE i.location_id = $1 AND (NOT $2 OR i.visibility = 'public')" \
	" AND ($3::text IS NULL OR i.area = $3)" \
	" AND ($4::text IS NULL OR i.elements @> ARRAY[$4::text])" \
	" AND ($5::text IS NULL OR i.status = $5)" \
	" AND ($6::text IS NULL OR i.outcome_areas @> ARRAY[$6::text])" \
	" AND ($7::text IS NULL" \
	"  OR i.search @@ websearch_to_tsquery('english', $7))"
/* Arrays arrive as JSON text: no array literal is ever built in C. */
#define TEXT_ARRAY(p)	"ARRAY(SELECT jsonb_array_elements_text(" p "::jsonb))"
/* $1 location, then the fields in the order initiative.c sends them. */
#define INITIATIVE_VALUES \
	"$2, $3, $4, " TEXT_ARRAY("$5") ", " TEXT_ARRAY("$6") ", $7, $8," \
	" $9::bigint, " TEXT_ARRAY("$10") ", " TEXT_ARRAY("$11") "," \
	" $12::date, $13::date"

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

	/* Newest change first; the sort key is updated_at in microseconds. */
	[STMT_INITIATIVES_RECENT] = {
	    "SELECT " INITIATIVE_COLUMNS ","
	    " (extract(epoch FROM i.updated_at) * 1000000)::bigint::text"
	    "  AS sort_key"
	    INITIATIVE_FROM INITIATIVE_FILTERS
	    " AND ($8::text IS NULL OR (i.updated_at, i.id) <"
	    "  ('epoch'::timestamptz + $8::bigint * interval '1 microsecond',"
	    "   $9::bigint))"
	    " ORDER BY i.updated_at DESC, i.id DESC LIMIT $10", 10 },

	[STMT_INITIATIVES_TITLE] = {
	    "SELECT " INITIATIVE_COLUMNS ", lower(i.title) AS sort_key"
	    INITIATIVE_FROM INITIATIVE_FILTERS
	    " AND ($8::text IS NULL OR (lower(i.title), i.id) > ($8, $9::bigint))"
	    " ORDER BY lower(i.title), i.id LIMIT $10", 10 },

	[STMT_INITIATIVES_CREATED] = {
	    "SELECT " INITIATIVE_COLUMNS ", i.id::text AS sort_key"
	    INITIATIVE_FROM INITIATIVE_FILTERS
	    " AND ($8::text IS NULL OR i.id < $9::bigint)"
	    " ORDER BY i.id DESC LIMIT $10", 10 },

	/* The public page's latest published initiatives, each with its
	 * latest update.  $1 slug, $2 how many. */
	[STMT_INITIATIVES_PUBLISHED] = {
	    "SELECT i.id, i.title, i.summary, i.area, i.status,"
	    " " RFC3339("i.updated_at") " AS updated_at,"
	    " lu.date AS latest_date, lu.body AS latest_body"
	    " FROM locations l JOIN initiatives i ON i.location_id = l.id"
	    " LEFT JOIN LATERAL (SELECT to_char(u.date, 'YYYY-MM-DD') AS date,"
	    "  u.body FROM initiative_updates u WHERE u.initiative_id = i.id"
	    "  ORDER BY u.date DESC, u.id DESC LIMIT 1) lu ON true"
	    " WHERE l.slug = $1 AND l.status = 'active'"
	    " AND i.visibility = 'public'"
	    " ORDER BY i.updated_at DESC, i.id DESC LIMIT $2", 2 },

	/* Active and planned initiatives by area and element, and by area
	 * alone (element NULL), for the coverage matrix.  $1 location. */
	[STMT_INITIATIVE_COVERAGE] = {
	    "SELECT i.area, e.element,"
	    " count(DISTINCT i.id) FILTER (WHERE i.status = 'active')"
	    "  AS active,"
	    " count(DISTINCT i.id) FILTER (WHERE i.status = 'planned')"
	    "  AS planned"
	    " FROM initiatives i, unnest(i.elements) AS e (element)"
	    " WHERE i.location_id = $1 AND i.status IN ('active', 'planned')"
	    " GROUP BY GROUPING SETS ((i.area, e.element), (i.area))", 1 },

	/* $1 location, $2 id; row-level security hides what the asker may
	 * not read. */
	[STMT_INITIATIVE_GET] = {
	    "SELECT " INITIATIVE_COLUMNS INITIATIVE_FROM
	    " WHERE i.location_id = $1 AND i.id = $2", 2 },

	/* The same, held until the request's transaction ends, for edits. */
	[STMT_INITIATIVE_LOCK] = {
	    "SELECT " INITIATIVE_COLUMNS INITIATIVE_FROM
	    " WHERE i.location_id = $1 AND i.id = $2 FOR UPDATE OF i", 2 },

	/* $1 location, $2 title, $3 summary, $4 area, $5 elements (JSON),
	 * $6 outcome areas (JSON), $7 status, $8 visibility, $9 lead,
	 * $10 partners (JSON), $11 target groups (JSON), $12 start,
	 * $13 end, $14 who creates it. */
	[STMT_INITIATIVE_CREATE] = {
	    "INSERT INTO initiatives (location_id, title, summary, area,"
	    " elements, outcome_areas, status, visibility, lead_user_id,"
	    " partners, target_groups, start_date, end_date, created_by,"
	    " published_at)"
	    " VALUES ($1, " INITIATIVE_VALUES ", $14,"
	    "  CASE WHEN $8 = 'public' THEN now() END)"
	    " RETURNING id", 14 },

	/* $1 location, $2 id, then the fields as above from $3: every
	 * field is written (the handler merged the change into the row). */
	[STMT_INITIATIVE_SAVE] = {
	    "UPDATE initiatives SET (title, summary, area, elements,"
	    " outcome_areas, status, visibility, lead_user_id, partners,"
	    " target_groups, start_date, end_date) = ("
	    " $3, $4, $5, " TEXT_ARRAY("$6") ", " TEXT_ARRAY("$7") ", $8, $9,"
	    " $10::bigint, " TEXT_ARRAY("$11") ", " TEXT_ARRAY("$12") ","
	    " $13::date, $14::date),"
	    " version = version + 1, updated_at = now(),"
	    " published_at = CASE WHEN $9 = 'public'"
	    "  THEN coalesce(published_at, now()) END"
	    " WHERE location_id = $1 AND id = $2 RETURNING version", 14 },

	/* A progress update moves the initiative up the list and may move
	 * its status (a new version then).  $1 location, $2 id, $3 status
	 * or NULL. */
	[STMT_INITIATIVE_PROGRESS] = {
	    "UPDATE initiatives SET updated_at = now(),"
	    " status = coalesce($3, status),"
	    " version = version + CASE WHEN $3 IS DISTINCT FROM status"
	    "  AND $3 IS NOT NULL THEN 1 ELSE 0 END"
	    " WHERE location_id = $1 AND id = $2 RETURNING version", 3 },

	/* $1 location, $2 user: their role there, if any. */
	[STMT_MEMBER_ROLE] = {
	    "SELECT role FROM memberships WHERE location_id = $1"
	    " AND user_id = $2", 2 },

	/* An initiative's timeline, newest first, after a cursor.  $1 the
	 * initiative, $2 the cursor's date or NULL, $3 its id, $4 size. */
	[STMT_UPDATES_LIST] = {
	    "SELECT u.id, to_char(u.date, 'YYYY-MM-DD') AS date, u.body,"
	    " u.people_reached, u.sessions_held, u.volunteers, u.into_work,"
	    " u.status_from, u.status_to, a.display_name AS author_name,"
	    " " RFC3339("u.created_at") " AS created_at,"
	    " to_char(u.date, 'YYYY-MM-DD') AS sort_key"
	    " FROM initiative_updates u LEFT JOIN users a ON a.id = u.author_id"
	    " WHERE u.initiative_id = $1"
	    " AND ($2::text IS NULL OR (u.date, u.id) < ($2::date, $3::bigint))"
	    " ORDER BY u.date DESC, u.id DESC LIMIT $4", 4 },

	/* $1 location, $2 initiative, $3 date (NULL: today in New Zealand),
	 * $4 body, $5 people reached,
	 * $6 sessions, $7 volunteers, $8 into work, $9 status before,
	 * $10 status after (NULL: unchanged), $11 author. */
	[STMT_UPDATE_ADD] = {
	    "INSERT INTO initiative_updates (location_id, initiative_id, date,"
	    " body, people_reached, sessions_held, volunteers, into_work,"
	    " status_from, status_to, author_id)"
	    " VALUES ($1, $2, coalesce($3::date,"
	    "  (now() AT TIME ZONE 'Pacific/Auckland')::date), $4,"
	    " $5::integer, $6::integer,"
	    " $7::integer, $8::integer, $9, $10, $11)"
	    " RETURNING id, to_char(date, 'YYYY-MM-DD') AS date, body,"
	    " people_reached, sessions_held, volunteers, into_work, status_from,"
	    " status_to", 11 },

	/* Exports: every initiative of location $1, and every update. */
	[STMT_EXPORT_INITIATIVES] = {
	    "SELECT " INITIATIVE_COLUMNS INITIATIVE_FROM
	    " WHERE i.location_id = $1 ORDER BY i.id", 1 },

	[STMT_EXPORT_UPDATES] = {
	    "SELECT u.id, u.initiative_id, i.title AS initiative_title,"
	    " to_char(u.date, 'YYYY-MM-DD') AS date, u.body, u.people_reached,"
	    " u.sessions_held, u.volunteers, u.into_work, u.status_from,"
	    " u.status_to, a.display_name AS author_name,"
	    " " RFC3339("u.created_at") " AS created_at"
	    " FROM initiative_updates u"
	    " JOIN initiatives i ON i.id = u.initiative_id"
	    " LEFT JOIN users a ON a.id = u.author_id"
	    " WHERE u.location_id = $1 ORDER BY u.initiative_id, u.date, u.id",
	    1 },
};

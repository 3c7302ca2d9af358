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

/* Today where the portal's people live: rounds open and close on it. */
#define NZ_TODAY	"(now() AT TIME ZONE 'Pacific/Auckland')::date"
#define YMD(col)	"to_char(" col ", 'YYYY-MM-DD')"

/* A funding round with its money; fr is funding_rounds. */
#define ROUND_COLUMNS \
	"fr.id, fr.version, fr.name, fr.pool_cents, fr.max_request_cents," \
	" " YMD("fr.opens_on") " AS opens_on," \
	" " YMD("fr.closes_on") " AS closes_on, fr.quorum," \
	" fr.fast_track_cents, fr.report_due_days, fr.conditions," \
	" fr.approved_cents, fr.paid_cents," \
	" fr.pool_cents - fr.approved_cents AS remaining_cents," \
	" CASE WHEN " NZ_TODAY " < fr.opens_on THEN 'upcoming'" \
	"  WHEN " NZ_TODAY " > fr.closes_on THEN 'closed' ELSE 'open' END" \
	"  AS round_state"

/* A funding request as its pages show it; r is funding_requests. */
#define REQUEST_COLUMNS \
	"r.id, r.round_id, fr.name AS round_name, r.state, r.version," \
	" r.title, r.description, r.area, to_jsonb(r.elements) AS elements," \
	" r.amount_cents, r.budget, r.beneficiaries, r.beneficiary_count," \
	" r.timeline, json_build_object('name', r.contact_name, 'email'," \
	"  r.contact_email, 'phone', r.contact_phone) AS contact," \
	" r.approved_cents, r.decline_reason, r.paid_cents," \
	" " YMD("r.paid_on") " AS paid_on, r.payment_reference," \
	" " YMD("r.report_due_on") " AS report_due_on," \
	" (r.state = 'disbursed' AND r.report_due_on < " NZ_TODAY ")" \
	"  AS report_overdue," \
	" r.initiative_id, r.applicant_id, a.display_name AS applicant_name," \
	" funding_review_count(r.id) AS reviews_done," \
	" fr.quorum, fr.fast_track_cents, fr.max_request_cents," \
	" fr.pool_cents - fr.approved_cents AS remaining_cents," \
	" fr.conditions, fr.report_due_days," \
	" CASE WHEN " NZ_TODAY " < fr.opens_on THEN 'upcoming'" \
	"  WHEN " NZ_TODAY " > fr.closes_on THEN 'closed' ELSE 'open' END" \
	"  AS round_state," \
	" " RFC3339("r.submitted_at") " AS submitted_at," \
	" " RFC3339("r.decided_at") " AS decided_at," \
	" " RFC3339("r.created_at") " AS created_at," \
	" " RFC3339("r.updated_at") " AS updated_at"
#define REQUEST_FROM \
	" FROM funding_requests r JOIN users a ON a.id = r.applicant_id" \
	" LEFT JOIN funding_rounds fr ON fr.id = r.round_id"
/* The request's fields in the order request.c sends them, from $n on. */
#define REQUEST_FIELDS \
	"title, description, area, elements, amount_cents, budget," \
	" beneficiaries, beneficiary_count, timeline, contact_name," \
	" contact_email, contact_phone"
#define REQUEST_VALUES(a, b, c, d, e, f, g, h, i, j, k, l) \
	a ", " b ", " c ", " TEXT_ARRAY(d) ", " e "::bigint, " f "::jsonb, " \
	g ", " h "::integer, " i ", " j ", " k ", " l

/*
 * The exports (handlers/export.c) all take the same filters, NULL meaning
 * any: $1 location slugs (a JSON array), $2 area, $3 element, $4 outcome
 * area, $5 and $6 the first and last day of a date range, which each
 * export applies to its own date.  EXPORT_FROM(t) joins the location of
 * table t as xl and filters on it; the filters on what a row is about
 * follow, for an initiative (i) or a funding request (r), which meets an
 * outcome area through the initiative it is linked to.
 */
#define EXPORT_FROM(t) \
	" JOIN locations xl ON xl.id = " t ".location_id" \
	" AND ($1::jsonb IS NULL" \
	"  OR xl.slug = ANY (ARRAY(SELECT jsonb_array_elements_text($1::jsonb))))"
#define EXPORT_INITIATIVE_FILTERS \
	" ($2::text IS NULL OR i.area = $2)" \
	" AND ($3::text IS NULL OR i.elements @> ARRAY[$3::text])" \
	" AND ($4::text IS NULL OR i.outcome_areas @> ARRAY[$4::text])"
#define EXPORT_REQUEST_FILTERS \
	" ($2::text IS NULL OR r.area = $2)" \
	" AND ($3::text IS NULL OR r.elements @> ARRAY[$3::text])" \
	" AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM initiatives li" \
	"  WHERE li.id = r.initiative_id" \
	"   AND li.outcome_areas @> ARRAY[$4::text]))"
#define EXPORT_DATES(col) \
	" AND ($5::date IS NULL OR " col " >= $5)" \
	" AND ($6::date IS NULL OR " col " <= $6)"

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
	/* The exports' statements (EXPORT_FILTERS) ordered by location. */
	[STMT_EXPORT_INITIATIVES] = {
	    "SELECT xl.slug AS location, " INITIATIVE_COLUMNS INITIATIVE_FROM
	    EXPORT_FROM("i") " WHERE " EXPORT_INITIATIVE_FILTERS
	    " AND ($6::date IS NULL OR coalesce(i.start_date,"
	    "  (i.created_at AT TIME ZONE 'Pacific/Auckland')::date) <= $6)"
	    " AND ($5::date IS NULL OR i.end_date IS NULL OR i.end_date >= $5)"
	    " ORDER BY xl.slug, i.id", 6 },

	[STMT_EXPORT_UPDATES] = {
	    "SELECT xl.slug AS location, u.id, u.initiative_id,"
	    " i.title AS initiative_title,"
	    " to_char(u.date, 'YYYY-MM-DD') AS date, u.body, u.people_reached,"
	    " u.sessions_held, u.volunteers, u.into_work, u.status_from,"
	    " u.status_to, a.display_name AS author_name,"
	    " " RFC3339("u.created_at") " AS created_at"
	    " FROM initiative_updates u"
	    " JOIN initiatives i ON i.id = u.initiative_id"
	    " LEFT JOIN users a ON a.id = u.author_id" EXPORT_FROM("u")
	    " WHERE " EXPORT_INITIATIVE_FILTERS EXPORT_DATES("u.date")
	    " ORDER BY xl.slug, u.initiative_id, u.date, u.id", 6 },

	/* ----------------------------------------------------- micro-funding */

	/* A location's rounds, newest first: $1 location, $2 open ones only.
	 * Row-level security keeps rounds not yet open from outsiders. */
	[STMT_ROUNDS_LIST] = {
	    "SELECT " ROUND_COLUMNS " FROM funding_rounds fr"
	    " WHERE fr.location_id = $1 AND (NOT $2 OR " NZ_TODAY
	    "  BETWEEN fr.opens_on AND fr.closes_on)"
	    " ORDER BY fr.opens_on DESC, fr.id DESC LIMIT 100", 2 },

	/* The rounds of location $1 (a slug) open for applications today,
	 * for its public page. */
	[STMT_ROUNDS_OPEN] = {
	    "SELECT fr.id, fr.name, fr.max_request_cents,"
	    " " YMD("fr.closes_on") " AS closes_on"
	    " FROM locations l JOIN funding_rounds fr ON fr.location_id = l.id"
	    " WHERE l.slug = $1 AND l.status = 'active' AND " NZ_TODAY
	    "  BETWEEN fr.opens_on AND fr.closes_on"
	    " ORDER BY fr.closes_on, fr.id LIMIT 20", 1 },

	[STMT_ROUND_GET] = {
	    "SELECT " ROUND_COLUMNS " FROM funding_rounds fr"
	    " WHERE fr.location_id = $1 AND fr.id = $2", 2 },

	[STMT_ROUND_LOCK] = {
	    "SELECT " ROUND_COLUMNS " FROM funding_rounds fr"
	    " WHERE fr.location_id = $1 AND fr.id = $2 FOR UPDATE", 2 },

	/* $1 location, $2 name, $3 pool, $4 maximum, $5 opens, $6 closes,
	 * $7 quorum, $8 fast track, $9 report due days, $10 conditions,
	 * $11 who creates it. */
	[STMT_ROUND_CREATE] = {
	    "INSERT INTO funding_rounds (location_id, name, pool_cents,"
	    " max_request_cents, opens_on, closes_on, quorum, fast_track_cents,"
	    " report_due_days, conditions, created_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
	    " RETURNING id", 11 },

	/* $1 location, $2 id, then the fields as above from $3; the pool's
	 * constraint refuses a pool below what is approved already. */
	[STMT_ROUND_SAVE] = {
	    "UPDATE funding_rounds SET (name, pool_cents, max_request_cents,"
	    " opens_on, closes_on, quorum, fast_track_cents, report_due_days,"
	    " conditions) = ($3, $4, $5, $6, $7, $8, $9, $10, $11),"
	    " version = version + 1, updated_at = now()"
	    " WHERE location_id = $1 AND id = $2 RETURNING version", 11 },

	/*
	 * Commits $3 cents of round $2's pool, or returns no row when too
	 * little is left.  The UPDATE holds the round's row until the
	 * request's transaction ends: concurrent approvals wait, then see
	 * the total as the one before them left it (READ COMMITTED
	 * re-checks the WHERE on the new row), so the pool is never
	 * overdrawn; funding_rounds_pool_not_overdrawn stands behind it.
	 */
	[STMT_ROUND_APPROVE] = {
	    "UPDATE funding_rounds SET approved_cents = approved_cents + $3,"
	    " updated_at = now()"
	    " WHERE location_id = $1 AND id = $2"
	    " AND approved_cents + $3 <= pool_cents"
	    " RETURNING approved_cents, pool_cents - approved_cents"
	    "  AS remaining_cents", 3 },

	[STMT_ROUND_PAY] = {
	    "UPDATE funding_rounds SET paid_cents = paid_cents + $3,"
	    " updated_at = now()"
	    " WHERE location_id = $1 AND id = $2 RETURNING paid_cents", 3 },

	/* $1 location, $2 id; drafts are their applicant's alone (RLS). */
	[STMT_REQUEST_GET] = {
	    "SELECT " REQUEST_COLUMNS REQUEST_FROM
	    " WHERE r.location_id = $1 AND r.id = $2", 2 },

	[STMT_REQUEST_LOCK] = {
	    "SELECT " REQUEST_COLUMNS REQUEST_FROM
	    " WHERE r.location_id = $1 AND r.id = $2 FOR UPDATE OF r", 2 },

	/* $1 location, $2 round, $3 applicant, $4 the client's key (a replay
	 * of the same key makes no second request: no row back), then the
	 * fields from $5 (elements as JSON, budget as JSON). */
	[STMT_REQUEST_CREATE] = {
	    "INSERT INTO funding_requests (location_id, round_id, applicant_id,"
	    " client_key, " REQUEST_FIELDS ")"
	    " VALUES ($1, $2, $3, $4, " REQUEST_VALUES("$5", "$6", "$7", "$8",
	    "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$16") ")"
	    " ON CONFLICT (applicant_id, client_key) DO NOTHING"
	    " RETURNING id", 16 },

	/* The request an applicant ($1) made with a client key ($2). */
	[STMT_REQUEST_BY_KEY] = {
	    "SELECT r.id, r.location_id FROM funding_requests r"
	    " WHERE r.applicant_id = $1 AND r.client_key = $2", 2 },

	/* $1 location, $2 id, $3 the version the edit started from (NULL:
	 * the current one), then the fields from $4. */
	[STMT_REQUEST_SAVE] = {
	    "UPDATE funding_requests SET (" REQUEST_FIELDS ") = ("
	    REQUEST_VALUES("$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11",
	    "$12", "$13", "$14", "$15") "),"
	    " version = version + 1, updated_at = now()"
	    " WHERE location_id = $1 AND id = $2"
	    " AND ($3::integer IS NULL OR version = $3)"
	    " RETURNING version", 15 },

	/*
	 * A transition: $1 location, $2 id, $3 the state it leaves (so a
	 * request moved meanwhile is not moved twice), $4 the state it
	 * enters, then what the action sets, NULL to keep: $5 approved
	 * cents, $6 decline reason, $7 paid cents, $8 paid on, $9 payment
	 * reference, $10 days until the report is due.
	 */
	[STMT_REQUEST_MOVE] = {
	    "UPDATE funding_requests SET state = $4, version = version + 1,"
	    " updated_at = now(),"
	    " approved_cents = coalesce($5::bigint, approved_cents),"
	    " decline_reason = coalesce($6, decline_reason),"
	    " paid_cents = coalesce($7::bigint, paid_cents),"
	    " paid_on = coalesce($8::date, paid_on),"
	    " payment_reference = coalesce($9, payment_reference),"
	    " report_due_on = coalesce($8::date + $10::integer, report_due_on),"
	    " submitted_at = CASE WHEN $4 = 'submitted'"
	    "  THEN coalesce(submitted_at, now()) ELSE submitted_at END,"
	    " decided_at = CASE WHEN $4 IN ('approved', 'declined')"
	    "  THEN now() ELSE decided_at END"
	    " WHERE location_id = $1 AND id = $2 AND state = $3"
	    " RETURNING id, state, version", 10 },

	/* $1 location, $2 request, $3 initiative of the same location. */
	[STMT_REQUEST_LINK] = {
	    "UPDATE funding_requests SET initiative_id = $3"
	    " WHERE location_id = $1 AND id = $2 RETURNING initiative_id", 3 },

	/*
	 * The working group's queue, oldest first: $1 location, $2 state or
	 * NULL, $3 round or NULL, $4 words of the title or NULL, $5 the
	 * cursor (an id) or NULL, $6 the page size.  Never drafts.
	 */
	[STMT_REQUEST_QUEUE] = {
	    "SELECT r.id, r.round_id, fr.name AS round_name, r.state, r.title,"
	    " r.area, r.amount_cents, r.approved_cents, r.paid_cents,"
	    " a.display_name AS applicant_name,"
	    " funding_review_count(r.id) AS reviews_done,"
	    " " YMD("r.report_due_on") " AS report_due_on,"
	    " (r.state = 'disbursed' AND r.report_due_on < " NZ_TODAY ")"
	    "  AS report_overdue,"
	    " " RFC3339("r.submitted_at") " AS submitted_at"
	    REQUEST_FROM
	    " WHERE r.location_id = $1 AND r.state <> 'draft'"
	    " AND ($2::text IS NULL OR r.state = $2)"
	    " AND ($3::bigint IS NULL OR r.round_id = $3)"
	    " AND ($4::text IS NULL OR r.title ILIKE"
	    "  '%' || replace(replace(replace($4, '\\', '\\\\'), '%', '\\%'),"
	    "  '_', '\\_') || '%')"
	    " AND ($5::bigint IS NULL OR r.id > $5)"
	    " ORDER BY r.id LIMIT $6", 6 },

	/* An applicant's own requests ($1), newest first, after cursor $2,
	 * $3 the page size; each with its timeline and the notes meant for
	 * them (reviews never come here). */
	[STMT_REQUESTS_MINE] = {
	    "SELECT r.id, l.slug AS location, l.name AS location_name,"
	    " r.round_id, fr.name AS round_name, r.state, r.title,"
	    " r.amount_cents, r.approved_cents, r.paid_cents,"
	    " " YMD("r.report_due_on") " AS report_due_on,"
	    " (r.state = 'disbursed' AND r.report_due_on < " NZ_TODAY ")"
	    "  AS report_overdue,"
	    " coalesce(e.timeline, '[]') AS timeline,"
	    " " RFC3339("r.updated_at") " AS updated_at"
	    " FROM funding_requests r JOIN locations l ON l.id = r.location_id"
	    " LEFT JOIN funding_rounds fr ON fr.id = r.round_id"
	    " LEFT JOIN LATERAL (SELECT json_agg(json_build_object("
	    "  'action', e.action, 'to_state', e.to_state, 'note', e.note,"
	    "  'amount_cents', e.amount_cents, 'at', " RFC3339("e.at") ")"
	    "  ORDER BY e.id) AS timeline"
	    "  FROM funding_events e WHERE e.request_id = r.id) e ON true"
	    " WHERE r.applicant_id = $1 AND ($2::bigint IS NULL OR r.id < $2)"
	    " ORDER BY r.id DESC LIMIT $3", 3 },

	/* $1 location, $2 request, $3 actor, $4 action, $5 from, $6 to,
	 * $7 note or NULL, $8 amount or NULL. */
	[STMT_REQUEST_EVENT_ADD] = {
	    "INSERT INTO funding_events (location_id, request_id, actor_id,"
	    " action, from_state, to_state, note, amount_cents)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id", 8 },

	/* A request's timeline ($1), oldest first. */
	[STMT_REQUEST_EVENTS] = {
	    "SELECT e.id, e.action, e.from_state, e.to_state, e.note,"
	    " e.amount_cents, u.display_name AS actor_name,"
	    " " RFC3339("e.at") " AS at"
	    " FROM funding_events e LEFT JOIN users u ON u.id = e.actor_id"
	    " WHERE e.request_id = $1 ORDER BY e.id", 1 },

	/* $1 location, $2 request, $3 body, $4 people reached, $5 spent,
	 * $6 story consent, $7 author. */
	[STMT_REQUEST_REPORT_ADD] = {
	    "INSERT INTO funding_reports (location_id, request_id, body,"
	    " people_reached, spent_cents, story_consent, author_id)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", 7 },

	[STMT_REQUEST_REPORTS] = {
	    "SELECT id, body, people_reached, spent_cents, story_consent,"
	    " " RFC3339("created_at") " AS created_at"
	    " FROM funding_reports WHERE request_id = $1 ORDER BY id", 1 },

	/* A request's reviews ($1) as the asker may see them: members their
	 * own, coordinators and national staff all (RLS). */
	[STMT_REVIEWS_LIST] = {
	    "SELECT v.reviewer_id, u.display_name AS reviewer_name, v.conflict,"
	    " CASE WHEN NOT v.conflict THEN json_build_object('alignment',"
	    "  v.alignment, 'benefit', v.benefit, 'feasibility', v.feasibility,"
	    "  'value', v.value) END AS scores,"
	    " CASE WHEN NOT v.conflict THEN v.alignment + v.benefit"
	    "  + v.feasibility + v.value END AS total,"
	    " v.comment, " RFC3339("v.updated_at") " AS updated_at"
	    " FROM funding_reviews v JOIN users u ON u.id = v.reviewer_id"
	    " WHERE v.request_id = $1 ORDER BY v.conflict, u.display_name", 1 },

	/* $1 request, $2 reviewer. */
	[STMT_REVIEW_MINE] = {
	    "SELECT v.reviewer_id, v.conflict,"
	    " CASE WHEN NOT v.conflict THEN json_build_object('alignment',"
	    "  v.alignment, 'benefit', v.benefit, 'feasibility', v.feasibility,"
	    "  'value', v.value) END AS scores,"
	    " v.comment, " RFC3339("v.updated_at") " AS updated_at"
	    " FROM funding_reviews v WHERE v.request_id = $1"
	    " AND v.reviewer_id = $2", 2 },

	/* $1 location, $2 request, $3 reviewer, $4 conflict, $5-$8 scores
	 * (NULL with a conflict), $9 comment. */
	[STMT_REVIEW_PUT] = {
	    "INSERT INTO funding_reviews (location_id, request_id, reviewer_id,"
	    " conflict, alignment, benefit, feasibility, value, comment)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
	    " ON CONFLICT (request_id, reviewer_id) DO UPDATE SET"
	    " conflict = EXCLUDED.conflict, alignment = EXCLUDED.alignment,"
	    " benefit = EXCLUDED.benefit, feasibility = EXCLUDED.feasibility,"
	    " value = EXCLUDED.value, comment = EXCLUDED.comment,"
	    " updated_at = now()"
	    " RETURNING reviewer_id", 9 },

	[STMT_USER_EMAIL] = {
	    "SELECT email::text AS email, display_name FROM users"
	    " WHERE id = $1", 1 },

	/* $1 location, $2 subject, $3 body, $4 kind. */
	[STMT_NOTIFY_COORDINATORS] = {
	    "SELECT funding_notify_coordinators($1, $2, $3, $4) AS sent", 4 },

	/* The money behind an initiative ($1): its linked requests. */
	[STMT_INITIATIVE_FUNDING] = {
	    "SELECT r.id, r.title, r.state, r.amount_cents, r.approved_cents,"
	    " r.paid_cents FROM funding_requests r"
	    " WHERE r.initiative_id = $1 AND r.state <> 'draft'"
	    " ORDER BY r.id", 1 },

	[STMT_EXPORT_REQUESTS] = {
	    "SELECT xl.slug AS location, r.id, r.round_id, fr.name AS round_name,"
	    " r.state, r.title,"
	    " r.area, to_jsonb(r.elements) AS elements, r.amount_cents,"
	    " r.approved_cents, r.paid_cents, r.beneficiary_count,"
	    " a.display_name AS applicant_name, r.initiative_id,"
	    " " RFC3339("r.submitted_at") " AS submitted_at,"
	    " " RFC3339("r.decided_at") " AS decided_at,"
	    " " YMD("r.paid_on") " AS paid_on,"
	    " " YMD("r.report_due_on") " AS report_due_on"
	    REQUEST_FROM EXPORT_FROM("r")
	    " WHERE r.state <> 'draft' AND " EXPORT_REQUEST_FILTERS
	    " AND ($5::date IS NULL OR r.submitted_at >= $5::date::timestamp"
	    "  AT TIME ZONE 'Pacific/Auckland')"
	    " AND ($6::date IS NULL OR r.submitted_at < ($6::date + 1)::timestamp"
	    "  AT TIME ZONE 'Pacific/Auckland')"
	    " ORDER BY xl.slug, r.id", 6 },

	[STMT_EXPORT_PAYMENTS] = {
	    "SELECT xl.slug AS location, r.id AS request_id, r.round_id,"
	    " fr.name AS round_name,"
	    " r.title, a.display_name AS applicant_name, r.approved_cents,"
	    " r.paid_cents, " YMD("r.paid_on") " AS paid_on,"
	    " r.payment_reference, " YMD("r.report_due_on") " AS report_due_on,"
	    " r.state"
	    REQUEST_FROM EXPORT_FROM("r")
	    " WHERE r.paid_on IS NOT NULL AND " EXPORT_REQUEST_FILTERS
	    EXPORT_DATES("r.paid_on")
	    " ORDER BY xl.slug, r.paid_on, r.id", 6 },

	/* Funding reminders and demo (funding) */

	/* The grants behind initiative $1 and their money, for anyone who
	 * may see the initiative (sql/006_funding_totals.sql). */
	[STMT_INITIATIVE_FUNDING_TOTALS] = {
	    "SELECT grants, approved_cents, paid_cents"
	    " FROM funding_initiative_totals($1)", 1 },

	/* National dashboard (national.c) */
	/*
	 * A page of active locations by name after the location $1 (a slug,
	 * or NULL for the first page), at most $2, each with its group's
	 * size, members by sector ({"ngo": 2}), active and planned
	 * initiatives by area and by element ({"services": {"active": 1,
	 * "planned": 0}}, from the summary tables of sql/007) and its funding
	 * rounds with their totals: a few rows per location, however many
	 * initiatives and requests there are.
	 */
	[STMT_NATIONAL_OVERVIEW] = {
	    "SELECT l.slug, l.name, l.region,"
	    " (SELECT count(*) FROM memberships m WHERE m.location_id = l.id)"
	    "  AS members,"
	    " (SELECT count(*) FROM memberships m WHERE m.location_id = l.id"
	    "  AND m.role = 'coordinator') AS coordinators,"
	    " (SELECT coalesce(json_object_agg(s.sector, s.n), '{}')"
	    "  FROM (SELECT m.sector, count(*) AS n FROM memberships m"
	    "  WHERE m.location_id = l.id GROUP BY m.sector) s) AS sector_counts,"
	    " (SELECT coalesce(json_object_agg(a.area, json_build_object("
	    "  'active', a.active, 'planned', a.planned)), '{}')"
	    "  FROM (SELECT c.area,"
	    "  coalesce(sum(c.n) FILTER (WHERE c.status = 'active'), 0) AS active,"
	    "  coalesce(sum(c.n) FILTER (WHERE c.status = 'planned'), 0)"
	    "   AS planned"
	    "  FROM national_area_counts c WHERE c.location_id = l.id"
	    "  AND c.status IN ('active', 'planned') GROUP BY c.area) a)"
	    "  AS area_counts,"
	    " (SELECT coalesce(json_object_agg(e.element, json_build_object("
	    "  'active', e.active, 'planned', e.planned)), '{}')"
	    "  FROM (SELECT c.element,"
	    "  coalesce(sum(c.n) FILTER (WHERE c.status = 'active'), 0) AS active,"
	    "  coalesce(sum(c.n) FILTER (WHERE c.status = 'planned'), 0)"
	    "   AS planned"
	    "  FROM national_element_counts c WHERE c.location_id = l.id"
	    "  AND c.status IN ('active', 'planned') GROUP BY c.element) e)"
	    "  AS element_counts,"
	    " (SELECT coalesce(json_agg(json_build_object('id', r.id,"
	    "  'name', r.name, 'pool_cents', r.pool_cents,"
	    "  'requested_cents', coalesce(q.requested_cents, 0),"
	    "  'approved_cents', r.approved_cents, 'paid_cents', r.paid_cents,"
	    "  'remaining_cents', r.pool_cents - r.approved_cents)"
	    "  ORDER BY r.opens_on DESC, r.id DESC), '[]')"
	    "  FROM funding_rounds r LEFT JOIN national_round_requests q"
	    "  ON q.round_id = r.id WHERE r.location_id = l.id) AS rounds"
	    " FROM locations l WHERE l.status = 'active'"
	    " AND ($1::text IS NULL OR (l.name, l.slug) >"
	    "  (SELECT c.name, c.slug FROM locations c WHERE c.slug = $1))"
	    " ORDER BY l.name, l.slug LIMIT $2", 2 },

	/* Requests waiting for a decision, oldest submission first: at most
	 * $1, each with the days since it was submitted and how many wait
	 * in all. */
	[STMT_NATIONAL_WAITING] = {
	    "SELECT r.id, l.slug AS location_slug, l.name AS location_name,"
	    " r.title, r.state, r.amount_cents,"
	    " " YMD("r.submitted_at") " AS submitted_on,"
	    " current_date - r.submitted_at::date AS days_waiting,"
	    " count(*) OVER () AS total"
	    " FROM funding_requests r JOIN locations l ON l.id = r.location_id"
	    " WHERE r.state IN ('submitted', 'in_review', 'info_requested')"
	    " ORDER BY r.submitted_at, r.id LIMIT $1", 1 },

	/* Paid requests whose report is overdue, longest overdue first: at
	 * most $1, with the days overdue and how many there are in all. */
	[STMT_NATIONAL_OVERDUE] = {
	    "SELECT r.id, l.slug AS location_slug, l.name AS location_name,"
	    " r.title, r.paid_cents, " YMD("r.report_due_on") " AS report_due_on,"
	    " current_date - r.report_due_on AS days_overdue,"
	    " count(*) OVER () AS total"
	    " FROM funding_requests r JOIN locations l ON l.id = r.location_id"
	    " WHERE r.state = 'disbursed' AND r.report_due_on < current_date"
	    " ORDER BY r.report_due_on, r.id LIMIT $1", 1 },

	/* Overlaps, adoption and stocktakes (overlap.c, stocktake.c) */
/* A stocktake as views show it; s is stocktakes, ou who opened it. */
#define STOCKTAKE_COLUMNS \
	"s.id, s.name, s.question, " YMD("s.due_on") " AS due_on," \
	" " RFC3339("s.opened_at") " AS opened_at, ou.display_name AS opened_by," \
	" " RFC3339("s.closed_at") " AS closed_at, s.closed_at IS NULL AS open"
#define STOCKTAKE_FROM \
	" FROM stocktakes s LEFT JOIN users ou ON ou.id = s.opened_by"

	/* Sets how similar two initiatives must be to count as an overlap
	 * (pg_trgm's % operator), for this transaction.  $1 0 to 1. */
	[STMT_OVERLAP_THRESHOLD] = {
	    "SELECT set_config('pg_trgm.similarity_threshold', $1, true)", 1 },

	/*
	 * Likely overlaps: pairs of initiatives in the same area and in
	 * different active locations whose titles and summaries are alike,
	 * most similar first.  Each initiative finds its neighbours through
	 * the trigram index (%); cancelled initiatives and a copy with the
	 * initiative it was adopted from are left out.  $1 area or NULL;
	 * $2 the cursor's similarity or NULL, $3 and $4 its pair; $5 size.
	 */
	[STMT_OVERLAPS] = {
	    "SELECT to_jsonb(p.sim) AS similarity,"
	    " round(p.sim * 100)::integer AS percent, p.area,"
	    " p.sim::text || '~' || p.a_id AS sort_key, p.b_id AS id,"
	    " jsonb_build_object('id', p.a_id, 'title', p.a_title,"
	    "  'status', p.a_status, 'location', la.slug,"
	    "  'location_name', la.name) AS a,"
	    " jsonb_build_object('id', p.b_id, 'title', p.b_title,"
	    "  'status', p.b_status, 'location', lb.slug,"
	    "  'location_name', lb.name) AS b"
	    " FROM (SELECT a.id AS a_id, a.title AS a_title, a.status AS a_status,"
	    "  a.location_id AS a_loc, a.area, b.id AS b_id, b.title AS b_title,"
	    "  b.status AS b_status, b.location_id AS b_loc,"
	    "  round(similarity(initiative_overlap_text(a.title, a.summary),"
	    "   b.text)::numeric, 4) AS sim"
	    "  FROM initiatives a CROSS JOIN LATERAL ("
	    "   SELECT b.id, b.title, b.status, b.location_id,"
	    "    initiative_overlap_text(b.title, b.summary) AS text"
	    "   FROM initiatives b"
	    "   WHERE initiative_overlap_text(b.title, b.summary)"
	    "    % initiative_overlap_text(a.title, a.summary)"
	    "   AND b.status <> 'cancelled' AND b.id > a.id"
	    "   AND b.area = a.area AND b.location_id <> a.location_id"
	    "   AND b.adopted_from_id IS DISTINCT FROM a.id"
	    "   AND a.adopted_from_id IS DISTINCT FROM b.id) b"
	    "  WHERE a.status <> 'cancelled'"
	    "  AND ($1::text IS NULL OR a.area = $1)) p"
	    " JOIN locations la ON la.id = p.a_loc AND la.status = 'active'"
	    " JOIN locations lb ON lb.id = p.b_loc AND lb.status = 'active'"
	    " WHERE $2::numeric IS NULL OR p.sim < $2"
	    "  OR (p.sim = $2 AND (p.a_id, p.b_id) > ($3::bigint, $4::bigint))"
	    " ORDER BY p.sim DESC, p.a_id, p.b_id LIMIT $5", 5 },

	/* A copy of the published initiative $4 of location $3 as an idea
	 * of location $1's working group, created by $2, linked to it. */
	[STMT_ADOPTION_CREATE] = {
	    "INSERT INTO initiatives (location_id, title, summary, area,"
	    " elements, outcome_areas, target_groups, status, visibility,"
	    " created_by, adopted_from_id, adopted_from_location_id)"
	    " SELECT $1, s.title, s.summary, s.area, s.elements,"
	    " s.outcome_areas, s.target_groups, 'idea', 'working_group', $2,"
	    " s.id, s.location_id FROM initiatives s"
	    " WHERE s.location_id = $3 AND s.id = $4 AND s.visibility = 'public'"
	    " RETURNING id", 4 },

	/* Where initiative $1 came from (null when it was not adopted; the
	 * title only while the source is published) and how many locations
	 * adopted it. */
	[STMT_ADOPTION_INFO] = {
	    "SELECT initiative_adoption_count($1) AS adoptions,"
	    " (SELECT jsonb_build_object('id', i.adopted_from_id,"
	    "   'title', s.title, 'location', l.slug, 'location_name', l.name)"
	    "  FROM initiatives i"
	    "  JOIN locations l ON l.id = i.adopted_from_location_id"
	    "  LEFT JOIN initiatives s ON s.id = i.adopted_from_id"
	    "   AND s.visibility = 'public'"
	    "  WHERE i.id = $1) AS adopted_from", 1 },

	/* Stocktakes, newest first, with how many locations completed
	 * theirs; $1 the cursor (an id) or NULL, $2 the page size. */
	[STMT_STOCKTAKES_LIST] = {
	    "SELECT " STOCKTAKE_COLUMNS ","
	    " (SELECT count(*) FROM stocktake_returns r"
	    "  WHERE r.stocktake_id = s.id)::integer AS completed,"
	    " (SELECT count(*) FROM locations"
	    "  WHERE status = 'active')::integer AS locations"
	    STOCKTAKE_FROM
	    " WHERE $1::bigint IS NULL OR s.id < $1"
	    " ORDER BY s.id DESC LIMIT $2", 2 },

	/* Every stocktake with location $1's return, if any, newest first. */
	[STMT_STOCKTAKES_FOR_LOCATION] = {
	    "SELECT " STOCKTAKE_COLUMNS ","
	    " " RFC3339("r.completed_at") " AS completed_at"
	    STOCKTAKE_FROM
	    " LEFT JOIN stocktake_returns r ON r.stocktake_id = s.id"
	    "  AND r.location_id = $1"
	    " ORDER BY s.id DESC", 1 },

	/* $1 name, $2 question, $3 due date, $4 who opens it. */
	[STMT_STOCKTAKE_CREATE] = {
	    "INSERT INTO stocktakes (name, question, due_on, opened_by)"
	    " VALUES ($1, $2, $3::date, $4) RETURNING id", 4 },

	[STMT_STOCKTAKE_GET] = {
	    "SELECT " STOCKTAKE_COLUMNS STOCKTAKE_FROM " WHERE s.id = $1", 1 },

	/* $1 the stocktake, $2 who closes it; nothing when it was closed. */
	[STMT_STOCKTAKE_CLOSE] = {
	    "UPDATE stocktakes SET closed_at = now(), closed_by = $2"
	    " WHERE id = $1 AND closed_at IS NULL RETURNING id", 2 },

	/* Tells every active location's coordinators that stocktake $1 is
	 * open, in one statement; $2 the site's address for the link.
	 * Returns how many messages were queued. */
	[STMT_STOCKTAKE_NOTIFY] = {
	    "WITH sent AS (INSERT INTO outbox (location_id, to_email, subject,"
	    " body, kind)"
	    " SELECT l.id, u.email, 'Stocktake open: ' || s.name,"
	    "  format(E'Kia ora %s,\\n\\nImmigration New Zealand has opened the"
	    " stocktake \"%s\" for every settlement location, due %s.\\n\\n%s"
	    "\\n\\nReview the %s working group''s initiatives and complete its"
	    " return here:\\n%s/l/%s/wg/stocktakes/%s\\n\\n"
	    "-- Community Engagement Portal\\n', u.display_name, s.name,"
	    "  " YMD("s.due_on") ", s.question, l.name, $2::text, l.slug, s.id),"
	    "  'stocktake_opened'"
	    " FROM stocktakes s CROSS JOIN locations l"
	    " JOIN memberships m ON m.location_id = l.id"
	    "  AND m.role = 'coordinator'"
	    " JOIN users u ON u.id = m.user_id"
	    " WHERE s.id = $1 AND l.status = 'active' RETURNING 1)"
	    " SELECT count(*)::integer AS sent FROM sent", 2 },

	/* Each active location (and any that has since been archived but
	 * returned) with its return to stocktake $1, if completed. */
	[STMT_STOCKTAKE_PROGRESS] = {
	    "SELECT l.slug, l.name, l.region,"
	    " r.location_id IS NOT NULL AS completed,"
	    " " RFC3339("r.completed_at") " AS completed_at,"
	    " u.display_name AS completed_by, r.note,"
	    " (SELECT count(*) FROM stocktake_snapshots ss"
	    "  WHERE ss.stocktake_id = $1 AND ss.location_id = l.id)::integer"
	    "  AS initiatives"
	    " FROM locations l LEFT JOIN stocktake_returns r"
	    "  ON r.location_id = l.id AND r.stocktake_id = $1"
	    " LEFT JOIN users u ON u.id = r.completed_by"
	    " WHERE l.status = 'active' OR r.location_id IS NOT NULL"
	    " ORDER BY l.name", 1 },

	/* Location $2's return to stocktake $1, or no row. */
	[STMT_STOCKTAKE_RETURN] = {
	    "SELECT " RFC3339("r.completed_at") " AS completed_at,"
	    " u.display_name AS completed_by, r.note"
	    " FROM stocktake_returns r LEFT JOIN users u ON u.id = r.completed_by"
	    " WHERE r.stocktake_id = $1 AND r.location_id = $2", 2 },

	/* Completes location $2's return to open stocktake $1 ($3 who, $4
	 * the note); no row when the stocktake is closed or the return was
	 * completed already (once only, even under concurrent clicks). */
	[STMT_STOCKTAKE_COMPLETE] = {
	    "INSERT INTO stocktake_returns (stocktake_id, location_id,"
	    " completed_by, note)"
	    " SELECT s.id, $2, $3, $4 FROM stocktakes s"
	    " WHERE s.id = $1 AND s.closed_at IS NULL"
	    " ON CONFLICT (stocktake_id, location_id) DO NOTHING"
	    " RETURNING completed_at", 4 },

	/* Snapshots every initiative of location $2 for stocktake $1 at the
	 * return's completion time (sql/008). */
	[STMT_STOCKTAKE_SNAPSHOT] = {
	    "SELECT stocktake_snapshot($1, $2, r.completed_at) AS kept"
	    " FROM stocktake_returns r"
	    " WHERE r.stocktake_id = $1 AND r.location_id = $2", 2 },

	/* Location $2's snapshot for stocktake $1, by title. */
	[STMT_STOCKTAKE_SNAPSHOTS] = {
	    "SELECT ss.initiative_id, " RFC3339("ss.taken_at") " AS taken_at,"
	    " ss.title, ss.area, ss.status, ss.visibility,"
	    " to_jsonb(ss.elements) AS elements,"
	    " to_jsonb(ss.outcome_areas) AS outcome_areas,"
	    " " YMD("ss.start_date") " AS start_date,"
	    " " YMD("ss.end_date") " AS end_date, ss.updates,"
	    " ss.people_reached, ss.sessions_held, ss.volunteers, ss.into_work,"
	    " " YMD("ss.latest_update_on") " AS latest_update_on, ss.data"
	    " FROM stocktake_snapshots ss"
	    " WHERE ss.stocktake_id = $1 AND ss.location_id = $2"
	    " ORDER BY lower(ss.title), ss.initiative_id", 2 },

	/* Location $2's initiatives by area and status in stocktake $1's
	 * snapshot ("then") against stocktake $3's snapshot, or against
	 * its initiatives now when $3 is NULL ("now"). */
	[STMT_STOCKTAKE_COMPARE] = {
	    "WITH t AS (SELECT area, status, count(*) AS n"
	    "  FROM stocktake_snapshots WHERE stocktake_id = $1"
	    "  AND location_id = $2 GROUP BY area, status),"
	    " n AS (SELECT area, status, count(*) AS n FROM initiatives"
	    "  WHERE $3::bigint IS NULL AND location_id = $2"
	    "  GROUP BY area, status"
	    "  UNION ALL SELECT area, status, count(*) FROM stocktake_snapshots"
	    "  WHERE stocktake_id = $3 AND location_id = $2"
	    "  GROUP BY area, status)"
	    " SELECT coalesce(t.area, n.area) AS area,"
	    " coalesce(t.status, n.status) AS status,"
	    " coalesce(t.n, 0)::integer AS then, coalesce(n.n, 0)::integer AS now"
	    " FROM t FULL JOIN n ON n.area = t.area AND n.status = t.status"
	    " ORDER BY 1, 2", 3 },

	/* What a coordinator reviews before completing a return: every
	 * initiative of location $1, by title. */
	[STMT_STOCKTAKE_REVIEW_LIST] = {
	    "SELECT i.id, i.title, i.area, i.status, i.visibility,"
	    " " RFC3339("i.updated_at") " AS updated_at"
	    " FROM initiatives i WHERE i.location_id = $1"
	    " ORDER BY lower(i.title), i.id", 1 },

	/* National exports (national_export.c) */
	/* Of the slugs in $1 (a JSON array), those no location has. */
	[STMT_EXPORT_UNKNOWN_LOCATIONS] = {
	    "SELECT s.slug FROM jsonb_array_elements_text($1::jsonb) AS s (slug)"
	    " WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.slug = s.slug)",
	    1 },

	/*
	 * The New Zealand financial years (1 July to 30 June, named by the
	 * year they start in) to offer, newest first: the current one and at
	 * least the four before it, back to the first with data (at most 20).
	 */
	[STMT_EXPORT_FINANCIAL_YEARS] = {
	    "WITH t AS (SELECT extract(year FROM " NZ_TODAY
	    "  - interval '6 months')::int AS now_fy,"
	    " extract(year FROM least((SELECT min(start_date) FROM initiatives),"
	    "  (SELECT min(date) FROM initiative_updates),"
	    "  (SELECT min(paid_on) FROM funding_requests),"
	    "  (SELECT min(submitted_at AT TIME ZONE 'Pacific/Auckland')::date"
	    "   FROM funding_requests)) - interval '6 months')::int AS first_fy)"
	    " SELECT fy FROM t, generate_series(greatest(now_fy - 20,"
	    "  least(now_fy - 4, coalesce(first_fy, now_fy))), now_fy) AS fy"
	    " ORDER BY fy DESC", 0 },

};

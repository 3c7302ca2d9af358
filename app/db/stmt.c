/*
 * stmt: the SQL of every statement (see stmt.h).  Parameters only: no SQL
 * text is ever built from values.  The column and filter macros shared by
 * several concerns are here; the rows themselves are in one file per
 * concern (stmt_identity.inc, stmt_initiative.inc, stmt_funding.inc,
 * stmt_national.inc, stmt_assist.inc, stmt_admin.inc, stmt_replica.inc,
 * stmt_directory.inc, stmt_events.inc, stmt_meeting.inc, stmt_audit.inc,
 * stmt_indicator.inc, stmt_setup.inc, stmt_target.inc,
 * stmt_national_exports.inc, stmt_questionnaire.inc, stmt_stories.inc,
 * stmt_minutes.inc, stmt_newsletter.inc), included into the one table
 * below.
 */
#include <ctype.h>
#include <stdlib.h>

#include "admin.h"
#include "stmt.h"

/* A timestamp as RFC 3339 text in UTC, as docs/api.md fixes. */
#define RFC3339(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* An initiative as views show it; i is initiatives.  The lead's name is a
 * subquery, not a join: a list then looks up the names of the page it
 * shows, never joins every row of the location before the sort.  The
 * running totals and the participating locations are what sql/025's
 * initiative_figure_totals() and sql/033's initiative_participants() say,
 * written out so that the prepared statement's plan holds them: a SQL
 * function called from a statement is planned again on every execution. */
#define INITIATIVE_COLUMNS \
	"i.id, i.version, i.title, i.summary, i.language, i.area," \
	" to_jsonb(i.elements) AS elements," \
	" to_jsonb(i.outcome_areas) AS outcome_areas, i.status, i.visibility," \
	" to_char(i.start_date, 'YYYY-MM-DD') AS start_date," \
	" to_char(i.end_date, 'YYYY-MM-DD') AS end_date," \
	" i.lead_user_id, (SELECT lu.display_name FROM user_names lu" \
	"  WHERE lu.id = i.lead_user_id) AS lead_name," \
	" to_jsonb(i.partners) AS partners," \
	" to_jsonb(i.target_groups) AS target_groups," \
	" " RFC3339("i.created_at") " AS created_at," \
	" " RFC3339("i.updated_at") " AS updated_at," \
	" " RFC3339("i.published_at") " AS published_at," \
	" (SELECT coalesce(jsonb_agg(jsonb_build_object('key', d.key," \
	"  'name', d.name, 'unit', d.unit, 'total', t.total," \
	"  'unconfirmed', t.unconfirmed)" \
	"  ORDER BY d.location_id NULLS FIRST, d.position, d.id), '[]')" \
	"  FROM (SELECT f.indicator_id, sum(f.value) AS total," \
	"  coalesce(sum(f.value) FILTER (WHERE f.confirmed_at IS NULL), 0)" \
	"  AS unconfirmed FROM update_figures f" \
	"  WHERE f.initiative_id = i.id AND f.replaced_at IS NULL" \
	"  GROUP BY f.indicator_id) t JOIN indicators d" \
	"  ON d.id = t.indicator_id) AS totals," \
	" i.scope, i.mainstream, i.lead_agency, i.funding_sources," \
	" (SELECT ll.slug FROM locations ll WHERE ll.id = i.location_id)" \
	"  AS lead_location," \
	" (SELECT ll.name FROM locations ll WHERE ll.id = i.location_id)" \
	"  AS lead_location_name," \
	" (SELECT coalesce(jsonb_agg(pl.slug ORDER BY pl.name), '[]')" \
	"  FROM initiative_locations p JOIN locations pl" \
	"  ON pl.id = p.location_id WHERE p.initiative_id = i.id)" \
	"  AS locations"
/* Location $1's initiatives: its own and those it takes part in (sql/033);
 * ANY of an array so that both halves read an index. */
#define INITIATIVE_OF(loc) \
	"(i.location_id = " loc " OR i.id = ANY (ARRAY(" \
	"SELECT p.initiative_id FROM initiative_locations p" \
	" WHERE p.location_id = " loc ")))"
/* An update's period figure of indicator k and its running total, from
 * fx.m ({key: {value, to_date, confirmed}}) (sql/025). */
#define FIGURE_COLUMNS(k) \
	" (fx.m->'" k "'->>'value')::integer AS " k "," \
	" (fx.m->'" k "'->>'to_date')::integer AS " k "_to_date,"
#define INITIATIVE_FROM \
	" FROM initiatives i"

/*
 * A location's initiatives, filtered, one page after a keyset cursor.
 * $1 location, $2 published only, $3 area, $4 element, $5 status,
 * $6 outcome area, $7 free text (websearch syntax), $8 the cursor's sort
 * key or NULL, $9 its id, $10 the page size.  Filters are NULL when unset.
 */
#define INITIATIVE_FILTERS \
	" WHERE " INITIATIVE_OF("$1") \
	" AND (NOT $2 OR i.visibility = 'public')" \
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
	" " RFC3339("fr.paused_at") " AS paused_at," \
	" CASE WHEN fr.paused_at IS NOT NULL THEN 'paused'" \
	"  WHEN " NZ_TODAY " < fr.opens_on THEN 'upcoming'" \
	"  WHEN " NZ_TODAY " > fr.closes_on THEN 'closed' ELSE 'open' END" \
	"  AS round_state"

/* A funding request as its pages show it; r is funding_requests. */
#define REQUEST_COLUMNS \
	"r.id, r.round_id, fr.name AS round_name, r.state, r.version," \
	" r.title, r.description, r.language, r.area," \
	" to_jsonb(r.elements) AS elements," \
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
	" CASE WHEN fr.paused_at IS NOT NULL THEN 'paused'" \
	"  WHEN " NZ_TODAY " < fr.opens_on THEN 'upcoming'" \
	"  WHEN " NZ_TODAY " > fr.closes_on THEN 'closed' ELSE 'open' END" \
	"  AS round_state," \
	" " RFC3339("r.submitted_at") " AS submitted_at," \
	" " RFC3339("r.decided_at") " AS decided_at," \
	" " RFC3339("r.created_at") " AS created_at," \
	" " RFC3339("r.updated_at") " AS updated_at"
#define REQUEST_FROM \
	" FROM funding_requests r JOIN user_names a ON a.id = r.applicant_id" \
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
 * The exports (handlers/national/export.c) all take the same filters, NULL meaning
 * any: $1 location slugs (a JSON array), $2 area, $3 element, $4 outcome
 * area, $5 and $6 the first and last day of a date range, which each
 * export applies to its own date.  EXPORT_FROM(t) joins the location of
 * table t as xl and filters on it; the filters on what a row is about
 * follow, for an initiative (i) or a snapshot of one, or a funding request
 * (r), which meets an outcome area through the initiative it is linked to.
 */
#define EXPORT_FROM(t) \
	" JOIN locations xl ON xl.id = " t ".location_id" \
	" AND ($1::jsonb IS NULL" \
	"  OR xl.slug = ANY (ARRAY(SELECT jsonb_array_elements_text($1::jsonb))))"
#define EXPORT_SUBJECT_FILTERS(t) \
	" ($2::text IS NULL OR " t ".area = $2)" \
	" AND ($3::text IS NULL OR " t ".elements @> ARRAY[$3::text])" \
	" AND ($4::text IS NULL OR " t ".outcome_areas @> ARRAY[$4::text])"
#define EXPORT_INITIATIVE_FILTERS	EXPORT_SUBJECT_FILTERS("i")
#define EXPORT_REQUEST_FILTERS \
	" ($2::text IS NULL OR r.area = $2)" \
	" AND ($3::text IS NULL OR r.elements @> ARRAY[$3::text])" \
	" AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM initiatives li" \
	"  WHERE li.id = r.initiative_id" \
	"   AND li.outcome_areas @> ARRAY[$4::text]))"
/* $7: one row more than an export may hold (export.c refuses a bigger
 * one), so no export reads more than that into a worker. */
#define EXPORT_LIMIT	" LIMIT $7"
#define EXPORT_DATES(col) \
	" AND ($5::date IS NULL OR " col " >= $5)" \
	" AND ($6::date IS NULL OR " col " <= $6)"

/* The outbox as portalctl shows it (stmt_admin.inc). */
#define STR(x)		#x
#define XSTR(x)		STR(x)
#define OUTBOX_MAX_ATTEMPTS	XSTR(DB_OUTBOX_ATTEMPTS)
#define OUTBOX_STATE \
	"CASE WHEN sent_at IS NOT NULL THEN 'sent'" \
	" WHEN attempts >= " OUTBOX_MAX_ATTEMPTS " THEN 'failed'" \
	" ELSE 'pending' END"
#define PG_TIME(col) "to_char(" col ", 'YYYY-MM-DD HH24:MI:SSOF')"

/* A service of the directory as views show it (sql/021); s is services,
 * ol the location that keeps it. */
#define SERVICE_COLUMNS \
	"s.id, s.version, s.name, s.organisation, s.description," \
	" to_jsonb(s.categories) AS categories," \
	" to_jsonb(s.languages) AS languages, s.eligibility, s.free, s.cost," \
	" s.hours, s.address, s.phone, s.email, s.website, s.accessibility," \
	" " YMD("s.checked_on") " AS checked_on, s.language," \
	" ol.slug AS kept_by, ol.name AS kept_by_name," \
	" (SELECT jsonb_agg(xl.slug ORDER BY xl.slug) FROM service_locations x" \
	"  JOIN locations xl ON xl.id = x.location_id" \
	"  WHERE x.service_id = s.id) AS locations," \
	" " RFC3339("s.updated_at") " AS updated_at"
#define SERVICE_FROM \
	" FROM services s JOIN locations ol ON ol.id = s.location_id"
/* The columns a service's writer sets, in the order db/directory.c
 * sends them; the values from $3 (a new one) or $4 (an edit). */
#define SERVICE_FIELDS \
	"name, organisation, description, categories, languages," \
	" eligibility, free, cost, hours, address, phone, email, website," \
	" accessibility, checked_on, language"
#define SERVICE_VALUES \
	"$3, $4, $5, " TEXT_ARRAY("$6") ", " TEXT_ARRAY("$7") ", $8," \
	" $9::boolean, $10, $11, $12, $13, $14, $15, $16, $17::date, $18"
#define SERVICE_SAVE_VALUES \
	"$4, $5, $6, " TEXT_ARRAY("$7") ", " TEXT_ARRAY("$8") ", $9," \
	" $10::boolean, $11, $12, $13, $14, $15, $16, $17, $18::date, $19"

/* An instant from text $p: RFC 3339 with Z or an offset as it says,
 * else New Zealand wall-clock time (daylight saving as it falls). */
#define NZ_INSTANT(p) \
	"(CASE WHEN " p "::text ~ '(Z|[+-][0-9]{2}:[0-9]{2})$'" \
	" THEN " p "::timestamptz" \
	" ELSE " p "::timestamp AT TIME ZONE 'Pacific/Auckland' END)"
/* An instant as New Zealand wall-clock time, 2027-04-03T10:00. */
#define NZ_LOCAL(col) \
	"to_char(" col " AT TIME ZONE 'Pacific/Auckland'," \
	" 'YYYY-MM-DD\"T\"HH24:MI')"
/* An event as views and feeds show it (sql/022); e is events, el its
 * location, pi its initiative when that is public. */
#define EVENT_COLUMNS \
	"e.id, e.uid::text AS uid, e.version, e.version - 1 AS sequence," \
	" e.title, e.description," \
	" " RFC3339("e.starts_at") " AS starts_at," \
	" " RFC3339("e.ends_at") " AS ends_at," \
	" " NZ_LOCAL("e.starts_at") " AS starts_local," \
	" " NZ_LOCAL("e.ends_at") " AS ends_local, e.place," \
	" to_jsonb(e.languages) AS languages, e.free, e.cost," \
	" e.accessibility, e.registration_url, e.initiative_id," \
	" pi.title AS initiative_title, e.status, e.language," \
	" el.slug AS location, el.name AS location_name," \
	" " RFC3339("e.created_at") " AS created_at," \
	" " RFC3339("e.updated_at") " AS updated_at"
#define EVENT_FROM \
	" FROM events e JOIN locations el ON el.id = e.location_id" \
	" LEFT JOIN initiatives pi ON pi.location_id = e.location_id" \
	"  AND pi.id = e.initiative_id AND pi.visibility = 'public'"
/* The columns an event's writer sets, in the order db/events.c sends
 * them. */
#define EVENT_FIELDS \
	"title, description, starts_at, ends_at, place, languages, free," \
	" cost, accessibility, registration_url, initiative_id, status," \
	" language"

/* A story as views and the feed show it (sql/029); s is stories, sl its
 * location. */
#define STORY_COLUMNS \
	"s.id, s.uid::text AS uid, s.version, s.title, s.body, s.language," \
	" s.request_id, s.byline, s.published," \
	" " RFC3339("s.published_at") " AS published_at," \
	" " RFC3339("s.created_at") " AS created_at," \
	" " RFC3339("s.updated_at") " AS updated_at," \
	" sl.slug AS location, sl.name AS location_name"
#define STORY_FROM \
	" FROM stories s JOIN locations sl ON sl.id = s.location_id"

const struct stmt_def stmts[STMT__MAX] = {
#include "stmt_identity.inc"
#include "stmt_initiative.inc"
#include "stmt_funding.inc"
#include "stmt_national.inc"
#include "stmt_assist.inc"
#include "stmt_admin.inc"
#include "stmt_replica.inc"
#include "stmt_directory.inc"
#include "stmt_events.inc"
#include "stmt_meeting.inc"
#include "stmt_minutes.inc"
#include "stmt_audit.inc"
#include "stmt_indicator.inc"
#include "stmt_setup.inc"
#include "stmt_stories.inc"
#include "stmt_target.inc"
#include "stmt_national_exports.inc"
#include "stmt_questionnaire.inc"
#include "stmt_newsletter.inc"
};

/* The highest $n in sql (0 when none). */
static int
highest_param(const char *sql)
{
	char	*end;
	long	 n, most = 0;

	for (; *sql != '\0'; sql++) {
		if (*sql != '$' || !isdigit((unsigned char)sql[1]))
			continue;
		n = strtol(sql + 1, &end, 10);
		if (n > most)
			most = n;
		sql = end - 1;
	}
	return (int)most;
}

int
stmt_check(const struct stmt_def *table, int n, int *bad)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (table[i].sql == NULL ||
		    highest_param(table[i].sql) != table[i].nparams) {
			*bad = i;
			return -1;
		}
	return 0;
}

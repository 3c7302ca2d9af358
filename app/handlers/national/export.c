/*
 * export: initiatives and their progress updates, funding requests and
 * payments, and stocktake snapshots, for evaluation, as CSV (RFC 4180,
 * formula injection neutralised: see views/escape.h) or JSON, filtered by
 * location, area, element, outcome area and a date range or New Zealand
 * financial year.
 * A location's own exports (/api/v1/locations/{slug}/exports/{name}) are
 * here; national_export.c serves every location's.  Every export is
 * recorded in the audit trail: who took what.
 *
 * An export is a row of exports[]: its statement (which takes the filters
 * of EXPORT_FILTERS in db/stmt.c) and its columns, in order.  An update's
 * figures are for the period since the update before; the *_to_date
 * columns beside them are the running totals (sql/025), never to be
 * added up again.  Targets carry their progress from confirmed figures;
 * breakdowns are suppressed for everyone outside the location's working
 * group (sql/031, docs/privacy.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/national.h"
#include "../../http/validate.h"
#include "../../domain/suppress.h"
#include "../../domain/vocab.h"
#include "export.h"

#define EXPORT_COLUMNS_MAX	24
/*
 * The most rows one export answers (docs/api.md, "Exports").  A worker
 * builds the whole file in memory, so a bigger one is refused with 413
 * and the filters to narrow it, never cut short: an evaluation must not
 * take a partial file for the whole.
 */
#define EXPORT_ROWS_MAX		20000

/* Filters an export does not take (a 400 when given), and whether its
 * counts about people are suppressed outside the location's working
 * group, which also takes nothing but locations (docs/privacy.md). */
#define EXPORT_NO_SUBJECT	0x1	/* ?area=, ?element=, ?outcome_area= */
#define EXPORT_NO_RANGE		0x2	/* ?from=, ?to=, ?fy= */
#define EXPORT_SUPPRESSED	(0x4 | EXPORT_NO_SUBJECT | EXPORT_NO_RANGE)

static const struct export {
	const char	*name;
	const char	*title;
	const char	*dates;		/* what ?from=, ?to= and ?fy= filter */
	enum db_export	 rows;
	const char	*columns[EXPORT_COLUMNS_MAX];
	int		 flags;
} exports[] = {
	{ "initiatives", N_("Initiatives"),
	    N_("running at some time in the range (from the start date, or the "
	    "day it was recorded, to the end date, or still going)"),
	    DB_EXPORT_INITIATIVES, { "id", "version", "title",
	    "summary", "area", "elements", "outcome_areas", "status",
	    "visibility", "start_date", "end_date", "lead_name", "partners",
	    "target_groups", "created_at", "updated_at", "published_at",
	    "scope", "lead_location", "locations", "mainstream", "lead_agency",
	    "funding_sources_text", NULL }, 0 },
	{ "updates", N_("Progress updates and their figures"),
	    N_("dated in the range"), DB_EXPORT_UPDATES, { "id",
	    "initiative_id", "initiative_title", "date", "body",
	    "people_reached", "sessions_held", "volunteers", "into_work",
	    "status_from", "status_to", "author_name", "created_at",
	    "people_reached_to_date", "sessions_held_to_date",
	    "volunteers_to_date", "into_work_to_date", NULL }, 0 },
	{ "requests", N_("Funding requests"),
	    N_("submitted in the range (New Zealand time)"), DB_EXPORT_REQUESTS,
	    { "id", "round_id", "round_name", "state", "title", "area",
	    "elements", "amount_cents", "approved_cents", "paid_cents",
	    "beneficiary_count", "applicant_name", "initiative_id",
	    "submitted_at", "decided_at", "paid_on", "report_due_on",
	    NULL }, 0 },
	{ "payments", N_("Payments"), N_("paid in the range"),
	    DB_EXPORT_PAYMENTS,
	    { "request_id", "round_id", "round_name", "title",
	    "applicant_name", "approved_cents", "paid_cents", "paid_on",
	    "payment_reference", "report_due_on", "state", NULL }, 0 },
	{ "snapshots", N_("Stocktake snapshots"),
	    N_("kept when a location completed its stocktake return on a day in "
	    "the range (New Zealand time)"), DB_EXPORT_SNAPSHOTS,
	    { "stocktake_id", "stocktake_name", "taken_at", "initiative_id",
	    "title", "summary", "area", "elements", "outcome_areas", "status",
	    "visibility", "start_date", "end_date", "lead_name", "updates",
	    "people_reached", "sessions_held", "volunteers", "into_work",
	    "latest_update_on", NULL }, 0 },
	{ "targets", N_("Targets and progress from confirmed figures"),
	    N_("with a target date in the range"), DB_EXPORT_TARGETS,
	    { "initiative_id", "initiative_title", "indicator", "baseline",
	    "target", "target_date", "to_date", "percent", NULL }, 0 },
	{ "breakdowns", N_("Breakdowns of confirmed figures, small counts "
	    "suppressed"), N_("always to date: this export takes no range"),
	    DB_EXPORT_BREAKDOWNS, { "indicator", "dimension", "value", "count",
	    NULL }, EXPORT_SUPPRESSED },
	{ "rounds", N_("Funding rounds"), N_("open at some time in the range"),
	    DB_EXPORT_ROUNDS, { "round_id", "round_name", "pool_cents",
	    "max_request_cents", "opens_on", "closes_on", "quorum", "paused",
	    NULL }, EXPORT_NO_SUBJECT },
	{ "working_groups", N_("Working groups by sector and role (counts, no "
	    "names)"), N_("always as they are now: this export takes no range"),
	    DB_EXPORT_WORKING_GROUPS, { "sector", "role", "members", NULL },
	    EXPORT_NO_SUBJECT | EXPORT_NO_RANGE },
	{ "stocktake_returns", N_("Stocktake returns"),
	    N_("completed on a day in the range (New Zealand time)"),
	    DB_EXPORT_STOCKTAKE_RETURNS, { "stocktake_id", "stocktake_name",
	    "due_on", "open", "completed_at", NULL }, EXPORT_NO_SUBJECT },
};
#define NEXPORTS	(sizeof(exports) / sizeof(exports[0]))

/* A date range: first and last day, "" when open at that end. */
struct range {
	char		 from[24], to[24];
	long long	 fy;		/* the financial year asked for, or 0 */
};

json_t *
export_list(void)
{
	json_t	*list = json_array();
	size_t	 i;

	for (i = 0; i < NEXPORTS; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}",
		    "name", exports[i].name, "title", exports[i].title,
		    "dates", exports[i].dates));
	return list;
}

/* ?name= as a date into out ("" when absent), or a field. */
static void
read_date(struct ctx *c, const char *name, char out[24])
{
	const char	*v = kvlist_get(&c->req->query, name), *msg;
	int		 y, m, d;

	out[0] = '\0';
	if (v == NULL || v[0] == '\0')
		return;
	if ((msg = valid_date(v, &y, &m, &d)) != NULL)
		ctx_field(c, name, msg);
	else
		snprintf(out, 24, "%04d-%02d-%02d", y, m, d);
}

/*
 * The range of ?from= and ?to=, or of ?fy=2025: New Zealand's financial
 * year 1 July 2025 to 30 June 2026.  Bad values are recorded as fields.
 */
static void
read_range(struct ctx *c, struct range *r)
{
	const char	*fy = kvlist_get(&c->req->query, "fy");

	read_date(c, "from", r->from);
	read_date(c, "to", r->to);
	r->fy = 0;
	if (fy != NULL && fy[0] != '\0') {
		if (valid_int(fy, 1900, 2998, &r->fy) != NULL)
			ctx_field(c, "fy", "must be the year a financial year "
			    "starts in, such as 2025");
		else if (r->from[0] != '\0' || r->to[0] != '\0')
			ctx_field(c, "fy", "give a financial year or a date "
			    "range, not both");
		else {
			snprintf(r->from, sizeof(r->from), "%04d-07-01",
			    (int)r->fy);
			snprintf(r->to, sizeof(r->to), "%04d-06-30",
			    (int)r->fy + 1);
		}
	}
	if (r->from[0] != '\0' && r->to[0] != '\0' &&
	    strcmp(r->from, r->to) > 0)
		ctx_field(c, "to", "must not be before the from date");
}

/*
 * Refuses the filters export e does not take.  A suppressed export is the
 * same whatever is asked but its locations: two exports filtered
 * differently could be subtracted to give a cell suppressed in both
 * (docs/privacy.md).
 */
static void
refuse_filters(struct ctx *c, const struct export *e,
    const struct db_export_filter *f)
{
	static const char *const names[] = { "area", "element",
	    "outcome_area", "from", "to" };
	const char	*given[] = { f->area, f->element, f->outcome, f->from,
	    f->to };
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (given[i] == NULL || !(e->flags & (i < 3 ?
		    EXPORT_NO_SUBJECT : EXPORT_NO_RANGE)))
			continue;
		ctx_field(c, i >= 3 && kvlist_get(&c->req->query, "fy") !=
		    NULL ? "fy" : names[i], i < 3 ? "this export is not "
		    "filtered by area, element or outcome area" : "this "
		    "export takes no range: it is always to date");
	}
}

void
export_suppress(json_t *rows)
{
	static const char *const group[] = { "location", "indicator",
	    "dimension", NULL };

	suppress_rows(rows, group, "value", "count");
}

static const char *
or_null(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* stem-name, then the range: hamilton-updates-fy2025. */
static void
file_name(char *out, size_t size, const char *stem, const char *name,
    const struct range *r)
{
	int	 n = snprintf(out, size, "%s-%s", stem, name);

	if (n < 0 || (size_t)n >= size)
		return;
	if (r->fy != 0)
		snprintf(out + n, size - n, "-fy%lld", r->fy);
	else if (r->from[0] != '\0' || r->to[0] != '\0')
		snprintf(out + n, size - n, "%s%s%s%s",
		    r->from[0] != '\0' ? "-from-" : "", r->from,
		    r->to[0] != '\0' ? "-to-" : "", r->to);
}

static json_t *
column_names(const struct export *e, int national)
{
	json_t	*columns = json_array();
	size_t	 k;

	if (national)
		json_array_append_new(columns, json_string("location"));
	for (k = 0; e->columns[k] != NULL; k++)
		json_array_append_new(columns, json_string(e->columns[k]));
	return columns;
}

/* 404, naming the exports there are. */
static int
no_such_export(struct ctx *c)
{
	char	 message[256];
	size_t	 i;
	int	 n;

	n = snprintf(message, sizeof(message), _("There is no such export: ask "
	    "for"));
	for (i = 0; i < NEXPORTS && n > 0 && (size_t)n < sizeof(message); i++)
		n += snprintf(message + n, sizeof(message) - n, "%s %s",
		    i == 0 ? "" : i + 1 == NEXPORTS ? " or" : ",",
		    exports[i].name);
	if (n > 0 && (size_t)n + 1 < sizeof(message))
		strcpy(message + n, ".");
	return ctx_fail(c, 404, message);
}

/* The export's rows by the filter f (its locations, if any, given as
 * locations), at most EXPORT_ROWS_MAX: 0 with *items, or an error status
 * recorded. */
static int
export_rows(struct ctx *c, const struct export *e, json_t *locations,
    struct db_export_filter *f, json_t **items)
{
	char		*slugs = NULL, message[256];
	enum db_status	 st;
	int		 status = 0;

	if (locations != NULL &&
	    (slugs = json_dumps(locations, JSON_COMPACT)) == NULL)
		return ctx_fail(c, 500, "Out of memory.");
	f->locations = slugs;
	if ((st = db_export_rows(c->app->db, e->rows, f, EXPORT_ROWS_MAX + 1,
	    items)) != DB_OK)
		status = ctx_db_fail(c, st);
	else if (json_array_size(*items) > EXPORT_ROWS_MAX) {
		snprintf(message, sizeof(message), "This export has more "
		    "than %d rows: narrow it by location, financial year "
		    "(?fy=) or dates (?from=, ?to=), or by area, element or "
		    "outcome area, and take it in parts.", EXPORT_ROWS_MAX);
		status = ctx_fail(c, 413, message);
	}
	f->locations = NULL;
	free(slugs);
	return status;
}

/*
 * Reads the query's format and filters into f and r (e is past the table
 * when the name is no export's), a message by each bad one: 0, or the
 * 400 already recorded.
 */
static int
read_filters(struct ctx *c, const struct export *e, const char *format,
    struct db_export_filter *f, struct range *r)
{
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		ctx_field(c, "format", "must be csv or json");
	memset(f, 0, sizeof(*f));
	f->area = ctx_query_enum(c, "area", vocab_keys(vocab_areas));
	f->element = ctx_query_enum(c, "element", vocab_keys(vocab_elements));
	f->outcome = ctx_query_enum(c, "outcome_area",
	    vocab_keys(vocab_outcomes));
	read_range(c, r);
	f->from = or_null(r->from);
	f->to = or_null(r->to);
	if (e < exports + NEXPORTS)
		refuse_filters(c, e, f);
	if (c->error_fields != NULL)
		return ctx_fail(c, 400, "The export cannot be filtered that "
		    "way: see fields.");
	return 0;
}

int
export_answer(struct ctx *c, const char *stem, json_t *locations,
    int national)
{
	const char	*name = request_param(c->req, "name");
	const char	*format = kvlist_get(&c->req->query, "format");
	char		 filename[128];
	const struct export *e;
	struct db_export_filter f;
	struct range	 r;
	json_t		*items = NULL, *filters = NULL;
	enum db_status	 st;
	int		 status;

	for (e = exports; e < exports + NEXPORTS &&
	    strcmp(name, e->name) != 0; e++)
		;
	if ((e == exports + NEXPORTS && (status = no_such_export(c)) != 0) ||
	    (status = read_filters(c, e, format, &f, &r)) != 0 ||
	    (status = export_rows(c, e, locations, &f, &items)) != 0)
		goto out;
	if ((e->flags & EXPORT_SUPPRESSED) == EXPORT_SUPPRESSED &&
	    c->role == NULL)
		export_suppress(items);
	format = format != NULL ? format : "json";
	filters = json_pack("{s:O?, s:s?, s:s?, s:s?, s:s?, s:s?}", "location",
	    locations, "area", f.area, "element", f.element, "outcome_area",
	    f.outcome, "from", f.from, "to", f.to);
	if (filters != NULL && r.fy != 0)
		json_object_set_new(filters, "fy", json_integer(r.fy));
	if ((st = ctx_audit(c, "export_taken", json_pack("{s:s, s:s, s:s, "
	    "s:O, s:I}", "export", e->name, "scope", national ? "national" :
	    "location", "format", format, "filters", filters, "rows",
	    (json_int_t)json_array_size(items)))) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	file_name(filename, sizeof(filename), stem, e->name, &r);
	/* A file to save, in the format asked: routes.c ROUTE_FILE. */
	c->view = json_pack("{s:s, s:s, s:O, s:o, s:O}", "export", e->name,
	    "filename", filename, "filters", filters, "columns",
	    column_names(e, national), "items", items);
	status = c->view != NULL ? 200 : ctx_fail(c, 500, "Out of memory.");
out:
	json_decref(items);
	json_decref(filters);
	json_decref(locations);
	return status;
}

int
location_export(struct ctx *c)
{
	const char	*slug = json_string_value(json_object_get(c->location,
			    "slug"));

	return export_answer(c, slug, json_pack("[s]", slug), 0);
}

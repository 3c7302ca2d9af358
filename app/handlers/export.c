/*
 * export: a location's initiatives and their progress updates, and its
 * funding requests and payments, for evaluation, as CSV (RFC 4180, formula injection neutralised: see
 * views/escape.h) or JSON, at /api/v1/locations/{slug}/exports/{name}.
 * Every export is recorded in the audit trail: who took what.
 */
#include <stdio.h>
#include <string.h>

#include "initiative.h"

static const struct {
	const char	*name;
	enum stmt	 stmt;
	const char	*columns[20];
} exports[] = {
	{ "initiatives", STMT_EXPORT_INITIATIVES, { "id", "version", "title",
	    "summary", "area", "elements", "outcome_areas", "status",
	    "visibility", "start_date", "end_date", "lead_name", "partners",
	    "target_groups", "created_at", "updated_at", "published_at",
	    NULL } },
	{ "updates", STMT_EXPORT_UPDATES, { "id", "initiative_id",
	    "initiative_title", "date", "body", "people_reached",
	    "sessions_held", "volunteers", "into_work", "status_from",
	    "status_to", "author_name", "created_at", NULL } },
	{ "requests", STMT_EXPORT_REQUESTS, { "id", "round_id", "round_name",
	    "state", "title", "area", "elements", "amount_cents",
	    "approved_cents", "paid_cents", "beneficiary_count",
	    "applicant_name", "initiative_id", "submitted_at", "decided_at",
	    "paid_on", "report_due_on", NULL } },
	{ "payments", STMT_EXPORT_PAYMENTS, { "request_id", "round_id",
	    "round_name", "title", "applicant_name", "approved_cents",
	    "paid_cents", "paid_on", "payment_reference", "report_due_on",
	    "state", NULL } },
};

int
location_export(struct ctx *c)
{
	const char	*name = request_param(c->req, "name");
	const char	*format = kvlist_get(&c->req->query, "format");
	char		 loc[24], filename[96];
	json_t		*items, *columns;
	enum db_status	 st;
	size_t		 i, k;

	for (i = 0; i < sizeof(exports) / sizeof(exports[0]) &&
	    strcmp(name, exports[i].name) != 0; i++)
		;
	if (i == sizeof(exports) / sizeof(exports[0]))
		return ctx_fail(c, 404, "There is no such export: ask for "
		    "initiatives, updates, requests or payments.");
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0) {
		ctx_field(c, "format", "must be csv or json");
		return ctx_fail(c, 400, "Exports come as CSV or JSON.");
	}
	if ((st = db_rows(c->app->db, exports[i].stmt, (const char *[]){
	    ctx_location_key(c, loc) }, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	columns = json_array();
	for (k = 0; exports[i].columns[k] != NULL; k++)
		json_array_append_new(columns,
		    json_string(exports[i].columns[k]));
	snprintf(filename, sizeof(filename), "%s-%s", json_string_value(
	    json_object_get(c->location, "slug")), exports[i].name);
	if ((st = ctx_audit(c, "export_taken", json_pack("{s:s, s:s, s:I}",
	    "export", exports[i].name, "format", format != NULL ? format :
	    "json", "rows", (json_int_t)json_array_size(items)))) != DB_OK) {
		json_decref(items);
		json_decref(columns);
		return ctx_db_fail(c, st);
	}
	c->view = json_pack("{s:s, s:o, s:o}", "filename", filename, "columns",
	    columns, "items", items);
	if (format != NULL && strcmp(format, "csv") == 0)
		c->req->format = FORMAT_CSV;
	return 200;
}

/*
 * questionnaire_export: every location's answers to a stocktake's
 * questionnaire as one export, one column per question (its key), at
 * /api/v1/national/stocktakes/{id}/answers in JSON or ?format=csv: a row
 * for each location's answers to the questions asked once per location,
 * then a row for each initiative its snapshot kept, with the answers to
 * the questions asked of each initiative.  Taking it is recorded in the
 * audit trail, as the other exports are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/questionnaire.h"
#include "questionnaire.h"

/* The export's columns: where, then one per question, the location's
 * questions first; new array. */
static json_t *
export_columns(json_t *questions)
{
	json_t	*columns = json_pack("[s, s, s]", "location", "initiative_id",
		    "initiative_title"), *q;
	size_t	 i, pass;

	for (pass = 0; pass < 2; pass++)
		json_array_foreach(questions, i, q)
			if ((strcmp(json_string_value(json_object_get(q,
			    "scope")), "location") == 0) == (pass == 0))
				json_array_append(columns, json_object_get(q,
				    "key"));
	return columns;
}

/* Appends return ret's rows to items: the location's answers, then a row
 * per initiative its snapshot kept. */
static void
export_return(json_t *items, json_t *questions, json_t *ret)
{
	json_t		*titles = json_object_get(ret, "titles"), *inis, *list;
	json_t		*slot, *row = NULL, *v;
	const char	*id;
	json_t		*title;
	size_t		 i;
	long long	 last = -1, ini;

	inis = json_array();
	json_object_foreach(titles, id, title)
		json_array_append_new(inis, json_pack("{s:I, s:O}", "id",
		    (json_int_t)strtoll(id, NULL, 10), "title", title));
	list = questionnaire_slots(questions, inis);
	json_array_foreach(list, i, slot) {
		ini = json_integer_value(json_object_get(slot, "initiative_id"));
		if (ini != last) {
			row = json_pack("{s:O, s:O?, s:O?}", "location",
			    json_object_get(ret, "location"), "initiative_id",
			    ini != 0 ? json_object_get(slot, "initiative_id") :
			    NULL, "initiative_title", json_object_get(slot,
			    "initiative_title"));
			json_array_append_new(items, row);
			last = ini;
		}
		v = json_object_get(json_object_get(ret, "answers"),
		    questionnaire_slot_field(slot));
		json_object_set_new(row, json_string_value(json_object_get(
		    json_object_get(slot, "q"), "key")), v != NULL ?
		    json_incref(v) : json_null());
	}
	json_decref(list);
	json_decref(inis);
}

int
stocktake_answers_export(struct ctx *c)
{
	const char	*format = kvlist_get(&c->req->query, "format");
	long long	 sid = ctx_param_id(c, "id");
	char		 filename[64];
	json_t		*q = NULL, *rets = NULL, *items, *ret, *columns, *col;
	enum db_status	 st;
	size_t		 i, k;

	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0) {
		ctx_field(c, "format", "must be csv or json");
		return ctx_fail(c, 400, "The export cannot be taken that way: "
		    "see fields.");
	}
	if ((st = db_stocktake_questions(c->app->db, sid, &q)) != DB_OK ||
	    (q != NULL && (st = db_stocktake_answers_all(c->app->db, sid,
	    &rets)) != DB_OK)) {
		json_decref(q);
		return ctx_db_fail(c, st);
	}
	if (q == NULL)
		return ctx_fail(c, 404, "There is no such stocktake with a "
		    "questionnaire.");
	items = json_array();
	json_array_foreach(rets, i, ret)
		export_return(items, json_object_get(q, "questions"), ret);
	json_decref(rets);
	columns = export_columns(json_object_get(q, "questions"));
	/* Every row has every column: null where not asked or answered. */
	json_array_foreach(items, i, ret)
		json_array_foreach(columns, k, col)
			if (json_object_get(ret, json_string_value(col)) == NULL)
				json_object_set_new(ret, json_string_value(col),
				    json_null());
	if ((st = ctx_audit(c, "export_taken", json_pack("{s:s, s:s, s:s, "
	    "s:{s:I}, s:I}", "export", "stocktake_answers", "scope", "national",
	    "format", format != NULL ? format : "json", "filters", "stocktake",
	    (json_int_t)sid, "rows", (json_int_t)json_array_size(items)))) !=
	    DB_OK) {
		json_decref(columns);
		json_decref(items);
		json_decref(q);
		return ctx_db_fail(c, st);
	}
	snprintf(filename, sizeof(filename), "national-stocktake-%lld-answers",
	    sid);
	/* A file to save, in the format asked: routes.c ROUTE_FILE. */
	c->view = json_pack("{s:s, s:s, s:{s:I}, s:o, s:o}", "export",
	    "stocktake_answers", "filename", filename, "filters", "stocktake",
	    (json_int_t)sid, "columns", columns, "items", items);
	json_decref(q);
	return c->view != NULL ? 200 : ctx_fail(c, 500, "Out of memory.");
}

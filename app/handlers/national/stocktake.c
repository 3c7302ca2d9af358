/*
 * stocktake: national stocktake campaigns.  INZ staff open one (name,
 * question, due date), see which locations have completed their return,
 * close it, and read each location's snapshot, compared by area and status
 * with the location now or with another stocktake.  Each location's
 * coordinator reviews the location's initiatives and completes the return
 * once, with a note; completing keeps a snapshot of every initiative as it
 * was at that moment (sql/008), which nothing changes afterwards.
 * A stocktake may ask a questionnaire (sql/032, questionnaire.c): the
 * return then keeps the location's answers too, and its snapshot
 * compares them with the previous stocktake's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../db/location.h"
#include "../../db/national.h"
#include "../../db/questionnaire.h"
#include "../../domain/role.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../fields.h"
#include "questionnaire.h"

#define NAME_MAX_CHARS		200
#define QUESTION_MAX_CHARS	20000
#define NOTE_MAX_CHARS		20000

static int
is_coordinator(const struct ctx *c)
{
	return role_can_manage(role_parse(c->role));
}

/* The stocktake {id}: 0 with *st a new object, or 404 recorded. */
static int
stocktake_load(struct ctx *c, json_t **out)
{
	long long	 n = ctx_param_id(c, "id");
	enum db_status	 st;

	*out = NULL;
	if (n > 0 && (st = db_stocktake_get(c->app->db, n, out)) != DB_OK)
		return ctx_db_fail(c, st);
	return *out != NULL ? 0 : ctx_fail(c, 404, "There is no such "
	    "stocktake.");
}

static long long
stocktake_id(const json_t *stocktake)
{
	return json_integer_value(json_object_get(stocktake, "id"));
}

/* The id as text, for links and the audit trail. */
static const char *
stocktake_key(const json_t *stocktake, char out[24])
{
	return ctx_id_text(stocktake_id(stocktake), out);
}

/* Names for people beside each row's area and status keys. */
static void
name_rows(json_t *rows)
{
	json_t	*row;
	size_t	 i;

	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "area_name", json_string(vocab_name(
		    vocab_areas, json_string_value(json_object_get(row,
		    "area")))));
		json_object_set_new(row, "status_name", json_string(vocab_name(
		    vocab_statuses, json_string_value(json_object_get(row,
		    "status")))));
	}
}

/* ------------------------------------------------------ national staff */

static json_t *
defaults(void)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "name", "", "question", "",
	    "due_on", "", "questionnaire_id", "");
}

/* Marks the questionnaire of rows whose id is chosen (text) selected. */
static void
mark_chosen(json_t *rows, const char *chosen)
{
	json_t	*row;
	size_t	 i;

	json_array_foreach(rows, i, row)
		json_object_set_new(row, "selected", json_boolean(
		    chosen != NULL && chosen[0] != '\0' && strtoll(chosen,
		    NULL, 10) == json_integer_value(json_object_get(row,
		    "id"))));
}

/* The list page of stocktakes, with the form to open one (values, stolen,
 * shown again as typed when it failed). */
static int
list_page(struct ctx *c, json_t *values, int status)
{
	long long	 n;
	const char	*cursor;
	json_t		*items, *keep;
	enum db_status	 st;
	int		 failed;

	keep = c->view;		/* a failed form's errors, if any */
	c->view = NULL;
	if (ctx_page(c, &n, &cursor, valid_id) == -1) {
		json_decref(values);
		json_decref(keep);
		return ctx_fail(c, 400, "The list's parameters are not valid.");
	}
	if ((st = db_stocktakes_list(c->app->db, cursor, n + 1, &items)) !=
	    DB_OK) {
		json_decref(values);
		json_decref(keep);
		return ctx_db_fail(c, st);
	}
	if ((failed = ctx_page_view(c, items, n, "id")) != 200) {
		json_decref(values);
		json_decref(keep);
		return failed;
	}
	/* The page's form and the questionnaires it may ask (left out of
	 * JSON: json_omit). */
	if ((st = db_questionnaire_list(c->app->db, 100, &items)) != DB_OK) {
		json_decref(values);
		json_decref(keep);
		return ctx_db_fail(c, st);
	}
	mark_chosen(items, json_string_value(json_object_get(values,
	    "questionnaire_id")));
	json_object_set_new(c->view, "questionnaires", items);
	json_object_set_new(c->view, "form", values);
	if (keep != NULL)
		json_object_set(c->view, "errors", json_object_get(keep,
		    "errors"));
	json_decref(keep);
	return status;
}

int
stocktake_list(struct ctx *c)
{
	return list_page(c, defaults(), 200);
}

/* The due date must be a date, today or later in New Zealand (the
 * database's clock says which day that is).  0, or a status. */
static int
check_due(struct ctx *c, json_t *values)
{
	const char	*due = json_string_value(json_object_get(values,
	    "due_on"));
	json_t		*today = NULL;
	enum db_status	 st;

	if (due == NULL || due[0] == '\0') {
		if (c->error_fields == NULL ||
		    json_object_get(c->error_fields, "due_on") == NULL)
			ctx_field(c, "due_on", "is required");
		return 0;
	}
	if (c->error_fields != NULL &&
	    json_object_get(c->error_fields, "due_on") != NULL)
		return 0;
	if ((st = db_nz_today(c->app->db, &today)) != DB_OK ||
	    today == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	if (strcmp(due, json_string_value(json_object_get(today, "today"))) <
	    0)
		ctx_field(c, "due_on", "must not be in the past");
	json_decref(today);
	return 0;
}

/* The questionnaire the stocktake asks, if any (questionnaire_id): *id
 * 0 for none, with a field recorded when it is no questionnaire's.  0, or
 * a status. */
static int
read_questionnaire(struct ctx *c, json_t *values, long long *id)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, "questionnaire_id", buf);
	json_t		*q = NULL;
	enum db_status	 st;

	*id = 0;
	if (v == NULL || v[0] == '\0')
		return 0;
	json_object_set_new(values, "questionnaire_id", json_string(v));
	if (valid_int(v, 1, INT64_MAX, id) == NULL &&
	    (st = db_questionnaire_get(c->app->db, *id, 0, &q)) != DB_OK)
		return ctx_db_fail(c, st);
	if (q == NULL) {
		*id = 0;
		ctx_field(c, "questionnaire_id", "there is no such "
		    "questionnaire");
	}
	json_decref(q);
	return 0;
}

/*
 * The email each coordinator gets, in their language: formats for the
 * database's format() (STMT_STOCKTAKE_NOTIFY), so only %s, in this order
 * (or numbered, %1$s, to reorder): the stocktake's name; then the
 * coordinator's name, the stocktake's name, its due date, its question,
 * the location's name and the link.
 */
static const char *const notice[] = {
	/* TRANSLATORS: an email's subject; %s is the stocktake's name. */
	N_("Stocktake open: %s"),
	/* TRANSLATORS: an email to a coordinator; the %s are, in order, the
	 * coordinator's name, the stocktake's name, its due date, its
	 * question, the location's name and the link. */
	N_("Kia ora %s,\n\nImmigration New Zealand has opened the stocktake "
	"\"%s\" for every settlement location, due %s.\n\n%s\n\nReview the "
	"%s working group's initiatives and complete its return here:\n%s"
	"\n\n-- Community Engagement Portal\n"),
};

int
stocktake_create(struct ctx *c)
{
	char		 to[64], *formats;
	json_t		*values = defaults(), *row = NULL, *stocktake;
	enum db_status	 st;
	long long	 n, qid;
	int		 status;

	field_text(c, values, "name", 1, NAME_MAX_CHARS, 0);
	field_text(c, values, "question", 1, QUESTION_MAX_CHARS, 1);
	field_date(c, values, "due_on");
	if ((status = check_due(c, values)) != 0 ||
	    (status = read_questionnaire(c, values, &qid)) != 0) {
		json_decref(values);
		return status;
	}
	if (json_string_length(json_object_get(values, "name")) == 0 &&
	    (c->error_fields == NULL ||
	    json_object_get(c->error_fields, "name") == NULL))
		ctx_field(c, "name", "is required");
	if (json_string_length(json_object_get(values, "question")) == 0 &&
	    (c->error_fields == NULL ||
	    json_object_get(c->error_fields, "question") == NULL))
		ctx_field(c, "question", "is required");
	if (c->error_fields != NULL)
		return list_page(c, values, ctx_invalid(c, NULL));
	st = db_stocktake_create(c->app->db, json_string_value(json_object_get(
	    values, "name")), json_string_value(json_object_get(values,
	    "question")), json_string_value(json_object_get(values, "due_on")),
	    c->auth.user_id, qid, &row);
	if (st != DB_OK || row == NULL) {
		json_decref(values);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	n = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	row = NULL;
	if ((formats = i18n_formats(notice, 2)) == NULL)
		st = DB_ERROR;
	else
		st = db_stocktake_notify(c->app->db, n, c->app->site_url,
		    formats, &row);
	free(formats);
	if (st == DB_OK)
		st = ctx_audit(c, "stocktake_opened", json_pack("{s:I, s:O, s:O, "
		    "s:O}", "stocktake_id", (json_int_t)n, "name",
		    json_object_get(values, "name"), "due_on",
		    json_object_get(values, "due_on"), "notified",
		    json_object_get(row, "sent")));
	json_decref(row);
	json_decref(values);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	if ((st = db_stocktake_get(c->app->db, n, &stocktake)) != DB_OK ||
	    stocktake == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	c->view = stocktake;
	snprintf(to, sizeof(to), "/national/stocktakes/%lld", n);
	return ctx_done(c, 201, to);
}

int
stocktake_show(struct ctx *c)
{
	json_t		*stocktake, *locations, *loc;
	enum db_status	 st;
	size_t		 i, done = 0;
	int		 status;

	if ((status = stocktake_load(c, &stocktake)) != 0)
		return status;
	if ((st = db_stocktake_progress(c->app->db, stocktake_id(stocktake),
	    &locations)) != DB_OK) {
		json_decref(stocktake);
		return ctx_db_fail(c, st);
	}
	json_array_foreach(locations, i, loc)
		done += json_is_true(json_object_get(loc, "completed"));
	json_object_set_new(stocktake, "completed", json_integer((json_int_t)
	    done));
	json_object_set_new(stocktake, "outstanding", json_integer((json_int_t)
	    (json_array_size(locations) - done)));
	json_object_set_new(stocktake, "locations", locations);
	c->view = stocktake;
	return 200;
}

int
stocktake_close(struct ctx *c)
{
	char		 key[24], to[64];
	json_t		*stocktake;
	long long	 id;
	long		 count = 0;
	enum db_status	 st;
	int		 status;

	if ((status = stocktake_load(c, &stocktake)) != 0)
		return status;
	stocktake_key(stocktake, key);
	id = stocktake_id(stocktake);
	json_decref(stocktake);
	if ((st = db_stocktake_close(c->app->db, id, c->auth.user_id,
	    &count)) != DB_OK)
		return ctx_db_fail(c, st);
	if (count == 0)
		return ctx_fail(c, 409, "This stocktake is closed already.");
	if ((st = ctx_audit(c, "stocktake_closed", json_pack("{s:s}",
	    "stocktake_id", key))) != DB_OK)
		return ctx_db_fail(c, st);
	snprintf(to, sizeof(to), "/national/stocktakes/%s", key);
	if ((status = stocktake_show(c)) != 200)
		return status;
	return ctx_done(c, 200, to);
}

/* ------------------------------------------------------------ snapshots */

/* Reads ?compare= (another stocktake's id): 0 with *other NULL (compare
 * with now) or set, or -1 with the field recorded. */
static int
compare_with(struct ctx *c, char other[24], const char **out)
{
	const char	*v = kvlist_get(&c->req->query, "compare");
	long long	 n;

	*out = NULL;
	if (v == NULL || v[0] == '\0' || strcmp(v, "now") == 0)
		return 0;
	if (valid_int(v, 1, INT64_MAX, &n) != NULL) {
		ctx_field(c, "compare", "must be a stocktake's id or now");
		return -1;
	}
	*out = ctx_id_text(n, other);
	return 0;
}

/*
 * The snapshot of location loc_id in stocktake (borrowed) as a new view:
 * the return (null when not completed), every initiative as it was, and
 * counts by area and status then against compare (another stocktake) or
 * now.  0 or a status.
 */
static int
snapshot_view(struct ctx *c, json_t *stocktake, long long loc_id,
    const char *compare, json_t **out)
{
	json_t		*ret = NULL, *items = NULL, *counts = NULL;
	long long	 id = stocktake_id(stocktake);
	enum db_status	 st;
	int		 status;

	*out = NULL;
	if ((st = db_stocktake_return(c->app->db, id, loc_id, &ret)) !=
	    DB_OK || (st = db_stocktake_snapshots(c->app->db, id, loc_id,
	    &items)) != DB_OK || (st = db_stocktake_compare(c->app->db, id,
	    loc_id, compare, &counts)) != DB_OK) {
		json_decref(ret);
		json_decref(items);
		return ctx_db_fail(c, st);
	}
	name_rows(items);
	name_rows(counts);
	*out = json_pack("{s:O, s:o?, s:o, s:o, s:s?}", "stocktake", stocktake,
	    "return", ret, "items", items, "counts", counts, "compare",
	    compare);
	if (*out == NULL)
		return ctx_fail(c, 500, "Out of memory.");
	/* The answers beside the previous stocktake's (sql/032); on
	 * failure the callers answer the status and keep no view. */
	if (ret == NULL || (status = questionnaire_compare(c, id, loc_id,
	    json_object_get(ret, "answers"), items, *out)) == 0)
		return 0;
	json_decref(*out);
	*out = NULL;
	return status;
}

int
stocktake_snapshot_show(struct ctx *c)
{
	char		 other[24];
	const char	*compare;
	json_t		*stocktake, *loc = NULL, *view, *others = NULL, *o;
	enum db_status	 st;
	size_t		 i;
	int		 status;

	if (compare_with(c, other, &compare) == -1)
		return ctx_fail(c, 400, "The page's parameters are not valid.");
	if ((status = stocktake_load(c, &stocktake)) != 0)
		return status;
	if ((st = db_location_ref(c->app->db, request_param(c->req, "slug"),
	    &loc)) != DB_OK) {
		json_decref(stocktake);
		return ctx_db_fail(c, st);
	}
	if (loc == NULL) {
		json_decref(stocktake);
		return ctx_fail(c, 404, "There is no settlement location at "
		    "this address.");
	}
	status = snapshot_view(c, stocktake, json_integer_value(
	    json_object_get(loc, "id")), compare, &view);
	/* The stocktakes it may be compared with, for the page's form
	 * (left out of JSON: json_omit). */
	if (status == 0 &&
	    (st = db_stocktakes_list(c->app->db, NULL, 100, &others)) !=
	    DB_OK) {
		json_decref(view);
		status = ctx_db_fail(c, st);
	}
	json_decref(stocktake);
	if (status != 0) {
		json_decref(loc);
		return status;
	}
	json_object_del(loc, "id");
	json_object_set_new(view, "location", loc);
	if (others != NULL) {
		json_array_foreach(others, i, o)
			json_object_set_new(o, "selected", json_boolean(
			    compare != NULL && json_integer_value(
			    json_object_get(o, "id")) == strtoll(compare, NULL,
			    10)));
		json_object_set_new(view, "stocktakes", others);
	}
	c->view = view;
	return 200;
}

/* --------------------------------------------------- a location's return */

int
stocktake_location_list(struct ctx *c)
{
	json_t		*items;
	enum db_status	 st;

	if ((st = db_stocktakes_for_location(c->app->db, ctx_location_id(c),
	    &items)) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:o, s:n, s:o}", "items", items, "next",
	    "location", ctx_location_public(c));
	return c->view != NULL ? 200 : ctx_fail(c, 500, "Out of memory.");
}

/* The location's page for stocktake (stolen): the return and snapshot
 * once completed, else the initiatives to review and, for coordinators of
 * an open stocktake, the form to complete it.  0 or a status. */
static int
location_page(struct ctx *c, json_t *stocktake, json_t *shown)
{
	json_t		*view, *review = NULL;
	enum db_status	 st;
	int		 status, done, open;

	status = snapshot_view(c, stocktake, ctx_location_id(c), NULL, &view);
	json_decref(stocktake);
	if (status != 0)
		return status;
	done = json_is_object(json_object_get(view, "return"));
	open = json_is_true(json_object_get(json_object_get(view, "stocktake"),
	    "open"));
	if (!done && (st = db_stocktake_review_list(c->app->db,
	    ctx_location_id(c), &review)) != DB_OK) {
		json_decref(view);
		return ctx_db_fail(c, st);
	}
	if (review != NULL) {
		name_rows(review);
		json_object_set_new(view, "review", review);
	}
	if (!done && (status = questionnaire_answers_view(c, stocktake_id(
	    json_object_get(view, "stocktake")), shown, view)) != 0) {
		json_decref(view);
		return status;
	}
	json_object_set_new(view, "reviewing", json_boolean(!done));
	json_object_set_new(view, "location", ctx_location_public(c));
	json_object_set_new(view, "can_complete", json_boolean(!done && open &&
	    is_coordinator(c)));
	json_object_set_new(view, "can_write", json_boolean(
	    role_can_write(role_parse(c->role))));
	ctx_view_merge(c, view);
	return 0;
}

int
stocktake_location_show(struct ctx *c)
{
	json_t	*stocktake;
	int	 status;

	if ((status = stocktake_load(c, &stocktake)) != 0 ||
	    (status = location_page(c, stocktake, NULL)) != 0)
		return status;
	return 200;
}

int
stocktake_answers_page(struct ctx *c, json_t *stocktake, json_t *shown,
    int status)
{
	int	 failed;

	if ((failed = location_page(c, stocktake, shown)) != 0)
		return failed;
	return status != 0 ? status : 200;
}

/* Whether stocktake takes the return: open, and the answers to its
 * questionnaire, if it asks one, kept with every required one answered
 * (questionnaire_answer.c).  0, else the status answered, stocktake (then
 * stolen) shown again on a 422. */
static int
may_complete(struct ctx *c, json_t *stocktake)
{
	json_t	*shown = NULL;
	int	 status;

	if (!json_is_true(json_object_get(stocktake, "open"))) {
		json_decref(stocktake);
		return ctx_fail(c, 409, "This stocktake is closed: it takes no "
		    "more returns.");
	}
	if ((status = questionnaire_answers_take(c, stocktake, 1, &shown)) == 0)
		return 0;
	if (status == 422)
		status = stocktake_answers_page(c, stocktake, shown, status);
	else
		json_decref(stocktake);
	json_decref(shown);
	return status;
}

int
stocktake_complete(struct ctx *c)
{
	char		 key[24], to[160];
	const char	*note = ctx_input(c, "note");
	json_t		*stocktake, *row = NULL, *values;
	enum db_status	 st;
	long long	 kept = 0;
	int		 status, open;

	if ((status = stocktake_load(c, &stocktake)) != 0)
		return status;
	values = json_pack("{s:s}", "note", "");
	field_text(c, values, "note", 0, NOTE_MAX_CHARS, 1);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, values);
		return (open = location_page(c, stocktake, NULL)) != 0 ? open :
		    status;
	}
	note = json_string_value(json_object_get(values, "note"));
	stocktake_key(stocktake, key);
	if ((status = may_complete(c, stocktake)) != 0) {
		json_decref(values);
		return status;
	}
	st = db_stocktake_complete(c->app->db, stocktake_id(stocktake),
	    ctx_location_id(c), c->auth.user_id, note, &row);
	if (st == DB_OK && row == NULL) {
		json_decref(values);
		json_decref(stocktake);
		return ctx_fail(c, 409, "This location's return is complete "
		    "already.");
	}
	json_decref(row);
	row = NULL;
	if (st == DB_OK)
		st = db_stocktake_snapshot(c->app->db, stocktake_id(stocktake),
		    ctx_location_id(c), &row);
	if (row != NULL)
		kept = json_integer_value(json_object_get(row, "kept"));
	json_decref(row);
	if (st == DB_OK)
		st = ctx_audit(c, "stocktake_completed", json_pack("{s:O, s:O, "
		    "s:I, s:O}", "stocktake_id", json_object_get(stocktake, "id"),
		    "name", json_object_get(stocktake, "name"), "initiatives",
		    (json_int_t)kept, "note", json_object_get(values, "note")));
	json_decref(values);
	if (st != DB_OK) {
		json_decref(stocktake);
		return ctx_db_fail(c, st);
	}
	if ((status = location_page(c, stocktake, NULL)) != 0)
		return status;
	snprintf(to, sizeof(to), "/l/%s/wg/stocktakes/%s", json_string_value(
	    json_object_get(c->location, "slug")), key);
	return ctx_done(c, 201, to);
}

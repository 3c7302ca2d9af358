/*
 * target: an initiative's targets and baselines (sql/031).  Per indicator
 * the location uses, a member or coordinator sets a baseline (where
 * things stood before), a target and the date to reach it by:
 * PUT /api/v1/locations/{slug}/initiatives/{id}/targets/{indicator},
 * DELETE the same, and the form on the initiative's page.  Progress is
 * the indicator's running total (the sum of its period figures) against
 * the target, shown on the initiative's page and the lists; the national
 * views count confirmed figures only (national_figures.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/indicator.h"
#include "../../db/target.h"
#include "../../http/validate.h"
#include "initiative.h"
#include "target.h"

#define TARGET_MAX	100000000

/* A whole number from 0 into *out, or a field. */
static void
read_number(struct ctx *c, const char *name, json_t *form, long long *out)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, name, buf);

	json_object_set_new(form, name, json_string(v != NULL ? v : ""));
	if (v == NULL || v[0] == '\0')
		ctx_field(c, name, "is required");
	else if (valid_int(v, 0, TARGET_MAX, out) != NULL)
		ctx_field(c, name, "must be a whole number from 0 to "
		    "100000000");
}

/* The target as typed into t and form, fields recorded. */
static void
read_target(struct ctx *c, json_t *form, struct db_target *t)
{
	const char	*by = ctx_input(c, "by"), *msg;
	int		 y, m, d;

	t->indicator = request_param(c->req, "indicator");
	if (t->indicator == NULL)
		t->indicator = ctx_input(c, "indicator");
	json_object_set_new(form, "indicator", json_string(t->indicator != NULL ?
	    t->indicator : ""));
	json_object_set_new(form, "by", json_string(by != NULL ? by : ""));
	if (t->indicator == NULL || t->indicator[0] == '\0')
		ctx_field(c, "indicator", "is required");
	read_number(c, "baseline", form, &t->baseline);
	read_number(c, "target", form, &t->target);
	if (by == NULL || by[0] == '\0')
		ctx_field(c, "by", "is required: the date to reach the target "
		    "by");
	else if ((msg = valid_date(by, &y, &m, &d)) != NULL)
		ctx_field(c, "by", msg);
	t->by = by;
	t->location_id = ctx_location_id(c);
	t->user_id = c->auth.user_id;
}

/* Answers the initiative's targets after a change (the page for a
 * form). */
static int
answer(struct ctx *c, long long ini_id, int status)
{
	char		 url[160];
	json_t		*targets;
	enum db_status	 st;

	if ((st = db_targets_of(c->app->db, ini_id, 0, &targets)) != DB_OK)
		return ctx_db_fail(c, st);
	json_decref(c->view);
	c->view = json_pack("{s:o}", "targets", targets);
	snprintf(url, sizeof(url), "/l/%s/initiatives/%lld#targets",
	    json_string_value(json_object_get(c->location, "slug")), ini_id);
	return ctx_done(c, status, url);
}

/* The form refused: 422, the page again for a browser. */
static int
refuse(struct ctx *c, json_t *ini, json_t *form)
{
	int	 status = ctx_invalid(c, form), page;

	if ((page = initiative_page(c, ini)) != 0)
		status = page;
	return status;
}

int
target_put(struct ctx *c)
{
	struct db_target t = { 0 };
	json_t		*ini, *form = json_object(), *row = NULL;
	enum db_status	 st;
	int		 status;

	if ((status = initiative_load(c, 1, &ini)) != 0) {
		json_decref(form);
		return status;
	}
	t.initiative_id = json_integer_value(json_object_get(ini, "id"));
	read_target(c, form, &t);
	if (c->error_fields == NULL && (st = db_target_set(c->app->db, &t,
	    &row)) != DB_OK) {
		json_decref(form);
		json_decref(ini);
		return ctx_db_fail(c, st);
	}
	if (c->error_fields == NULL && row == NULL)
		ctx_field(c, "indicator", "is not an indicator this location "
		    "uses (see its indicators)");
	if (c->error_fields != NULL)
		return refuse(c, ini, form);
	json_decref(form);
	json_decref(ini);
	json_object_set_new(row, "initiative_id", json_integer(t.initiative_id));
	json_object_set_new(row, "indicator", json_string(t.indicator));
	if ((st = ctx_audit(c, "initiative_target_set", row)) != DB_OK)
		return ctx_db_fail(c, st);
	return answer(c, t.initiative_id, 200);
}

int
target_delete(struct ctx *c)
{
	struct db_target t = { 0 };
	json_t		*ini;
	enum db_status	 st;
	int		 status, removed;

	if ((status = initiative_load(c, 1, &ini)) != 0)
		return status;
	t.initiative_id = json_integer_value(json_object_get(ini, "id"));
	json_decref(ini);
	t.location_id = ctx_location_id(c);
	t.indicator = request_param(c->req, "indicator");
	if ((st = db_target_remove(c->app->db, &t, &removed)) != DB_OK)
		return ctx_db_fail(c, st);
	if (!removed)
		return ctx_fail(c, 404, "The initiative has no target for that "
		    "indicator.");
	if ((st = ctx_audit(c, "initiative_target_removed", json_pack(
	    "{s:I, s:s}", "initiative_id", (json_int_t)t.initiative_id,
	    "indicator", t.indicator))) != DB_OK)
		return ctx_db_fail(c, st);
	return answer(c, t.initiative_id, 200);
}

/* The form's indicator choices, with what a failed post typed. */
static int
target_fields(struct ctx *c, json_t *ini)
{
	json_t		*list;
	enum db_status	 st;

	if ((st = db_indicator_list(c->app->db, ctx_location_id(c), &list)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(ini, "target_fields", json_pack("{s:o}",
	    "indicators", list));
	return 0;
}

int
target_decorate(struct ctx *c, json_t *ini)
{
	json_t		*targets;
	enum db_status	 st;

	if ((st = db_targets_of(c->app->db, json_integer_value(
	    json_object_get(ini, "id")), 0, &targets)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(ini, "targets", targets);
	/* A participating location's writers would be refused (and shown
	 * their own indicators, not the lead's). */
	return initiative_can_write(c) && initiative_owned(c, ini) ?
	    target_fields(c, ini) : 0;
}

char *
target_pluck(json_t *items, const char *member)
{
	json_t	*list = json_array(), *i;
	char	*text;
	size_t	 k;

	json_array_foreach(items, k, i)
		json_array_append(list, json_object_get(i, member));
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	return text;
}

int
target_decorate_list(struct ctx *c, json_t *items)
{
	json_t		*i, *rows = NULL, *r;
	char		*text;
	enum db_status	 st;
	size_t		 k, n;

	if ((text = target_pluck(items, "id")) == NULL)
		return ctx_fail(c, 500, "Out of memory.");
	st = db_targets_of_many(c->app->db, text, 0, &rows);
	free(text);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	/* The same order: one row per id given. */
	json_array_foreach(items, k, i) {
		json_t *found = json_array();

		json_array_foreach(rows, n, r)
			if (json_equal(json_object_get(r, "id"),
			    json_object_get(i, "id")))
				json_array_extend(found, json_object_get(r,
				    "targets"));
		json_object_set_new(i, "targets", found);
	}
	json_decref(rows);
	return 0;
}

/*
 * breakdown: figures broken down by community, language, gender and age
 * band (sql/031, docs/privacy.md), and the national list of communities
 * (GET, POST /api/v1/communities).  An update's JSON body may carry
 * "breakdowns": {indicator: {dimension: {value: count}}}; each dimension
 * must add up to the update's figure of that indicator (422 naming
 * "breakdowns.<indicator>.<dimension>" otherwise).  An update's
 * breakdowns are shown, raw, to the lead location's working group alone;
 * everyone else sees only each location's sums, through the small-cell
 * suppression of domain/suppress.c (national/export.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/target.h"
#include "../../domain/spoken.h"
#include "../../domain/suppress.h"
#include "../../http/validate.h"
#include "initiative.h"
#include "target.h"

#define COUNT_MAX	1000000
#define NAME_MAX	120

/* Whether key is one of keys (NULL-terminated). */
static int
listed(const char *const *keys, const char *key)
{
	for (; *keys != NULL; keys++)
		if (strcmp(*keys, key) == 0)
			return 1;
	return 0;
}

/* Whether value is one of dimension's: communities the active rows of
 * the national list. */
static int
known_value(const char *dimension, const char *value, json_t *communities)
{
	json_t	*r;
	size_t	 i;

	if (strcmp(dimension, "language") == 0)
		return spoken_find(value) != NULL;
	if (strcmp(dimension, "gender") == 0)
		return listed(breakdown_genders, value);
	if (strcmp(dimension, "age_band") == 0)
		return listed(breakdown_age_bands, value);
	json_array_foreach(communities, i, r)
		if (json_is_true(json_object_get(r, "active")) && strcmp(
		    json_string_value(json_object_get(r, "key")), value) == 0)
			return 1;
	return 0;
}

/* Checks one dimension of the figure of key (figure): its values and
 * counts, and that they add up. */
static void
check_dimension(struct ctx *c, const char *key, const char *dim,
    json_t *cells, long long figure, json_t *communities)
{
	char		 field[128], message[160];
	const char	*value;
	json_t		*n;
	long long	 sum = 0;

	snprintf(field, sizeof(field), "breakdowns.%s.%s", key, dim);
	if (!json_is_object(cells)) {
		ctx_field(c, field, "must be an object of values and counts");
		return;
	}
	json_object_foreach(cells, value, n) {
		if (!known_value(dim, value, communities)) {
			ctx_field(c, field, strcmp(dim, "community") == 0 ?
			    "names a community that is not on the list "
			    "(GET /api/v1/communities)" : "names a value this "
			    "dimension does not have (docs/privacy.md)");
			return;
		}
		if (!json_is_integer(n) || json_integer_value(n) < 0 ||
		    json_integer_value(n) > COUNT_MAX) {
			ctx_field(c, field, "counts must be whole numbers from 0 "
			    "to 1000000");
			return;
		}
		sum += json_integer_value(n);
	}
	if (sum != figure) {
		snprintf(message, sizeof(message), _("must add up to the figure, "
		    "%lld; these add up to %lld"), figure, sum);
		ctx_field(c, field, message);
	}
}

/* Checks the breakdowns of one figure. */
static void
check_figure(struct ctx *c, const char *key, json_t *dims, json_t *numbers,
    json_t *communities)
{
	char		 field[96];
	const char	*dim;
	json_t		*cells, *figure = json_object_get(numbers, key);

	if (figure == NULL) {
		ctx_field(c, "breakdowns", "names an indicator this update "
		    "gives no figure for");
		return;
	}
	snprintf(field, sizeof(field), "breakdowns.%s", key);
	if (!json_is_object(dims)) {
		ctx_field(c, field, "must be an object of dimensions");
		return;
	}
	json_object_foreach(dims, dim, cells) {
		if (!listed(breakdown_dimensions, dim))
			ctx_field(c, field, "dimensions are community, "
			    "language, gender and age_band");
		else
			check_dimension(c, key, dim, cells,
			    json_integer_value(figure), communities);
	}
}

int
breakdown_read(struct ctx *c, json_t *numbers, json_t *form, json_t **out)
{
	const char	*key;
	json_t		*b, *dims, *communities = NULL;
	enum db_status	 st;
	int		 status = 0;

	*out = NULL;
	/* The form's inputs become the object a JSON body carries. */
	b = c->req->json != NULL ? json_incref(json_object_get(c->req->json,
	    "breakdowns")) : breakdown_from_form(c, form);
	if (b == NULL || json_is_null(b) || (json_is_object(b) &&
	    json_object_size(b) == 0))
		goto out;
	if (!json_is_object(b)) {
		ctx_field(c, "breakdowns", "must be an object: {indicator: "
		    "{dimension: {value: count}}}");
		goto out;
	}
	if ((st = db_communities_list(c->app->db, &communities)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	json_object_foreach(b, key, dims)
		check_figure(c, key, dims, numbers, communities);
	if (c->error_fields == NULL)
		*out = json_incref(b);
out:
	json_decref(communities);
	json_decref(b);
	return status;
}

enum db_status
breakdown_keep(struct ctx *c, long long update_id, json_t *breakdowns)
{
	char		*text;
	enum db_status	 st;

	if (breakdowns == NULL)
		return DB_OK;
	if ((text = json_dumps(breakdowns, JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_breakdowns_add(c->app->db, ctx_location_id(c), update_id,
	    text);
	free(text);
	return st;
}

/* The page's rows of breakdowns b: [{indicator, dimension, cells:
 * [{value, count}]}]; new array. */
static json_t *
page_rows(json_t *b)
{
	const char	*key, *dim, *value;
	json_t		*out = json_array(), *dims, *cells, *n, *list;

	json_object_foreach(b, key, dims)
		json_object_foreach(dims, dim, cells) {
			list = json_array();
			json_object_foreach(cells, value, n)
				json_array_append_new(list, json_pack(
				    "{s:s, s:O}", "value", value, "count", n));
			json_array_append_new(out, json_pack("{s:s, s:s, s:o}",
			    "indicator", key, "dimension", dim, "cells", list));
		}
	return out;
}

int
breakdown_owner(const struct ctx *c, const json_t *ini)
{
	return c->role != NULL && initiative_owned(c, ini);
}

void
breakdown_view(json_t *u, int owner)
{
	json_t	*b = json_object_get(u, "breakdowns");

	/* Outside the lead location's working group breakdowns are
	 * published at one level only, each location's suppressed sums:
	 * an update's suppressed cells beside those sums could be
	 * subtracted to give every hidden cell back (docs/privacy.md). */
	if (!owner) {
		json_object_del(u, "breakdowns");
		return;
	}
	if (b != NULL)
		json_object_set_new(u, "breakdown_rows", page_rows(b));
}

/* ---------------------------------------------------------- communities */

int
community_list(struct ctx *c)
{
	json_t		*items;
	enum db_status	 st;

	if ((st = db_communities_list(c->app->db, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:o, s:n}", "items", items, "next");
	return 200;
}

int
community_create(struct ctx *c)
{
	char		 buf[24], *name = NULL;
	const char	*key = ctx_input(c, "key"), *msg;
	const char	*pos = ctx_input_scalar(c, "position", buf);
	const char	*typed = ctx_input(c, "name");
	long long	 position = 0;
	json_t		*row = NULL;
	enum db_status	 st;

	ctx_require(c, "key", key, valid_name_key);
	if (typed == NULL || typed[strspn(typed, " \t")] == '\0')
		ctx_field(c, "name", "is required");
	else if ((msg = valid_text(typed, 1, NAME_MAX, 0, &name)) != NULL)
		ctx_field(c, "name", msg);
	if (pos != NULL && pos[0] != '\0' && valid_int(pos, 1, 100000,
	    &position) != NULL)
		ctx_field(c, "position", "must be a whole number from 1 to "
		    "100000");
	if (c->error_fields != NULL) {
		free(name);
		return ctx_fail(c, 422, "The community cannot be added: see "
		    "fields.");
	}
	st = db_community_add(c->app->db, key, name, position,
	    c->auth.user_id, &row);
	free(name);
	if (st != DB_OK && strcmp(db_sqlstate(c->app->db), "23505") == 0)
		return ctx_fail(c, 409, "There is a community with that key "
		    "already.");
	if (st != DB_OK || row == NULL || (st = ctx_audit(c,
	    "community_added", json_incref(row))) != DB_OK) {
		json_decref(row);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	c->view = row;
	return ctx_done(c, 201, "/api/v1/communities");
}

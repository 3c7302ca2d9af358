/*
 * round: a location's funding rounds — the list, one round's page with
 * its money (pool, approved, paid, remaining), and the coordinators' forms
 * to open and change one.
 *
 * Anyone sees a round once it opens (row-level security keeps rounds not
 * yet open to the working group); coordinators create and edit them.  An
 * edit never lets the pool fall below what is approved already.
 */
#include <stdio.h>
#include <string.h>

#include "../../db/funding.h"
#include "../../db/setup.h"
#include "../../domain/role.h"
#include "../../util/money.h"
#include "../fields.h"
#include "funding_request.h"

#define NAME_MAX_CHARS	200
#define CONDITIONS_MAX	20000
#define MONEY_MAX	100000000000LL	/* a billion dollars, in cents */

static int
can_manage(const struct ctx *c)
{
	return role_can_manage(role_parse(c->role));
}

int
round_load(struct ctx *c, long long id, int lock, json_t **round)
{
	enum db_status	 st;

	*round = NULL;
	if (id > 0 && (st = db_round_get(c->app->db, ctx_location_id(c), id,
	    lock, round)) != DB_OK)
		return ctx_db_fail(c, st);
	return *round != NULL ? 0 : ctx_fail(c, 404, "There is no such "
	    "funding round here.");
}

/* The round's money as people type it, for a form. */
static void
dollars(json_t *form)
{
	static const char *const names[][2] = { { "pool_cents", "pool" },
	    { "max_request_cents", "max_request" },
	    { "fast_track_cents", "fast_track" } };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		json_object_set_new(form, names[i][1], field_dollars(
		    json_object_get(form, names[i][0])));
}

/* ---------------------------------------------------------------- pages */

int
round_list(struct ctx *c)
{
	json_t		*items;
	enum db_status	 st;

	if ((st = db_rounds_list(c->app->db, ctx_location_id(c), 0, &items)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:o, s:n, s:o, s:b}", "items", items, "next",
	    "location", ctx_location_public(c), "can_manage", can_manage(c));
	return 200;
}

int
round_show(struct ctx *c)
{
	json_t	*round;
	int	 status;

	if ((status = round_load(c, ctx_param_id(c, "id"), 0, &round)) != 0)
		return status;
	/* The API answers the round itself (routes.c json_member). */
	c->view = json_pack("{s:o, s:o, s:b, s:b, s:b}", "round", round,
	    "location", ctx_location_public(c), "can_manage", can_manage(c),
	    "working_group", c->role != NULL, "open", strcmp(json_string_value(
	    json_object_get(round, "round_state")), "open") == 0);
	return 200;
}

/* ---------------------------------------------------------------- forms */

/* Reads the fields over values (a new round's defaults, or the round as
 * it is); every field must then hold a value, and the checks between
 * them follow. */
static void
read_fields(struct ctx *c, json_t *values)
{
	static const char *const required[] = { "name", "pool_cents",
	    "max_request_cents", "opens_on", "closes_on", "quorum",
	    "report_due_days", "conditions", NULL };
	json_t		*pool, *max, *fast, *approved, *v;
	size_t		 i;
	const char	*opens, *closes;
	char		 money[MONEY_TEXT], msg[96];

	field_text(c, values, "name", 1, NAME_MAX_CHARS, 0);
	field_cents(c, values, "pool_cents", "pool", 100, MONEY_MAX);
	field_cents(c, values, "max_request_cents", "max_request", 100,
	    MONEY_MAX);
	field_cents(c, values, "fast_track_cents", "fast_track", 0, MONEY_MAX);
	field_date(c, values, "opens_on");
	field_date(c, values, "closes_on");
	field_int(c, values, "quorum", 1, 20);
	field_int(c, values, "report_due_days", 1, 730);
	field_text(c, values, "conditions", 1, CONDITIONS_MAX, 1);
	/* An empty fast-track threshold is none: every request needs the
	 * quorum. */
	if (json_is_null(json_object_get(values, "fast_track_cents")))
		json_object_set_new(values, "fast_track_cents",
		    json_integer(0));
	for (i = 0; required[i] != NULL; i++) {
		v = json_object_get(values, required[i]);
		if ((v == NULL || json_is_null(v) || (json_is_string(v) &&
		    json_string_length(v) == 0)) && (c->error_fields == NULL ||
		    json_object_get(c->error_fields, required[i]) == NULL))
			ctx_field(c, required[i], "is required");
	}

	pool = json_object_get(values, "pool_cents");
	max = json_object_get(values, "max_request_cents");
	fast = json_object_get(values, "fast_track_cents");
	approved = json_object_get(values, "approved_cents");
	if (json_is_integer(pool) && json_is_integer(max) &&
	    json_integer_value(max) > json_integer_value(pool))
		ctx_field(c, "max_request_cents", "must not be more than the "
		    "pool");
	if (json_is_integer(max) && json_is_integer(fast) &&
	    json_integer_value(fast) > json_integer_value(max))
		ctx_field(c, "fast_track_cents", "must not be more than the "
		    "maximum per request");
	if (json_is_integer(pool) && json_is_integer(approved) &&
	    json_integer_value(pool) < json_integer_value(approved)) {
		snprintf(msg, sizeof(msg), _("cannot be less than the %s "
		    "approved already"), money_text(money,
		    json_integer_value(approved)));
		ctx_field(c, "pool_cents", msg);
	}
	opens = json_string_value(json_object_get(values, "opens_on"));
	closes = json_string_value(json_object_get(values, "closes_on"));
	if (opens != NULL && closes != NULL && strcmp(closes, opens) < 0)
		ctx_field(c, "closes_on", "must not be before the day it opens");
}

/*
 * A round cannot open in a location whose group is smaller than its
 * quorum: nobody could decide a request.  Records a field on quorum when
 * the group is too small; DB_OK or the failure.
 */
static enum db_status
quorum_reachable(struct ctx *c, json_t *values)
{
	long long	 n, quorum = json_integer_value(json_object_get(values,
	    "quorum"));
	char		 msg[300];
	enum db_status	 st;

	if ((st = db_setup_reviewers(c->app->db, ctx_location_id(c), &n)) !=
	    DB_OK || n >= quorum)
		return st;
	snprintf(msg, sizeof(msg), _("is more than the %lld members and "
	    "coordinators who can review requests here: a round cannot open "
	    "until the working group has at least as many as its quorum; "
	    "invite more first"), n);
	ctx_field(c, "quorum", msg);
	return DB_OK;
}

static json_t *
defaults(void)
{
	return json_pack("{s:s, s:n, s:n, s:i, s:n, s:n, s:i, s:i, s:s}",
	    "name", "", "pool_cents", "max_request_cents", "fast_track_cents",
	    0, "opens_on", "closes_on", "quorum", 2, "report_due_days", 90,
	    "conditions", "");
}

/* The form's fields: { element id, where its messages go }. */
static const char *const form_fields[][2] = { { "name", NULL },
	{ "pool", "pool_cents" }, { "max_request", "max_request_cents" },
	{ "fast_track", "fast_track_cents" }, { "opens_on", NULL },
	{ "closes_on", NULL }, { "quorum", NULL }, { "report_due_days", NULL },
	{ "conditions", NULL }, { NULL, NULL } };

/* Answers the form page (new or edit) with values (stolen). */
static int
form_page(struct ctx *c, json_t *values, json_t *round, int status)
{
	dollars(values);
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o, s:o?}", "location",
	    ctx_location_public(c), "form", values, "field", field_states(c,
	    form_fields), "round", round));
	return status;
}

/* National staff pass the routes' check, which lets them read; the forms
 * are for changing a round, which they may not. */
static int
coordinators_only(struct ctx *c)
{
	return can_manage(c) ? 0 : ctx_fail(c, 403, "National staff can read "
	    "every location but change none.");
}

int
round_new_form(struct ctx *c)
{
	int	 status;

	if ((status = coordinators_only(c)) != 0)
		return status;
	return form_page(c, defaults(), NULL, 200);
}

int
round_edit_form(struct ctx *c)
{
	json_t	*round;
	int	 status;

	if ((status = coordinators_only(c)) != 0 ||
	    (status = round_load(c, ctx_param_id(c, "id"), 0, &round)) != 0)
		return status;
	return form_page(c, json_deep_copy(round), round, 200);
}

static int
refuse(struct ctx *c, json_t *values, json_t *round)
{
	return form_page(c, values, round, ctx_invalid(c, NULL));
}

static int
saved(struct ctx *c, long long id, int status)
{
	char	 to[160];
	json_t	*round;
	int	 failed;

	if ((failed = round_load(c, id, 0, &round)) != 0)
		return failed;
	json_decref(c->view);
	c->view = round;
	snprintf(to, sizeof(to), "/l/%s/rounds/%lld", json_string_value(
	    json_object_get(c->location, "slug")), id);
	return ctx_done(c, status, to);
}

int
round_create(struct ctx *c)
{
	json_t		*values = defaults(), *row = NULL;
	enum db_status	 st;
	long long	 id;

	read_fields(c, values);
	if (c->error_fields == NULL && (st = quorum_reachable(c, values)) !=
	    DB_OK) {
		json_decref(values);
		return ctx_db_fail(c, st);
	}
	if (c->error_fields != NULL)
		return refuse(c, values, NULL);
	st = db_round_create(c->app->db, ctx_location_id(c), values,
	    c->auth.user_id, &row);
	if (st != DB_OK || row == NULL) {
		json_decref(values);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	st = ctx_audit(c, "funding_round_created", json_pack("{s:I, s:O, s:O}",
	    "round_id", (json_int_t)id, "name", json_object_get(values, "name"),
	    "pool_cents", json_object_get(values, "pool_cents")));
	json_decref(values);
	return st != DB_OK ? ctx_db_fail(c, st) : saved(c, id, 201);
}

int
round_edit(struct ctx *c)
{
	char		 buf[24];
	json_t		*round, *values, *row = NULL;
	const char	*given = ctx_input_scalar(c, "version", buf);
	long long	 id = ctx_param_id(c, "id"), version = 0;
	enum db_status	 st;
	int		 status;

	if ((status = round_load(c, id, 1, &round)) != 0)
		return status;
	values = json_deep_copy(round);
	/* The version is optional: a client that sends it is told of a
	 * change made since it read the round. */
	if (given != NULL && given[0] != '\0')
		version = field_version(c);
	read_fields(c, values);
	if (version != 0 && version != json_integer_value(json_object_get(round,
	    "version"))) {
		json_object_set(values, "version", json_object_get(round,
		    "version"));
		status = ctx_conflict(c, "Someone else changed this round after "
		    "you opened it: nothing has been changed.",
		    json_deep_copy(round));
		return form_page(c, values, round, status);
	}
	/* Raising the quorum past the group's size is refused; an edit of
	 * anything else stands, whoever has left since. */
	if (c->error_fields == NULL && !json_equal(json_object_get(values,
	    "quorum"), json_object_get(round, "quorum")) &&
	    (st = quorum_reachable(c, values)) != DB_OK) {
		json_decref(values);
		json_decref(round);
		return ctx_db_fail(c, st);
	}
	if (c->error_fields != NULL)
		return refuse(c, values, round);
	st = db_round_save(c->app->db, ctx_location_id(c), id, values, &row);
	json_decref(row);
	if (st == DB_OK)
		st = ctx_audit(c, "funding_round_edited", json_pack(
		    "{s:I, s:O, s:O}", "round_id", (json_int_t)id, "before",
		    json_object_get(round, "pool_cents"), "pool_cents",
		    json_object_get(values, "pool_cents")));
	json_decref(values);
	json_decref(round);
	return st != DB_OK ? ctx_db_fail(c, st) : saved(c, id, 200);
}

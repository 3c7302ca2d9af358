/*
 * figures: verifying and correcting the figures of a progress update
 * (sql/025).  A figure counts in national totals once a member or
 * coordinator other than the person who entered it confirms it
 * (POST .../updates/{update_id}/confirm, and the button on the
 * initiative's page).  A correction (PATCH .../updates/{update_id})
 * keeps the old figure as replaced, adds the new one unconfirmed, and
 * says both in the audit trail; GET .../updates/{update_id} shows the
 * update with that history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/indicator.h"
#include "initiative.h"
#include "target.h"

/* Of the route's initiative, what an update's answer needs. */
struct at {
	long long	 ini_id;
	int		 owner;		/* breakdown_owner() */
};

/* The route's initiative (held for update when lock) and its update
 * {update_id}: 0 with *upd a new object, or an error status. */
static int
update_load(struct ctx *c, int lock, struct at *at, json_t **upd)
{
	json_t		*ini;
	enum db_status	 st;
	int		 status;

	*upd = NULL;
	if ((status = initiative_load(c, lock, &ini)) != 0)
		return status;
	at->ini_id = json_integer_value(json_object_get(ini, "id"));
	at->owner = breakdown_owner(c, ini);
	json_decref(ini);
	if ((st = db_update_get(c->app->db, at->ini_id, ctx_param_id(c,
	    "update_id"), upd)) != DB_OK)
		return ctx_db_fail(c, st);
	return *upd != NULL ? 0 : ctx_fail(c, 404, "There is no such update "
	    "here.");
}

/* Makes c->view the update (decorated) with its figures' history and
 * answers status, or the page's address for a form.  Only the lead
 * location's writers are offered to confirm. */
static int
update_answer(struct ctx *c, const struct at *at, json_t *upd, int status)
{
	char		 url[160];
	json_t		*history;
	enum db_status	 st;

	if ((st = db_figures_history(c->app->db, json_integer_value(
	    json_object_get(upd, "id")), &history)) != DB_OK) {
		json_decref(upd);
		return ctx_db_fail(c, st);
	}
	update_decorate(upd, 0, initiative_can_write(c) && at->owner ?
	    c->auth.user_id : 0);
	json_object_set_new(upd, "history", history);
	breakdown_view(upd, at->owner);
	json_decref(c->view);
	c->view = upd;
	snprintf(url, sizeof(url), "/l/%s/initiatives/%lld#update-%"
	    JSON_INTEGER_FORMAT, json_string_value(json_object_get(c->location,
	    "slug")), at->ini_id, json_integer_value(json_object_get(upd,
	    "id")));
	return ctx_done(c, status, url);
}

/* GET: the update with the history of its figures (working group and
 * national staff). */
int
update_show(struct ctx *c)
{
	json_t		*upd;
	struct at	 at;
	int		 status;

	if ((status = update_load(c, 0, &at, &upd)) != 0)
		return status;
	return update_answer(c, &at, upd, 200);
}

/* {key: value} of confirmed rows; new object. */
static json_t *
keyed(json_t *rows)
{
	json_t	*out = json_object(), *r;
	size_t	 i;

	json_array_foreach(rows, i, r)
		json_object_set(out, json_string_value(json_object_get(r, "key")),
		    json_object_get(r, "value"));
	return out;
}

int
update_confirm(struct ctx *c)
{
	json_t		*upd, *rows = NULL;
	struct at	 at;
	long long	 upd_id;
	enum db_status	 st;
	int		 status;

	if ((status = update_load(c, 1, &at, &upd)) != 0)
		return status;
	upd_id = json_integer_value(json_object_get(upd, "id"));
	if (json_integer_value(json_object_get(upd, "author_id")) ==
	    c->auth.user_id) {
		json_decref(upd);
		return ctx_fail(c, 403, "Someone other than the update's author "
		    "confirms its figures.");
	}
	json_decref(upd);
	if ((st = db_figures_confirm(c->app->db, ctx_location_id(c), upd_id,
	    c->auth.user_id, &rows)) != DB_OK)
		return ctx_db_fail(c, st);
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return ctx_fail(c, 409, "There is nothing to confirm: its "
		    "figures are confirmed already, or you entered them.");
	}
	if ((st = ctx_audit(c, "update_figures_confirmed", json_pack(
	    "{s:I, s:I, s:o}", "initiative_id", (json_int_t)at.ini_id,
	    "update_id", (json_int_t)upd_id, "figures", keyed(rows)))) !=
	    DB_OK || (st = db_update_get(c->app->db, at.ini_id, upd_id,
	    &upd)) != DB_OK || upd == NULL) {
		json_decref(rows);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	json_decref(rows);
	return update_answer(c, &at, upd, 200);
}

/* The update's current figure of key, or -1 when it has none. */
static long long
current(json_t *upd, const char *key)
{
	json_t	*f;
	size_t	 i;

	json_array_foreach(json_object_get(upd, "figures"), i, f)
		if (strcmp(json_string_value(json_object_get(f, "key")),
		    key) == 0)
			return json_integer_value(json_object_get(f, "value"));
	return -1;
}

/*
 * Keeps each typed figure that differs from the update's current one:
 * the old one kept as replaced, the new one added unconfirmed; changes
 * gets [{key, from, to}] (from null when there was none).  DB_OK or the
 * failure.
 */
static enum db_status
correct(struct ctx *c, long long ini_id, json_t *upd, json_t *numbers,
    json_t *changes)
{
	const char	*key;
	char		*text = NULL;
	json_t		*v, *changed = json_object();
	long long	 old, upd_id = json_integer_value(json_object_get(upd,
	    "id"));
	enum db_status	 st = DB_OK;

	json_object_foreach(numbers, key, v) {
		if ((old = current(upd, key)) == json_integer_value(v))
			continue;
		if (old >= 0 && (st = db_figure_replace(c->app->db,
		    ctx_location_id(c), upd_id, key, c->auth.user_id, &old)) !=
		    DB_OK)
			break;
		json_object_set(changed, key, v);
		json_array_append_new(changes, json_pack("{s:s, s:o, s:O}",
		    "key", key, "from", old < 0 ? json_null() :
		    json_integer(old), "to", v));
	}
	if (st == DB_OK && json_object_size(changed) > 0)
		st = (text = json_dumps(changed, JSON_COMPACT)) == NULL ?
		    DB_ERROR : db_figures_add(c->app->db, ctx_location_id(c),
		    ini_id, upd_id, text, c->auth.user_id);
	free(text);
	json_decref(changed);
	return st;
}

/* PATCH {"<indicator key>": n, ...}: corrects the update's figures. */
int
update_correct(struct ctx *c)
{
	json_t		*upd, *indicators = NULL, *d, *form = json_object();
	json_t		*numbers = json_object(), *changes = json_array();
	struct at	 at;
	long long	 upd_id;
	enum db_status	 st;
	size_t		 i;
	int		 status;

	if ((status = update_load(c, 1, &at, &upd)) != 0)
		goto out;
	upd_id = json_integer_value(json_object_get(upd, "id"));
	if ((st = db_indicator_list(c->app->db, ctx_location_id(c),
	    &indicators)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	json_array_foreach(indicators, i, d)
		update_read_figure(c, json_string_value(json_object_get(d,
		    "key")), form, numbers);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, form);
		form = NULL;
		goto out;
	}
	if ((st = correct(c, at.ini_id, upd, numbers, changes)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	if (json_array_size(changes) == 0) {
		status = ctx_fail(c, 422, "No figure changed: give at least "
		    "one indicator's new figure.");
		goto out;
	}
	json_decref(upd);
	upd = NULL;
	if ((st = ctx_audit(c, "update_figures_corrected", json_pack(
	    "{s:I, s:I, s:O}", "initiative_id", (json_int_t)at.ini_id,
	    "update_id", (json_int_t)upd_id, "changes", changes))) != DB_OK ||
	    (st = db_update_get(c->app->db, at.ini_id, upd_id, &upd)) !=
	    DB_OK || upd == NULL) {
		status = ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
		goto out;
	}
	status = update_answer(c, &at, upd, 200);
	upd = NULL;
out:
	json_decref(upd);
	json_decref(indicators);
	json_decref(form);
	json_decref(numbers);
	json_decref(changes);
	return status;
}

/*
 * progress: an initiative's progress updates — dated entries of what
 * happened, with optional figures (people reached, sessions held,
 * volunteers, people into work or training), listed newest first.  An
 * update may move the initiative's status, which the audit trail records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/initiative.h"
#include "../domain/vocab.h"
#include "../http/validate.h"
#include "initiative.h"

#define BODY_MAX	20000
#define FIGURE_MAX	1000000

static const char *const figures[] = { "people_reached", "sessions_held",
	"volunteers", "into_work", NULL };

int
update_list(struct ctx *c)
{
	struct keyset	 page;
	json_t		*ini, *items, *u;
	long long	 id;
	enum db_status	 st;
	size_t		 i;
	int		 status;

	if ((status = initiative_load(c, 0, &ini)) != 0)
		return status;
	id = json_integer_value(json_object_get(ini, "id"));
	json_decref(ini);
	if (ctx_keyset_page(c, &page, valid_day) == -1)
		return ctx_fail(c, 400, "The list cannot be paged that way.");
	if ((st = db_updates_list(c->app->db, id, page.has_cursor ? page.key :
	    NULL, page.has_cursor ? page.id : NULL, page.limit + 1, &items)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	if (!initiative_sees_all(c))
		json_array_foreach(items, i, u)
			json_object_del(u, "author_name");
	return (status = ctx_keyset_view(c, items, page.limit)) != 0 ? status :
	    200;
}

/* A figure: absent or empty for none, else a whole number from 0. */
static void
read_figure(struct ctx *c, const char *name, json_t *form, char out[24],
    const char **param)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, name, buf), *msg;
	long long	 n;

	*param = NULL;
	if (v == NULL || v[0] == '\0')
		return;
	json_object_set_new(form, name, json_string(v));
	if ((msg = valid_int(v, 0, FIGURE_MAX, &n)) != NULL) {
		ctx_field(c, name, "must be a whole number from 0 to 1000000");
		return;
	}
	snprintf(out, 24, "%lld", n);
	*param = out;
}

/* A progress update as given: the form as typed, and the values to save. */
struct update_in {
	const char	*date, *body, *to, *from, *lang, *fig[4];
	char		 nums[4][24];
	char		*clean;		/* owned: the body, checked */
	json_t		*form;		/* owned */
};

/* Reads and checks an update to ini (borrowed by u), messages by the
 * fields; to is NULL when the status does not change. */
static void
read_update(struct ctx *c, json_t *ini, struct update_in *u)
{
	const char	*msg;
	int		 y, m, d, index;
	size_t		 i;

	u->date = ctx_input(c, "date");
	u->body = ctx_input(c, "body");
	u->to = ctx_input(c, "status");
	u->from = json_string_value(json_object_get(ini, "status"));
	u->form = json_pack("{s:s, s:s, s:s}", "date", u->date ? u->date : "",
	    "body", u->body ? u->body : "", "status", u->to ? u->to : "");
	if (u->date != NULL && u->date[0] != '\0' &&
	    (msg = valid_date(u->date, &y, &m, &d)) != NULL)
		ctx_field(c, "date", msg);
	if (u->body == NULL || u->body[strspn(u->body, " \t\r\n")] == '\0')
		ctx_field(c, "body", "is required: say what happened");
	else if ((msg = valid_text(u->body, 1, BODY_MAX, 1, &u->clean)) !=
	    NULL)
		ctx_field(c, "body", msg);
	for (i = 0; figures[i] != NULL; i++)
		read_figure(c, figures[i], u->form, u->nums[i], &u->fig[i]);
	if (u->to != NULL && u->to[0] != '\0' &&
	    valid_enum(u->to, vocab_keys(vocab_statuses), &index) != NULL)
		ctx_field(c, "status", "must be idea, planned, active, paused, "
		    "completed or cancelled");
	if (u->to != NULL && (u->to[0] == '\0' || strcmp(u->to, u->from) == 0))
		u->to = NULL;	/* no change */
	u->lang = language_input(c, u->form);
}

/* Saves the update, moves the initiative's status and records both in
 * the audit trail; *row is the update as saved. */
static enum db_status
update_save(struct ctx *c, long long ini_id, const struct update_in *u,
    json_t **row)
{
	json_t		*moved = NULL;
	enum db_status	 st;

	st = db_update_add(c->app->db, &(struct db_update){
	    .location_id = ctx_location_id(c), .initiative_id = ini_id,
	    .date = u->date != NULL && u->date[0] != '\0' ? u->date : NULL,
	    .body = u->clean, .people_reached = u->fig[0],
	    .sessions_held = u->fig[1], .volunteers = u->fig[2],
	    .into_work = u->fig[3], .status_from = u->to != NULL ? u->from :
	    NULL, .status_to = u->to, .author = c->auth.user_id,
	    .language = u->lang }, row);
	if (st == DB_OK)
		st = db_initiative_progress(c->app->db, ctx_location_id(c),
		    ini_id, u->to, &moved);
	json_decref(moved);
	if (st == DB_OK && *row == NULL)
		st = DB_ERROR;
	if (st == DB_OK)
		st = ctx_audit(c, "initiative_update_added", json_pack(
		    "{s:I, s:O}", "initiative_id", (json_int_t)ini_id,
		    "update_id", json_object_get(*row, "id")));
	if (st == DB_OK && u->to != NULL)
		st = ctx_audit(c, "initiative_status_changed", json_pack(
		    "{s:I, s:s, s:s, s:s}", "initiative_id", (json_int_t)ini_id,
		    "from", u->from, "to", u->to, "by", "progress update"));
	return st;
}

int
update_create(struct ctx *c)
{
	struct update_in u;
	char		 url[160];
	json_t		*ini, *row = NULL;
	long long	 ini_id;
	enum db_status	 st;
	int		 status, page;

	if ((status = initiative_load(c, 1, &ini)) != 0)
		return status;
	memset(&u, 0, sizeof(u));
	ini_id = json_integer_value(json_object_get(ini, "id"));
	read_update(c, ini, &u);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, u.form);
		u.form = NULL;
		/* The initiative's page again, the form as it was typed. */
		if ((page = initiative_page(c, ini)) != 0)
			status = page;
		ini = NULL;	/* the page took it */
		goto out;
	}
	if ((st = update_save(c, ini_id, &u, &row)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	c->view = row;
	row = NULL;
	snprintf(url, sizeof(url), "/l/%s/initiatives/%lld#updates",
	    json_string_value(json_object_get(c->location, "slug")), ini_id);
	status = ctx_done(c, 201, url);
out:
	free(u.clean);
	json_decref(u.form);
	json_decref(ini);
	json_decref(row);
	return status;
}

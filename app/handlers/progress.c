/*
 * progress: an initiative's progress updates — dated entries of what
 * happened, with optional figures (people reached, sessions held,
 * volunteers, people into work or training), listed newest first.  An
 * update may move the initiative's status, which the audit trail records.
 */
#include <stdio.h>
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

int
update_create(struct ctx *c)
{
	const char	*date = ctx_input(c, "date"), *body = ctx_input(c, "body");
	const char	*to = ctx_input(c, "status"), *from, *msg, *fig[4];
	const char	*lang;
	char		 nums[4][24], url[160];
	char		*clean = NULL;
	json_t		*ini, *form, *row = NULL, *moved = NULL;
	long long	 ini_id;
	enum db_status	 st;
	int		 y, m, d, index, status, page;
	size_t		 i;

	if ((status = initiative_load(c, 1, &ini)) != 0)
		return status;
	ini_id = json_integer_value(json_object_get(ini, "id"));
	from = json_string_value(json_object_get(ini, "status"));
	form = json_pack("{s:s, s:s, s:s}", "date", date ? date : "", "body",
	    body ? body : "", "status", to ? to : "");
	if (date != NULL && date[0] != '\0' &&
	    (msg = valid_date(date, &y, &m, &d)) != NULL)
		ctx_field(c, "date", msg);
	if (body == NULL || body[strspn(body, " \t\r\n")] == '\0')
		ctx_field(c, "body", "is required: say what happened");
	else if ((msg = valid_text(body, 1, BODY_MAX, 1, &clean)) != NULL)
		ctx_field(c, "body", msg);
	for (i = 0; figures[i] != NULL; i++)
		read_figure(c, figures[i], form, nums[i], &fig[i]);
	if (to != NULL && to[0] != '\0' &&
	    valid_enum(to, vocab_keys(vocab_statuses), &index) != NULL)
		ctx_field(c, "status", "must be idea, planned, active, paused, "
		    "completed or cancelled");
	if (to != NULL && (to[0] == '\0' || strcmp(to, from) == 0))
		to = NULL;	/* no change */
	lang = language_input(c, form);
	if (c->error_fields != NULL) {
		free(clean);
		status = ctx_invalid(c, form);
		/* The initiative's page again, the form as it was typed. */
		return (page = initiative_page(c, ini)) != 0 ? page : status;
	}
	json_decref(form);
	st = db_update_add(c->app->db, &(struct db_update){
	    .location_id = ctx_location_id(c), .initiative_id = ini_id,
	    .date = date != NULL && date[0] != '\0' ? date : NULL,
	    .body = clean, .people_reached = fig[0], .sessions_held = fig[1],
	    .volunteers = fig[2], .into_work = fig[3],
	    .status_from = to != NULL ? from : NULL, .status_to = to,
	    .author = c->auth.user_id, .language = lang }, &row);
	free(clean);
	if (st == DB_OK)
		st = db_initiative_progress(c->app->db, ctx_location_id(c),
		    ini_id, to, &moved);
	json_decref(moved);
	if (st == DB_OK && row != NULL)
		st = ctx_audit(c, "initiative_update_added", json_pack(
		    "{s:I, s:O}", "initiative_id", (json_int_t)ini_id,
		    "update_id", json_object_get(row, "id")));
	if (st == DB_OK && to != NULL)
		st = ctx_audit(c, "initiative_status_changed", json_pack(
		    "{s:I, s:s, s:s, s:s}", "initiative_id", (json_int_t)ini_id,
		    "from", from, "to", to, "by", "progress update"));
	json_decref(ini);
	if (st != DB_OK || row == NULL) {
		json_decref(row);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	c->view = row;
	snprintf(url, sizeof(url), "/l/%s/initiatives/%lld#updates",
	    json_string_value(json_object_get(c->location, "slug")), ini_id);
	return ctx_done(c, 201, url);
}

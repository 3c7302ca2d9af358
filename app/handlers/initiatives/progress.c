/*
 * progress: an initiative's progress updates — dated entries of what
 * happened, with optional figures, listed newest first.  A figure is a
 * whole number for one of the indicators the location uses (the national
 * ones and its own, sql/025) and is for the period since the update
 * before; each comes back with its running total.  An update may move
 * the initiative's status, which the audit trail records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/indicator.h"
#include "../../db/initiative.h"
#include "../../db/target.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "initiative.h"
#include "target.h"

#define BODY_MAX	20000
#define FIGURE_MAX	1000000

/* The national indicators updates had as fields before sql/025. */
static const char *const legacy_figures[] = { "people_reached", "sessions_held",
	"volunteers", "into_work", NULL };

int
update_list(struct ctx *c)
{
	struct keyset	 page;
	json_t		*ini, *items, *u;
	long long	 id;
	enum db_status	 st;
	size_t		 i;
	int		 status, owner;

	if ((status = initiative_load(c, 0, &ini)) != 0)
		return status;
	id = json_integer_value(json_object_get(ini, "id"));
	owner = breakdown_owner(c, ini);
	json_decref(ini);
	if (ctx_keyset_page(c, &page, valid_day) == -1)
		return ctx_fail(c, 400, "The list cannot be paged that way.");
	if ((st = db_updates_list(c->app->db, id, page.has_cursor ? page.key :
	    NULL, page.has_cursor ? page.id : NULL, page.limit + 1, &items)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(items, i, u) {
		update_decorate(u, !initiative_sees_all(c), 0);
		breakdown_view(u, owner);
	}
	return (status = ctx_keyset_view(c, items, page.limit)) != 0 ? status :
	    200;
}

void
update_read_figure(struct ctx *c, const char *key, json_t *form,
    json_t *figures)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, key, buf);
	long long	 n;

	if (v == NULL || v[0] == '\0')
		return;
	json_object_set_new(form, key, json_string(v));
	if (valid_int(v, 0, FIGURE_MAX, &n) != NULL) {
		ctx_field(c, key, "must be a whole number from 0 to 1000000");
		return;
	}
	json_object_set_new(figures, key, json_integer(n));
}

/* Whether any of the update's figures waits for confirmation. */
static int
unconfirmed(json_t *u)
{
	json_t	*f;
	size_t	 i;

	json_array_foreach(json_object_get(u, "figures"), i, f)
		if (!json_is_true(json_object_get(f, "confirmed")))
			return 1;
	return 0;
}

void
update_decorate(json_t *u, int public_only, long long confirmer)
{
	long long	 author = json_integer_value(json_object_get(u,
	    "author_id"));

	update_figures_flatten(u);
	json_object_set_new(u, "status_to_name", json_string(vocab_name(
	    vocab_statuses, json_string_value(json_object_get(u,
	    "status_to")))));
	json_object_set_new(u, "can_confirm", json_boolean(confirmer != 0 &&
	    confirmer != author && unconfirmed(u)));
	/* Who wrote it is the working group's business. */
	if (public_only) {
		json_object_del(u, "author_id");
		json_object_del(u, "author_name");
	}
}

/* Update fields named after the national indicators they carry: the
 * period figure, or null (docs/api.md, "Progress updates"). */
void
update_figures_flatten(json_t *u)
{
	json_t	*f;
	size_t	 i;

	for (i = 0; legacy_figures[i] != NULL; i++)
		json_object_set_new(u, legacy_figures[i], json_null());
	json_array_foreach(json_object_get(u, "figures"), i, f) {
		const char *key = json_string_value(json_object_get(f, "key"));

		if (key != NULL && json_is_null(json_object_get(u, key)))
			json_object_set(u, key, json_object_get(f, "value"));
	}
}

/* Reads the update's form into *out and its figures into numbers
 * ({key: n}), recording fields at fault for ctx_invalid(); *clean is
 * the body to keep (the caller frees). */
static void
read_update(struct ctx *c, json_t *ini, json_t *indicators, json_t *form,
    json_t *numbers, struct db_update_new *out, char **clean)
{
	const char	*date = ctx_input(c, "date"), *body = ctx_input(c, "body");
	const char	*to = ctx_input(c, "status"), *msg;
	json_t		*d;
	int		 y, m, day, index;
	size_t		 i;

	json_object_set_new(form, "date", json_string(date ? date : ""));
	json_object_set_new(form, "body", json_string(body ? body : ""));
	json_object_set_new(form, "status", json_string(to ? to : ""));
	if (date != NULL && date[0] != '\0' &&
	    (msg = valid_date(date, &y, &m, &day)) != NULL)
		ctx_field(c, "date", msg);
	if (body == NULL || body[strspn(body, " \t\r\n")] == '\0')
		ctx_field(c, "body", "is required: say what happened");
	else if ((msg = valid_text(body, 1, BODY_MAX, 1, clean)) != NULL)
		ctx_field(c, "body", msg);
	json_array_foreach(indicators, i, d)
		update_read_figure(c, json_string_value(json_object_get(d,
		    "key")), form, numbers);
	if (to != NULL && to[0] != '\0' &&
	    valid_enum(to, vocab_keys(vocab_statuses), &index) != NULL)
		ctx_field(c, "status", "must be idea, planned, active, paused, "
		    "completed or cancelled");
	out->status_from = json_string_value(json_object_get(ini, "status"));
	if (to != NULL && (to[0] == '\0' || strcmp(to, out->status_from) == 0))
		to = NULL;	/* no change */
	out->status_to = to;
	out->date = date != NULL && date[0] != '\0' ? date : NULL;
	out->body = *clean;
	out->language = language_input(c, form);
	out->location_id = ctx_location_id(c);
	out->initiative_id = json_integer_value(json_object_get(ini, "id"));
	out->author_id = c->auth.user_id;
}

/* Keeps the update, its figures and its audit; *row the update as
 * answered. */
static enum db_status
keep_update(struct ctx *c, const struct db_update_new *u, json_t *numbers,
    json_t *breakdowns, json_t **row)
{
	char		*text = NULL;
	json_t		*moved = NULL, *figs = NULL, *b = NULL;
	long long	 upd;
	enum db_status	 st;

	if ((st = db_update_add(c->app->db, u, row)) != DB_OK || *row == NULL)
		return st != DB_OK ? st : DB_ERROR;
	upd = json_integer_value(json_object_get(*row, "id"));
	if (json_object_size(numbers) > 0) {
		st = (text = json_dumps(numbers, JSON_COMPACT)) == NULL ?
		    DB_ERROR : db_figures_add(c->app->db, u->location_id,
		    u->initiative_id, upd, text, u->author_id);
		if (st != DB_OK)
			goto out;
	}
	if ((st = breakdown_keep(c, upd, breakdowns)) != DB_OK ||
	    (st = db_figures_of_update(c->app->db, upd, &figs)) != DB_OK ||
	    (st = db_breakdowns_of_update(c->app->db, upd, &b)) != DB_OK)
		goto out;
	json_object_set_new(*row, "figures", figs);
	json_object_set_new(*row, "breakdowns", b);
	figs = b = NULL;
	update_figures_flatten(*row);
	if ((st = db_initiative_progress(c->app->db, u->location_id,
	    u->initiative_id, u->status_to, &moved)) != DB_OK)
		goto out;
	if ((st = ctx_audit(c, "initiative_update_added", json_pack(
	    "{s:I, s:I, s:O}", "initiative_id", (json_int_t)u->initiative_id,
	    "update_id", (json_int_t)upd, "figures", numbers))) == DB_OK &&
	    u->status_to != NULL)
		st = ctx_audit(c, "initiative_status_changed", json_pack(
		    "{s:I, s:s, s:s, s:s}", "initiative_id",
		    (json_int_t)u->initiative_id, "from", u->status_from, "to",
		    u->status_to, "by", "progress update"));
out:
	free(text);
	json_decref(figs);
	json_decref(b);
	json_decref(moved);
	return st;
}

int
update_create(struct ctx *c)
{
	struct db_update_new u;
	char		 url[160], *clean = NULL;
	json_t		*ini, *indicators = NULL, *form = json_object();
	json_t		*numbers = json_object(), *row = NULL, *breakdowns = NULL;
	enum db_status	 st;
	int		 status, page;

	if ((status = initiative_load(c, 1, &ini)) != 0)
		goto out;
	if ((st = db_indicator_list(c->app->db, ctx_location_id(c),
	    &indicators)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	read_update(c, ini, indicators, form, numbers, &u, &clean);
	if ((status = breakdown_read(c, numbers, form, &breakdowns)) != 0)
		goto out;
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, form);
		form = NULL;
		/* The initiative's page again, the form as it was typed (the
		 * route shows it to browsers; JSON gets the error). */
		if ((page = initiative_page(c, ini)) != 0)
			status = page;
		ini = NULL;	/* the page took it */
		goto out;
	}
	if ((st = keep_update(c, &u, numbers, breakdowns, &row)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	c->view = row;
	row = NULL;
	snprintf(url, sizeof(url), "/l/%s/initiatives/%lld#updates",
	    json_string_value(json_object_get(c->location, "slug")),
	    u.initiative_id);
	status = ctx_done(c, 201, url);
out:
	free(clean);
	json_decref(ini);
	json_decref(indicators);
	json_decref(form);
	json_decref(numbers);
	json_decref(breakdowns);
	json_decref(row);
	return status;
}

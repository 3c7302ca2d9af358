/*
 * minutes: a meeting's record (sql/028_minutes_and_actions.sql) — the
 * minutes of each agenda item in Markdown, drafted by the coordinator;
 * their approval at a later meeting of the group, after which they are
 * read-only (here, and in the database: its trigger refuses any change)
 * and a correction is a new record shown beside them; and the public
 * summary of the meeting's decisions, which the coordinator publishes and
 * anyone reads on the location's public pages.
 *
 * The summary is copied when published and holds each decided item's
 * title, motion and outcome only: no vote, no conflict, no name, so none
 * can reach a public page.  The group reads the record on the meeting's
 * page (meeting.c); coordinators write it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../db/meeting.h"
#include "../../db/minutes.h"
#include "../../http/validate.h"
#include "../fields.h"
#include "meeting.h"

#define MINUTES_MAX	20000

/* The route's meeting and agenda item ({id}, {item}) into m, and the
 * body (Markdown, required) read into *values (new): 0, or the status
 * answered. */
static int
read_minutes(struct ctx *c, struct db_minutes *m, json_t **values)
{
	json_t		*meeting, *item = NULL;
	enum db_status	 st;
	int		 status;

	*values = json_pack("{s:s}", "body", "");
	if ((status = meeting_load(c, &meeting)) != 0)
		return status;
	m->location_id = ctx_location_id(c);
	m->meeting_id = json_integer_value(json_object_get(meeting, "id"));
	m->user_id = c->auth.user_id;
	json_decref(meeting);
	if ((st = db_meeting_item_get(c->app->db, m->location_id,
	    m->meeting_id, ctx_param_id(c, "item"), &item)) != DB_OK)
		return ctx_db_fail(c, st);
	if (item == NULL)
		return ctx_fail(c, 404, N_("There is no such item on this "
		    "meeting's agenda."));
	m->item_id = json_integer_value(json_object_get(item, "id"));
	json_decref(item);
	field_text(c, *values, "body", 1, MINUTES_MAX, 1);
	if (json_string_length(json_object_get(*values, "body")) == 0)
		ctx_field(c, "body", N_("is required"));
	if (c->error_fields != NULL)
		return meeting_refuse(c, json_incref(*values));
	m->body = json_string_value(json_object_get(*values, "body"));
	return 0;
}

/* Writes the minutes (or a correction) with write, audited as action;
 * refused (409) with refusal when the database found nothing to do. */
static int
minutes_write(struct ctx *c, enum db_status (*write)(struct db *,
    const struct db_minutes *, int *), const char *action,
    const char *refusal, int created)
{
	struct db_minutes	 m = { 0 };
	json_t			*values;
	enum db_status		 st;
	int			 status, done = 0;

	if ((status = read_minutes(c, &m, &values)) != 0)
		goto out;
	if ((st = write(c->app->db, &m, &done)) == DB_OK && done)
		st = ctx_audit(c, action, json_pack("{s:I, s:I}", "meeting_id",
		    (json_int_t)m.meeting_id, "item_id",
		    (json_int_t)m.item_id));
	if (st != DB_OK)
		status = ctx_db_fail(c, st);
	else if (!done)
		status = ctx_fail(c, 409, refusal);
	else
		status = meeting_answer(c, m.meeting_id, created ? 201 : 200);
out:
	json_decref(values);
	return status;
}

int
minutes_put(struct ctx *c)
{
	return minutes_write(c, db_minutes_put, "meeting_minutes_drafted",
	    N_("These minutes are approved and read-only: add a correction "
	    "instead."), 0);
}

int
minutes_correct(struct ctx *c)
{
	return minutes_write(c, db_minutes_correct,
	    "meeting_minutes_corrected", N_("Only approved minutes are "
	    "corrected: edit the draft instead."), 1);
}

/* At the route's meeting, the minutes of an earlier one ("meeting_id")
 * approved. */
int
minutes_approve(struct ctx *c)
{
	json_t		*m, *values = json_object();
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, "meeting_id", buf);
	long long	 later, earlier = 0;
	enum db_status	 st;
	int		 status, done = 0;

	if ((status = meeting_load(c, &m)) != 0)
		goto out;
	later = json_integer_value(json_object_get(m, "id"));
	json_decref(m);
	ctx_require(c, "meeting_id", v, valid_id);
	if (c->error_fields == NULL && (st = db_minutes_approve(c->app->db,
	    ctx_location_id(c), later, earlier = strtoll(v, NULL, 10),
	    c->auth.user_id, &done)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	if (c->error_fields == NULL && !done)
		ctx_field(c, "meeting_id", N_("must be an earlier meeting of "
		    "this group with minutes not approved yet"));
	if (c->error_fields != NULL) {
		status = meeting_refuse(c, json_incref(values));
		goto out;
	}
	st = ctx_audit(c, "meeting_minutes_approved", json_pack("{s:I, s:I}",
	    "meeting_id", (json_int_t)earlier, "approved_in",
	    (json_int_t)later));
	status = st != DB_OK ? ctx_db_fail(c, st) :
	    meeting_answer(c, later, 201);
out:
	json_decref(values);
	return status;
}

/* ------------------------------------------------------ the public summary */

/* Each decision of summaries (an array, or one object) with the name of
 * its outcome, for the page. */
static void
name_outcomes(json_t *summaries)
{
	json_t	*s, *d;
	size_t	 i, k;

	json_array_foreach(summaries, i, s)
		json_array_foreach(json_object_get(s, "decisions"), k, d)
			json_object_set_new(d, "outcome_name", json_string(
			    vocab_name(meeting_outcomes, json_string_value(
			    json_object_get(d, "outcome")))));
}

int
summary_publish(struct ctx *c)
{
	json_t		*m, *summary = NULL;
	char		 to[160];
	long long	 id;
	enum db_status	 st;
	int		 status, done = 0;

	if ((status = meeting_load(c, &m)) != 0)
		return status;
	id = json_integer_value(json_object_get(m, "id"));
	json_decref(m);
	if ((st = db_summary_publish(c->app->db, ctx_location_id(c), id,
	    c->auth.user_id, &done)) == DB_OK && done &&
	    (st = ctx_audit(c, "meeting_summary_published", json_pack("{s:I}",
	    "meeting_id", (json_int_t)id))) == DB_OK)
		st = db_summary_get(c->app->db, ctx_location_id(c), id,
		    &summary);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	if (!done)
		return ctx_fail(c, 409, N_("This meeting has no decision to "
		    "publish yet."));
	json_decref(c->view);
	c->view = summary;
	snprintf(to, sizeof(to), "/l/%s/wg/meetings/%lld", json_string_value(
	    json_object_get(c->location, "slug")), id);
	return ctx_done(c, 200, to);
}

int
summary_list(struct ctx *c)
{
	json_t		*items = NULL;
	enum db_status	 st;

	if ((st = db_summaries_list(c->app->db, ctx_location_id(c), &items)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	name_outcomes(items);
	ctx_view_merge(c, json_pack("{s:o, s:n, s:o}", "items", items, "next",
	    "location", ctx_location_public(c)));
	return 200;
}

int
summary_show(struct ctx *c)
{
	json_t		*s = NULL, *one;
	enum db_status	 st;

	if ((st = db_summary_get(c->app->db, ctx_location_id(c),
	    ctx_param_id(c, "id"), &s)) != DB_OK)
		return ctx_db_fail(c, st);
	if (s == NULL)
		return ctx_fail(c, 404, N_("This meeting has no published "
		    "summary."));
	one = json_pack("[O]", s);
	name_outcomes(one);
	json_decref(one);
	json_object_set_new(s, "location", ctx_location_public(c));
	ctx_view_merge(c, s);
	return 200;
}

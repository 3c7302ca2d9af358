/*
 * action: the working group's actions (sql/028_minutes_and_actions.sql) —
 * what someone agreed to do, its owner (a member or coordinator of the
 * location), the date it is due, and its state (open, done, dropped),
 * perhaps agreed at a meeting.  The group reads them (the open ones, the
 * overdue marked, on its home page too); members and coordinators add and
 * change them.  portalctl actions remind mails an overdue action's owner,
 * once for each due date that passes.
 */
#include <stdint.h>
#include <stdio.h>

#include "../../db/meeting.h"
#include "../../db/minutes.h"
#include "../../domain/role.h"
#include "../fields.h"
#include "action.h"

#define BODY_MAX	1000

static const struct vocab states[] = {
	{ "open", N_("Open") },
	{ "done", N_("Done") },
	{ "dropped", N_("Dropped") },
	{ NULL, NULL },
};

int
action_open(struct ctx *c, json_t **items)
{
	enum db_status	 st;

	if ((st = db_actions_list(c->app->db, ctx_location_id(c), "open",
	    items)) != DB_OK)
		return ctx_db_fail(c, st);
	return 0;
}

/* For the page: each action's state as <select> options. */
static void
add_state_options(json_t *items)
{
	json_t	*a;
	size_t	 i;

	json_array_foreach(items, i, a)
		json_object_set_new(a, "state_options", vocab_options(states,
		    json_string_value(json_object_get(a, "state"))));
}

/* The list of actions in state (NULL: all) and what its form needs: the
 * members who may own an action and the states. */
static int
list_view(struct ctx *c, const char *state)
{
	json_t		*items = NULL, *owners = NULL;
	enum db_status	 st;

	if ((st = db_actions_list(c->app->db, ctx_location_id(c), state,
	    &items)) != DB_OK || (st = db_meeting_members(c->app->db,
	    ctx_location_id(c), 0, &owners)) != DB_OK) {
		json_decref(items);
		return ctx_db_fail(c, st);
	}
	add_state_options(items);
	ctx_view_merge(c, json_pack("{s:o, s:n, s:o, s:o, s:o, s:b}", "items",
	    items, "next", "owners", owners, "states", vocab_options(states,
	    NULL), "location", ctx_location_public(c), "can_write",
	    role_can_write(role_parse(c->role))));
	return 200;
}

int
action_list(struct ctx *c)
{
	const char	*state = ctx_query_enum(c, "state", vocab_keys(states));

	if (c->error_fields != NULL)
		return ctx_fail(c, 400, N_("There is no such state of an "
		    "action."));
	return list_view(c, state);
}

/* The fields into values (those absent left as they were), checked. */
static void
read_action(struct ctx *c, json_t *values)
{
	field_text(c, values, "body", 1, BODY_MAX, 1);
	field_int(c, values, "owner_id", 1, INT64_MAX);
	field_date(c, values, "due_on");
	field_enum(c, values, "state", states, N_("must be open, done or "
	    "dropped"));
	if (json_string_length(json_object_get(values, "body")) == 0)
		ctx_field(c, "body", N_("is required"));
	if (!json_is_integer(json_object_get(values, "owner_id")))
		ctx_field(c, "owner_id", N_("is required: a member of the "
		    "working group"));
	if (!json_is_string(json_object_get(values, "due_on")))
		ctx_field(c, "due_on", N_("is required"));
}

/* The refused form: 422, the list again with the messages. */
static int
refuse(struct ctx *c, json_t *values)
{
	int	 status = ctx_invalid(c, values);

	return list_view(c, NULL) == 200 ? status : 500;
}

/* Answers the saved action id with status (a browser goes to the list). */
static int
answer(struct ctx *c, long long id, int status)
{
	json_t		*row = NULL;
	char		 to[160];
	enum db_status	 st;

	if ((st = db_action_get(c->app->db, ctx_location_id(c), id, &row)) !=
	    DB_OK || row == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	json_decref(c->view);
	c->view = row;
	snprintf(to, sizeof(to), "/l/%s/wg/actions", json_string_value(
	    json_object_get(c->location, "slug")));
	return ctx_done(c, status, to);
}

/* The action in values as the database layer takes it. */
static struct db_action
action_of(struct ctx *c, json_t *values, long long id)
{
	return (struct db_action){ .location_id = ctx_location_id(c),
	    .id = id, .user_id = c->auth.user_id,
	    .owner_id = json_integer_value(json_object_get(values,
	    "owner_id")), .meeting_id = json_integer_value(json_object_get(
	    values, "meeting_id")), .body = json_string_value(
	    json_object_get(values, "body")), .due_on = json_string_value(
	    json_object_get(values, "due_on")), .state = json_string_value(
	    json_object_get(values, "state")) };
}

/* Which of a refused new action's fields is not the group's: the meeting
 * when it is none of the location's, else the owner. */
static const char *
refused_field(struct ctx *c, long long meeting_id)
{
	json_t	*m = NULL;
	int	 found;

	if (meeting_id <= 0)
		return "owner_id";
	found = db_meeting_get(c->app->db, ctx_location_id(c), meeting_id,
	    &m) == DB_OK && m != NULL;
	json_decref(m);
	return found ? "owner_id" : "meeting_id";
}

int
action_create(struct ctx *c)
{
	json_t			*v = json_pack("{s:s, s:n, s:n, s:s, s:n}",
				    "body", "", "owner_id", "due_on", "state",
				    "open", "meeting_id");
	struct db_action	 a;
	enum db_status		 st;
	long long		 id = 0;

	read_action(c, v);
	field_int(c, v, "meeting_id", 1, INT64_MAX);
	if (c->error_fields != NULL)
		return refuse(c, v);
	a = action_of(c, v, 0);
	if ((st = db_action_create(c->app->db, &a, &id)) == DB_OK && id > 0)
		st = ctx_audit(c, "action_added", json_pack("{s:I, s:I, s:s}",
		    "action_id", (json_int_t)id, "owner_id",
		    (json_int_t)a.owner_id, "due_on", a.due_on));
	if (st != DB_OK) {
		json_decref(v);
		return ctx_db_fail(c, st);
	}
	if (id == 0) {
		ctx_field(c, refused_field(c, a.meeting_id), N_("is not one of "
		    "this working group's"));
		return refuse(c, v);
	}
	json_decref(v);
	return answer(c, id, 201);
}

int
action_update(struct ctx *c)
{
	json_t			*v = NULL;
	struct db_action	 a;
	long long		 id = ctx_param_id(c, "id");
	enum db_status		 st;
	int			 done = 0;

	if ((st = db_action_get(c->app->db, ctx_location_id(c), id, &v)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	if (v == NULL)
		return ctx_fail(c, 404, N_("There is no such action here."));
	read_action(c, v);
	if (c->error_fields != NULL)
		return refuse(c, v);
	a = action_of(c, v, id);
	if ((st = db_action_save(c->app->db, &a, &done)) == DB_OK && done)
		st = ctx_audit(c, "action_changed", json_pack("{s:I, s:I, s:s, "
		    "s:s}", "action_id", (json_int_t)id, "owner_id",
		    (json_int_t)a.owner_id, "due_on", a.due_on, "state",
		    a.state));
	if (st != DB_OK) {
		json_decref(v);
		return ctx_db_fail(c, st);
	}
	if (!done) {
		ctx_field(c, "owner_id", N_("is not one of this working "
		    "group's"));
		return refuse(c, v);
	}
	json_decref(v);
	return answer(c, id, 200);
}

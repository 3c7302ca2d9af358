/*
 * meeting_decision: the decision on a meeting's agenda item — the motion,
 * the outcome (agreed, not agreed, deferred), each present member's vote,
 * and the conflicts declared (sql/024_meetings.sql).
 *
 * A member with a conflict on the item (declared at the meeting, or in
 * their review of its funding request, as reviews count them) does not
 * vote, and only members recorded present vote.  A funding request's
 * item agreed with an action (approve, decline, request_info) takes that
 * transition through transition.c, with the same checks as the button
 * (the coordinator, the state, the quorum of reviews, the pool): refused
 * there, nothing of the decision is kept.  The request's timeline event
 * then links to the meeting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/meeting.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../fields.h"
#include "../funding/funding_request.h"
#include "meeting.h"

#define MOTION_MAX	2000

const struct vocab meeting_outcomes[] = {
	{ "agreed", N_("Agreed") },
	{ "not_agreed", N_("Not agreed") },
	{ "deferred", N_("Deferred") },
	{ NULL, NULL },
};

static const struct vocab votes[] = {
	{ "for", N_("For") },
	{ "against", N_("Against") },
	{ "abstain", N_("Abstain") },
	{ NULL, NULL },
};

static const struct vocab meeting_actions[] = {
	{ "approve", N_("Approve") },
	{ "decline", N_("Decline") },
	{ "request_info", N_("Ask the applicant for more information") },
	{ NULL, NULL },
};

/* What the body said, checked. */
struct decision {
	json_t		*values;	/* motion, outcome, funding_action */
	json_t		*votes;		/* {"<user id>": vote} */
	json_t		*conflicts;	/* [user id] */
	long long	 count[3];	/* for, against, abstain */
};

/* Is id among ids (a JSON array of integers)? */
static int
among(json_t *ids, long long id)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(ids, i, v)
		if (json_integer_value(v) == id)
			return 1;
	return 0;
}

/* The conflicts declared ("conflicts": user ids of members). */
static void
read_conflicts(struct ctx *c, struct decision *d, json_t *members)
{
	json_t		*given, *v, *m;
	size_t		 i, j;
	int		 bad, member;
	long long	 id;

	given = ctx_input_list(c, "conflicts", 0, &bad);
	json_array_foreach(given, i, v) {
		id = valid_id(json_string_value(v)) == NULL ?
		    strtoll(json_string_value(v), NULL, 10) : 0;
		member = 0;
		json_array_foreach(members, j, m)
			member |= json_integer_value(json_object_get(m,
			    "user_id")) == id;
		if (!member)
			bad = 1;
		else if (!among(d->conflicts, id))
			json_array_append_new(d->conflicts, json_integer(id));
	}
	if (bad)
		ctx_field(c, "conflicts", "must list members of the working "
		    "group by their user ids");
	json_decref(given);
}

/* Each member's vote ("vote_<user id>"): only members present, and none
 * with a conflict (declared now, or in review: conflicted). */
static void
read_votes(struct ctx *c, struct decision *d, json_t *members,
    json_t *conflicted)
{
	json_t		*m;
	const char	*v, *status;
	char		 name[40], key[24];
	size_t		 i;
	long long	 id;
	int		 k;

	json_array_foreach(members, i, m) {
		id = json_integer_value(json_object_get(m, "user_id"));
		snprintf(key, sizeof(key), "%lld", id);
		snprintf(name, sizeof(name), "vote_%s", key);
		if ((v = ctx_input(c, name)) == NULL || v[0] == '\0')
			continue;
		status = json_string_value(json_object_get(m, "status"));
		if (valid_enum(v, vocab_keys(votes), &k) != NULL)
			ctx_field(c, name, "must be for, against or abstain");
		else if (among(d->conflicts, id) || among(conflicted, id))
			ctx_field(c, name, "declared a conflict of interest "
			    "on this item, so takes no part in the vote");
		else if (status == NULL || strcmp(status, "present") != 0)
			ctx_field(c, name, "was not recorded present at the "
			    "meeting");
		else {
			json_object_set_new(d->votes, key, json_string(v));
			d->count[k]++;
		}
	}
}

/* The motion, outcome and (for a funding request agreed) the action. */
static void
read_decision(struct ctx *c, struct decision *d, json_t *item)
{
	const char	*outcome, *kind;

	field_text(c, d->values, "motion", 1, MOTION_MAX, 1);
	field_enum(c, d->values, "outcome", meeting_outcomes, "must be agreed, "
	    "not_agreed or deferred");
	if (json_string_length(json_object_get(d->values, "motion")) == 0)
		ctx_field(c, "motion", "is required");
	outcome = json_string_value(json_object_get(d->values, "outcome"));
	kind = json_string_value(json_object_get(item, "kind"));
	if (outcome[0] == '\0')
		ctx_field(c, "outcome", "is required");
	if (strcmp(kind, "funding_decision") != 0 ||
	    strcmp(outcome, "agreed") != 0)
		return;
	field_enum(c, d->values, "funding_action", meeting_actions, "must be "
	    "approve, decline or request_info");
	if (json_string_length(json_object_get(d->values,
	    "funding_action")) == 0)
		ctx_field(c, "funding_action", "is required when the group "
		    "agrees on a funding request");
}

/* The decision kept, with its votes and conflicts. */
static enum db_status
keep(struct ctx *c, const struct decision *d, json_t *item,
    long long meeting_id)
{
	char			*v = json_dumps(d->votes, JSON_COMPACT);
	char			*k = json_dumps(d->conflicts, JSON_COMPACT);
	const char		*action = json_string_value(json_object_get(
				    d->values, "funding_action"));
	enum db_status		 st = DB_ERROR;

	if (action != NULL && action[0] == '\0')
		action = NULL;

	if (v != NULL && k != NULL)
		st = db_meeting_decision_add(c->app->db,
		    &(struct db_meeting_decision){
		    .location_id = ctx_location_id(c),
		    .meeting_id = meeting_id,
		    .item_id = json_integer_value(json_object_get(item, "id")),
		    .request_id = json_integer_value(json_object_get(item,
		    "request_id")), .user_id = c->auth.user_id,
		    .motion = json_string_value(json_object_get(d->values,
		    "motion")), .outcome = json_string_value(json_object_get(
		    d->values, "outcome")), .funding_action = action,
		    .votes_for = d->count[0], .votes_against = d->count[1],
		    .votes_abstain = d->count[2],
		    .votes = v, .conflicts = k });
	free(v);
	free(k);
	if (st == DB_OK)
		st = ctx_audit(c, "meeting_decision_recorded", json_pack(
		    "{s:I, s:O, s:O, s:O, s:s?, s:I, s:I, s:I}", "meeting_id",
		    (json_int_t)meeting_id, "item_id", json_object_get(item,
		    "id"), "request_id", json_object_get(item, "request_id"),
		    "outcome", json_object_get(d->values, "outcome"),
		    "funding_action", action, "votes_for",
		    (json_int_t)d->count[0], "votes_against",
		    (json_int_t)d->count[1], "votes_abstain",
		    (json_int_t)d->count[2]));
	return st;
}

/* Reads and checks the body against item and the meeting's members:
 * 0, or the refusal answered. */
static int
read_all(struct ctx *c, struct decision *d, json_t *item, long long meeting)
{
	json_t		*members = NULL;
	enum db_status	 st;

	if ((st = db_meeting_members(c->app->db, ctx_location_id(c), meeting,
	    &members)) != DB_OK)
		return ctx_db_fail(c, st);
	read_decision(c, d, item);
	read_conflicts(c, d, members);
	read_votes(c, d, members, json_object_get(item, "review_conflicts"));
	json_decref(members);
	if (c->error_fields != NULL)
		return meeting_refuse(c, json_incref(d->values));
	return 0;
}

int
meeting_decide(struct ctx *c)
{
	struct decision	 d = { .values = json_pack("{s:s, s:s}", "motion", "",
			    "outcome", ""), .votes = json_object(),
			    .conflicts = json_array() };
	json_t		*m = NULL, *item = NULL;
	const char	*action;
	long long	 meeting = 0;
	enum db_status	 st;
	int		 status;

	if ((status = meeting_load(c, &m)) != 0)
		goto out;
	meeting = json_integer_value(json_object_get(m, "id"));
	if ((st = db_meeting_item_get(c->app->db, ctx_location_id(c), meeting,
	    ctx_param_id(c, "item"), &item)) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	if (item == NULL) {
		status = ctx_fail(c, 404, "There is no such item on this "
		    "meeting's agenda.");
		goto out;
	}
	if (json_is_true(json_object_get(item, "decided"))) {
		status = ctx_fail(c, 409, "This item has a decision already.");
		goto out;
	}
	if ((status = read_all(c, &d, item, meeting)) != 0)
		goto out;
	action = json_string_value(json_object_get(d.values, "funding_action"));
	if (action != NULL && action[0] != '\0' &&
	    (status = request_transition_take(c, json_integer_value(
	    json_object_get(item, "request_id")), action, 0)) != 0) {
		/* The amount, reason or note the action needs: by the form. */
		if (status == 422 && c->error_fields != NULL)
			status = meeting_refuse(c, json_incref(d.values));
		goto out;
	}
	status = (st = keep(c, &d, item, meeting)) != DB_OK ?
	    ctx_db_fail(c, st) : meeting_answer(c, meeting, 201);
out:
	json_decref(m);
	json_decref(item);
	json_decref(d.values);
	json_decref(d.votes);
	json_decref(d.conflicts);
	return status;
}

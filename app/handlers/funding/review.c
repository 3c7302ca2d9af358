/*
 * review: the working group's reviews of a funding request.  Each member
 * or coordinator either declares a conflict of interest (which stands:
 * they then see no scores and may neither review nor decide) or scores
 * the request 1-5 on alignment with the framework, community benefit,
 * feasibility and value for money, with a comment.  Coordinators see
 * every score, the totals and the averages; a member sees their own.
 * Applicants never see reviews (what each asker sees: review_view.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/funding.h"
#include "../fields.h"
#include "funding_request.h"

#define COMMENT_MAX	5000

/* Loads the request and checks the asker may see its reviews. */
static int
load_for_reviews(struct ctx *c, int lock, json_t **req, struct standing *s)
{
	int	 status;

	if ((status = request_load(c, lock, req, s)) != 0)
		return status;
	if (s->applicant)
		status = ctx_fail(c, 403, "You made this request: its reviews "
		    "are the working group's.");
	else if (s->conflicted)
		status = ctx_fail(c, 403, "You declared a conflict of interest "
		    "on this request: its reviews are closed to you.");
	else if (!s->reviewer && !s->national)
		status = ctx_fail(c, 403, "Only the working group's members and "
		    "coordinators see reviews.");
	if (status != 0) {
		json_decref(*req);
		*req = NULL;
	}
	return status;
}

int
review_list(struct ctx *c)
{
	struct standing	 s;
	json_t		*req, *reviews;
	enum db_status	 st;
	int		 status;

	if ((status = load_for_reviews(c, 0, &req, &s)) != 0)
		return status;
	st = reviews_view(c, req, &s, &reviews);
	json_decref(req);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(reviews, "next", json_null());
	c->view = reviews;
	return 200;
}

int
review_mine(struct ctx *c)
{
	struct standing	 s;
	json_t		*req, *mine = NULL;
	enum db_status	 st;
	int		 status;

	if ((status = request_load(c, 0, &req, &s)) != 0)
		return status;
	st = db_review_mine(c->app->db, json_integer_value(json_object_get(req,
	    "id")), c->auth.user_id, &mine);
	json_decref(req);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	if (mine == NULL)
		return ctx_fail(c, 404, "You have not reviewed this request.");
	c->view = mine;
	return 200;
}

/* The API's scores object, as the form's four fields. */
static void
flatten_scores(struct ctx *c)
{
	json_t	*scores;
	size_t	 i;

	if (c->req->json == NULL ||
	    (scores = json_object_get(c->req->json, "scores")) == NULL ||
	    json_is_null(scores))
		return;
	if (!json_is_object(scores)) {
		ctx_field(c, "scores", "must be an object of alignment, "
		    "benefit, feasibility and value, each 1 to 5");
		return;
	}
	for (i = 0; review_criteria[i] != NULL; i++)
		if (json_object_get(scores, review_criteria[i]) != NULL)
			json_object_set(c->req->json, review_criteria[i],
			    json_object_get(scores, review_criteria[i]));
}

/* Why the asker may not review req now, as a status; 0 when they may. */
static int
may_review(struct ctx *c, json_t *req, const struct standing *s)
{
	if (s->applicant)
		return ctx_fail(c, 403, "You cannot review your own request.");
	if (!s->reviewer)
		return ctx_fail(c, 403, "Only the working group's members and "
		    "coordinators review requests.");
	if (s->conflicted)
		return ctx_fail(c, 409, "You declared a conflict of interest on "
		    "this request; it stands, and you cannot review it.");
	if (!funding_reviewable(json_string_value(json_object_get(req,
	    "state"))))
		return ctx_fail(c, 409, "This request is not under review: "
		    "reviews are taken while it is submitted or in review.");
	return 0;
}

static void
read_review(struct ctx *c, json_t *values)
{
	const char	*name;
	size_t		 i;
	int		 conflict;

	flatten_scores(c);
	field_bool(c, values, "conflict", 1);
	if (c->req->json != NULL && json_object_get(values, "conflict") ==
	    NULL)
		ctx_field(c, "conflict", "is required: true to declare a "
		    "conflict of interest, false to score the request");
	conflict = json_is_true(json_object_get(values, "conflict"));
	for (i = 0; (name = review_criteria[i]) != NULL; i++) {
		if (conflict)
			continue;
		field_int(c, values, name, 1, 5);
		if (!json_is_integer(json_object_get(values, name)) &&
		    (c->error_fields == NULL || json_object_get(c->error_fields,
		    name) == NULL))
			ctx_field(c, name, "is required: a score from 1 to 5");
	}
	field_text(c, values, "comment", 0, COMMENT_MAX, 1);
}

int
review_put(struct ctx *c)
{
	struct standing	 s;
	char		 to[160];
	json_t		*req, *values, *row = NULL, *v;
	long long	 req_id;
	enum db_status	 st;
	int		 status, conflict, page;

	/* Not held: members may not lock requests, and the review is an
	 * upsert of their own row. */
	if ((status = request_load(c, 0, &req, &s)) != 0)
		return status;
	if ((status = may_review(c, req, &s)) != 0) {
		json_decref(req);
		return status;
	}
	req_id = json_integer_value(json_object_get(req, "id"));
	values = json_pack("{s:s}", "comment", "");
	read_review(c, values);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, json_pack("{s:O}", "review", values));
		json_decref(values);
		return (page = request_page(c, req, &s)) != 0 ? page : status;
	}
	json_decref(req);
	conflict = json_is_true(json_object_get(values, "conflict"));
	st = db_review_put(c->app->db, ctx_location_id(c), req_id,
	    c->auth.user_id, values, &row);
	json_decref(row);
	/* That a review was saved, never its scores: the location's audit
	 * trail is read by coordinators who may have declared a conflict
	 * on this request, or made it. */
	v = json_pack("{s:I}", "request_id", (json_int_t)req_id);
	json_decref(values);
	if (st == DB_OK)
		st = ctx_audit(c, conflict ? "funding_conflict_declared" :
		    "funding_review_saved", v);
	else
		json_decref(v);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	/* The API answers the review as saved; a browser goes back to the
	 * request's reviews. */
	if ((status = review_mine(c)) != 200)
		return status;
	request_url(c, req_id, to, sizeof(to) - sizeof("#reviews"));
	strcat(to, "#reviews");
	return ctx_done(c, 200, to);
}

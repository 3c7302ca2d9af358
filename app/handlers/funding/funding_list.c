/*
 * funding_list: the lists of funding requests — the working group's queue
 * (filtered by state, round and words of the title; drafts are never in
 * it) and an applicant's own requests with their timelines (/my/requests).
 * One request, its page and its form are funding_request.c's.
 */
#include <stdint.h>
#include <string.h>

#include "../../db/funding.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "funding_request.h"

#define QUERY_MAX	200	/* the queue's words of the title, q */

/* A queue filter that must be one of keys, or NULL when not given. */
static const char *
state_filter(struct ctx *c)
{
	const char	*v = kvlist_get(&c->req->query, "state");
	int		 index;

	if (v == NULL || v[0] == '\0')
		return NULL;
	if (strcmp(v, "draft") == 0 || valid_enum(v, vocab_keys(
	    vocab_funding_states), &index) != NULL)
		ctx_field(c, "state", "is not a state the queue shows");
	return v;
}

/* The working group's queue, oldest first, filtered by state, round and
 * words of the title; drafts are never in it. */
int
request_queue(struct ctx *c)
{
	const char	*state, *round, *q, *cursor;
	json_t		*items, *r;
	long long	 limit, n;
	enum db_status	 st;
	size_t		 i;
	int		 status;

	ctx_page(c, &limit, &cursor, valid_id);
	state = state_filter(c);
	if ((round = kvlist_get(&c->req->query, "round")) != NULL &&
	    round[0] == '\0')
		round = NULL;
	if (round != NULL && valid_int(round, 1, INT64_MAX, &n) != NULL)
		ctx_field(c, "round", "must be a round's id");
	if ((q = kvlist_get(&c->req->query, "q")) != NULL && q[0] == '\0')
		q = NULL;
	if (q != NULL && strlen(q) > QUERY_MAX)
		ctx_field(c, "q", "must be at most 200 characters");
	if (c->error_fields != NULL)
		return ctx_fail(c, 400, "The queue cannot be filtered or paged "
		    "that way: see fields.");
	if ((st = db_request_queue(c->app->db, &(struct db_request_filter){
	    .location_id = ctx_location_id(c), .state = state, .round = round,
	    .q = q, .cursor = cursor, .size = limit + 1 }, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(items, i, r)
		request_name_state(r, "state", "state_name");
	if ((status = ctx_page_view(c, items, limit, "id")) != 200)
		return status;
	json_object_set_new(c->view, "location", ctx_location_public(c));
	/* The page's filter form (left out of JSON: json_omit). */
	json_object_set_new(c->view, "filters", json_pack(
	    "{s:o, s:s, s:s, s:s}", "state_options", vocab_options(
	    vocab_funding_states + 1, state), "state", state != NULL ? state :
	    "", "q", q != NULL ? q : "", "round", round != NULL ? round : ""));
	return 200;
}

/* /my/requests: the asker's own, newest first, with their timelines. */
int
request_mine(struct ctx *c)
{
	const char	*cursor;
	json_t		*items, *r, *e;
	long long	 limit;
	enum db_status	 st;
	size_t		 i, j;

	if (ctx_page(c, &limit, &cursor, valid_id) == -1)
		return ctx_fail(c, 400, "The list cannot be paged that way.");
	if ((st = db_requests_mine(c->app->db, c->auth.user_id, cursor,
	    limit + 1, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(items, i, r) {
		request_name_state(r, "state", "state_name");
		json_array_foreach(json_object_get(r, "timeline"), j, e)
			request_name_state(e, "to_state", "to_state_name");
	}
	return ctx_page_view(c, items, limit, "id");
}

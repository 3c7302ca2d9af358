/*
 * review_view: what of a funding request's reviews the asker may see (see
 * funding_request.h, reviews_view()), for the request's page
 * (funding_request.c) and the reviews' own routes (review.c): every score
 * with the totals and averages for coordinators and national staff, their
 * own for a member, nothing for applicants and conflicted members.
 */
#include "../../db/funding.h"
#include "funding_request.h"

const char *const review_criteria[] = { "alignment", "benefit",
	"feasibility", "value", NULL };

/* An average to one decimal place, without floating-point sums. */
static json_t *
average(long long sum, long long n)
{
	return n > 0 ? json_real((double)((sum * 10 + n / 2) / n) / 10.0) :
	    json_null();
}

static json_t *
averages(json_t *items, long long *scored, long long *conflicts)
{
	long long	 sums[5] = { 0 };
	json_t		*out = json_object(), *r, *scores;
	size_t		 i, k;

	*scored = *conflicts = 0;
	json_array_foreach(items, i, r) {
		if (json_is_true(json_object_get(r, "conflict"))) {
			(*conflicts)++;
			continue;
		}
		(*scored)++;
		scores = json_object_get(r, "scores");
		for (k = 0; review_criteria[k] != NULL; k++)
			sums[k] += json_integer_value(json_object_get(scores,
			    review_criteria[k]));
		sums[4] += json_integer_value(json_object_get(r, "total"));
	}
	for (k = 0; review_criteria[k] != NULL; k++)
		json_object_set_new(out, review_criteria[k], average(sums[k], *scored));
	json_object_set_new(out, "total", average(sums[4], *scored));
	return out;
}

enum db_status
reviews_view(struct ctx *c, json_t *req, const struct standing *s,
    json_t **reviews)
{
	json_t		*items = NULL, *mine = NULL, *r;
	long long	 scored, conflicts;
	enum db_status	 st;
	size_t		 i;

	*reviews = NULL;
	if (s->applicant || s->conflicted || !(s->reviewer || s->national))
		return DB_OK;
	if ((st = db_reviews_list(c->app->db, json_integer_value(
	    json_object_get(req, "id")), &items)) != DB_OK)
		return st;
	/* Row-level security gives a member only their own already. */
	for (i = 0; i < json_array_size(items); i++) {
		r = json_array_get(items, i);
		if (json_integer_value(json_object_get(r, "reviewer_id")) ==
		    c->auth.user_id)
			mine = json_incref(r);
		else if (!s->coordinator && !s->national)
			json_array_remove(items, i--);
	}
	*reviews = json_pack("{s:o, s:o*}", "items", items, "mine", mine);
	if (s->coordinator || s->national) {
		json_object_set_new(*reviews, "averages", averages(items, &scored,
		    &conflicts));
		json_object_set_new(*reviews, "scored", json_integer(scored));
		json_object_set_new(*reviews, "conflicts", json_integer(
		    conflicts));
	}
	return *reviews != NULL ? DB_OK : DB_ERROR;
}

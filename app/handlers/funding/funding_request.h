/*
 * funding_request: what the micro-funding handlers share — rounds
 * (round.c), requests and their forms (funding_request.c), their lists
 * (funding_list.c), transitions (transition.c) and reviews (review.c):
 * who stands where on a request, loading one as the asker may see it, and
 * its page.
 *
 * Who sees what (docs/domain.md, "Who sees a request"): a draft is its applicant's
 * alone; once submitted, the location's working group and national staff
 * see it too, everyone else gets 404.  Reviewers never see the applicant's
 * contact details; applicants never see reviews.  A member who declared a
 * conflict of interest sees no scores and may not review or decide.
 */
#ifndef PORTAL_FUNDING_REQUEST_H
#define PORTAL_FUNDING_REQUEST_H

#include "../../domain/funding.h"
#include "../handler.h"

/* Where the asker stands on one request. */
struct standing {
	int	applicant;	/* they made it */
	int	coordinator;	/* a coordinator of its location */
	int	reviewer;	/* a member or coordinator who is not its
				 * applicant: may review */
	int	conflicted;	/* declared a conflict of interest on it */
	int	national;	/* national staff reading, no location role */
	int	actors;		/* FUNDING_APPLICANT | FUNDING_COORDINATOR
				 * (an unconflicted coordinator, not the
				 * applicant) */
};

/*
 * Loads the route's request {id} as the asker may see it (held for update
 * with lock): 0 with *req a new object and *s filled, or an error status
 * already recorded (404 for what the asker may not see).
 */
int	request_load(struct ctx *, int lock, json_t **req, struct standing *s);
/* The same for request id (a meeting's agenda item names it). */
int	request_load_id(struct ctx *, long long id, int lock, json_t **req,
	    struct standing *s);
/*
 * Takes transition action on request id as the button does (the asker,
 * state, fields from the body, quorum, pool), writing the timeline, audit
 * trail and outbox: 0, or the refusal's status (recorded in c).  With
 * page set, a 422 shows the request's page again (its own route).
 */
int	request_transition_take(struct ctx *, long long id, const char *action,
	    int page);
/*
 * Makes c->view the request's page: req (stolen) with its timeline,
 * reports, the reviews the asker may see and the actions they may take,
 * keeping what c->view held (a failed form's input and messages).
 */
int	request_page(struct ctx *, json_t *req, const struct standing *);
/* Makes c->view the page of the request just saved (request_page()):
 * 0, or an error status already recorded. */
int	request_saved_view(struct ctx *, long long id);
/* Answers the request after a change: its page's view, whose request the
 * API answers (status), or a redirect to its page (ctx_done()). */
int	request_saved(struct ctx *, long long id, int status);
/* Sets row's name_field to the name of the funding state in its field. */
void	request_name_state(json_t *row, const char *field,
	    const char *name_field);
/* The request's page address, into out. */
void	request_url(const struct ctx *, long long id, char *out, size_t);
/* The most budget lines a request has. */
#define REQUEST_BUDGET_LINES	30
/* funding_fields.c: reads the form's or JSON body's fields over values
 * (the request's defaults, or the request as it is), a message by each
 * bad one (ctx_field). */
void	request_read_fields(struct ctx *, json_t *values);
/* A request's required fields as submitting checks them, with the round:
 * records a message by each missing or wrong one (ctx_field). */
void	request_check_complete(struct ctx *, json_t *req);

/* The criteria a review scores, NULL-terminated (review_view.c). */
extern const char *const review_criteria[];
/*
 * review_view.c: the reviews of req the asker may see, into *reviews
 * (NULL when none):
 * coordinators and national staff every review with its scores, totals
 * and the averages; a member their own; applicants and conflicted
 * members nothing.  {"items", "averages", "scored", "conflicts", "mine"}.
 */
enum db_status reviews_view(struct ctx *, json_t *req,
	    const struct standing *, json_t **reviews);

/* The round {id} (or round_id) of the route's location: 0 with *round a
 * new object, or an error status (404). */
int	round_load(struct ctx *, long long id, int lock, json_t **round);

#endif

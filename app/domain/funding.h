/*
 * funding: the funding request's state machine (docs/domain.md,
 * "Funding requests"), as one table.  The same rows decide which buttons a
 * person sees (funding_actions) and whether a transition asked for by any
 * page or API call may happen (funding_check); sql/006_funding.sql refuses
 * any other change of state as the second lock.  Pure: no I/O.
 */
#ifndef PORTAL_FUNDING_H
#define PORTAL_FUNDING_H

#include <jansson.h>

#include "vocab.h"

/* Who acts on a request: its applicant, or a coordinator of its location
 * who has not declared a conflict of interest on it. */
#define FUNDING_APPLICANT	0x1
#define FUNDING_COORDINATOR	0x2

/* What a transition's body must carry besides "action". */
#define NEED_COMPLETE	0x01	/* every field of the request, checked */
#define NEED_AMOUNT	0x02	/* amount_cents: approve */
#define NEED_REASON	0x04	/* reason: decline */
#define NEED_NOTE	0x08	/* note: request_info, request_changes */
#define NEED_PAYMENT	0x10	/* paid_on, amount_cents, reference */
#define NEED_REPORT	0x20	/* body, people_reached, spent_cents,
				 * story_consent */
#define NEED_QUORUM	0x40	/* enough reviews from unconflicted members */

struct funding_transition {
	const char	*action;
	const char	*label;		/* the button: "Submit the request" */
	const char	*done;		/* for the timeline: "submitted" */
	const char	*from[5];	/* NULL-terminated */
	const char	*to;
	int		 actor;		/* FUNDING_APPLICANT or _COORDINATOR */
	int		 needs;
};

/* The states, in the order a request usually meets them, and their names. */
extern const struct vocab vocab_funding_states[];

enum funding_verdict {
	FUNDING_OK,
	FUNDING_UNKNOWN,	/* no such action */
	FUNDING_WRONG_STATE,	/* not from the request's state: 409 */
	FUNDING_WRONG_ACTOR,	/* not for this person: 403 */
};

/* The transition called action, or NULL. */
const struct funding_transition *funding_transition(const char *action);
/* May actors (a mask of FUNDING_*) take t from state? */
enum funding_verdict funding_check(const struct funding_transition *t,
	    const char *state, int actors);
/*
 * What actors may do from state: [{"action", "label", "needs_amount",
 * "needs_reason", ...}] in table order, for the buttons and forms of a
 * request's page.  New array.
 */
json_t	*funding_actions(const char *state, int actors);
/* The request states people may still change: the applicant edits a
 * draft, or a request whose information was asked for. */
int	 funding_editable(const char *state);
/* The states in which the working group reviews a request. */
int	 funding_reviewable(const char *state);

#endif

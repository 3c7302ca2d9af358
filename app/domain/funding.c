/*
 * funding: the state machine of funding requests (see funding.h).
 */
#include <string.h>

#include "../views/i18n.h"
#include "funding.h"

const struct vocab vocab_funding_states[] = {
	/* TRANSLATORS: Glossary: the states of a request for seed funding, as
	 * its applicant and the working group see them. */
	{ "draft", N_("Draft") },
	{ "submitted", N_("Submitted") },
	{ "in_review", N_("In review") },
	{ "info_requested", N_("Information requested") },
	{ "approved", N_("Approved") },
	{ "accepted", N_("Accepted") },
	{ "disbursed", N_("Paid") },
	{ "reported", N_("Reported") },
	{ "closed", N_("Closed") },
	{ "declined", N_("Declined") },
	{ "withdrawn", N_("Withdrawn") },
	{ NULL, NULL },
};

#define A	FUNDING_APPLICANT
#define C	FUNDING_COORDINATOR

/* docs/domain.md's diagram, one row per arrow (withdraw has four). */
static const struct funding_transition transitions[] = {
	{ "submit", N_("Submit the request"), N_("submitted"),
	    { "draft", NULL }, "submitted", A, NEED_COMPLETE },
	{ "start_review", N_("Start the review"), N_("review started"),
	    { "submitted", NULL }, "in_review", C, 0 },
	{ "request_info", N_("Ask the applicant for more information"),
	    N_("information requested"), { "in_review", NULL }, "info_requested",
	    C, NEED_NOTE },
	{ "resubmit", N_("Send the request back to the working group"),
	    N_("resubmitted"), { "info_requested", NULL }, "in_review", A,
	    NEED_COMPLETE },
	{ "approve", N_("Approve"), N_("approved"), { "in_review", NULL }, "approved",
	    C, NEED_AMOUNT | NEED_QUORUM },
	{ "decline", N_("Decline"), N_("declined"), { "in_review", NULL }, "declined",
	    C, NEED_REASON },
	{ "withdraw", N_("Withdraw the request"), N_("withdrawn"), { "draft",
	    "submitted", "in_review", "info_requested", NULL }, "withdrawn", A,
	    0 },
	{ "accept", N_("Accept the grant and its conditions"), N_("accepted"),
	    { "approved", NULL }, "accepted", A, 0 },
	{ "disburse", N_("Record the payment"), N_("paid"), { "accepted", NULL },
	    "disbursed", C, NEED_PAYMENT },
	{ "report", N_("Send the report"), N_("reported"), { "disbursed", NULL },
	    "reported", A, NEED_REPORT },
	{ "close", N_("Close the request"), N_("closed"), { "reported", NULL },
	    "closed", C, 0 },
	{ "request_changes", N_("Ask for changes to the report"),
	    N_("changes to the report requested"), { "reported", NULL },
	    "disbursed", C, NEED_NOTE },
};
#define NTRANSITIONS	(sizeof(transitions) / sizeof(transitions[0]))

#undef A
#undef C

const struct funding_transition *
funding_transition(const char *action)
{
	size_t	 i;

	for (i = 0; action != NULL && i < NTRANSITIONS; i++)
		if (strcmp(transitions[i].action, action) == 0)
			return &transitions[i];
	return NULL;
}

static int
leaves(const struct funding_transition *t, const char *state)
{
	size_t	 i;

	for (i = 0; state != NULL && t->from[i] != NULL; i++)
		if (strcmp(t->from[i], state) == 0)
			return 1;
	return 0;
}

enum funding_verdict
funding_check(const struct funding_transition *t, const char *state,
    int actors)
{
	if (t == NULL)
		return FUNDING_UNKNOWN;
	if (!(t->actor & actors))
		return FUNDING_WRONG_ACTOR;
	return leaves(t, state) ? FUNDING_OK : FUNDING_WRONG_STATE;
}

json_t *
funding_actions(const char *state, int actors)
{
	json_t	*out = json_array();
	size_t	 i;

	for (i = 0; i < NTRANSITIONS; i++) {
		if (funding_check(&transitions[i], state, actors) != FUNDING_OK)
			continue;
		json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:b, s:b, "
		    "s:b, s:b, s:b}", "action", transitions[i].action, "label",
		    transitions[i].label, "needs_amount",
		    transitions[i].needs & NEED_AMOUNT, "needs_reason",
		    transitions[i].needs & NEED_REASON, "needs_note",
		    transitions[i].needs & NEED_NOTE, "needs_payment",
		    transitions[i].needs & NEED_PAYMENT, "needs_report",
		    transitions[i].needs & NEED_REPORT, "plain",
		    !(transitions[i].needs & (NEED_AMOUNT | NEED_REASON |
		    NEED_NOTE | NEED_PAYMENT | NEED_REPORT))));
	}
	return out;
}

int
funding_editable(const char *state)
{
	return state != NULL && (strcmp(state, "draft") == 0 ||
	    strcmp(state, "info_requested") == 0);
}

int
funding_reviewable(const char *state)
{
	return state != NULL && (strcmp(state, "submitted") == 0 ||
	    strcmp(state, "in_review") == 0 ||
	    strcmp(state, "info_requested") == 0);
}

/*
 * Unit tests for app/domain/funding: the state machine table against
 * docs/domain.md's arrows, checked for every state and actor, and the
 * buttons it offers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/domain/funding.h"
#include "../../app/util/money.h"

#define A	FUNDING_APPLICANT
#define C	FUNDING_COORDINATOR

/* Every arrow, written out again from docs/domain.md. */
static const struct { const char *action, *from, *to; int actor; } arrows[] = {
	{ "submit", "draft", "submitted", A },
	{ "start_review", "submitted", "in_review", C },
	{ "request_info", "in_review", "info_requested", C },
	{ "resubmit", "info_requested", "in_review", A },
	{ "approve", "in_review", "approved", C },
	{ "decline", "in_review", "declined", C },
	{ "withdraw", "draft", "withdrawn", A },
	{ "withdraw", "submitted", "withdrawn", A },
	{ "withdraw", "in_review", "withdrawn", A },
	{ "withdraw", "info_requested", "withdrawn", A },
	{ "accept", "approved", "accepted", A },
	{ "disburse", "accepted", "disbursed", C },
	{ "report", "disbursed", "reported", A },
	{ "close", "reported", "closed", C },
	{ "request_changes", "reported", "disbursed", C },
};
#define NARROWS	(sizeof(arrows) / sizeof(arrows[0]))

static int
is_arrow(const char *action, const char *from)
{
	size_t	 i;

	for (i = 0; i < NARROWS; i++)
		if (strcmp(arrows[i].action, action) == 0 &&
		    strcmp(arrows[i].from, from) == 0)
			return 1;
	return 0;
}

static int
actor_of(const char *action)
{
	size_t	 i;

	for (i = 0; i < NARROWS; i++)
		if (strcmp(arrows[i].action, action) == 0)
			return arrows[i].actor;
	return 0;
}

static void
lookup(void **state)
{
	(void)state;
	assert_null(funding_transition(NULL));
	assert_null(funding_transition("fly"));
	assert_null(funding_transition(""));
	assert_string_equal(funding_transition("approve")->to, "approved");
	assert_true(funding_transition("approve")->needs & NEED_QUORUM);
	assert_true(funding_transition("approve")->needs & NEED_AMOUNT);
	assert_true(funding_transition("decline")->needs & NEED_REASON);
	assert_true(funding_transition("disburse")->needs & NEED_PAYMENT);
	assert_true(funding_transition("report")->needs & NEED_REPORT);
	assert_true(funding_transition("submit")->needs & NEED_COMPLETE);
	assert_int_equal(funding_check(NULL, "draft", A), FUNDING_UNKNOWN);
}

/* Every action from every state, for each actor: allowed exactly on the
 * arrows, WRONG_ACTOR for the other one, WRONG_STATE elsewhere. */
static void
every_check(void **state)
{
	const struct vocab *s;
	size_t	 i;
	int	 actor;

	(void)state;
	for (i = 0; i < NARROWS; i++) {
		const struct funding_transition *t =
		    funding_transition(arrows[i].action);

		assert_non_null(t);
		assert_string_equal(t->to, arrows[i].to);
		for (s = vocab_funding_states; s->key != NULL; s++)
			for (actor = A; actor <= C; actor <<= 1) {
				enum funding_verdict want = actor !=
				    actor_of(t->action) ? FUNDING_WRONG_ACTOR :
				    is_arrow(t->action, s->key) ? FUNDING_OK :
				    FUNDING_WRONG_STATE;

				assert_int_equal(funding_check(t, s->key, actor),
				    want);
			}
		assert_int_equal(funding_check(t, arrows[i].from, 0),
		    FUNDING_WRONG_ACTOR);
	}
}

/* The buttons: exactly the allowed actions, in table order. */
static void
actions(void **state)
{
	const struct vocab *s;
	json_t	*list, *a;
	size_t	 i, n, j;
	int	 actor;

	(void)state;
	for (s = vocab_funding_states; s->key != NULL; s++)
		for (actor = A; actor <= (A | C); actor++) {
			list = funding_actions(s->key, actor);
			for (n = 0, j = 0; j < NARROWS; j++)
				if (strcmp(arrows[j].from, s->key) == 0 &&
				    (arrows[j].actor & actor))
					n++;
			assert_int_equal(json_array_size(list), n);
			json_array_foreach(list, i, a) {
				assert_true(is_arrow(json_string_value(
				    json_object_get(a, "action")), s->key));
				assert_non_null(json_object_get(a, "label"));
			}
			json_decref(list);
		}
	list = funding_actions("in_review", C);
	a = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(a, "action")),
	    "approve");
	assert_true(json_is_true(json_object_get(a, "needs_amount")));
	assert_true(json_is_false(json_object_get(a, "plain")));
	json_decref(list);
}

static void
states(void **state)
{
	(void)state;
	assert_true(funding_editable("draft"));
	assert_true(funding_editable("info_requested"));
	assert_false(funding_editable("submitted"));
	assert_false(funding_editable(NULL));
	assert_true(funding_reviewable("submitted"));
	assert_true(funding_reviewable("in_review"));
	assert_true(funding_reviewable("info_requested"));
	assert_false(funding_reviewable("approved"));
	assert_false(funding_reviewable("draft"));
}

static void
money(void **state)
{
	char	 out[MONEY_TEXT];

	(void)state;
	assert_string_equal(money_text(out, 0), "$0.00");
	assert_string_equal(money_text(out, 5), "$0.05");
	assert_string_equal(money_text(out, 123456), "$1,234.56");
	assert_string_equal(money_text(out, 100000000000LL),
	    "$1,000,000,000.00");
	assert_string_equal(money_text(out, -500), "-$5.00");
	assert_string_equal(money_text(out, 99999), "$999.99");
	assert_string_equal(money_text(out, 100000), "$1,000.00");
	assert_string_equal(money_text(out, INT64_MIN),
	    "-$92,233,720,368,547,758.08");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup),
		cmocka_unit_test(every_check),
		cmocka_unit_test(actions),
		cmocka_unit_test(states),
		cmocka_unit_test(money),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for app/util/changes: what a notification's payload says
 * changed (sql/035_changes_by_location.sql), merging sets, and the ring a
 * host's workers publish their commits in, including a reader that fell
 * behind it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "../../app/util/changes.h"

static struct change_set
noted(const char *payload)
{
	struct change_set set = { 0 };

	changes_note(&set, payload);
	return set;
}

static void
payloads(void **state)
{
	struct change_set s;

	(void)state;
	s = noted("initiatives 12");
	assert_false(s.everything);
	assert_false(s.identity);
	assert_int_equal(s.nlocations, 1);
	assert_int_equal(s.locations[0], 12);
	/* A location's table without a location: a TRUNCATE. */
	s = noted("initiatives");
	assert_true(s.everything);
	assert_false(s.identity);
	s = noted("memberships 3");
	assert_true(s.identity);
	assert_false(s.everything);
	assert_int_equal(s.locations[0], 3);
	s = noted("sessions");
	assert_true(s.identity);
	assert_false(s.everything);
	assert_int_equal(s.nlocations, 0);
	/* Tables not listed, and text that is not an id: everything. */
	s = noted("users");
	assert_true(s.everything && s.identity);
	s = noted("services 4");
	assert_true(s.everything && s.identity);
	s = noted("initiatives 4x");
	assert_true(s.everything);
	s = noted("");
	assert_true(s.everything && s.identity);
}

static void
merging(void **state)
{
	struct change_set a = { 0 }, b = { 0 };
	int		 i;
	char		 text[32];

	(void)state;
	changes_note(&a, "events 1");
	changes_note(&a, "events 1");
	changes_note(&b, "funding_reviews 2");
	changes_merge(&a, &b);
	assert_int_equal(a.nlocations, 2);
	assert_false(a.everything);
	assert_true(changes_any(&a));
	b = (struct change_set){ 0 };
	assert_false(changes_any(&b));
	/* More locations than a set holds: everything. */
	for (i = 1; i <= CHANGE_LOCATIONS + 1; i++) {
		snprintf(text, sizeof(text), "initiatives %d", i);
		changes_note(&b, text);
	}
	assert_true(b.everything);
}

static void
ring(void **state)
{
	struct change_set one = { 0 }, got = { 0 };
	unsigned long	 seen = changes_count();
	int		 i;

	(void)state;
	changes_note(&one, "initiative_updates 7");
	changes_publish(&one);
	changes_since(&seen, &got);
	assert_int_equal(seen, changes_count());
	assert_false(got.everything);
	assert_int_equal(got.nlocations, 1);
	assert_int_equal(got.locations[0], 7);
	/* Nothing new: nothing. */
	got = (struct change_set){ 0 };
	changes_since(&seen, &got);
	assert_false(changes_any(&got));
	/* Fallen behind by more than the ring holds: everything. */
	for (i = 0; i < 200; i++)
		changes_publish(&one);
	changes_since(&seen, &got);
	assert_true(got.everything && got.identity);
	assert_int_equal(seen, changes_count());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(payloads),
		cmocka_unit_test(merging),
		cmocka_unit_test(ring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

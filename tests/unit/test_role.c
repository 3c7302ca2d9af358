/*
 * Unit tests for app/domain/role: every key parses to its role and back,
 * anything else is no role, and what each role may do.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/domain/role.h"
#include "../../app/domain/vocab.h"

static const struct {
	const char	*key;
	enum role	 role;
	int		 write, manage;
} cases[] = {
	{ "coordinator", ROLE_COORDINATOR, 1, 1 },
	{ "member", ROLE_MEMBER, 1, 0 },
	{ "observer", ROLE_OBSERVER, 0, 0 },
	{ NULL, ROLE_NONE, 0, 0 },
	{ "", ROLE_NONE, 0, 0 },
	{ "Coordinator", ROLE_NONE, 0, 0 },
	{ "coordinator ", ROLE_NONE, 0, 0 },
	{ "admin", ROLE_NONE, 0, 0 },
	{ "inz_staff", ROLE_NONE, 0, 0 },
	{ "members", ROLE_NONE, 0, 0 },
};
#define NCASES	(sizeof(cases) / sizeof(cases[0]))

static void
parse_and_abilities(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < NCASES; i++) {
		enum role r = role_parse(cases[i].key);

		assert_int_equal(r, cases[i].role);
		assert_int_equal(role_can_write(r), cases[i].write);
		assert_int_equal(role_can_manage(r), cases[i].manage);
	}
}

static void
names_round_trip(void **state)
{
	int	 r;

	(void)state;
	assert_null(role_name(ROLE_NONE));
	assert_null(role_name(ROLE__MAX));
	assert_null(role_name((enum role)-1));
	for (r = ROLE_NONE + 1; r < ROLE__MAX; r++)
		assert_int_equal(role_parse(role_name((enum role)r)), r);
	assert_false(role_can_write(ROLE__MAX));
	assert_false(role_can_manage((enum role)-1));
}

/* The roles people pick from (vocab_roles) are exactly the enum's. */
static void
matches_vocabulary(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; vocab_roles[i].key != NULL; i++)
		assert_int_not_equal(role_parse(vocab_roles[i].key), ROLE_NONE);
	assert_int_equal(i, ROLE__MAX - 1);
}

/* A manager can always write: the SQL functions assume it too. */
static void
manage_implies_write(void **state)
{
	int	 r;

	(void)state;
	for (r = ROLE_NONE; r < ROLE__MAX; r++)
		if (role_can_manage((enum role)r))
			assert_true(role_can_write((enum role)r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_abilities),
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(matches_vocabulary),
		cmocka_unit_test(manage_implies_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

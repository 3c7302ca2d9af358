/*
 * Unit tests for app/main/config: the settings portald reads from its
 * environment, here the API tokens' lifetime (PORTAL_API_TOKEN_DAYS).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../app/main/config.h"

/* Loads the configuration with PORTAL_API_TOKEN_DAYS set to days (NULL:
 * unset); returns config_load()'s answer. */
static int
load(struct config *c, const char *days)
{
	char	*argv[] = { "portald", NULL };

	if (days != NULL)
		setenv("PORTAL_API_TOKEN_DAYS", days, 1);
	else
		unsetenv("PORTAL_API_TOKEN_DAYS");
	optind = 1;
	return config_load(c, 1, argv);
}

static void
api_token_days(void **state)
{
	static const char *const bad[] = { "0", "-1", "3651", "90d", "", " 9",
	    "1e3", NULL };
	struct config	 c;
	size_t		 i;

	(void)state;
	assert_int_equal(load(&c, NULL), 0);
	assert_int_equal(c.api_token_days, 90);
	assert_int_equal(load(&c, "30"), 0);
	assert_int_equal(c.api_token_days, 30);
	assert_int_equal(load(&c, "3650"), 0);
	assert_int_equal(c.api_token_days, 3650);
	for (i = 0; bad[i] != NULL; i++)
		if (load(&c, bad[i]) != -1 && !(bad[i][0] == '\0' &&
		    c.api_token_days == 90))
			fail_msg("accepted PORTAL_API_TOKEN_DAYS=\"%s\"", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_token_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

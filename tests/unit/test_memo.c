/*
 * Unit tests for app/util/memo: lookups, replacing a key, the oldest entry
 * giving way when full, dropping by tag, and every value freed exactly
 * once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/util/memo.h"

static int freed;

static void
count_free(void *p)
{
	freed++;
	free(p);
}

static char *
value(const char *s)
{
	char *v = strdup(s);

	assert_non_null(v);
	return v;
}

static void
keeps_and_replaces(void **state)
{
	struct memo *m = memo_new(4, count_free);

	(void)state;
	freed = 0;
	memo_put(m, "a", value("1"));
	memo_put(m, "b", value("2"));
	assert_string_equal(memo_get(m, "a"), "1");
	assert_string_equal(memo_get(m, "b"), "2");
	assert_null(memo_get(m, "c"));
	memo_put(m, "a", value("3"));
	assert_int_equal(freed, 1);
	assert_string_equal(memo_get(m, "a"), "3");
	memo_clear(m);
	assert_int_equal(freed, 3);
	assert_null(memo_get(m, "a"));
	memo_free(m);
	assert_int_equal(freed, 3);
}

static void
oldest_gives_way(void **state)
{
	struct memo	*m = memo_new(3, count_free);
	char		 key[16];
	int		 i;

	(void)state;
	freed = 0;
	for (i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		memo_put(m, key, value(key));
	}
	assert_int_equal(freed, 2);
	assert_null(memo_get(m, "k0"));
	assert_null(memo_get(m, "k1"));
	for (i = 2; i < 5; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_string_equal(memo_get(m, key), key);
	}
	memo_free(m);
	assert_int_equal(freed, 5);
}

/* A location's entries go with its tag; the others stay. */
static void
drops_by_tag(void **state)
{
	struct memo *m = memo_new(8, count_free);

	(void)state;
	freed = 0;
	memo_put_tagged(m, "hamilton wg", value("h"), 1);
	memo_put_tagged(m, "nelson wg", value("n"), 2);
	memo_put(m, "national", value("x"));
	memo_drop_tag(m, 1);
	assert_int_equal(freed, 1);
	assert_null(memo_get(m, "hamilton wg"));
	assert_string_equal(memo_get(m, "nelson wg"), "n");
	assert_string_equal(memo_get(m, "national"), "x");
	memo_drop_tag(m, 0);
	assert_null(memo_get(m, "national"));
	assert_string_equal(memo_get(m, "nelson wg"), "n");
	/* Kept again under another tag: the new tag counts. */
	memo_put_tagged(m, "nelson wg", value("n2"), 3);
	memo_drop_tag(m, 2);
	assert_string_equal(memo_get(m, "nelson wg"), "n2");
	memo_free(m);
	assert_int_equal(freed, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_and_replaces),
		cmocka_unit_test(oldest_gives_way),
		cmocka_unit_test(drops_by_tag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for app/http/validate: tables of good and bad input for each
 * typed validator.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/http/validate.h"
#include "../../app/util/utf8.h"

static void
ints(void **state)
{
	static const char *const bad[] = { "", "-", "+1", " 1", "1 ", "1.5",
	    "0x10", "101", "-1", "99999999999999999999", NULL };
	long long	 v = 0;
	size_t		 i;

	(void)state;
	assert_null(valid_int("0", 0, 100, &v));
	assert_int_equal(v, 0);
	assert_null(valid_int("100", 0, 100, &v));
	assert_int_equal(v, 100);
	assert_null(valid_int("-5", -10, 10, &v));
	assert_int_equal(v, -5);
	for (i = 0; bad[i] != NULL; i++)
		assert_non_null(valid_int(bad[i], 0, 100, &v));
	assert_string_equal(valid_int("x", 1, 5, &v),
	    "must be a whole number from 1 to 5");
}

static void
slugs(void **state)
{
	static const char *const good[] = { "hamilton", "palmerston-north",
	    "a", "x1", NULL };
	static const char *const bad[] = { "", "-a", "a-", "Hamilton", "a b",
	    "a_b", "ā", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaa", NULL };
	size_t i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		assert_null(valid_slug(good[i]));
	for (i = 0; bad[i] != NULL; i++)
		assert_non_null(valid_slug(bad[i]));
}

static void
dates(void **state)
{
	static const char *const bad[] = { "", "2026-02-29", "2026-13-01",
	    "2026-00-10", "2026-1-01", "1899-12-31", "3000-01-01",
	    "2026-04-31", "2026-01-01T00:00", "26-01-01", NULL };
	int	 y, m, d;
	size_t	 i;

	(void)state;
	assert_null(valid_date("2028-02-29", &y, &m, &d));
	assert_int_equal(y, 2028);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_null(valid_date("2000-02-29", &y, &m, &d));
	assert_non_null(valid_date("2100-02-29", &y, &m, &d));
	for (i = 0; bad[i] != NULL; i++) {
		assert_non_null(valid_date(bad[i], &y, &m, &d));
		assert_non_null(valid_day(bad[i]));
	}
	assert_null(valid_day("2028-02-29"));
}

static void
times(void **state)
{
	static const char *const good[] = { "00:00", "09:05", "18:30",
	    "23:59", NULL };
	static const char *const bad[] = { "", "1::30", ":1:30", "12:3:",
	    "24:00", "12:60", "9:30", "09:30:00", "0930", "ab:cd", "12-30",
	    " 9:30", NULL };
	size_t	 i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		assert_null(valid_time(good[i]));
	for (i = 0; bad[i] != NULL; i++)
		assert_non_null(valid_time(bad[i]));
}

static void
enums(void **state)
{
	static const char *const keys[] = { "coordinator", "member",
	    "observer", NULL };
	int out = -1;

	(void)state;
	assert_null(valid_enum("observer", keys, &out));
	assert_int_equal(out, 2);
	assert_non_null(valid_enum("Observer", keys, &out));
	assert_non_null(valid_enum("", keys, &out));
}

static void
texts(void **state)
{
	char *out = NULL;

	(void)state;
	assert_null(valid_text("  Kia ora  ", 1, 20, 0, &out));
	assert_string_equal(out, "Kia ora");
	free(out);
	out = NULL;
	/* Lengths count code points, not bytes. */
	assert_null(valid_text("\xc4\x81\xc4\x81\xc4\x81", 3, 3, 0, &out));
	free(out);
	out = NULL;
	assert_string_equal(valid_text("   ", 1, 20, 0, &out), "is required");
	assert_null(out);
	assert_non_null(valid_text("abcdef", 1, 5, 0, &out));
	assert_non_null(valid_text("a\nb", 1, 20, 0, &out));
	assert_null(valid_text("a\nb\tc", 1, 20, 1, &out));
	free(out);
	out = NULL;
	assert_non_null(valid_text("a\x01z", 1, 20, 1, &out));
	assert_non_null(valid_text("\xff", 0, 20, 1, &out));
	assert_null(out);
}

static void
utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("Te reo M\xc4\x81ori", 13));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));		/* U+1F600 */
	assert_true(utf8_valid("\xd8\xb9\xd8\xb1\xd8\xa8", 6));	/* Arabic */
	assert_false(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\xc0\x80", 2));		/* overlong */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));		/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));		/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(utf8_valid("\xe2\x82", 2));		/* truncated */
	assert_false(utf8_valid("\x80", 1));			/* stray */
	assert_false(utf8_valid("\xf8\x88\x80\x80\x80", 5));
	assert_int_equal(utf8_length("M\xc4\x81ori", 6), 5);
	assert_int_equal(utf8_length("\xf0\x9f\x98\x80!", 5), 2);
	/* Cuts fall between characters: "M\xc4\x81ori" cut at 2 keeps "M". */
	assert_int_equal(utf8_prefix("M\xc4\x81ori", 2), 1);
	assert_int_equal(utf8_prefix("M\xc4\x81ori", 3), 3);
	assert_int_equal(utf8_prefix("M\xc4\x81ori", 100), 6);
	assert_int_equal(utf8_prefix("M\xc4\x81ori", 6), 6);
	assert_int_equal(utf8_prefix("\xf0\x9f\x98\x80!", 3), 0);
	assert_int_equal(utf8_prefix("\xf0\x9f\x98\x80!", 4), 4);
	assert_int_equal(utf8_prefix("", 5), 0);
}

static void
cents(void **state)
{
	static const char *const bad[] = { "", "$", "12.345", "-1", "abc",
	    "1,00", ",100", "1.", "12,3456", "1 000", "20000.01", NULL };
	long long	 v = 0;
	size_t		 i;

	(void)state;
	assert_null(valid_cents("120", 0, 2000000, &v));
	assert_int_equal(v, 12000);
	assert_null(valid_cents("85.5", 0, 2000000, &v));
	assert_int_equal(v, 8550);
	assert_null(valid_cents("$1,250.05", 0, 2000000, &v));
	assert_int_equal(v, 125005);
	assert_null(valid_cents("0", 0, 2000000, &v));
	assert_int_equal(v, 0);
	for (i = 0; bad[i] != NULL; i++)
		assert_non_null(valid_cents(bad[i], 0, 2000000, &v));
	assert_non_null(valid_cents("0.99", 100, 2000000, &v));
}

static void
ids(void **state)
{
	(void)state;
	assert_null(valid_id("1"));
	assert_null(valid_id("9223372036854775807"));
	assert_non_null(valid_id("0"));
	assert_non_null(valid_id("-3"));
	assert_non_null(valid_id("x"));
	assert_non_null(valid_id(""));
}

/* A cursor's instant: what 'epoch' + n microseconds holds, no more. */
static void
micros(void **state)
{
	static const char *const bad[] = { "", "abc", "-1", "1.5", " 1",
	    "253402300800000000", "99999999999999999999", NULL };
	size_t	 i;

	(void)state;
	assert_null(valid_micros("0"));
	assert_null(valid_micros("1767225600000000"));
	assert_null(valid_micros("253402300799999999"));
	for (i = 0; bad[i] != NULL; i++)
		assert_non_null(valid_micros(bad[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ints),
		cmocka_unit_test(slugs),
		cmocka_unit_test(dates),
		cmocka_unit_test(times),
		cmocka_unit_test(enums),
		cmocka_unit_test(texts),
		cmocka_unit_test(utf8),
		cmocka_unit_test(cents),
		cmocka_unit_test(ids),
		cmocka_unit_test(micros),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

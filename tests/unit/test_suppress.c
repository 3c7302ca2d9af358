/*
 * Unit tests for app/domain/suppress: which cells of a dimension are
 * shown, "<5" or hidden (docs/privacy.md), in the edge cases and, over
 * many random dimensions, that a small cell never follows from the total
 * and the cells shown; then the JSON shapes the views and exports use.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/domain/suppress.h"

#define S	CELL_SHOWN
#define L	CELL_SMALL
#define H	CELL_HIDDEN
#define MAXC	8

static const struct {
	const char	*what;
	size_t		 n;
	long long	 counts[MAXC];
	enum cell_mark	 want[MAXC];
	enum cell_mark	 total;
} cases[] = {
	{ "no cells", 0, { 0 }, { S }, S },
	{ "all large", 3, { 5, 9, 20 }, { S, S, S }, S },
	{ "five is shown", 2, { 5, 5 }, { S, S }, S },
	{ "four is small", 3, { 4, 10, 20 }, { L, H, S }, S },
	{ "one small: next smallest hidden", 4, { 30, 2, 9, 7 },
	    { S, L, S, H }, S },
	{ "tie for next smallest: first", 3, { 8, 3, 8 }, { H, L, S }, S },
	{ "two small: no secondary", 4, { 1, 4, 12, 30 }, { L, L, S, S }, S },
	{ "three small", 3, { 1, 1, 6 }, { L, L, S }, S },
	{ "one cell, small: the total is small", 1, { 3 }, { L }, L },
	{ "one cell, large", 1, { 40 }, { S }, S },
	{ "total under five", 2, { 1, 2 }, { L, L }, L },
	{ "total exactly five", 2, { 1, 4 }, { L, L }, S },
	{ "small beside a zero", 3, { 3, 0, 10 }, { L, H, S }, S },
	{ "zeros are not small", 3, { 0, 0, 12 }, { S, S, S }, S },
	{ "small and one large only", 2, { 2, 50 }, { L, H }, S },
	{ "negative read as zero", 2, { -4, 9 }, { S, S }, S },
};
#define NCASES	(sizeof(cases) / sizeof(cases[0]))

static void
edge_cases(void **state)
{
	enum cell_mark	 mark[MAXC];
	size_t		 i, k;

	(void)state;
	for (i = 0; i < NCASES; i++) {
		enum cell_mark total = suppress_cells(cases[i].counts,
		    cases[i].n, mark);

		if (total != cases[i].total)
			fail_msg("%s: total %d", cases[i].what, (int)total);
		for (k = 0; k < cases[i].n; k++)
			if (mark[k] != cases[i].want[k])
				fail_msg("%s: cell %zu is %d", cases[i].what, k,
				    (int)mark[k]);
	}
}

/*
 * Over many random dimensions: with the total shown, the hidden cells
 * are never exactly one (one would be the total less the rest), every
 * cell under five is hidden, and nothing of five or more is "<5".
 */
static void
never_derivable(void **state)
{
	long long	 counts[MAXC];
	enum cell_mark	 mark[MAXC];
	size_t		 n, k, hidden;
	int		 round;

	(void)state;
	srand(18);
	for (round = 0; round < 100000; round++) {
		n = 1 + (size_t)(rand() % MAXC);
		for (k = 0; k < n; k++)
			counts[k] = rand() % 3 == 0 ? rand() % 5 : rand() % 40;
		if (suppress_cells(counts, n, mark) != CELL_SHOWN)
			continue;
		hidden = 0;
		for (k = 0; k < n; k++) {
			hidden += mark[k] != CELL_SHOWN;
			if (counts[k] > 0 && counts[k] < SUPPRESS_MIN)
				assert_int_equal(mark[k], CELL_SMALL);
			if (counts[k] >= SUPPRESS_MIN)
				assert_int_not_equal(mark[k], CELL_SMALL);
		}
		assert_int_not_equal(hidden, 1);
	}
}

static void
texts(void **state)
{
	(void)state;
	assert_null(suppress_text(CELL_SHOWN));
	assert_string_equal(suppress_text(CELL_SMALL), "<5");
	assert_string_equal(suppress_text(CELL_HIDDEN), "suppressed");
}

static void
dimensions_in_json(void **state)
{
	json_t	*b = json_loads("{\"people_reached\": {"
	    "\"community\": {\"syrian\": 9, \"afghan\": 3, \"somali\": 20},"
	    "\"gender\": {\"female\": 16, \"male\": 16},"
	    "\"age_band\": {\"25_44\": 3}}}", 0, NULL);
	json_t	*want = json_loads("{\"people_reached\": {"
	    "\"community\": {\"syrian\": \"suppressed\", \"afghan\": \"<5\","
	    " \"somali\": 20},"
	    "\"gender\": {\"female\": 16, \"male\": 16},"
	    "\"age_band\": \"<5\"}}", 0, NULL);

	(void)state;
	assert_non_null(b);
	assert_int_equal(suppress_breakdowns(b), 0);
	if (!json_equal(b, want)) {
		char *got = json_dumps(b, JSON_SORT_KEYS);

		fail_msg("got %s", got);
	}
	json_decref(b);
	json_decref(want);
}

static void
rows_in_json(void **state)
{
	static const char *const group[] = { "location", "dimension", NULL };
	json_t	*rows = json_loads("["
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"female\", \"count\": 2},"
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"male\", \"count\": 11},"
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"another\", \"count\": 6},"
	    "{\"location\": \"a\", \"dimension\": \"language\", \"value\": \"so\", \"count\": 1},"
	    "{\"location\": \"a\", \"dimension\": \"language\", \"value\": \"ar\", \"count\": 2},"
	    "{\"location\": \"b\", \"dimension\": \"gender\", \"value\": \"male\", \"count\": 7}"
	    "]", 0, NULL);
	json_t	*want = json_loads("["
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"female\", \"count\": \"<5\"},"
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"male\", \"count\": 11},"
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"another\", \"count\": \"suppressed\"},"
	    "{\"location\": \"a\", \"dimension\": \"language\", \"value\": null, \"count\": \"<5\"},"
	    "{\"location\": \"b\", \"dimension\": \"gender\", \"value\": \"male\", \"count\": 7}"
	    "]", 0, NULL);

	(void)state;
	assert_non_null(rows);
	assert_int_equal(suppress_rows(rows, group, "value", "count"), 0);
	if (!json_equal(rows, want)) {
		char *got = json_dumps(rows, 0);

		fail_msg("got %s", got);
	}
	json_decref(rows);
	json_decref(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edge_cases),
		cmocka_unit_test(never_derivable),
		cmocka_unit_test(texts),
		cmocka_unit_test(dimensions_in_json),
		cmocka_unit_test(rows_in_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

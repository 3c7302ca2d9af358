/*
 * Unit tests for app/domain/suppress: which cells of a dimension are
 * shown or suppressed (docs/privacy.md), in the edge cases and, over many
 * random dimensions, that no suppressed cell can be pinned down from the
 * total and the cells shown; then the JSON shapes the views and exports
 * use.
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
	{ "four is small", 3, { 4, 10, 20 }, { H, H, S }, S },
	{ "one small: next smallest hidden", 4, { 30, 2, 9, 7 },
	    { S, H, S, H }, S },
	{ "tie for next smallest: first", 3, { 8, 3, 8 }, { H, H, S }, S },
	/* 1 + 4 = 5 less one is 4: both known small; a third goes. */
	{ "two small adding to five", 4, { 1, 4, 12, 30 }, { H, H, H, S }, S },
	/* 1 + 1 = 2: each would be 1.  The 6 goes with them. */
	{ "three small", 3, { 1, 1, 6 }, { H, H, H }, S },
	/* "<5" beside "suppressed" once pinned both: one label now. */
	{ "small beside five", 3, { 1, 5, 40 }, { H, H, S }, S },
	{ "three ones and a large", 4, { 1, 1, 1, 20 }, { H, H, H, H }, S },
	{ "small ones adding to eight", 4, { 4, 4, 30, 30 },
	    { H, H, S, S }, S },
	{ "one cell, small: the total is small", 1, { 3 }, { H }, H },
	{ "one cell, large", 1, { 40 }, { S }, S },
	{ "total under five", 2, { 1, 2 }, { H, H }, H },
	{ "total exactly five, nothing left to add", 2, { 1, 4 }, { H, H },
	    H },
	/* 3 + 3 = 6 less one is 5: either could be 1 to 5. */
	{ "two threes", 2, { 3, 3 }, { H, H }, S },
	{ "two and three: nothing left to add", 3, { 2, 3, 0 }, { H, H, S },
	    H },
	/* A zero is never the secondary cell: it would protect nothing. */
	{ "small beside a zero", 3, { 3, 0, 10 }, { H, S, H }, S },
	{ "small beside zeros only", 3, { 3, 0, 0 }, { H, S, S }, H },
	{ "small, zero, five", 3, { 2, 0, 5 }, { H, S, H }, S },
	{ "zeros are not small", 3, { 0, 0, 12 }, { S, S, S }, S },
	{ "small and one large only", 2, { 2, 50 }, { H, H }, S },
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
		if (total != S)
			continue;
		for (k = 0; k < cases[i].n; k++)
			if (mark[k] != cases[i].want[k])
				fail_msg("%s: cell %zu is %d", cases[i].what, k,
				    (int)mark[k]);
	}
}

/*
 * Over many random dimensions, published with their total: every cell
 * from 1 to 4 is hidden, no zero is, and what the reader can work out of
 * the hidden cells (their sum, each 1 or more) never pins one down: never
 * a single hidden cell, and the largest any of them could be is 5 or
 * more, so none is known to be small.
 */
static void
never_derivable(void **state)
{
	long long	 counts[MAXC], sum;
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
		sum = 0;
		for (k = 0; k < n; k++) {
			if (mark[k] == CELL_HIDDEN) {
				hidden++;
				sum += counts[k];
				assert_true(counts[k] > 0);
			}
			if (counts[k] > 0 && counts[k] < SUPPRESS_MIN)
				assert_int_equal(mark[k], CELL_HIDDEN);
		}
		assert_int_not_equal(hidden, 1);
		if (hidden > 0)
			assert_true(sum - (long long)(hidden - 1) >=
			    SUPPRESS_MIN);
	}
}

static void
texts(void **state)
{
	(void)state;
	assert_null(suppress_text(CELL_SHOWN));
	assert_string_equal(suppress_text(CELL_HIDDEN), "suppressed");
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
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"female\", \"count\": \"suppressed\"},"
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"male\", \"count\": 11},"
	    "{\"location\": \"a\", \"dimension\": \"gender\", \"value\": \"another\", \"count\": \"suppressed\"},"
	    "{\"location\": \"a\", \"dimension\": \"language\", \"value\": null, \"count\": \"suppressed\"},"
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
		cmocka_unit_test(rows_in_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * suppress: small-cell suppression of breakdowns (see suppress.h and
 * docs/privacy.md for the rule and why).
 */
#include <stdlib.h>
#include <string.h>

#include "suppress.h"

const char *const breakdown_dimensions[] = { "community", "language",
	"gender", "age_band", NULL };
const char *const breakdown_genders[] = { "female", "male", "another",
	"not_stated", NULL };
const char *const breakdown_age_bands[] = { "0_14", "15_24", "25_44",
	"45_64", "65_plus", "not_stated", NULL };

static int
small(long long n)
{
	return n > 0 && n < SUPPRESS_MIN;
}

/* Hides the smallest non-zero cell still shown (the first of equal
 * ones): 0, or -1 when none is left.  A zero is never hidden: a reader
 * who knows hidden cells are 1 or more learns nothing from it. */
static int
hide_next(const long long *counts, size_t n, enum cell_mark *mark)
{
	size_t	 i, pick = n;

	for (i = 0; i < n; i++)
		if (mark[i] == CELL_SHOWN && counts[i] > 0 && (pick == n ||
		    counts[i] < counts[pick]))
			pick = i;
	if (pick == n)
		return -1;
	mark[pick] = CELL_HIDDEN;
	return 0;
}

/* Whether the total less the cells shown could pin a hidden cell down:
 * one hidden cell is that difference; several, each 1 or more, of which
 * the largest possible is still under SUPPRESS_MIN, are each known small. */
static int
derivable(const long long *counts, size_t n, const enum cell_mark *mark)
{
	long long	 sum = 0;
	size_t		 i, hidden = 0;

	for (i = 0; i < n; i++)
		if (mark[i] == CELL_HIDDEN) {
			sum += counts[i];
			hidden++;
		}
	return hidden == 1 || (hidden > 1 &&
	    sum - (long long)(hidden - 1) < SUPPRESS_MIN);
}

enum cell_mark
suppress_cells(const long long *counts, size_t n, enum cell_mark *mark)
{
	long long	 total = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		total += counts[i] > 0 ? counts[i] : 0;
		mark[i] = small(counts[i]) ? CELL_HIDDEN : CELL_SHOWN;
	}
	if (small(total))
		return CELL_HIDDEN;
	while (derivable(counts, n, mark))
		if (hide_next(counts, n, mark) == -1)
			return CELL_HIDDEN;
	return CELL_SHOWN;
}

const char *
suppress_text(enum cell_mark m)
{
	return m == CELL_HIDDEN ? "suppressed" : NULL;
}

/* Marks n cells given as JSON integers: each cells[i] becomes a new
 * string for a hidden cell, NULL for one shown.  0, 1 when the whole
 * dimension goes, or -1 out of memory. */
static int
mark_json(json_t **cells, size_t n)
{
	long long	*counts;
	enum cell_mark	*mark, whole;
	size_t		 i;

	if (n == 0)
		return 0;
	counts = calloc(n, sizeof(*counts));
	mark = calloc(n, sizeof(*mark));
	if (counts == NULL || mark == NULL) {
		free(counts);
		free(mark);
		return -1;
	}
	for (i = 0; i < n; i++)
		counts[i] = json_integer_value(cells[i]);
	whole = suppress_cells(counts, n, mark);
	for (i = 0; i < n; i++)
		cells[i] = mark[i] == CELL_SHOWN || whole != CELL_SHOWN ? NULL :
		    json_string(suppress_text(mark[i]));
	free(counts);
	free(mark);
	return whole != CELL_SHOWN;
}

/* Whether rows a and b belong to the same dimension. */
static int
same_group(json_t *a, json_t *b, const char *const *group)
{
	for (; *group != NULL; group++)
		if (!json_equal(json_object_get(a, *group),
		    json_object_get(b, *group)))
			return 0;
	return 1;
}

/*
 * Suppresses rows[from, to) as one dimension; a dimension suppressed
 * whole becomes its first row alone, value (the member named value) null
 * and count "suppressed".  Returns how many rows the run has now, or 0
 * out of memory (the run removed: better nothing than a count in the
 * clear).
 */
static size_t
suppress_run(json_t *rows, size_t from, size_t to, const char *value,
    const char *count)
{
	json_t		**slot;
	size_t		 i, n = to - from;
	int		 rc;

	if ((slot = calloc(n, sizeof(*slot))) == NULL)
		rc = -1;
	else {
		for (i = 0; i < n; i++)
			slot[i] = json_object_get(json_array_get(rows,
			    from + i), count);
		rc = mark_json(slot, n);
	}
	for (i = 0; rc == 0 && i < n; i++)
		if (slot[i] != NULL)
			json_object_set_new(json_array_get(rows, from + i),
			    count, slot[i]);
	free(slot);
	if (rc == 0)
		return n;
	for (i = n; i > (rc == 1 ? 1 : 0); i--)
		json_array_remove(rows, from + i - 1);
	if (rc == 1) {
		json_object_set_new(json_array_get(rows, from), value,
		    json_null());
		json_object_set_new(json_array_get(rows, from), count,
		    json_string(suppress_text(CELL_HIDDEN)));
	}
	return rc == 1 ? 1 : 0;
}

int
suppress_rows(json_t *rows, const char *const *group, const char *value,
    const char *count)
{
	size_t	 from = 0, i;

	for (i = 1; i <= json_array_size(rows); i++) {
		if (i < json_array_size(rows) && same_group(json_array_get(rows,
		    from), json_array_get(rows, i), group))
			continue;
		i = from + suppress_run(rows, from, i, value, count);
		from = i;
	}
	return 0;
}

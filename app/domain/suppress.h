/*
 * suppress: small-cell suppression of breakdowns (docs/privacy.md), the
 * one place that decides which counts people outside a location's
 * working group may see, and the fixed lists a figure is broken down by.
 *
 * A dimension (community, language, gender, age band) of a figure or of a
 * sum of figures is a row of cells that add up to its total.  Published,
 * a cell under SUPPRESS_MIN is shown as "<5" (primary suppression); when
 * exactly one cell of a dimension is, the smallest other cell is hidden
 * too (secondary suppression), so that the total less the cells shown
 * never gives the suppressed one.  A dimension whose total is under
 * SUPPRESS_MIN is shown only as "<5", its values left out: one small
 * cell would otherwise be the total, and the values alone would say who
 * the few people are.
 */
#ifndef PORTAL_SUPPRESS_H
#define PORTAL_SUPPRESS_H

#include <stddef.h>

#include <jansson.h>

#define SUPPRESS_MIN	5

enum cell_mark {
	CELL_SHOWN,
	CELL_SMALL,	/* under SUPPRESS_MIN: shown as "<5" */
	CELL_HIDDEN,	/* hidden so that a small one cannot be derived */
};

/*
 * Marks each of the n cells of one dimension (counts, 0 or more) and
 * returns the mark of their total.  mark has room for n.  Ties for the
 * secondary cell go to the first in order, so the same data always hides
 * the same cell.
 */
enum cell_mark	suppress_cells(const long long *counts, size_t n,
		    enum cell_mark *mark);

/* What a marked cell shows instead of its count: "<5", "suppressed". */
const char	*suppress_text(enum cell_mark);

/*
 * Suppresses, in place, every dimension of dims ({dimension: {value:
 * count}}): each marked count becomes suppress_text(), and a dimension
 * whose total is small the string "<5".  Returns 0, or -1 out of memory.
 */
int		 suppress_dimensions(json_t *dims);
/* The same for every indicator of breakdowns ({indicator: dims}). */
int		 suppress_breakdowns(json_t *breakdowns);

/*
 * Suppresses rows (an array of objects, ordered so that a dimension's
 * rows are together) in place: a dimension is a run of rows with equal
 * values of every member named in group (NULL-terminated), its cells
 * their member count.  A dimension whose total is small becomes one row,
 * member value null and count "<5"; out of memory, a dimension's rows
 * are removed.  Returns 0.
 */
int		 suppress_rows(json_t *rows, const char *const *group,
		    const char *value, const char *count);

/* The breakdown dimensions, genders and age bands: NULL-terminated keys. */
extern const char *const breakdown_dimensions[];
extern const char *const breakdown_genders[];
extern const char *const breakdown_age_bands[];

#endif

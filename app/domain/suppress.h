/*
 * suppress: small-cell suppression of breakdowns (docs/privacy.md), the
 * one place that decides which counts people outside a location's
 * working group may see, and the fixed lists a figure is broken down by.
 *
 * A dimension (community, language, gender, age band) of a figure or of a
 * sum of figures is a row of cells that add up to its total, and the
 * total is published beside it.  Every suppressed cell reads the same,
 * "suppressed", so that a label never says whether a cell is small.  A
 * cell from 1 to SUPPRESS_MIN - 1 is suppressed (primary); then, while
 * the suppressed cells could be pinned down from the total less the cells
 * shown (a single one, or several whose sum less one for each other is
 * under SUPPRESS_MIN), the smallest non-zero shown cell is suppressed too
 * (secondary).  A dimension whose total is under SUPPRESS_MIN, or that
 * runs out of cells to add, is suppressed whole, its values left out: a
 * single small cell would otherwise be the total, and the values alone
 * would say who the few people are.
 */
#ifndef PORTAL_SUPPRESS_H
#define PORTAL_SUPPRESS_H

#include <stddef.h>

#include <jansson.h>

#define SUPPRESS_MIN	5

enum cell_mark {
	CELL_SHOWN,
	CELL_HIDDEN,	/* small, or hidden so a small one cannot be derived */
};

/*
 * Marks each of the n cells of one dimension (counts, 0 or more) and
 * returns CELL_HIDDEN when the whole dimension is suppressed (its marks
 * then mean nothing).  mark has room for n.  Ties for a secondary cell go
 * to the first in order, so the same data always hides the same cells.
 */
enum cell_mark	suppress_cells(const long long *counts, size_t n,
		    enum cell_mark *mark);

/* What a hidden cell shows instead of its count: "suppressed". */
const char	*suppress_text(enum cell_mark);

/*
 * Suppresses rows (an array of objects, ordered so that a dimension's
 * rows are together) in place: a dimension is a run of rows with equal
 * values of every member named in group (NULL-terminated), its cells
 * their member count.  A dimension suppressed whole becomes one row,
 * member value null and count "suppressed"; out of memory, a dimension's
 * rows are removed.  Returns 0.
 */
int		 suppress_rows(json_t *rows, const char *const *group,
		    const char *value, const char *count);

/* The breakdown dimensions, genders and age bands: NULL-terminated keys. */
extern const char *const breakdown_dimensions[];
extern const char *const breakdown_genders[];
extern const char *const breakdown_age_bands[];

#endif

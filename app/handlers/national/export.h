/*
 * export: the exports for evaluation (export.c), shared by a location's
 * exports at /api/v1/locations/{slug}/exports/{name} and the national ones
 * at /api/v1/national/exports/{name} (national_export.c).
 */
#ifndef PORTAL_EXPORT_H
#define PORTAL_EXPORT_H

#include "../handler.h"

/* [{"name", "title", "dates"}] of every export, for the exports page;
 * new array. */
json_t	*export_list(void);
/*
 * Answers the route's export {name} as c->view: the rows of locations (a
 * JSON array of slugs, stolen; NULL for every location) that match the
 * query's ?area=, ?element=, ?outcome_area= and date range (?from=, ?to=
 * or ?fy=), in ?format= (csv or json), with a "location" column first when
 * national.  stem starts the file's name ("hamilton", "national").  Fields
 * recorded by the caller (ctx_field) join the 400 for bad filters.  The
 * export is recorded in the audit trail.  Returns a status.
 */
/* Suppresses the breakdowns export's rows (ordered by location,
 * indicator, dimension) in place, as everyone outside the location's
 * working group sees them (domain/suppress.h). */
void	export_suppress(json_t *rows);
int	export_answer(struct ctx *, const char *stem, json_t *locations,
	    int national);

#endif

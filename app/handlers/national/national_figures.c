/*
 * national_figures: what targets and breakdowns add to the national
 * overview (national.c calls national_figures()): each national
 * indicator's targets across active locations against their confirmed
 * running totals, and each listed location's breakdowns of confirmed
 * figures, small counts suppressed (docs/privacy.md).  Both are computed
 * exactly as the national exports "targets" and "breakdowns" are, so the
 * overview can be reproduced from them (tests/e2e/national-reproduce).
 */
#include <stdlib.h>

#include "../../db/national.h"
#include "../../db/target.h"
#include "export.h"
#include "../initiatives/target.h"

/* The listed locations' breakdowns: rows of the breakdowns export for
 * their slugs, suppressed.  0 with *rows, or a status. */
static int
breakdown_rows(struct ctx *c, json_t *locations, json_t **rows)
{
	struct db_export_filter f = { 0 };
	enum db_status	 st;
	char		*text;

	*rows = NULL;
	if ((text = target_pluck(locations, "slug")) == NULL)
		return ctx_fail(c, 500, "Out of memory.");
	f.locations = text;
	/* A page lists at most PAGE_MAX locations; their cells are few. */
	st = db_export_rows(c->app->db, DB_EXPORT_BREAKDOWNS, &f, 100000,
	    rows);
	free(text);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	export_suppress(*rows);
	return 0;
}

int
national_figures(struct ctx *c, json_t *locations)
{
	json_t		*targets, *rows, *loc, *r, *mine;
	enum db_status	 st;
	size_t		 i, k;
	int		 status;

	if ((st = db_targets_national(c->app->db, &targets)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(c->view, "targets", targets);
	if ((status = breakdown_rows(c, locations, &rows)) != 0)
		return status;
	json_array_foreach(locations, i, loc) {
		mine = json_array();
		json_array_foreach(rows, k, r)
			if (json_equal(json_object_get(r, "location"),
			    json_object_get(loc, "slug")))
				json_array_append(mine, r);
		json_object_set_new(loc, "breakdowns", mine);
	}
	json_decref(rows);
	return 0;
}

/*
 * portalctl_locations: the location commands (see portalctl.h).
 *
 *   portalctl location list
 *   portalctl location add SLUG NAME REGION
 *   portalctl location archive SLUG
 *
 * Each change is one statement of db/admin.c that also writes its
 * audit_log row.
 */
#include <stdio.h>
#include <string.h>

#include "../db/admin.h"
#include "../util/buf.h"
#include "portalctl.h"

const char *
check_location_add(struct args *a)
{
	const char	*why;

	if ((why = ctl_check_slug(a)) != NULL ||
	    (why = ctl_check_text("NAME", a->op[1], 1, 120,
	    &a->name)) != NULL ||
	    (why = ctl_check_text("REGION", a->op[2], 1, 120,
	    &a->region)) != NULL)
		return why;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Locations                                                          */
/* ------------------------------------------------------------------ */

int
cmd_location_list(struct db *db, struct args *a)
{
	json_t		*rows, *r;
	size_t		 i;

	(void)a;
	if (db_admin_locations(db, &rows) != DB_OK)
		return ctl_failed(db);
	json_array_foreach(rows, i, r)
		printf("%-20s %-20s %-28s %s\n", ctl_col(r, "slug"),
		    ctl_col(r, "name"), ctl_col(r, "region"),
		    ctl_col(r, "status"));
	json_decref(rows);
	return 0;
}

/* Prints the new location's id. */
int
cmd_location_add(struct db *db, struct args *a)
{
	json_t		*row;

	if (db_admin_location_add(db, a->op[0], a->name, a->region,
	    ctl_operator(), &row) != DB_OK)
		return ctl_failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: a location with slug %s already "
		    "exists (portalctl location list shows it)\n", a->op[0]);
		return 1;
	}
	printf("%s\n", ctl_col(row, "id"));
	json_decref(row);
	return 0;
}

/*
 * Archiving keeps the location's data; it leaves the public lists and its
 * members' memberships stop counting.  Archiving twice is not an error.
 */
int
cmd_location_archive(struct db *db, struct args *a)
{
	json_t		*row;
	int		 rc = 1;

	if (db_admin_location_archive(db, a->op[0], ctl_operator(), &row) !=
	    DB_OK)
		return ctl_failed(db);
	if (json_is_null(json_object_get(row, "status")))
		fprintf(stderr, "portalctl: no location with slug %s\n",
		    a->op[0]);
	else {
		printf(strcmp(ctl_col(row, "archived"), "0") == 0 ?
		    "%s was already archived\n" : "archived %s\n", a->op[0]);
		rc = 0;
	}
	json_decref(row);
	return rc;
}

/*
 * audit: a location's audit trail (/l/{slug}/wg/audit and
 * /api/v1/locations/{slug}/audit): sign-ins, invitations, role changes and
 * removals, newest first.  Coordinators see their location's trail and
 * INZ staff every location's, and all of it at /national/audit; the table
 * is append-only for portald.
 */
#include <stdio.h>

#include "../db/identity.h"
#include "../http/validate.h"
#include "handler.h"

/* One page of the trail: of the route's location, or of everything. */
static int
audit_page(struct ctx *c, int everything)
{
	json_t		*items;
	long long	 limit;
	const char	*cursor;
	enum db_status	 st;

	if (ctx_page(c, &limit, &cursor, valid_id) == -1)
		return ctx_fail(c, 400, "The list cannot be paged that way.");
	st = db_audit_list(c->app->db, everything ? 0 : ctx_location_id(c),
	    cursor, limit + 1, &items);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	return ctx_page_view(c, items, limit, "id");
}

int
audit_list(struct ctx *c)
{
	int status;

	if ((status = audit_page(c, 0)) == 200)
		json_object_set_new(c->view, "location",
		    ctx_location_public(c));
	return status;
}

int
audit_all(struct ctx *c)
{
	return audit_page(c, 1);
}

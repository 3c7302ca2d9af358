/*
 * audit: a location's audit trail (/l/{slug}/wg/audit and
 * /api/v1/locations/{slug}/audit): sign-ins, invitations, role changes and
 * removals, newest first.  Coordinators see their location's trail and
 * INZ staff every location's, and all of it at /national/audit; the table
 * is append-only for portald.  /national/audit/chain (and its /api/v1
 * twin) checks every location's hash chain and signed head (sql/023,
 * auth/seal.h) and names the first entry that no longer matches.
 */
#include <stdio.h>

#include <sodium.h>

#include "../../auth/seal.h"
#include "../../db/audit.h"
#include "../../db/identity.h"
#include "../../http/validate.h"
#include "../handler.h"

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

/*
 * Every chain, judged: intact, or the first entry that no longer matches
 * and why; with its latest signed head and the key that checks it, for
 * INZ to keep outside the database.
 */
int
audit_chain(struct ctx *c)
{
	json_t		*rows = NULL, *row;
	const char	*text;
	char		 pk[SEAL_PK_BYTES * 2 + 1];
	size_t		 i;
	enum db_status	 st;
	int		 broken;

	if ((st = db_audit_chains(c->app->db, NULL, &rows)) != DB_OK)
		return ctx_db_fail(c, st);
	broken = seal_judge(c->app->site.seal_pk, rows);
	json_array_foreach(rows, i, row) {
		text = seal_problem_text(json_string_value(
		    json_object_get(row, "problem")));
		json_object_set_new(row, "problem_text", text != NULL ?
		    json_string(ctx_text(c, text)) : json_null());
	}
	sodium_bin2hex(pk, sizeof(pk), c->app->site.seal_pk, SEAL_PK_BYTES);
	c->view = json_pack("{s:o, s:i, s:b, s:s}", "chains", rows,
	    "broken", broken, "intact", broken == 0, "public_key", pk);
	return 200;
}

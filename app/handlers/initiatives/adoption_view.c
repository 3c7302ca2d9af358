/*
 * adoption_view: what an initiative's view says of adoption (see
 * handler.h, adoption_decorate()): where it was adopted from, how many
 * locations adopted it, and which of the asker's own locations may adopt
 * it.  The initiative's page (initiative.c) and an adoption just made
 * (overlap.c) both show it.
 */
#include <string.h>

#include "../../db/initiative.h"
#include "../../domain/role.h"
#include "../handler.h"

/* The asker's locations, other than the route's, where they may write:
 * [{"slug", "name"}] for the adopt form; new array. */
static json_t *
adopt_targets(const struct ctx *c)
{
	const char	*here = json_string_value(json_object_get(c->location,
	    "slug"));
	json_t		*out = json_array(), *m;
	const char	*role, *slug;
	size_t		 i;

	json_array_foreach(json_object_get(c->auth.user, "memberships"), i, m) {
		role = json_string_value(json_object_get(m, "role"));
		slug = json_string_value(json_object_get(m, "location"));
		if (slug == NULL || strcmp(slug, here) == 0 ||
		    !role_can_write(role_parse(role)))
			continue;
		json_array_append_new(out, json_pack("{s:s, s:O}", "slug", slug,
		    "name", json_object_get(m, "location_name")));
	}
	return out;
}

int
adoption_decorate(struct ctx *c, json_t *ini)
{
	json_t		*row = NULL;
	enum db_status	 st;

	if ((st = db_adoption_info(c->app->db, json_integer_value(
	    json_object_get(ini, "id")), &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		row = json_pack("{s:n, s:i}", "adopted_from", "adoptions", 0);
	json_object_set(ini, "adopted_from", json_object_get(row,
	    "adopted_from"));
	json_object_set(ini, "adoptions", json_object_get(row, "adoptions"));
	json_decref(row);
	/* Signed-in pages are never kept for others (http/cache.h): the
	 * person's own locations may be offered here. */
	if (c->auth.user != NULL &&
	    json_is_true(json_object_get(ini, "published")))
		json_object_set_new(ini, "adopt_to", adopt_targets(c));
	return 0;
}

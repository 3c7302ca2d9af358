/*
 * location: queries on the locations table, the portal's tenants.
 */
#ifndef PORTAL_DB_LOCATION_H
#define PORTAL_DB_LOCATION_H

#include "db.h"

/*
 * Active locations in slug order after the slug `after` ("" for the
 * first page), at most limit of them: *items is a new array of
 * {slug, name, region}.
 */
enum db_status	db_location_list(struct db *, const char *after, int limit,
		    json_t **items);
/* The active location with this slug: *loc is a new object, or NULL. */
enum db_status	db_location_get(struct db *, const char *slug, json_t **loc);
/* The same with its id, for the portal's own use; not for views. */
enum db_status	db_location_ref(struct db *, const char *slug, json_t **loc);

#endif

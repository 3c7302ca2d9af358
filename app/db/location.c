/*
 * location: queries on the locations table (see location.h).
 */
#include <stdio.h>

#include "location.h"

enum db_status
db_location_list(struct db *db, const char *after, int limit, json_t **items)
{
	char	 lim[16];

	snprintf(lim, sizeof(lim), "%d", limit);
	return db_rows(db, STMT_LOCATION_LIST, DB_PARAMS(after, lim),
	    items);
}

enum db_status
db_location_get(struct db *db, const char *slug, json_t **loc)
{
	return db_row(db, STMT_LOCATION_BY_SLUG, DB_PARAMS(slug), loc);
}

enum db_status
db_location_ref(struct db *db, const char *slug, json_t **loc)
{
	return db_row(db, STMT_LOCATION_REF, DB_PARAMS(slug), loc);
}

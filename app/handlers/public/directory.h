/*
 * directory: what the service directory's handlers share
 * (directory.c: the lists, pages and forms; directory_import.c: bulk
 * import from CSV).
 */
#ifndef PORTAL_HANDLERS_DIRECTORY_H
#define PORTAL_HANDLERS_DIRECTORY_H

#include "../handler.h"

/*
 * Checks a service given in `in` into values, with a message by each bad
 * field (ctx_field).  in holds text under the field names of
 * db/directory.h; the lists ("categories", "languages", "locations") as
 * arrays of text or as text split at ";" or ","; "free" as a boolean or
 * yes/no text; "checked_on" as a date or empty.  Absent fields read as
 * empty.  Nothing is looked up in the database.
 */
void	directory_check(struct ctx *, json_t *in, json_t *values);
/* Records a message by "locations" for slugs of values' "locations"
 * that name no location.  0, or a database status. */
enum db_status directory_locations_known(struct ctx *, json_t *values);
/* Keeps checked values as a new service of the route's location, listed
 * there and in values' "locations": *id.  A database status. */
enum db_status directory_create(struct ctx *, json_t *values,
	    long long *id);
/* The CSV columns of a service, in order, NULL-terminated: what the
 * directory's CSV gives and its import reads. */
extern const char *const directory_columns[];

#endif

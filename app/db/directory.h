/*
 * directory: typed queries behind the service directory (sql/021): a
 * location's listed services, one service, writing one and where it is
 * listed.  Handlers call these instead of filling parameter arrays; the
 * SQL is in stmt_directory.inc.
 */
#ifndef PORTAL_DB_DIRECTORY_H
#define PORTAL_DB_DIRECTORY_H

#include "db.h"

/* A page of a location's directory; NULL filters are unset. */
struct db_service_query {
	long long	 location_id;
	const char	*q, *category, *language;
	const char	*after_key, *after_id;	/* the cursor, or NULL */
	long long	 limit;
};
/* *rows: the services (each with its "sort_key"); a new array. */
enum db_status	db_services_list(struct db *, const struct db_service_query *,
		    json_t **rows);
/* Service id as listed in the location: *row new, or NULL. */
enum db_status	db_service_get(struct db *, long long location_id,
		    long long id, json_t **row);

/*
 * A service's fields as the handlers check them: an object with the
 * text members "name", "organisation", "description", "eligibility",
 * "cost", "hours", "address", "phone", "email", "website",
 * "accessibility" and "language", the arrays of text "categories" and
 * "languages", the boolean "free" and "checked_on" (a date or null).
 */
/* Keeps a new service of location_id written by user: *row {id}. */
enum db_status	db_service_create(struct db *, long long location_id,
		    long long user_id, json_t *fields, json_t **row);
/* Saves service id of location_id at version: *row {id}, or NULL when
 * the version is stale or the location does not keep it. */
enum db_status	db_service_save(struct db *, long long location_id,
		    long long id, long long version, json_t *fields,
		    json_t **row);
/* Removes service id kept by location_id; *count rows removed. */
enum db_status	db_service_delete(struct db *, long long location_id,
		    long long id, long *count);
/* Lists service id in the locations of slugs (an array) and in
 * location_id, which keeps it, and nowhere else. */
enum db_status	db_service_list_at(struct db *, long long location_id,
		    long long id, json_t *slugs);
/* *rows: the slugs of slugs (an array) that name no location; new. */
enum db_status	db_locations_unknown(struct db *, json_t *slugs,
		    json_t **rows);

/* *rows: [{code, services}] of the languages the services listed in
 * location slug are offered in, most offered first; new. */
enum db_status	db_service_languages(struct db *, const char *slug,
		    json_t **rows);
/* *rows: [{sector, members}] of location slug's working group: counts
 * only, for anyone (sql/022 location_sectors()); new. */
enum db_status	db_location_sectors(struct db *, const char *slug,
		    json_t **rows);

#endif

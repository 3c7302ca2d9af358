/*
 * setup: typed queries behind INZ setting up working groups (see
 * setup.h).
 */
#include "setup.h"
#include "param.h"

enum db_status
db_setup_locations(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_SETUP_LOCATIONS, DB_NO_PARAMS, rows);
}

enum db_status
db_setup_location_add(struct db *db, const char *slug, const char *name,
    const char *region, json_t **row)
{
	return db_row(db, STMT_SETUP_LOCATION_ADD, DB_PARAMS(slug,
	    name, region), row);
}

enum db_status
db_setup_location_archive(struct db *db, const char *slug, json_t **row)
{
	return db_row(db, STMT_SETUP_LOCATION_ARCHIVE, DB_PARAMS(
	    slug), row);
}

enum db_status
db_setup_reviewers(struct db *db, long long location_id, long long *n)
{
	char		 loc[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_SETUP_REVIEWERS, DB_PARAMS(
	    ID(loc, location_id)), &row);
	*n = json_integer_value(json_object_get(row, "n"));
	json_decref(row);
	return st;
}

enum db_status
db_setup_round_pause(struct db *db, long long location_id, long long round_id,
    int paused, long long user_id, int *changed)
{
	char		 loc[24], round[24], user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_SETUP_ROUND_PAUSE, DB_PARAMS(
	    ID(loc, location_id), ID(round, round_id), paused ? "t" : "f",
	    ID(user, user_id)), &row);
	*changed = row != NULL;
	json_decref(row);
	return st;
}

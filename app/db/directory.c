/*
 * directory: typed queries behind the service directory (see
 * directory.h).  The positional parameters of stmt_directory.inc are
 * filled here and nowhere else.
 */
#include <stdio.h>
#include <stdlib.h>

#include "directory.h"
#include "param.h"

/* The members of a service's fields, in SERVICE_FIELDS' order (stmt.c). */
static const char *const service_fields[] = { "name", "organisation",
	"description", "categories", "languages", "eligibility", "free",
	"cost", "hours", "address", "phone", "email", "website",
	"accessibility", "checked_on", "language" };
#define NFIELDS	(sizeof(service_fields) / sizeof(service_fields[0]))

enum db_status
db_services_list(struct db *db, const struct db_service_query *q,
    json_t **rows)
{
	char	 loc[24], limit[24];

	return db_rows(db, STMT_SERVICES_LIST, DB_PARAMS(
	    ID(loc, q->location_id), q->q, q->category, q->language,
	    q->after_key, q->after_id, ID(limit, q->limit)), rows);
}

enum db_status
db_service_get(struct db *db, long long location_id, long long id,
    json_t **row)
{
	return row_by_ids(db, STMT_SERVICE_GET, location_id, id, row);
}

enum db_status
db_service_create(struct db *db, long long location_id, long long user_id,
    json_t *fields, json_t **row)
{
	char	 loc[24], user[24];

	return db_json_row(db, STMT_SERVICE_CREATE, DB_PARAMS(ID(loc, location_id),
	    ID(user, user_id)), fields, service_fields, NFIELDS, row);
}

enum db_status
db_service_save(struct db *db, long long location_id, long long id,
    long long version, json_t *fields, json_t **row)
{
	char	 loc[24], sid[24], ver[24];

	return db_json_row(db, STMT_SERVICE_SAVE, DB_PARAMS(ID(sid, id),
	    ID(loc, location_id), ID(ver, version)), fields, service_fields,
	    NFIELDS, row);
}

enum db_status
db_service_delete(struct db *db, long long location_id, long long id,
    long *count)
{
	char	 loc[24], sid[24];

	return db_command(db, STMT_SERVICE_DELETE, DB_PARAMS(
	    ID(sid, id), ID(loc, location_id)), count);
}

enum db_status
db_service_list_at(struct db *db, long long location_id, long long id,
    json_t *slugs)
{
	char		 loc[24], sid[24], *text;
	enum db_status	 st;

	if ((text = json_dumps(slugs, JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_command(db, STMT_SERVICE_LIST_AT, DB_PARAMS(
	    ID(sid, id), text, ID(loc, location_id)), NULL);
	free(text);
	return st;
}

enum db_status
db_locations_unknown(struct db *db, json_t *slugs, json_t **rows)
{
	char		*text;
	enum db_status	 st;

	*rows = NULL;
	if ((text = json_dumps(slugs, JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_rows(db, STMT_EXPORT_UNKNOWN_LOCATIONS, DB_PARAMS(
	    text), rows);
	free(text);
	return st;
}

enum db_status
db_service_languages(struct db *db, const char *slug, json_t **rows)
{
	return db_rows(db, STMT_SERVICE_LANGUAGES, DB_PARAMS(slug),
	    rows);
}

enum db_status
db_location_sectors(struct db *db, const char *slug, json_t **rows)
{
	return db_rows(db, STMT_LOCATION_SECTORS, DB_PARAMS(slug),
	    rows);
}

/*
 * events: typed queries behind the events calendar (see events.h).  The
 * positional parameters of stmt_events.inc are filled here and nowhere
 * else.
 */
#include <stdio.h>

#include "events.h"
#include "param.h"

/* The members of an event's fields, in EVENT_FIELDS' order (stmt.c). */
static const char *const event_fields[] = { "title", "description",
	"starts_at", "ends_at", "place", "languages", "free", "cost",
	"accessibility", "registration_url", "initiative_id", "status",
	"language" };
#define NFIELDS	(sizeof(event_fields) / sizeof(event_fields[0]))

enum db_status
db_events_list(struct db *db, const struct db_event_query *q, json_t **rows)
{
	char	 loc[24], days[24], limit[24];

	return db_rows(db, STMT_EVENTS_LIST, DB_PARAMS(
	    q->location_id != 0 ? ID(loc, q->location_id) : NULL,
	    ID(days, q->days_back), q->after_key, q->after_id,
	    ID(limit, q->limit)), rows);
}

enum db_status
db_event_get(struct db *db, long long location_id, long long id,
    json_t **row)
{
	return row_by_ids(db, STMT_EVENT_GET, location_id, id, row);
}

enum db_status
db_event_create(struct db *db, long long location_id, long long user_id,
    json_t *fields, json_t **row)
{
	char	 loc[24], user[24];

	return db_json_row(db, STMT_EVENT_CREATE, DB_PARAMS(
	    ID(loc, location_id), ID(user, user_id)), fields,
	    event_fields, NFIELDS, row);
}

enum db_status
db_event_save(struct db *db, long long location_id, long long id,
    long long version, json_t *fields, json_t **row)
{
	char	 loc[24], eid[24], ver[24];

	return db_json_row(db, STMT_EVENT_SAVE, DB_PARAMS(
	    ID(eid, id), ID(loc, location_id), ID(ver, version)), fields,
	    event_fields, NFIELDS, row);
}

enum db_status
db_events_upcoming(struct db *db, const char *slug, int limit, json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_EVENTS_UPCOMING, DB_PARAMS(slug,
	    ID(n, limit)), rows);
}

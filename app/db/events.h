/*
 * events: typed queries behind the events calendar (sql/022): a
 * location's events or every location's, one event, writing one.  The
 * SQL is in stmt_events.inc.
 */
#ifndef PORTAL_DB_EVENTS_H
#define PORTAL_DB_EVENTS_H

#include "db.h"

/* A page of events that end after days_back days ago, by start; every
 * location's when location_id is 0. */
struct db_event_query {
	long long	 location_id;
	int		 days_back;
	const char	*after_key, *after_id;	/* the cursor, or NULL */
	long long	 limit;
};
/* *rows: the events (each with its "sort_key"); a new array. */
enum db_status	db_events_list(struct db *, const struct db_event_query *,
		    json_t **rows);
/* Event id of location_id: *row new, or NULL. */
enum db_status	db_event_get(struct db *, long long location_id,
		    long long id, json_t **row);
/*
 * An event's fields as the handlers check them: an object with the text
 * members "title", "description", "starts_at", "ends_at" (RFC 3339, or
 * New Zealand time without an offset), "place", "cost",
 * "accessibility", "registration_url", "status" and "language", the
 * array of text "languages", the boolean "free" and "initiative_id" (an
 * integer or null).
 */
/* Keeps a new event of location_id by user: *row {id}. */
enum db_status	db_event_create(struct db *, long long location_id,
		    long long user_id, json_t *fields, json_t **row);
/* Saves event id of location_id at version: *row {id}, or NULL when the
 * version is stale. */
enum db_status	db_event_save(struct db *, long long location_id,
		    long long id, long long version, json_t *fields,
		    json_t **row);

/* *rows: the next limit events of location slug that have not ended;
 * new. */
enum db_status	db_events_upcoming(struct db *, const char *slug, int limit,
		    json_t **rows);

#endif

/*
 * setup: typed queries behind INZ setting up working groups (sql/026):
 * creating and archiving locations, whether a round's quorum is within
 * the group's reach, pausing a round.  The SQL is in stmt_setup.inc.
 */
#ifndef PORTAL_DB_SETUP_H
#define PORTAL_DB_SETUP_H

#include "db.h"

/* *rows: every location, active first, a new array of {slug, name,
 * region, status, created_at, members, coordinators,
 * pending_invitations}. */
enum db_status	db_setup_locations(struct db *, json_t **rows);
/* Adds a location: *row {id, slug, name, region, status} (the caller
 * frees).  A taken slug fails with sqlstate 23505. */
enum db_status	db_setup_location_add(struct db *, const char *slug,
		    const char *name, const char *region, json_t **row);
/* Archives the active location slug: *row as above, or NULL when there
 * is no such active location. */
enum db_status	db_setup_location_archive(struct db *, const char *slug,
		    json_t **row);
/* *n: how many members and coordinators location_id has. */
enum db_status	db_setup_reviewers(struct db *, long long location_id,
		    long long *n);
/* Pauses (paused) or resumes the round as user_id: *changed 0 when it
 * already was so, or there is no such round. */
enum db_status	db_setup_round_pause(struct db *, long long location_id,
		    long long round_id, int paused, long long user_id,
		    int *changed);

#endif

/*
 * indicator: typed queries behind indicators and the period figures of
 * progress updates (sql/025).  Handlers call these instead of filling
 * parameter arrays; the SQL is in stmt_indicator.inc and, for updates
 * themselves, stmt_initiative.inc.
 */
#ifndef PORTAL_DB_INDICATOR_H
#define PORTAL_DB_INDICATOR_H

#include "db.h"

/* The national indicators and, when location_id is not 0, that
 * location's own: *rows a new array of {key, name, definition, unit,
 * aggregation, location (slug or null)}. */
enum db_status	db_indicator_list(struct db *, long long location_id,
		    json_t **rows);

/* A new indicator: national when location_id is 0. */
struct db_indicator_new {
	long long	 location_id, created_by;
	const char	*key, *name, *definition, *unit;
};
/* Keeps it: *row the indicator as listed (the caller frees).  A taken
 * key fails with sqlstate 23505. */
enum db_status	db_indicator_add(struct db *, const struct db_indicator_new *,
		    json_t **row);

/* A progress update; status_from, status_to, date and language may be
 * NULL (no change, today in New Zealand, the author's language). */
struct db_update_new {
	long long	 location_id, initiative_id, author_id;
	const char	*date, *body, *status_from, *status_to, *language;
};
enum db_status	db_update_add(struct db *, const struct db_update_new *,
		    json_t **row);

/* Keeps update_id's period figures, figures being a JSON object of
 * indicator keys to whole numbers, entered by user_id. */
enum db_status	db_figures_add(struct db *, long long location_id,
		    long long initiative_id, long long update_id,
		    const char *figures, long long user_id);
/* *figures: update_id's current figures with their running totals, a
 * new array of {key, name, unit, value, to_date, confirmed}. */
enum db_status	db_figures_of_update(struct db *, long long update_id,
		    json_t **figures);
/* *rows: every national indicator's national total of confirmed figures,
 * a new array of {key, name, unit, total}. */
enum db_status	db_figures_national(struct db *, json_t **rows);

/* Update update_id of initiative_id with its figures: *row new, or NULL
 * when the initiative has no such update. */
enum db_status	db_update_get(struct db *, long long initiative_id,
		    long long update_id, json_t **row);
/* Confirms, as user_id, the update's current figures nobody confirmed
 * and user_id did not enter: *rows a new array of {key, value}. */
enum db_status	db_figures_confirm(struct db *, long long location_id,
		    long long update_id, long long user_id, json_t **rows);
/* A correction, as user_id: the update's current figure of key is kept
 * as replaced (*old its value, -1 when it had none); the caller adds the
 * new one with db_figures_add(). */
enum db_status	db_figure_replace(struct db *, long long location_id,
		    long long update_id, const char *key, long long user_id,
		    long long *old);
/* *rows: every figure the update had, replaced ones too, a new array of
 * {key, value, basis, entered_by, entered_at, confirmed_by,
 * confirmed_at, replaced_by, replaced_at} (names, RFC 3339 times). */
enum db_status	db_figures_history(struct db *, long long update_id,
		    json_t **rows);

#endif

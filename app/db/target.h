/*
 * target: typed queries behind initiatives' targets and baselines, the
 * national list of communities and the breakdowns of figures (sql/031).
 * Handlers call these instead of filling parameter arrays; the SQL is in
 * stmt_target.inc.
 */
#ifndef PORTAL_DB_TARGET_H
#define PORTAL_DB_TARGET_H

#include "db.h"

/* One initiative's target of an indicator, by its key. */
struct db_target {
	long long	 location_id, initiative_id, user_id;
	const char	*indicator;
	long long	 baseline, target;
	const char	*by;		/* YYYY-MM-DD */
};
/* Sets (or resets) it: *row {baseline, target, by}, or NULL when the
 * location uses no indicator of that key. */
enum db_status	db_target_set(struct db *, const struct db_target *,
		    json_t **row);
/* Removes it: *removed whether there was one. */
enum db_status	db_target_remove(struct db *, const struct db_target *,
		    int *removed);
/* *targets: initiative_id's targets with progress (confirmed figures
 * only when confirmed_only), a new array of {indicator, name, unit,
 * baseline, target, by, to_date, percent}. */
enum db_status	db_targets_of(struct db *, long long initiative_id,
		    int confirmed_only, json_t **targets);
/* The same for every initiative of ids (a JSON array as text): *rows
 * [{id, targets}]. */
enum db_status	db_targets_of_many(struct db *, const char *ids,
		    int confirmed_only, json_t **rows);
/* *rows: each national indicator's targets in active locations,
 * [{key, name, unit, initiatives, target, to_date, percent}]. */
enum db_status	db_targets_national(struct db *, json_t **rows);

/* *rows: every community, [{key, name, position, active}]. */
enum db_status	db_communities_list(struct db *, json_t **rows);
/* Adds one (position 0: at the end): *row as listed; a taken key fails
 * with sqlstate 23505. */
enum db_status	db_community_add(struct db *, const char *key,
		    const char *name, long long position, long long user_id,
		    json_t **row);

/* Keeps update_id's breakdowns (a checked JSON object as text,
 * {indicator: {dimension: {value: count}}}) on its current figures. */
enum db_status	db_breakdowns_add(struct db *, long long location_id,
		    long long update_id, const char *breakdowns);
/* *breakdowns: update_id's, a new object in that shape. */
enum db_status	db_breakdowns_of_update(struct db *, long long update_id,
		    json_t **breakdowns);

#endif

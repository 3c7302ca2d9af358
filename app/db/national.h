/*
 * national: typed queries behind the national dashboard, stocktakes and
 * their snapshots, and the exports (stmt_national.inc, and the export
 * rows of the other concerns).  Each returns enum db_status; rows come
 * back as new jansson values the caller frees (a row NULL when there is
 * none).
 */
#ifndef PORTAL_DB_NATIONAL_H
#define PORTAL_DB_NATIONAL_H

#include "db.h"

/* ----------------------------------------------------------- dashboard */
/* Every location's figures, by slug after cursor (NULL: the first
 * page), size at most. */
enum db_status	db_national_overview(struct db *, const char *cursor,
		    long long size, json_t **rows);
/* The open stocktakes with how many locations completed theirs. */
enum db_status	db_national_stocktakes(struct db *, json_t **rows);
/* The requests waiting for a decision or the reports overdue, size at
 * most, each with how many there are in all. */
enum db_national_list {
	DB_NATIONAL_WAITING,
	DB_NATIONAL_OVERDUE,
};
enum db_status	db_national_list(struct db *, enum db_national_list,
		    long long size, json_t **rows);

/* ---------------------------------------------------------- stocktakes */
/* *row {today}: the day in New Zealand as YYYY-MM-DD. */
enum db_status	db_nz_today(struct db *, json_t **row);
enum db_status	db_stocktake_get(struct db *, long long id, json_t **row);
/* Newest first, after cursor (NULL: the first page), size at most. */
enum db_status	db_stocktakes_list(struct db *, const char *cursor,
		    long long size, json_t **rows);
/* Every stocktake with location's return, if any. */
enum db_status	db_stocktakes_for_location(struct db *, long long location_id,
		    json_t **rows);
/* due_on NULL: none; questionnaire_id 0: none, else the stocktake keeps
 * its latest version (sql/032).  *row {id}. */
enum db_status	db_stocktake_create(struct db *, const char *name,
		    const char *question, const char *due_on,
		    long long opened_by, long long questionnaire_id,
		    json_t **row);
/* Tells every active location's coordinators, each in their language:
 * formats from i18n_formats(); *row {sent}. */
enum db_status	db_stocktake_notify(struct db *, long long id,
		    const char *site_url, const char *formats, json_t **row);
/* *count 0: it was closed already. */
enum db_status	db_stocktake_close(struct db *, long long id,
		    long long closed_by, long *count);
/* Each location with its return, if completed. */
enum db_status	db_stocktake_progress(struct db *, long long id,
		    json_t **rows);
/* Location's return, or NULL. */
enum db_status	db_stocktake_return(struct db *, long long id,
		    long long location_id, json_t **row);
/* Completes location's return: *row NULL when the stocktake is closed or
 * the return complete already. */
enum db_status	db_stocktake_complete(struct db *, long long id,
		    long long location_id, long long user_id,
		    const char *note, json_t **row);
/* Snapshots location's initiatives: *row {kept}. */
enum db_status	db_stocktake_snapshot(struct db *, long long id,
		    long long location_id, json_t **row);
/* Location's snapshot, and its counts against stocktake compare (a
 * stocktake's id as text; NULL: against now). */
enum db_status	db_stocktake_snapshots(struct db *, long long id,
		    long long location_id, json_t **rows);
enum db_status	db_stocktake_compare(struct db *, long long id,
		    long long location_id, const char *compare,
		    json_t **rows);
/* The initiatives location is to review before its return. */
enum db_status	db_stocktake_review_list(struct db *, long long location_id,
		    json_t **rows);

/* ------------------------------------------------------------- exports */
/* The filters every export takes, NULL meaning any: locations a JSON
 * array of slugs, from and to a range of days. */
struct db_export_filter {
	const char	*locations, *area, *element, *outcome;
	const char	*from, *to;
};
/* An export's rows, size at most. */
enum db_export {
	DB_EXPORT_INITIATIVES,
	DB_EXPORT_UPDATES,
	DB_EXPORT_REQUESTS,
	DB_EXPORT_PAYMENTS,
	DB_EXPORT_SNAPSHOTS,
	DB_EXPORT_TARGETS,		/* sql/031, db/stmt_target.inc */
	DB_EXPORT_BREAKDOWNS,
	DB_EXPORT_ROUNDS,		/* db/stmt_national_exports.inc */
	DB_EXPORT_WORKING_GROUPS,
	DB_EXPORT_STOCKTAKE_RETURNS,
};
enum db_status	db_export_rows(struct db *, enum db_export,
		    const struct db_export_filter *, long long size,
		    json_t **rows);
/* Of the slugs (a JSON array as text), those no location has. */
enum db_status	db_export_unknown_locations(struct db *, const char *slugs,
		    json_t **rows);
/* The financial years an export may choose from. */
enum db_status	db_export_financial_years(struct db *, json_t **rows);

#endif

/*
 * national: typed queries behind the dashboard, stocktakes and exports
 * (see national.h); the SQL is in stmt_national.inc.
 */
#include "national.h"
#include "param.h"

enum db_status
db_national_overview(struct db *db, const char *cursor, long long size,
    json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_NATIONAL_OVERVIEW, DB_PARAMS(cursor, ID(n,
	    size)), rows);
}

enum db_status
db_national_stocktakes(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_NATIONAL_STOCKTAKES, DB_NO_PARAMS, rows);
}

enum db_status
db_national_list(struct db *db, enum db_national_list which, long long size,
    json_t **rows)
{
	static const enum stmt	 lists[] = {
		[DB_NATIONAL_WAITING] = STMT_NATIONAL_WAITING,
		[DB_NATIONAL_OVERDUE] = STMT_NATIONAL_OVERDUE,
	};
	char	 n[24];

	return db_rows(db, lists[which], DB_PARAMS(ID(n, size)), rows);
}

enum db_status
db_nz_today(struct db *db, json_t **row)
{
	return db_row(db, STMT_NZ_TODAY, DB_NO_PARAMS, row);
}

enum db_status
db_stocktake_get(struct db *db, long long id, json_t **row)
{
	return row_by_id(db, STMT_STOCKTAKE_GET, id, row);
}

enum db_status
db_stocktakes_list(struct db *db, const char *cursor, long long size,
    json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_STOCKTAKES_LIST, DB_PARAMS(cursor, ID(n,
	    size)), rows);
}

enum db_status
db_stocktakes_for_location(struct db *db, long long location_id,
    json_t **rows)
{
	return rows_by_id(db, STMT_STOCKTAKES_FOR_LOCATION, location_id, rows);
}

enum db_status
db_stocktake_create(struct db *db, const char *name, const char *question,
    const char *due_on, long long opened_by, long long questionnaire_id,
    json_t **row)
{
	char	 user[24], q[24];

	return db_row(db, STMT_STOCKTAKE_CREATE, DB_PARAMS(name, question,
	    due_on, ID(user, opened_by), ID_OR_NULL(q, questionnaire_id)), row);
}

enum db_status
db_stocktake_notify(struct db *db, long long id, const char *site_url,
    const char *formats, json_t **row)
{
	char	 key[24];

	return db_row(db, STMT_STOCKTAKE_NOTIFY, DB_PARAMS(ID(key, id),
	    site_url, formats), row);
}

enum db_status
db_stocktake_close(struct db *db, long long id, long long closed_by,
    long *count)
{
	char	 key[24], user[24];

	return db_command(db, STMT_STOCKTAKE_CLOSE, DB_PARAMS(ID(key, id),
	    ID(user, closed_by)), count);
}

enum db_status
db_stocktake_progress(struct db *db, long long id, json_t **rows)
{
	return rows_by_id(db, STMT_STOCKTAKE_PROGRESS, id, rows);
}

enum db_status
db_stocktake_return(struct db *db, long long id, long long location_id,
    json_t **row)
{
	return row_by_ids(db, STMT_STOCKTAKE_RETURN, id, location_id, row);
}

enum db_status
db_stocktake_complete(struct db *db, long long id, long long location_id,
    long long user_id, const char *note, json_t **row)
{
	char	 key[24], loc[24], user[24];

	return db_row(db, STMT_STOCKTAKE_COMPLETE, DB_PARAMS(ID(key, id),
	    ID(loc, location_id), ID(user, user_id), note), row);
}

enum db_status
db_stocktake_snapshot(struct db *db, long long id, long long location_id,
    json_t **row)
{
	return row_by_ids(db, STMT_STOCKTAKE_SNAPSHOT, id, location_id, row);
}

enum db_status
db_stocktake_snapshots(struct db *db, long long id, long long location_id,
    json_t **rows)
{
	return rows_by_ids(db, STMT_STOCKTAKE_SNAPSHOTS, id, location_id, rows);
}

enum db_status
db_stocktake_compare(struct db *db, long long id, long long location_id,
    const char *compare, json_t **rows)
{
	char	 key[24], loc[24];

	return db_rows(db, STMT_STOCKTAKE_COMPARE, DB_PARAMS(ID(key, id),
	    ID(loc, location_id), compare), rows);
}

enum db_status
db_stocktake_review_list(struct db *db, long long location_id,
    json_t **rows)
{
	return rows_by_id(db, STMT_STOCKTAKE_REVIEW_LIST, location_id, rows);
}

enum db_status
db_export_rows(struct db *db, enum db_export which,
    const struct db_export_filter *f, long long size, json_t **rows)
{
	static const enum stmt	 exports[] = {
		[DB_EXPORT_INITIATIVES] = STMT_EXPORT_INITIATIVES,
		[DB_EXPORT_UPDATES] = STMT_EXPORT_UPDATES,
		[DB_EXPORT_REQUESTS] = STMT_EXPORT_REQUESTS,
		[DB_EXPORT_PAYMENTS] = STMT_EXPORT_PAYMENTS,
		[DB_EXPORT_SNAPSHOTS] = STMT_EXPORT_SNAPSHOTS,
		[DB_EXPORT_TARGETS] = STMT_EXPORT_TARGETS,
		[DB_EXPORT_BREAKDOWNS] = STMT_EXPORT_BREAKDOWNS,
		[DB_EXPORT_ROUNDS] = STMT_EXPORT_ROUNDS,
		[DB_EXPORT_WORKING_GROUPS] = STMT_EXPORT_WORKING_GROUPS,
		[DB_EXPORT_STOCKTAKE_RETURNS] = STMT_EXPORT_STOCKTAKE_RETURNS,
	};
	char	 n[24];

	return db_rows(db, exports[which], DB_PARAMS(f->locations, f->area,
	    f->element, f->outcome, f->from, f->to, ID(n, size)), rows);
}

enum db_status
db_export_unknown_locations(struct db *db, const char *slugs, json_t **rows)
{
	return db_rows(db, STMT_EXPORT_UNKNOWN_LOCATIONS, DB_PARAMS(slugs),
	    rows);
}

enum db_status
db_export_financial_years(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_EXPORT_FINANCIAL_YEARS, DB_NO_PARAMS, rows);
}

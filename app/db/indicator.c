/*
 * indicator: typed queries behind indicators and update figures (see
 * indicator.h).
 */
#include "indicator.h"
#include "param.h"

enum db_status
db_indicator_list(struct db *db, long long location_id, json_t **rows)
{
	char	 loc[24];

	return db_rows(db, STMT_INDICATORS_LIST, DB_PARAMS(
	    ID_OR_NULL(loc, location_id)), rows);
}

enum db_status
db_indicator_add(struct db *db, const struct db_indicator_new *d,
    json_t **row)
{
	char	 loc[24], user[24];

	return db_row(db, STMT_INDICATOR_ADD, DB_PARAMS(
	    ID_OR_NULL(loc, d->location_id), d->key, d->name, d->definition,
	    d->unit, ID(user, d->created_by)), row);
}

enum db_status
db_update_add(struct db *db, const struct db_update_new *u, json_t **row)
{
	char	 loc[24], ini[24], user[24];

	return db_row(db, STMT_UPDATE_ADD, DB_PARAMS(
	    ID(loc, u->location_id), ID(ini, u->initiative_id), u->date,
	    u->body, u->status_from, u->status_to, ID(user, u->author_id),
	    u->language), row);
}

enum db_status
db_figures_add(struct db *db, long long location_id, long long initiative_id,
    long long update_id, const char *figures, long long user_id)
{
	char	 loc[24], ini[24], upd[24], user[24];

	return db_command(db, STMT_FIGURES_ADD, DB_PARAMS(
	    ID(loc, location_id), ID(ini, initiative_id), ID(upd, update_id),
	    figures, ID(user, user_id)), NULL);
}

enum db_status
db_figures_of_update(struct db *db, long long update_id, json_t **figures)
{
	char		 upd[24];
	json_t		*row = NULL;
	enum db_status	 st;

	*figures = NULL;
	st = db_row(db, STMT_FIGURES_OF_UPDATE, DB_PARAMS(
	    ID(upd, update_id)), &row);
	if (st == DB_OK && row != NULL)
		*figures = json_incref(json_object_get(row, "figures"));
	json_decref(row);
	if (st == DB_OK && *figures == NULL)
		*figures = json_array();
	return st;
}

enum db_status
db_figures_national(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_FIGURES_NATIONAL, DB_NO_PARAMS, rows);
}

enum db_status
db_update_get(struct db *db, long long initiative_id, long long update_id,
    json_t **row)
{
	return row_by_ids(db, STMT_UPDATE_GET, initiative_id, update_id, row);
}

enum db_status
db_figures_confirm(struct db *db, long long location_id, long long update_id,
    long long user_id, json_t **rows)
{
	char	 loc[24], upd[24], user[24];

	return db_rows(db, STMT_FIGURES_CONFIRM, DB_PARAMS(
	    ID(loc, location_id), ID(upd, update_id), ID(user, user_id)),
	    rows);
}

enum db_status
db_figure_replace(struct db *db, long long location_id, long long update_id,
    const char *key, long long user_id, long long *old)
{
	char		 loc[24], upd[24], user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_FIGURE_REPLACE, DB_PARAMS(
	    ID(loc, location_id), ID(upd, update_id), key, ID(user, user_id)),
	    &row);
	*old = row != NULL ? json_integer_value(json_object_get(row,
	    "value")) : -1;
	json_decref(row);
	return st;
}

enum db_status
db_figures_history(struct db *db, long long update_id, json_t **rows)
{
	return rows_by_id(db, STMT_FIGURES_HISTORY, update_id, rows);
}

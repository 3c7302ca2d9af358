/*
 * questionnaire: typed queries behind structured stocktakes (see
 * questionnaire.h).
 */
#include "param.h"
#include "questionnaire.h"

enum db_status
db_questionnaire_list(struct db *db, long long limit, json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_QUESTIONNAIRES_LIST, DB_PARAMS(ID(n, limit)),
	    rows);
}

enum db_status
db_questionnaire_get(struct db *db, long long id, long long version,
    json_t **row)
{
	char	 key[24], v[24];

	return db_row(db, STMT_QUESTIONNAIRE_GET, DB_PARAMS(ID(key, id),
	    ID_OR_NULL(v, version)), row);
}

/* The integer column name of statement s's one row into *out (0 when no
 * row or NULL). */
static enum db_status
one_integer(struct db *db, enum stmt s, const char *const *params, int n,
    const char *name, long long *out)
{
	json_t		*v;
	enum db_status	 st;

	st = db_row_member(db, s, params, (size_t)n, name, &v);
	*out = json_integer_value(v);
	json_decref(v);
	return st;
}

enum db_status
db_questionnaire_create(struct db *db, const char *name, const char *questions,
    long long user_id, long long *id)
{
	char	 user[24];

	return one_integer(db, STMT_QUESTIONNAIRE_CREATE, DB_PARAMS(name,
	    questions, ID(user, user_id)), "id", id);
}

enum db_status
db_questionnaire_save(struct db *db, long long id, const char *name,
    const char *questions, long long user_id, long long *version)
{
	char	 key[24], user[24];

	return one_integer(db, STMT_QUESTIONNAIRE_SAVE, DB_PARAMS(ID(key, id),
	    name, questions, ID(user, user_id)), "version", version);
}

enum db_status
db_stocktake_questions(struct db *db, long long stocktake_id, json_t **row)
{
	return row_by_id(db, STMT_STOCKTAKE_QUESTIONS, stocktake_id, row);
}

enum db_status
db_stocktake_answers(struct db *db, long long stocktake_id,
    long long location_id, json_t **row)
{
	return row_by_ids(db, STMT_STOCKTAKE_ANSWERS_GET, stocktake_id, location_id,
	    row);
}

enum db_status
db_stocktake_answers_save(struct db *db, long long stocktake_id,
    long long location_id, const char *answers, long long user_id,
    int *saved)
{
	char		 key[24], loc[24], user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_STOCKTAKE_ANSWERS_SAVE, DB_PARAMS(ID(loc,
	    location_id), ID(key, stocktake_id), answers, ID(user, user_id)),
	    &row);
	*saved = row != NULL;
	json_decref(row);
	return st;
}

enum db_status
db_stocktake_answers_previous(struct db *db, long long stocktake_id,
    long long location_id, json_t **row)
{
	return row_by_ids(db, STMT_STOCKTAKE_ANSWERS_PREVIOUS, stocktake_id, location_id,
	    row);
}

enum db_status
db_stocktake_answers_all(struct db *db, long long stocktake_id,
    json_t **rows)
{
	return rows_by_id(db, STMT_STOCKTAKE_ANSWERS_ALL, stocktake_id, rows);
}

/*
 * assist: typed queries behind help to apply (see assist.h).
 */
#include "assist.h"
#include "param.h"

enum db_status
db_assist_add(struct db *db, const struct db_assist_new *a, json_t **row)
{
	char	 loc[24], req[24], helper[24];

	return db_row(db, STMT_ASSIST_ADD, DB_PARAMS(
	    ID(loc, a->location_id), ID(req, a->request_id),
	    ID(helper, a->helper_id), a->name, a->phone, a->email,
	    a->language, a->given_by, a->method, a->interpreter_language,
	    a->claim_hash), row);
}

enum db_status
db_assist_acting(struct db *db, long long location_id, long long request_id,
    long long user_id, int *acting)
{
	char		 loc[24], req[24], user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_ASSIST_ACTING, DB_PARAMS(
	    ID(loc, location_id), ID(req, request_id), ID(user, user_id)),
	    &row);
	*acting = st == DB_OK && row != NULL;
	json_decref(row);
	return st;
}

enum db_status
db_assist_get(struct db *db, long long location_id, long long request_id,
    json_t **row)
{
	return row_by_ids(db, STMT_ASSIST_GET, location_id, request_id, row);
}

enum db_status
db_contact_get(struct db *db, const char *slug, json_t **row)
{
	return db_row(db, STMT_CONTACT_GET, DB_PARAMS(slug), row);
}

enum db_status
db_contact_put(struct db *db, const struct db_contact *c, json_t **row)
{
	char	 loc[24], user[24];

	return db_row(db, STMT_CONTACT_PUT, DB_PARAMS(
	    ID(loc, c->location_id), c->name, c->phone, c->email,
	    c->languages, c->hours, ID(user, c->updated_by)), row);
}

enum db_status
db_claim_attempt_add(struct db *db, long long user_id, int succeeded)
{
	char	 user[24];

	return db_command(db, STMT_CLAIM_ATTEMPT_ADD, DB_PARAMS(
	    ID(user, user_id), BOOL(succeeded)), NULL);
}

enum db_status
db_claim_failures(struct db *db, long long user_id, long long *failures)
{
	char		 user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_CLAIM_FAILURES, DB_PARAMS(
	    ID(user, user_id)), &row);
	*failures = json_integer_value(json_object_get(row, "failures"));
	json_decref(row);
	return st;
}

enum db_status
db_claim(struct db *db, const char *code_hash, json_t **row)
{
	return db_row(db, STMT_CLAIM, DB_PARAMS(code_hash), row);
}

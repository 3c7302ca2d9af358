/*
 * assist: typed queries behind help to apply (see assist.h).
 */
#include <stdio.h>

#include "assist.h"

/* Integers as statement parameters: one buffer each. */
#define ID(buf, v)	(snprintf((buf), sizeof(buf), "%lld", (long long)(v)), (buf))

enum db_status
db_assist_add(struct db *db, const struct db_assist_new *a, json_t **row)
{
	char	 loc[24], req[24], helper[24];

	return db_row(db, STMT_ASSIST_ADD, (const char *[]){
	    ID(loc, a->location_id), ID(req, a->request_id),
	    ID(helper, a->helper_id), a->name, a->phone, a->email,
	    a->language, a->given_by, a->method, a->interpreter_language,
	    a->claim_hash }, row);
}

enum db_status
db_assist_acting(struct db *db, long long location_id, long long request_id,
    long long user_id, int *acting)
{
	char		 loc[24], req[24], user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_ASSIST_ACTING, (const char *[]){
	    ID(loc, location_id), ID(req, request_id), ID(user, user_id) },
	    &row);
	*acting = st == DB_OK && row != NULL;
	json_decref(row);
	return st;
}

enum db_status
db_assist_get(struct db *db, long long location_id, long long request_id,
    json_t **row)
{
	char	 loc[24], req[24];

	return db_row(db, STMT_ASSIST_GET, (const char *[]){
	    ID(loc, location_id), ID(req, request_id) }, row);
}

enum db_status
db_contact_get(struct db *db, const char *slug, json_t **row)
{
	return db_row(db, STMT_CONTACT_GET, (const char *[]){ slug }, row);
}

enum db_status
db_contact_put(struct db *db, const struct db_contact *c, json_t **row)
{
	char	 loc[24], user[24];

	return db_row(db, STMT_CONTACT_PUT, (const char *[]){
	    ID(loc, c->location_id), c->name, c->phone, c->email,
	    c->languages, c->hours, ID(user, c->updated_by) }, row);
}

enum db_status
db_claim_attempt_add(struct db *db, long long user_id, int succeeded)
{
	char	 user[24];

	return db_command(db, STMT_CLAIM_ATTEMPT_ADD, (const char *[]){
	    ID(user, user_id), succeeded ? "t" : "f" }, NULL);
}

enum db_status
db_claim_failures(struct db *db, long long user_id, long long *failures)
{
	char		 user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_CLAIM_FAILURES, (const char *[]){
	    ID(user, user_id) }, &row);
	*failures = json_integer_value(json_object_get(row, "failures"));
	json_decref(row);
	return st;
}

enum db_status
db_claim(struct db *db, const char *code_hash, json_t **row)
{
	return db_row(db, STMT_CLAIM, (const char *[]){ code_hash }, row);
}

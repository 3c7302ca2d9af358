/*
 * assist: typed queries behind help to apply (sql/018): a location's
 * contact point, requests made on someone's behalf, and claiming them
 * with a code.  Handlers call these instead of filling parameter arrays;
 * the SQL is in stmt_assist.inc.
 */
#ifndef PORTAL_DB_ASSIST_H
#define PORTAL_DB_ASSIST_H

#include "db.h"

/* A request made for someone, as kept: who, their consent, the code's
 * hash (64 hex digits).  Optional fields are NULL. */
struct db_assist_new {
	long long	 location_id, request_id, helper_id;
	const char	*name, *phone, *email, *language;
	const char	*given_by, *method, *interpreter_language;
	const char	*claim_hash;
};
/* Keeps it; *row is the new row as an object (the caller frees). */
enum db_status	db_assist_add(struct db *, const struct db_assist_new *,
		    json_t **row);
/* *acting: whether user helps with the request and it is not claimed
 * yet (they act as its applicant). */
enum db_status	db_assist_acting(struct db *, long long location_id,
		    long long request_id, long long user_id, int *acting);
/* The request's assist as {on_behalf_of, consent, helper_name, claimed,
 * claimed_at}: *row is a new object, or NULL when none. */
enum db_status	db_assist_get(struct db *, long long location_id,
		    long long request_id, json_t **row);

/* A location's contact point (by slug): *row new, or NULL. */
enum db_status	db_contact_get(struct db *, const char *slug, json_t **row);
/* Sets it; languages is a JSON array of language codes, as text. */
struct db_contact {
	long long	 location_id, updated_by;
	const char	*name, *phone, *email, *languages, *hours;
};
enum db_status	db_contact_put(struct db *, const struct db_contact *,
		    json_t **row);

/* Records one claim attempt of user's. */
enum db_status	db_claim_attempt_add(struct db *, long long user_id,
		    int succeeded);
/* *failures: user's failed claims in the last hour. */
enum db_status	db_claim_failures(struct db *, long long user_id,
		    long long *failures);
/* Claims the request whose code hashes to code_hash for the asker: *row
 * {request_id, ...} new, or NULL when no unclaimed request has it. */
enum db_status	db_claim(struct db *, const char *code_hash, json_t **row);

#endif

/*
 * identity: typed queries on people, sessions, sign-ins, API tokens,
 * password resets, working groups, invitations, the audit trail and the
 * outbox (stmt_identity.inc).  Each takes typed arguments and returns
 * enum db_status; rows come back as new jansson values the caller frees
 * (NULL when there is none).  An id of 0 stands for SQL NULL where a
 * comment says so.
 */
#ifndef PORTAL_DB_IDENTITY_H
#define PORTAL_DB_IDENTITY_H

#include "db.h"

/* Acts as user from here to the end of the transaction (row-level
 * security's portal.user_id). */
enum db_status	db_user_act_as(struct db *, long long user_id);

/* ------------------------------------------------------------ sessions */
/* A new session of user: hash is the cookie token's hash. */
enum db_status	db_session_create(struct db *, const char *hash,
		    long long user_id, const char *csrf);
enum db_status	db_session_delete(struct db *, long long session_id);
/* Ends every session of user. */
enum db_status	db_sessions_delete_user(struct db *, long long user_id);
/* *row {by_email, by_client, ...}: recent failed sign-ins (see the
 * statement). */
enum db_status	db_sign_in_failures(struct db *, const char *email,
		    const char *client, json_t **row);
enum db_status	db_sign_in_record(struct db *, const char *email,
		    const char *client, int succeeded);

/* --------------------------------------------------------------- users */
/* The account with this email, with its password hash, or NULL. */
enum db_status	db_user_by_email(struct db *, const char *email,
		    json_t **row);
enum db_status	db_user_password_hash(struct db *, long long user_id,
		    json_t **row);
/* *row {id}, or NULL when the email is taken. */
enum db_status	db_user_create(struct db *, const char *email,
		    const char *name, const char *hash, const char *language,
		    json_t **row);
/* A new password (its API tokens and reset links end with it). */
enum db_status	db_user_set_password(struct db *, long long user_id,
		    const char *hash);
/* The same password hashed again with today's limits. */
enum db_status	db_user_rehash(struct db *, long long user_id,
		    const char *hash);
enum db_status	db_user_language_set(struct db *, long long user_id,
		    const char *code);
/* What a person wrote whose own language is kept. */
enum db_content {
	DB_CONTENT_INITIATIVE,
	DB_CONTENT_REQUEST,
};
/* The language of the initiative or request id of location. */
enum db_status	db_language_set(struct db *, enum db_content,
		    long long location_id, long long id, const char *code);

/* -------------------------------------------------- resets and tokens */
/* *row {token_id, ...} for the account of email, or NULL. */
enum db_status	db_reset_create(struct db *, const char *email,
		    const char *hash, json_t **row);
enum db_status	db_reset_check(struct db *, const char *hash, json_t **row);
enum db_status	db_reset_use(struct db *, const char *hash, json_t **row);
enum db_status	db_tokens_list(struct db *, long long user_id,
		    json_t **rows);
enum db_status	db_token_create(struct db *, long long user_id,
		    const char *name, const char *hash, int days,
		    json_t **row);
/* *row, or NULL when user has no such token. */
enum db_status	db_token_revoke(struct db *, long long id, long long user_id,
		    json_t **row);

/* ------------------------------------------------------ working groups */
enum db_status	db_members_list(struct db *, long long location_id,
		    json_t **rows);
/* A member's role, sector and organisation; NULL keeps one.  *row NULL:
 * no such member. */
struct db_member {
	long long	 location_id, user_id;
	const char	*role, *sector, *organisation;
};
enum db_status	db_member_update(struct db *, const struct db_member *,
		    json_t **row);
enum db_status	db_member_delete(struct db *, long long location_id,
		    long long user_id, json_t **row);
/* Adds the member; *row NULL when they are one already. */
enum db_status	db_membership_add(struct db *, const struct db_member *,
		    json_t **row);

/* --------------------------------------------------------- invitations */
struct db_invitation {
	long long	 location_id, invited_by;
	const char	*email, *role, *sector, *organisation;
	const char	*hash;		/* the token's */
};
enum db_status	db_invitation_create(struct db *,
		    const struct db_invitation *, json_t **row);
enum db_status	db_invitations_list(struct db *, long long location_id,
		    json_t **rows);
/* Lets this transaction see the invitation whose token hashes to hash
 * (hex, no "\x"), and no other. */
enum db_status	db_invitation_set(struct db *, const char *hash_hex);
/* email: the signed-in person's, or NULL. */
enum db_status	db_invitation_by_token(struct db *, const char *hash,
		    const char *email, json_t **row);
enum db_status	db_invitation_accept(struct db *, long long invitation_id,
		    long long user_id);

/* ------------------------------------------------- audit trail, outbox */
/* location_id and actor 0: none.  detail is JSON text. */
enum db_status	db_audit_add(struct db *, long long location_id,
		    long long actor, const char *action, const char *detail);
/* A page of location's trail (location_id 0: every location's) after
 * cursor (NULL: the first page), size rows at most. */
enum db_status	db_audit_list(struct db *, long long location_id,
		    const char *cursor, long long size, json_t **rows);
/* location_id 0: none. */
struct db_mail {
	long long	 location_id;
	const char	*to, *subject, *body, *kind;
};
enum db_status	db_outbox_add(struct db *, const struct db_mail *);

#endif

/*
 * identity: typed queries on people, sessions, working groups and the
 * audit trail (see identity.h); the SQL is in stmt_identity.inc.
 */
#include "identity.h"
#include "param.h"

enum db_status
db_user_act_as(struct db *db, long long user_id)
{
	char	 user[24];

	return db_command(db, STMT_SET_USER, DB_PARAMS(ID(user, user_id)),
	    NULL);
}

enum db_status
db_session_create(struct db *db, const char *hash, long long user_id,
    const char *csrf)
{
	char	 user[24];

	return db_command(db, STMT_SESSION_CREATE, DB_PARAMS(hash,
	    ID(user, user_id), csrf), NULL);
}

enum db_status
db_session_delete(struct db *db, long long session_id)
{
	char	 sid[24];

	return db_command(db, STMT_SESSION_DELETE, DB_PARAMS(ID(sid,
	    session_id)), NULL);
}

enum db_status
db_sessions_delete_user(struct db *db, long long user_id)
{
	char	 user[24];

	return db_command(db, STMT_SESSIONS_DELETE_USER, DB_PARAMS(ID(user,
	    user_id)), NULL);
}

enum db_status
db_sign_in_failures(struct db *db, const char *email, const char *client,
    json_t **row)
{
	return db_row(db, STMT_SIGN_IN_FAILURES, DB_PARAMS(email, client),
	    row);
}

enum db_status
db_sign_in_record(struct db *db, const char *email, const char *client,
    int succeeded)
{
	return db_command(db, STMT_SIGN_IN_RECORD, DB_PARAMS(email, client,
	    succeeded ? "true" : "false"), NULL);
}

enum db_status
db_user_by_email(struct db *db, const char *email, json_t **row)
{
	return db_row(db, STMT_USER_BY_EMAIL, DB_PARAMS(email), row);
}

enum db_status
db_user_password_hash(struct db *db, long long user_id, json_t **row)
{
	return row_by_id(db, STMT_USER_PASSWORD_HASH, user_id, row);
}

enum db_status
db_user_create(struct db *db, const char *email, const char *name,
    const char *hash, const char *language, json_t **row)
{
	return db_row(db, STMT_USER_CREATE, DB_PARAMS(email, name, hash,
	    language), row);
}

enum db_status
db_user_set_password(struct db *db, long long user_id, const char *hash)
{
	char	 user[24];

	return db_command(db, STMT_USER_SET_PASSWORD, DB_PARAMS(ID(user,
	    user_id), hash), NULL);
}

enum db_status
db_user_rehash(struct db *db, long long user_id, const char *hash)
{
	char	 user[24];

	return db_command(db, STMT_USER_REHASH, DB_PARAMS(ID(user, user_id),
	    hash), NULL);
}

enum db_status
db_user_language_set(struct db *db, long long user_id, const char *code)
{
	char	 user[24];

	return db_command(db, STMT_USER_LANGUAGE_SET, DB_PARAMS(ID(user,
	    user_id), code), NULL);
}

enum db_status
db_language_set(struct db *db, enum db_content what, long long location_id,
    long long id, const char *code)
{
	static const enum stmt	 by_content[] = {
		[DB_CONTENT_INITIATIVE] = STMT_INITIATIVE_LANGUAGE_SET,
		[DB_CONTENT_REQUEST] = STMT_REQUEST_LANGUAGE_SET,
	};
	char	 loc[24], key[24];

	return db_command(db, by_content[what], DB_PARAMS(ID(loc,
	    location_id), ID(key, id), code), NULL);
}

enum db_status
db_reset_create(struct db *db, const char *email, const char *hash,
    json_t **row)
{
	return db_row(db, STMT_RESET_CREATE, DB_PARAMS(email, hash), row);
}

enum db_status
db_reset_check(struct db *db, const char *hash, json_t **row)
{
	return db_row(db, STMT_RESET_CHECK, DB_PARAMS(hash), row);
}

enum db_status
db_reset_use(struct db *db, const char *hash, json_t **row)
{
	return db_row(db, STMT_RESET_USE, DB_PARAMS(hash), row);
}

enum db_status
db_tokens_list(struct db *db, long long user_id, json_t **rows)
{
	return rows_by_id(db, STMT_TOKENS_LIST, user_id, rows);
}

enum db_status
db_token_create(struct db *db, long long user_id, const char *name,
    const char *hash, int days, json_t **row)
{
	char	 user[24], n[24];

	return db_row(db, STMT_TOKEN_CREATE, DB_PARAMS(ID(user, user_id),
	    name, hash, ID(n, days)), row);
}

enum db_status
db_token_revoke(struct db *db, long long id, long long user_id,
    json_t **row)
{
	return row_by_ids(db, STMT_TOKEN_REVOKE, id, user_id, row);
}

enum db_status
db_members_list(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_MEMBERS_LIST, location_id, rows);
}

enum db_status
db_member_update(struct db *db, const struct db_member *m, json_t **row)
{
	char	 loc[24], user[24];

	return db_row(db, STMT_MEMBER_UPDATE, DB_PARAMS(ID(loc,
	    m->location_id), ID(user, m->user_id), m->role, m->sector,
	    m->organisation), row);
}

enum db_status
db_member_delete(struct db *db, long long location_id, long long user_id,
    json_t **row)
{
	return row_by_ids(db, STMT_MEMBER_DELETE, location_id, user_id, row);
}

enum db_status
db_membership_add(struct db *db, const struct db_member *m, json_t **row)
{
	char	 loc[24], user[24];

	return db_row(db, STMT_MEMBERSHIP_ADD, DB_PARAMS(ID(loc,
	    m->location_id), ID(user, m->user_id), m->role, m->sector,
	    m->organisation), row);
}

enum db_status
db_invitation_create(struct db *db, const struct db_invitation *i,
    json_t **row)
{
	char	 loc[24], by[24];

	return db_row(db, STMT_INVITATION_CREATE, DB_PARAMS(ID(loc,
	    i->location_id), i->email, i->role, i->sector, i->organisation,
	    i->hash, ID(by, i->invited_by)), row);
}

enum db_status
db_invitations_list(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_INVITATIONS_LIST, location_id, rows);
}

enum db_status
db_invitation_set(struct db *db, const char *hash_hex)
{
	return db_command(db, STMT_INVITATION_SET, DB_PARAMS(hash_hex), NULL);
}

enum db_status
db_invitation_by_token(struct db *db, const char *hash, const char *email,
    json_t **row)
{
	return db_row(db, STMT_INVITATION_BY_TOKEN, DB_PARAMS(hash, email),
	    row);
}

enum db_status
db_invitation_accept(struct db *db, long long invitation_id,
    long long user_id)
{
	char	 inv[24], user[24];

	return db_command(db, STMT_INVITATION_ACCEPT, DB_PARAMS(ID(inv,
	    invitation_id), ID(user, user_id)), NULL);
}

enum db_status
db_audit_add(struct db *db, long long location_id, long long actor,
    const char *action, const char *detail)
{
	char	 loc[24], who[24];

	return db_command(db, STMT_AUDIT_ADD, DB_PARAMS(ID_OR_NULL(loc,
	    location_id), ID_OR_NULL(who, actor), action, detail), NULL);
}

enum db_status
db_audit_list(struct db *db, long long location_id, const char *cursor,
    long long size, json_t **rows)
{
	char	 loc[24], n[24];

	if (location_id == 0)
		return db_rows(db, STMT_AUDIT_ALL, DB_PARAMS(cursor, ID(n,
		    size)), rows);
	return db_rows(db, STMT_AUDIT_LIST, DB_PARAMS(ID(loc, location_id),
	    cursor, ID(n, size)), rows);
}

enum db_status
db_outbox_add(struct db *db, const struct db_mail *m)
{
	char	 loc[24];

	return db_command(db, STMT_OUTBOX_ADD, DB_PARAMS(ID_OR_NULL(loc,
	    m->location_id), m->to, m->subject, m->body, m->kind), NULL);
}

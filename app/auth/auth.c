/*
 * auth: loading who is asking and checking CSRF tokens (see auth.h).
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"

int
auth_presented(const struct request *r)
{
	return r->bearer != NULL ||
	    kvlist_get(&r->cookies, SESSION_COOKIE) != NULL;
}

static enum db_status
load_memberships(struct auth *a, struct db *db)
{
	const char	*national = auth_national_role(a);
	json_t		*row;
	enum db_status	 st;

	if ((st = db_row(db, STMT_MEMBERSHIPS_LOAD, (const char *[]){
	    national != NULL ? national : "" }, &row)) != DB_OK)
		return st;
	json_object_set(a->user, "memberships",
	    row != NULL ? json_object_get(row, "memberships") : NULL);
	json_decref(row);
	return DB_OK;
}

static enum db_status
load_token(struct auth *a, struct db *db, const char *token, int api)
{
	const char	*csrf;
	char		 hash[TOKEN_HASH_HEX];
	json_t		*user;
	enum db_status	 st;

	auth_free(a);
	if (!token_valid(token))
		return DB_OK;
	token_hash_hex(token, hash);
	if ((st = db_row(db, api ? STMT_API_TOKEN_LOAD : STMT_SESSION_LOAD,
	    (const char *[]){ hash }, &user)) != DB_OK || user == NULL)
		return st;
	a->user = user;
	a->by_api_token = api;
	a->user_id = json_integer_value(json_object_get(user, "id"));
	a->session_id = json_integer_value(json_object_get(user,
	    "session_id"));
	if ((csrf = json_string_value(json_object_get(user, "csrf_token"))) !=
	    NULL)
		snprintf(a->csrf, sizeof(a->csrf), "%s", csrf);
	/* Not part of any view: the token goes out only where asked for. */
	json_object_del(user, "csrf_token");
	json_object_del(user, "session_id");
	json_object_del(user, "user_setting");
	return load_memberships(a, db);
}

enum db_status
auth_load(struct auth *a, struct db *db, const struct request *r)
{
	const char	*cookie;

	memset(a, 0, sizeof(*a));
	if (r->bearer != NULL)
		return load_token(a, db, r->bearer, 1);
	if ((cookie = kvlist_get(&r->cookies, SESSION_COOKIE)) != NULL)
		return load_token(a, db, cookie, 0);
	return DB_OK;
}

enum db_status
auth_load_session(struct auth *a, struct db *db, const char *token)
{
	return load_token(a, db, token, 0);
}

void
auth_free(struct auth *a)
{
	json_decref(a->user);
	memset(a, 0, sizeof(*a));
}

const char *
auth_national_role(const struct auth *a)
{
	return a->user != NULL ? json_string_value(json_object_get(a->user,
	    "national_role")) : NULL;
}

json_t *
auth_membership(const struct auth *a, const char *slug)
{
	json_t	*m;
	size_t	 i;

	if (a->user == NULL)
		return NULL;
	json_array_foreach(json_object_get(a->user, "memberships"), i, m)
		if (strcmp(json_string_value(json_object_get(m, "location")),
		    slug) == 0)
			return m;
	return NULL;
}

int
auth_csrf_ok(const struct auth *a, const struct request *r)
{
	const char	*sent = r->csrf_header;
	const char	*expected;

	if (a->by_api_token)
		return 1;
	if (sent == NULL)
		sent = kvlist_get(&r->form, "_csrf");
	if (a->user != NULL)
		expected = a->csrf;
	else if (r->format == FORMAT_HTML)
		expected = kvlist_get(&r->cookies, FORM_COOKIE);
	else
		return 1;	/* anonymous JSON: application/json only */
	return sent != NULL && expected != NULL && token_valid(expected) &&
	    token_equal(sent, expected);
}

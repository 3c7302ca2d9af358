/*
 * auth: loading who is asking and checking CSRF tokens (see auth.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/clock.h"
#include "../util/memo.h"
#include "auth.h"

#define AUTH_MEMO_SLOTS	512

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
	a->expires_at = json_integer_value(json_object_get(user,
	    "expires_epoch"));
	/* Not part of any view: the token goes out only where asked for. */
	json_object_del(user, "expires_epoch");
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

/* A remembered auth, with when it was loaded. */
struct recalled {
	struct auth	 a;
	long long	 loaded_ms;
};

static void
recalled_free(void *p)
{
	struct recalled *r = p;

	auth_free(&r->a);
	free(r);
}

struct memo *
auth_memo_new(void)
{
	return memo_new(AUTH_MEMO_SLOTS, recalled_free);
}

/* The memo's key for r's credential: its hash, never the token. */
static int
credential_key(const struct request *r, char key[TOKEN_HASH_HEX + 1])
{
	const char *token = r->bearer != NULL ? r->bearer :
	    kvlist_get(&r->cookies, SESSION_COOKIE);

	if (token == NULL || !token_valid(token))
		return -1;
	key[0] = r->bearer != NULL ? 'a' : 's';
	token_hash_hex(token, key + 1);
	return 0;
}

int
auth_recall(const struct memo *m, const struct request *r, struct auth *a)
{
	const struct recalled	*k;
	char			 key[TOKEN_HASH_HEX + 1];

	memset(a, 0, sizeof(*a));
	if (credential_key(r, key) == -1 ||
	    (k = memo_get(m, key)) == NULL ||
	    clock_ms() - k->loaded_ms > AUTH_RECALL_MS ||
	    (k->a.expires_at != 0 && time(NULL) >= k->a.expires_at))
		return 0;
	*a = k->a;
	if ((a->user = json_deep_copy(k->a.user)) == NULL) {
		memset(a, 0, sizeof(*a));
		return 0;
	}
	return 1;
}

void
auth_remember(struct memo *m, const struct request *r, const struct auth *a)
{
	struct recalled	*k;
	char		 key[TOKEN_HASH_HEX + 1];

	if (a->user == NULL || credential_key(r, key) == -1 ||
	    (k = calloc(1, sizeof(*k))) == NULL)
		return;
	k->a = *a;
	k->loaded_ms = clock_ms();
	if ((k->a.user = json_deep_copy(a->user)) == NULL) {
		free(k);
		return;
	}
	memo_put(m, key, k);
}

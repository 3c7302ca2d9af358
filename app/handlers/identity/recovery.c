/*
 * recovery: resetting a forgotten password (/password/forgot,
 * /password/reset/{token} and /api/v1/password-resets).
 *
 * Asking for a reset answers the same whether or not the email has an
 * account.  The link's token is single-use and lasts an hour, and ends
 * when the password changes by any route (sql/013_credentials_bound.sql);
 * using it sets the new password, ends every session and API token of the
 * account and signs the person in afresh.  The link is checked before the
 * new password is hashed, so a bad link costs no hash.
 */
#include <stdio.h>

#include "../../auth/password.h"
#include "../../db/identity.h"
#include "../../http/validate.h"
#include "../handler.h"

static const char bad_link[] = N_("This reset link is not valid, has already "
    "been used, or has expired (links last an hour).  Ask for a new one.");

int
recovery_form(struct ctx *c)
{
	c->view = json_pack("{s:{}, s:b}", "form", "sent",
	    kvlist_get(&c->req->query, "sent") != NULL);
	return 200;
}

int
recovery_request(struct ctx *c)
{
	const char	*email = ctx_input(c, "email");
	char		 token[TOKEN_TEXT], hash[TOKEN_HASH_HEX];
	json_t		*row;
	enum db_status	 st;

	ctx_require(c, "email", email, valid_email);
	if (c->error_fields != NULL)
		return ctx_invalid(c, json_pack("{s:s}", "email",
		    email != NULL ? email : ""));
	token_new(token);
	token_hash_hex(token, hash);
	if ((st = db_reset_create(c->app->db, email, hash, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row != NULL) {
		st = ctx_mail(c, "password_reset", email, i18n_find(
		    json_string_value(json_object_get(row,
		    "preferred_language"))), N_("Reset your Community "
		    "Engagement Portal password"),
		    "Kia ora %s,\n\n"
		    "Someone, hopefully you, asked to reset the password of "
		    "your account.\nOpen this link within an hour to choose "
		    "a new one:\n%s/password/reset/%s\n\n"
		    "If you did not ask, ignore this email: your password "
		    "stays as it is.\n\n-- Community Engagement Portal\n",
		    json_string_value(json_object_get(row, "display_name")),
		    c->app->site_url, token);
		json_decref(row);
		if (st != DB_OK)
			return ctx_db_fail(c, st);
	}
	c->view = json_pack("{s:s}", "status", "sent");
	return ctx_done(c, 202, "/password/forgot?sent=1");
}

/* The route's {token} as its stored hash; 0, or -1 when malformed. */
static int
link_hash(struct ctx *c, char hash[TOKEN_HASH_HEX])
{
	const char *token = request_param(c->req, "token");

	if (token == NULL || !token_valid(token))
		return -1;
	token_hash_hex(token, hash);
	return 0;
}

/* Is the route's link unused and unexpired?  0 with its hash in hash,
 * or an error status (404). */
static int
link_check(struct ctx *c, char hash[TOKEN_HASH_HEX])
{
	json_t		*row = NULL;
	enum db_status	 st;

	if (link_hash(c, hash) == -1)
		return ctx_fail(c, 404, bad_link);
	if ((st = db_reset_check(c->app->db, hash, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, bad_link);
	json_decref(row);
	return 0;
}

int
recovery_reset_form(struct ctx *c)
{
	char	 hash[TOKEN_HASH_HEX];
	int	 status;

	if ((status = link_check(c, hash)) != 0)
		return status;
	c->view = json_pack("{s:{}}", "form");
	return 200;
}

int
recovery_reset(struct ctx *c)
{
	const char	*password = ctx_input(c, "password");
	char		 hash[TOKEN_HASH_HEX], pwhash[PASSWORD_HASH_MAX];
	json_t		*row = NULL;
	enum db_status	 st;
	long long	 user_id;
	int		 status, rc;

	if ((status = link_check(c, hash)) != 0)
		return status;
	ctx_require(c, "password", password, password_rule);
	if (c->error_fields != NULL)
		return ctx_invalid(c, json_object());
	if ((rc = password_hash(password, pwhash)) == PASSWORD_BUSY)
		return ctx_busy(c, "password", json_object());
	if (rc == -1)
		return ctx_fail(c, 500, "Out of memory.");
	/* Still single use: only the first of two racing uses gets a row. */
	if ((st = db_reset_use(c->app->db, hash, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, bad_link);
	user_id = json_integer_value(json_object_get(row, "user_id"));
	json_decref(row);
	/* The token proved who this is: act as them from here (their own
	 * rows only, sql/015). */
	if ((st = db_user_act_as(c->app->db, user_id)) != DB_OK ||
	    (st = db_user_set_password(c->app->db, user_id, pwhash)) !=
	    DB_OK || (st = db_sessions_delete_user(c->app->db, user_id)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	c->auth.session_id = 0;
	if ((status = session_begin(c, user_id)) != 0)
		return status;
	if ((st = ctx_audit(c, "password_reset", NULL)) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = session_view(c);
	return ctx_done(c, 200, "/account?changed=1");
}

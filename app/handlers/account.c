/*
 * account: signing up (/register, /api/v1/users), the account page,
 * changing one's password, and personal API tokens (/account/tokens,
 * /api/v1/me/tokens) for scripts, which send them as "Authorization:
 * Bearer" and need no CSRF token.  A token is shown once, when made; only
 * its hash is kept.
 *
 * Anyone may sign up; they become a community member (an applicant) with
 * no location role.  Working-group roles come by invitation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/password.h"
#include "../domain/vocab.h"
#include "../http/validate.h"
#include "handler.h"

int
account_register_form(struct ctx *c)
{
	c->view = json_pack("{s:{}}", "form");
	return 200;
}

int
account_register(struct ctx *c)
{
	const char	*email = ctx_input(c, "email");
	const char	*name = ctx_input(c, "display_name");
	const char	*password = ctx_input(c, "password");
	const char	*lang = ctx_input(c, "preferred_language");
	const char	*msg;
	char		*clean_name = NULL, hash[PASSWORD_HASH_MAX];
	json_t		*form, *row;
	enum db_status	 st;
	int		 index, status;

	form = json_pack("{s:s, s:s, s:s}", "email", email ? email : "",
	    "display_name", name ? name : "", "preferred_language",
	    lang ? lang : "en");
	ctx_require(c, "email", email, valid_email);
	if ((msg = valid_text(name ? name : "", 1, 100, 0, &clean_name)))
		ctx_field(c, "display_name", msg);
	ctx_require(c, "password", password, password_rule);
	if (lang == NULL || lang[0] == '\0')
		lang = i18n_code(c->lang);
	else if ((index = language_code(lang)) == -1)
		ctx_field(c, "preferred_language", N_("must be one of the "
		    "portal's languages: en, mi, ar, fa-AF, my or es"));
	else
		lang = i18n_code(index);
	if (c->error_fields != NULL) {
		free(clean_name);
		return ctx_invalid(c, form);
	}
	if (password_hash(password, hash) == -1) {
		free(clean_name);
		json_decref(form);
		return ctx_fail(c, 500, "Out of memory.");
	}
	st = db_row(c->app->db, STMT_USER_CREATE, (const char *[]){ email,
	    clean_name, hash, lang }, &row);
	free(clean_name);
	if (st != DB_OK) {
		json_decref(form);
		return ctx_db_fail(c, st);
	}
	if (row == NULL) {
		ctx_field(c, "email", "already has an account: sign in, or "
		    "reset your password");
		return ctx_invalid(c, form);
	}
	json_decref(form);
	status = session_begin(c, json_integer_value(json_object_get(row,
	    "id")));
	json_decref(row);
	if (status != 0)
		return status;
	if ((st = ctx_audit(c, "register", NULL)) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = session_view(c);
	return ctx_done(c, 201, "/account");
}

/* The account page: the person, their API tokens, and what c->view
 * already holds (errors, a token just made). */
static int
account_page(struct ctx *c, int status)
{
	char		 uid[24];
	json_t		*tokens, *view;
	enum db_status	 st;

	snprintf(uid, sizeof(uid), "%lld", c->auth.user_id);
	if ((st = db_rows(c->app->db, STMT_TOKENS_LIST, (const char *[]){
	    uid }, &tokens)) != DB_OK)
		return ctx_db_fail(c, st);
	view = json_pack("{s:O, s:o, s:b, s:b}", "user", c->auth.user,
	    "tokens", tokens, "changed", kvlist_get(&c->req->query,
	    "changed") != NULL, "language_changed", kvlist_get(
	    &c->req->query, "language") != NULL);
	if (c->view != NULL)
		json_object_update(view, c->view);
	json_decref(c->view);
	c->view = view;
	return status;
}

int
account_show(struct ctx *c)
{
	return account_page(c, 200);
}

int
token_list(struct ctx *c)
{
	char		 uid[24];
	json_t		*tokens;
	enum db_status	 st;

	snprintf(uid, sizeof(uid), "%lld", c->auth.user_id);
	if ((st = db_rows(c->app->db, STMT_TOKENS_LIST, (const char *[]){
	    uid }, &tokens)) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:o, s:n}", "items", tokens, "next");
	return 200;
}

int
token_create(struct ctx *c)
{
	const char	*name = ctx_input(c, "name");
	const char	*msg;
	char		*clean = NULL, uid[24];
	char		 token[TOKEN_TEXT], hash[TOKEN_HASH_HEX];
	json_t		*row;
	enum db_status	 st;

	if ((msg = valid_text(name ? name : "", 1, 100, 0, &clean)) != NULL) {
		ctx_field(c, "name", msg);
		ctx_invalid(c, json_pack("{s:s}", "token_name",
		    name != NULL ? name : ""));
		return c->req->format == FORMAT_HTML ? account_page(c, 422) :
		    422;
	}
	token_new(token);
	token_hash_hex(token, hash);
	snprintf(uid, sizeof(uid), "%lld", c->auth.user_id);
	st = db_row(c->app->db, STMT_TOKEN_CREATE, (const char *[]){ uid,
	    clean, hash }, &row);
	free(clean);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(row, "token", json_string(token));
	if ((st = ctx_audit(c, "api_token_created", json_pack("{s:O}",
	    "token_id", json_object_get(row, "id")))) != DB_OK) {
		json_decref(row);
		return ctx_db_fail(c, st);
	}
	/* Shown once, on the page itself: a redirect would lose it. */
	if (c->req->format == FORMAT_HTML) {
		c->view = json_pack("{s:o}", "new_token", row);
		return account_page(c, 201);
	}
	c->view = row;
	return 201;
}

int
token_revoke(struct ctx *c)
{
	long long	 id = ctx_param_id(c, "id");
	char		 tid[24], uid[24];
	json_t		*row = NULL;
	enum db_status	 st;

	snprintf(tid, sizeof(tid), "%lld", id);
	snprintf(uid, sizeof(uid), "%lld", c->auth.user_id);
	if (id != 0 && (st = db_row(c->app->db, STMT_TOKEN_REVOKE,
	    (const char *[]){ tid, uid }, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, "You have no such API token.");
	json_decref(row);
	if ((st = ctx_audit(c, "api_token_revoked", json_pack("{s:I}",
	    "token_id", (json_int_t)id))) != DB_OK)
		return ctx_db_fail(c, st);
	return ctx_done(c, 204, "/account");
}

int
account_password(struct ctx *c)
{
	const char	*current = ctx_input(c, "current_password");
	const char	*fresh = ctx_input(c, "new_password");
	char		 uid[24], hash[PASSWORD_HASH_MAX];
	json_t		*row;
	enum db_status	 st;
	int		 ok, status;

	snprintf(uid, sizeof(uid), "%lld", c->auth.user_id);
	if ((st = db_row(c->app->db, STMT_USER_PASSWORD_HASH,
	    (const char *[]){ uid }, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	ok = current != NULL && strlen(current) <= PASSWORD_MAX_BYTES &&
	    password_verify(json_string_value(json_object_get(row,
	    "password_hash")), current);
	json_decref(row);
	if (!ok)
		ctx_field(c, "current_password", "is not your current "
		    "password");
	ctx_require(c, "new_password", fresh, password_rule);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, json_object());
		return c->req->format == FORMAT_HTML ? account_page(c, status) :
		    status;
	}
	if (password_hash(fresh, hash) == -1)
		return ctx_fail(c, 500, "Out of memory.");
	/* A new password ends every session, this one included; the person
	 * carries on in a fresh one. */
	if ((st = db_command(c->app->db, STMT_USER_SET_PASSWORD,
	    (const char *[]){ uid, hash }, NULL)) != DB_OK ||
	    (st = db_command(c->app->db, STMT_SESSIONS_DELETE_USER,
	    (const char *[]){ uid }, NULL)) != DB_OK ||
	    (st = ctx_audit(c, "password_changed", NULL)) != DB_OK)
		return ctx_db_fail(c, st);
	c->auth.session_id = 0;
	if ((status = session_begin(c, c->auth.user_id)) != 0)
		return status;
	c->view = session_view(c);
	return ctx_done(c, 200, "/account?changed=1");
}

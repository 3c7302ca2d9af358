/*
 * account: signing up (/register, /api/v1/users), the account page,
 * changing one's password, and personal API tokens (/account/tokens,
 * /api/v1/me/tokens) for scripts, which send them as "Authorization:
 * Bearer" and need no CSRF token.  A token is shown once, when made; only
 * its hash is kept.  It expires after PORTAL_API_TOKEN_DAYS, and a new
 * password revokes it (the users_password_changed trigger).
 *
 * Anyone may sign up; they become a community member (an applicant) with
 * no location role.  Working-group roles come by invitation.  Signing up
 * never says whether the email already has an account: either way the
 * answer is "check your email" (202), and the email tells a new member to
 * sign in, or the holder of the existing account that someone tried to
 * register it.  An existing email costs no password hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../auth/password.h"
#include "../../db/identity.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../handler.h"

int
account_register_form(struct ctx *c)
{
	c->view = json_pack("{s:{}, s:b}", "form", "sent",
	    kvlist_get(&c->req->query, "sent") != NULL);
	return 200;
}

/* The email to an address that already has an account, in the language
 * the form was shown in (saying which account has it would tell). */
static enum db_status
mail_existing(struct ctx *c, const char *email)
{
	return ctx_mail(c, "register_existing", email, c->lang,
	    N_("Someone tried to register your email on the Community "
	    "Engagement Portal"),
	    "Kia ora,\n\n"
	    "Someone, perhaps you, tried to register a new account with this "
	    "email address.\nYou already have an account: sign in at\n"
	    "%s/login\n"
	    "or, if you have forgotten your password, choose a new one at\n"
	    "%s/password/forgot\n\n"
	    "If it was not you, ignore this email: your account is as it "
	    "was.\n\n-- Community Engagement Portal\n",
	    c->app->site_url, c->app->site_url);
}

/* The email to a new member, in the language they chose. */
static enum db_status
mail_welcome(struct ctx *c, const char *email, const char *name,
    const char *lang)
{
	return ctx_mail(c, "register_welcome", email, i18n_find(lang),
	    N_("Welcome to the Community Engagement Portal"),
	    "Kia ora %s,\n\n"
	    "Your account is ready.  Sign in with this email and the password "
	    "you chose at\n%s/login\n\n"
	    "If you did not register, ignore this email, or reset the password "
	    "at\n%s/password/forgot\n\n-- Community Engagement Portal\n",
	    name, c->app->site_url, c->app->site_url);
}

/* Creates the account, or says so to the existing one; 0, or a status. */
static int
register_email(struct ctx *c, const char *email, const char *name,
    const char *password, const char *lang, json_t *form)
{
	char		 hash[PASSWORD_HASH_MAX];
	json_t		*row = NULL;
	enum db_status	 st;
	int		 rc;

	/* The cheap check first: an existing email costs no hash. */
	if ((st = db_user_by_email(c->app->db, email, &row)) != DB_OK)
		goto dbfail;
	if (row == NULL) {
		if ((rc = password_hash(password, hash)) == PASSWORD_BUSY)
			return ctx_busy(c, "password", form);
		if (rc == -1) {
			json_decref(form);
			return ctx_fail(c, 500, "Out of memory.");
		}
		if ((st = db_user_create(c->app->db, email, name, hash, lang,
		    &row)) != DB_OK)
			goto dbfail;
		/* No row: taken by another sign-up meanwhile. */
		if (row != NULL) {
			json_decref(form);
			if ((st = ctx_audit(c, "register", json_pack("{s:O}",
			    "user_id", json_object_get(row, "id")))) == DB_OK)
				st = mail_welcome(c, email, name, lang);
			json_decref(row);
			return st == DB_OK ? 0 : ctx_db_fail(c, st);
		}
	}
	json_decref(row);
	json_decref(form);
	st = mail_existing(c, email);
	return st == DB_OK ? 0 : ctx_db_fail(c, st);
dbfail:
	json_decref(form);
	return ctx_db_fail(c, st);
}

int
account_register(struct ctx *c)
{
	const char	*email = ctx_input(c, "email");
	const char	*name = ctx_input(c, "display_name");
	const char	*password = ctx_input(c, "password");
	const char	*lang = ctx_input(c, "preferred_language");
	const char	*msg;
	char		*clean_name = NULL;
	json_t		*form;
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
	status = register_email(c, email, clean_name, password, lang, form);
	free(clean_name);
	if (status != 0)
		return status;
	c->view = json_pack("{s:s}", "status", "sent");
	return ctx_done(c, 202, "/register?sent=1");
}

/* The account page: the person, their API tokens, and what c->view
 * already holds (errors, a token just made). */
static int
account_page(struct ctx *c, int status)
{
	json_t		*tokens, *view;
	enum db_status	 st;

	if ((st = db_tokens_list(c->app->db, c->auth.user_id, &tokens)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	view = json_pack("{s:O, s:o, s:b, s:i, s:b}", "user", c->auth.user,
	    "tokens", tokens, "changed", kvlist_get(&c->req->query, "changed") !=
	    NULL, "token_days", c->app->api_token_days, "language_changed",
	    kvlist_get(&c->req->query, "language") != NULL);
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
	json_t		*tokens;
	enum db_status	 st;

	if ((st = db_tokens_list(c->app->db, c->auth.user_id, &tokens)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:o, s:n}", "items", tokens, "next");
	return 200;
}

int
token_create(struct ctx *c)
{
	const char	*name = ctx_input(c, "name");
	const char	*msg;
	char		*clean = NULL;
	char		 token[TOKEN_TEXT], hash[TOKEN_HASH_HEX];
	json_t		*row;
	enum db_status	 st;

	if ((msg = valid_text(name ? name : "", 1, 100, 0, &clean)) != NULL) {
		ctx_field(c, "name", msg);
		return account_page(c, ctx_invalid(c, json_pack("{s:s}",
		    "token_name", name != NULL ? name : "")));
	}
	token_new(token);
	token_hash_hex(token, hash);
	st = db_token_create(c->app->db, c->auth.user_id, clean, hash,
	    c->app->api_token_days, &row);
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
	/* The API answers new_token (routes.c json_member). */
	c->view = json_pack("{s:o}", "new_token", row);
	return account_page(c, 201);
}

int
token_revoke(struct ctx *c)
{
	long long	 id = ctx_param_id(c, "id");
	json_t		*row = NULL;
	enum db_status	 st;

	if (id != 0 && (st = db_token_revoke(c->app->db, id, c->auth.user_id,
	    &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, "You have no such API token.");
	json_decref(row);
	if ((st = ctx_audit(c, "api_token_revoked", json_pack("{s:I}",
	    "token_id", (json_int_t)id))) != DB_OK)
		return ctx_db_fail(c, st);
	return ctx_done(c, 204, "/account");
}

/* The password form shown again (or the JSON error) while the hashing
 * gate is full. */
static int
account_busy(struct ctx *c)
{
	return account_page(c, ctx_busy(c, "current_password",
	    json_object()));
}

int
account_password(struct ctx *c)
{
	const char	*current = ctx_input(c, "current_password");
	const char	*fresh = ctx_input(c, "new_password");
	char		 hash[PASSWORD_HASH_MAX];
	json_t		*row;
	enum db_status	 st;
	int		 ok, rc, status;

	if ((st = db_user_password_hash(c->app->db, c->auth.user_id, &row)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	ok = current != NULL && strlen(current) <= PASSWORD_MAX_BYTES ?
	    password_verify(json_string_value(json_object_get(row,
	    "password_hash")), current) : 0;
	json_decref(row);
	if (ok == PASSWORD_BUSY)
		return account_busy(c);
	if (!ok)
		ctx_field(c, "current_password", "is not your current "
		    "password");
	ctx_require(c, "new_password", fresh, password_rule);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, json_object());
		return account_page(c, status);
	}
	if ((rc = password_hash(fresh, hash)) == PASSWORD_BUSY)
		return account_busy(c);
	if (rc == -1)
		return ctx_fail(c, 500, "Out of memory.");
	/* A new password ends every session, this one included (the person
	 * carries on in a fresh one), and every API token. */
	if ((st = db_user_set_password(c->app->db, c->auth.user_id, hash)) !=
	    DB_OK || (st = db_sessions_delete_user(c->app->db,
	    c->auth.user_id)) != DB_OK ||
	    (st = ctx_audit(c, "password_changed", NULL)) != DB_OK)
		return ctx_db_fail(c, st);
	c->auth.session_id = 0;
	if ((status = session_begin(c, c->auth.user_id)) != 0)
		return status;
	c->view = session_view(c);
	return ctx_done(c, 200, "/account?changed=1");
}

/*
 * invitation: how people join a working group.  A coordinator invites an
 * email address with a role and sector (/l/{slug}/wg/invitations); the
 * invitee gets a single-use link, valid for 7 days, through the outbox;
 * opening it (/invitations/{token}) they create an account with the
 * invited email, or use the one they are signed in with if it has that
 * email, and become a member.  A link forwarded or leaked to anyone else
 * admits nobody: another signed-in account is refused (403), and
 * row-level security refuses it too (sql/013_credentials_bound.sql).
 *
 * Only the link's token reaches the invitee; the database keeps its hash,
 * and row-level security lets the holder of a token see that invitation
 * and add themself with it, nothing more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../auth/password.h"
#include "../../db/identity.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../handler.h"

static const char not_yours[] = "This invitation is for another email "
    "address than the account you are signed in with.  Sign out, then open "
    "the link again, or sign in with the account it was sent to.";

/* The location's invitations, newest first. */
static int
invitations_view(struct ctx *c, json_t *form)
{
	json_t		*items;
	enum db_status	 st;

	if ((st = db_invitations_list(c->app->db, ctx_location_id(c),
	    &items)) != DB_OK) {
		json_decref(form);
		return ctx_db_fail(c, st);
	}
	if (c->view == NULL)
		c->view = json_object();
	json_object_set_new(c->view, "location", ctx_location_public(c));
	json_object_set_new(c->view, "items", items);
	json_object_set_new(c->view, "next", json_null());
	/* The page's selects (routes.c leaves them out of JSON). */
	json_object_set_new(c->view, "roles", vocab_options(vocab_roles,
	    json_string_value(json_object_get(form, "role"))));
	json_object_set_new(c->view, "sectors", vocab_options(vocab_sectors,
	    json_string_value(json_object_get(form, "sector"))));
	if (json_object_get(c->view, "form") == NULL)
		json_object_set(c->view, "form", form);
	json_decref(form);
	return 0;
}

int
invitation_list(struct ctx *c)
{
	int status;

	if ((status = invitations_view(c, json_object())) != 0)
		return status;
	json_object_set_new(c->view, "sent", json_boolean(
	    kvlist_get(&c->req->query, "sent") != NULL));
	return 200;
}

static int
send_invitation(struct ctx *c, const char *email, const char *role,
    const char *token)
{
	enum db_status st;

	/* The invitee has no account yet: the inviter's language. */
	st = ctx_mail(c, "invitation", email, c->lang, N_("You are invited "
	    "to join a settlement working group"),
	    "Kia ora,\n\n"
	    "%s has invited you to join the %s working group as a %s.\n\n"
	    "Open this link within 7 days to accept:\n%s/invitations/%s\n\n"
	    "If you did not expect this invitation, you can ignore this "
	    "email.\n\n-- Community Engagement Portal\n",
	    json_string_value(json_object_get(c->auth.user, "display_name")),
	    json_string_value(json_object_get(c->location, "name")),
	    i18n_text(c->lang, vocab_name(vocab_roles, role)),
	    c->app->site_url, token);
	return st == DB_OK ? 0 : ctx_db_fail(c, st);
}

int
invitation_create(struct ctx *c)
{
	return invitation_invite(c, ctx_input(c, "role"));
}

int
invitation_invite(struct ctx *c, const char *role)
{
	const char	*email = ctx_input(c, "email");
	const char	*sector = ctx_input(c, "sector");
	const char	*org = ctx_input(c, "organisation");
	const char	*msg;
	char		*clean_org = NULL, to[128];
	char		 token[TOKEN_TEXT], hash[TOKEN_HASH_HEX];
	json_t		*form, *row;
	enum db_status	 st;
	int		 index, status;

	form = json_pack("{s:s, s:s, s:s, s:s}", "email", email ? email : "",
	    "role", role ? role : "", "sector", sector ? sector : "",
	    "organisation", org ? org : "");
	ctx_require(c, "email", email, valid_email);
	if (valid_enum(role ? role : "", vocab_keys(vocab_roles), &index))
		ctx_field(c, "role", "must be coordinator, member or observer");
	if (valid_enum(sector ? sector : "", vocab_keys(vocab_sectors),
	    &index))
		ctx_field(c, "sector", "must be one of the nine sectors");
	if ((msg = valid_text(org ? org : "", 0, 200, 0, &clean_org)) != NULL)
		ctx_field(c, "organisation", msg);
	if (c->error_fields != NULL) {
		free(clean_org);
		status = ctx_invalid(c, json_deep_copy(form));
		if (invitations_view(c, json_incref(form)) != 0)
			status = 500;
		json_decref(form);
		return status;
	}
	json_decref(form);
	token_new(token);
	token_hash_hex(token, hash);
	st = db_invitation_create(c->app->db, &(struct db_invitation){
	    .location_id = ctx_location_id(c), .email = email, .role = role,
	    .sector = sector, .organisation = clean_org, .hash = hash,
	    .invited_by = c->auth.user_id }, &row);
	free(clean_org);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	if ((status = send_invitation(c, email, role, token)) != 0) {
		json_decref(row);
		return status;
	}
	if ((st = ctx_audit(c, "invitation_created", json_pack("{s:O, s:s, "
	    "s:s}", "invitation_id", json_object_get(row, "id"), "role", role,
	    "sector", sector))) != DB_OK) {
		json_decref(row);
		return ctx_db_fail(c, st);
	}
	c->view = row;
	snprintf(to, sizeof(to), "/l/%s/wg/invitations?sent=1",
	    json_string_value(json_object_get(c->location, "slug")));
	return ctx_done(c, 201, to);
}

/*
 * Finds the invitation of the route's {token} and makes it visible to
 * this transaction; sets c->location to its location.  Its "invited" is
 * true when the signed-in person's email is the invited one.  Returns 0,
 * or an error status: 404 for no such link, 409 for a used or expired one.
 */
static int
load_invitation(struct ctx *c, json_t **out)
{
	const char	*token = request_param(c->req, "token");
	const char	*email = json_string_value(json_object_get(c->auth.user,
			    "email"));
	char		 hash[TOKEN_HASH_HEX];
	json_t		*row;
	enum db_status	 st;

	*out = NULL;
	if (token == NULL || !token_valid(token))
		return ctx_fail(c, 404, "This invitation link is not valid: "
		    "check that you copied all of it.");
	token_hash_hex(token, hash);
	/* The setting is the hash in hex, without the bytea "\x". */
	if ((st = db_begin(c->app->db)) != DB_OK ||
	    (st = db_invitation_set(c->app->db, hash + 2)) != DB_OK ||
	    (st = db_invitation_by_token(c->app->db, hash, email, &row)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, "This invitation link is not valid: "
		    "check that you copied all of it.");
	if (json_is_true(json_object_get(row, "accepted"))) {
		json_decref(row);
		return ctx_fail(c, 409, "This invitation has already been "
		    "used.  Sign in to reach your working group.");
	}
	if (json_is_true(json_object_get(row, "expired"))) {
		json_decref(row);
		return ctx_fail(c, 409, "This invitation has expired.  Ask the "
		    "coordinator to invite you again.");
	}
	json_decref(c->location);
	c->location = json_pack("{s:O, s:O, s:O}", "id", json_object_get(row,
	    "location_id"), "slug", json_object_get(row, "slug"), "name",
	    json_object_get(row, "location_name"));
	*out = row;
	return 0;
}

/* The page (or JSON) describing an invitation to its holder. */
static void
invitation_view(struct ctx *c, json_t *inv, json_t *form)
{
	json_t *view;

	view = json_pack("{s:{s:{s:O, s:O}, s:O, s:O, s:s?, s:O, s:O}, s:b, "
	    "s:b, s:O}",
	    "invitation",
	    "location", "slug", json_object_get(inv, "slug"), "name",
	    json_object_get(inv, "location_name"),
	    "email", json_object_get(inv, "email"),
	    "role", json_object_get(inv, "role"),
	    "role_name", vocab_name(vocab_roles, json_string_value(
	    json_object_get(inv, "role"))),
	    "sector", json_object_get(inv, "sector"),
	    "organisation", json_object_get(inv, "organisation"),
	    "signed_in", c->auth.user != NULL,
	    "another_account", c->auth.user != NULL &&
	    !json_is_true(json_object_get(inv, "invited")),
	    "user", c->auth.user != NULL ? c->auth.user : json_null());
	json_object_set_new(view, "form", form != NULL ? form : json_object());
	if (c->view != NULL)	/* errors from ctx_invalid() */
		json_object_update_missing(view, c->view);
	json_decref(c->view);
	c->view = view;
}

int
invitation_show(struct ctx *c)
{
	json_t	*inv;
	int	 status;

	if ((status = load_invitation(c, &inv)) != 0)
		return status;
	invitation_view(c, inv, NULL);
	json_decref(inv);
	return 200;
}

static int
exists(struct ctx *c)
{
	return ctx_fail(c, 409, "An account with this email already exists: "
	    "sign in first, then open the invitation link again.");
}

/*
 * Hashes the new account's password, once the cheap checks have passed:
 * an invited email that already has an account costs no hash.  Returns 0,
 * or an error status; a full hashing gate is a message by the password
 * field (429).
 */
static int
account_hash(struct ctx *c, json_t *inv, const char *name,
    const char *password, char hash[PASSWORD_HASH_MAX])
{
	json_t		*user = NULL;
	enum db_status	 st;
	int		 rc;

	if ((st = db_user_by_email(c->app->db, json_string_value(
	    json_object_get(inv, "email")), &user)) != DB_OK)
		return ctx_db_fail(c, st);
	if (user != NULL) {
		json_decref(user);
		return exists(c);
	}
	if ((rc = password_hash(password, hash)) == PASSWORD_BUSY)
		return ctx_busy(c, "password", json_pack("{s:s}",
		    "display_name", name ? name : ""));
	return rc == 0 ? 0 : ctx_fail(c, 500, "Out of memory.");
}

/* An invitee without an account makes one, with the invited email. */
static long long
create_account(struct ctx *c, json_t *inv, int *status)
{
	const char	*name = ctx_input(c, "display_name");
	const char	*password = ctx_input(c, "password");
	const char	*msg;
	char		*clean = NULL, hash[PASSWORD_HASH_MAX];
	json_t		*row;
	enum db_status	 st;
	long long	 id;

	*status = 0;
	if ((msg = valid_text(name ? name : "", 1, 100, 0, &clean)) != NULL)
		ctx_field(c, "display_name", msg);
	ctx_require(c, "password", password, password_rule);
	if (c->error_fields == NULL)
		*status = account_hash(c, inv, name, password, hash);
	if (c->error_fields != NULL || *status != 0) {
		free(clean);
		if (*status == 0)
			*status = ctx_invalid(c, json_pack("{s:s}",
			    "display_name", name ? name : ""));
		if (*status == 422 || *status == 429)
			invitation_view(c, inv, json_pack("{s:s}",
			    "display_name", name ? name : ""));
		return 0;
	}
	st = db_user_create(c->app->db, json_string_value(json_object_get(inv,
	    "email")), clean, hash, "en", &row);
	free(clean);
	if (st != DB_OK) {
		*status = ctx_db_fail(c, st);
		return 0;
	}
	if (row == NULL) {
		*status = exists(c);
		return 0;
	}
	id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	if ((*status = session_begin(c, id)) != 0)
		return 0;
	return id;
}

int
invitation_accept(struct ctx *c)
{
	json_t		*inv, *added = NULL;
	char		 to[128];
	long long	 user_id = c->auth.user_id;
	enum db_status	 st;
	int		 status;

	if ((status = load_invitation(c, &inv)) != 0)
		return status;
	if (user_id != 0 && !json_is_true(json_object_get(inv, "invited"))) {
		status = ctx_fail(c, 403, not_yours);
		goto out;
	}
	if (user_id == 0 && (user_id = create_account(c, inv, &status)) == 0)
		goto out;
	/* Membership first: the policy that admits it needs the invitation
	 * still unused. */
	if ((st = db_membership_add(c->app->db, &(struct db_member){
	    .location_id = ctx_location_id(c), .user_id = user_id,
	    .role = json_string_value(json_object_get(inv, "role")),
	    .sector = json_string_value(json_object_get(inv, "sector")),
	    .organisation = json_string_value(json_object_get(inv,
	    "organisation")) }, &added)) != DB_OK ||
	    (st = db_invitation_accept(c->app->db, json_integer_value(
	    json_object_get(inv, "id")), user_id)) != DB_OK ||
	    (st = ctx_audit(c, "invitation_accepted", json_pack("{s:O, s:O, "
	    "s:b}", "invitation_id", json_object_get(inv, "id"), "role",
	    json_object_get(inv, "role"), "already_member", added == NULL))) !=
	    DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	c->view = json_pack("{s:{s:O, s:O}, s:O, s:b}", "location", "slug",
	    json_object_get(inv, "slug"), "name", json_object_get(inv,
	    "location_name"), "role", added != NULL ? json_object_get(added,
	    "role") : json_object_get(inv, "role"), "already_member",
	    added == NULL);
	if (c->auth.csrf[0] != '\0')
		json_object_set_new(c->view, "csrf_token",
		    json_string(c->auth.csrf));
	snprintf(to, sizeof(to), "/l/%s/wg/", json_string_value(
	    json_object_get(inv, "slug")));
	status = ctx_done(c, 200, to);
out:
	json_decref(added);
	json_decref(inv);
	return status;
}

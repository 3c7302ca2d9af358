/*
 * session: signing in and out (/login, /logout, /api/v1/session) and who
 * am I (/api/v1/me).
 *
 * A sign-in never says whether the email has an account, and takes about
 * as long either way.  Failures slow further attempts down rather than
 * lock anything (docs/architecture.md, "Signing in"): past a number of
 * failures within the last hour, the next attempt for the account, or
 * from the address, must wait a delay that doubles with each failure up
 * to a cap, counted from the latest failure.  Attempts refused while
 * waiting are not failures, so nobody can hold an account closed: the
 * right password is let in once the delay since the last failure has
 * passed.  A success ends the account's count.
 */
#include <stdio.h>
#include <string.h>

#include "../../auth/password.h"
#include "../../db/identity.h"
#include "../handler.h"

#define SESSION_MAX_AGE		(7 * 24 * 3600)	/* the absolute expiry */

/*
 * The back-off rules, over STMT_SIGN_IN_FAILURES' columns: after free
 * failures, wait 1 s, doubling every step more failures, at most cap_s.
 * An account is guessed at slowly (a few a minute at most after the
 * first five); an address, which many people may share, only after far
 * more failures and never for long.
 */
static const struct backoff {
	const char	*count;		/* failures in the window */
	const char	*since;		/* ms since the latest one */
	int		 free, step, cap_s;
} backoffs[] = {
	{ "account", "account_ms", 5, 1, 300 },
	{ "client", "client_ms", 100, 10, 60 },
};

static const char wrong[] = N_("The email or password is not right.");

/* Where a person lands after signing in: "next" when it is a local path
 * a page answers (never another site: http/router.h), else their working
 * group, the national dashboard or their account. */
static void
landing(struct ctx *c, const char *next, char *out, size_t outsz)
{
	json_t	*first;

	if (next != NULL && strlen(next) < outsz &&
	    router_local_path(c->app->router, next)) {
		snprintf(out, outsz, "%s", next);
		return;
	}
	first = json_array_get(json_object_get(c->auth.user, "memberships"), 0);
	if (auth_national_role(&c->auth) != NULL)
		snprintf(out, outsz, "/national/");
	else if (first != NULL)
		snprintf(out, outsz, "/l/%s/wg/", json_string_value(
		    json_object_get(first, "location")));
	else
		snprintf(out, outsz, "/account");
}

json_t *
session_view(const struct ctx *c)
{
	return json_pack("{s:O, s:s}", "user", c->auth.user, "csrf_token",
	    c->auth.csrf);
}

int
session_begin(struct ctx *c, long long user_id)
{
	char		 token[TOKEN_TEXT], csrf[TOKEN_TEXT];
	char		 hash[TOKEN_HASH_HEX];
	enum db_status	 st;

	/* A new token at every sign-in: no session fixation. */
	if (c->auth.session_id != 0 && (st = db_session_delete(c->app->db,
	    c->auth.session_id)) != DB_OK)
		return ctx_db_fail(c, st);
	/* From here the request acts as the person: row-level security
	 * lets it write their own session only (sql/015). */
	if ((st = db_user_act_as(c->app->db, user_id)) != DB_OK)
		return ctx_db_fail(c, st);
	token_new(token);
	token_new(csrf);
	token_hash_hex(token, hash);
	if ((st = db_session_create(c->app->db, hash, user_id, csrf)) !=
	    DB_OK ||
	    (st = auth_load_session(&c->auth, c->app->db, token)) != DB_OK)
		return ctx_db_fail(c, st);
	if (c->auth.user == NULL)
		return ctx_fail(c, 500, "The new session could not be read.");
	ctx_cookie(c, auth_session_cookie(), token, SESSION_MAX_AGE);
	return 0;
}

int
session_form(struct ctx *c)
{
	const char	*next = kvlist_get(&c->req->query, "next");
	char		 to[512];

	if (c->auth.user != NULL) {
		landing(c, next, to, sizeof(to));
		response_header(c->resp, "Location", to);
		return 303;
	}
	c->view = json_pack("{s:{s:s}}", "form", "next",
	    next != NULL ? next : "");
	return 200;
}

/* Refuses a sign-in: JSON gets the error shape, the form is shown again. */
static int
refuse(struct ctx *c, int status, const char *message, json_t *form)
{
	c->keep_writes = 1;	/* the attempt and its audit entry stay */
	return ctx_refused(c, status, message, json_pack("{s:o, s:s}",
	    "form", form, "message", ctx_text(c, message)));
}

static enum db_status
record_attempt(struct ctx *c, const char *email, int ok)
{
	return db_sign_in_record(c->app->db, email, ctx_client(c), ok);
}

/* Milliseconds the attempt must still wait under rule r, or 0. */
static long long
backoff_wait(const struct backoff *r, json_t *row)
{
	json_int_t	 n = json_integer_value(json_object_get(row, r->count));
	json_int_t	 since = json_integer_value(json_object_get(row,
			    r->since));
	long long	 delay;
	json_int_t	 doublings;

	if (n < r->free)
		return 0;
	doublings = (n - r->free) / r->step;
	delay = doublings >= 20 ? r->cap_s * 1000LL :
	    (1000LL << doublings);
	if (delay > r->cap_s * 1000LL)
		delay = r->cap_s * 1000LL;
	return delay > since ? delay - since : 0;
}

/* Milliseconds this attempt must wait before it is heard, or 0. */
static long long
backing_off(struct ctx *c, const char *email, enum db_status *st)
{
	json_t		*row;
	long long	 wait, most = 0;
	size_t		 i;

	if ((*st = db_sign_in_failures(c->app->db, email, ctx_client(c),
	    &row)) != DB_OK)
		return 0;
	for (i = 0; i < sizeof(backoffs) / sizeof(backoffs[0]); i++)
		if ((wait = backoff_wait(&backoffs[i], row)) > most)
			most = wait;
	json_decref(row);
	return most;
}

/* Checks email and password; returns the user's id, 0 when wrong, or
 * PASSWORD_BUSY. */
static long long
check_password(struct ctx *c, const char *email, const char *password,
    enum db_status *st)
{
	json_t		*user;
	const char	*hash;
	char		 fresh[PASSWORD_HASH_MAX];
	long long	 id = 0;
	int		 ok;

	if ((*st = db_user_by_email(c->app->db, email, &user)) != DB_OK)
		return 0;
	hash = json_string_value(json_object_get(user, "password_hash"));
	if ((ok = password_verify(hash, password)) == PASSWORD_BUSY)
		id = PASSWORD_BUSY;
	else if (ok)
		id = json_integer_value(json_object_get(user, "id"));
	/* Hashes made with older limits are renewed while we hold the
	 * password (another time, if the gate is full now), as the person
	 * (their own row: sql/015); the password is the same, so its
	 * credentials stay. */
	if (id > 0 && password_needs_rehash(hash) &&
	    password_hash(password, fresh) == 0 &&
	    (*st = db_user_act_as(c->app->db, id)) == DB_OK)
		*st = db_user_rehash(c->app->db, id, fresh);
	json_decref(user);
	return *st == DB_OK ? id : 0;
}

/* Answers 429 with Retry-After, in whole seconds rounded up. */
static int
too_soon(struct ctx *c, long long wait_ms, const char *message,
    json_t *form)
{
	char	 secs[24];

	snprintf(secs, sizeof(secs), "%lld", (wait_ms + 999) / 1000);
	response_header(c->resp, "Retry-After", secs);
	return refuse(c, 429, message, form);
}

int
session_create(struct ctx *c)
{
	const char	*email = ctx_input(c, "email");
	const char	*password = ctx_input(c, "password");
	const char	*next = ctx_input(c, "next");
	char		 to[512];
	json_t		*form;
	enum db_status	 st;
	long long	 id, wait;
	int		 status;

	form = json_pack("{s:s, s:s}", "email", email != NULL ? email : "",
	    "next", next != NULL ? next : "");
	if (email == NULL || email[0] == '\0')
		ctx_field(c, "email", "is required");
	else if (strlen(email) > 254)
		ctx_field(c, "email", "is too long");
	if (password == NULL || password[0] == '\0')
		ctx_field(c, "password", "is required");
	else if (strlen(password) > PASSWORD_MAX_BYTES)
		ctx_field(c, "password", "is too long");
	if (c->error_fields != NULL)
		return ctx_invalid(c, form);

	if ((wait = backing_off(c, email, &st)) > 0)
		return too_soon(c, wait, N_("Too many sign-in attempts: wait a "
		    "little (at most a few minutes), then try again."), form);
	if (st != DB_OK || (id = check_password(c, email, password, &st),
	    st != DB_OK))
		goto dbfail;
	if (id == PASSWORD_BUSY)
		return too_soon(c, 1, N_("Too many people are signing in just "
		    "now: try again in a moment."), form);
	if (id == 0) {
		if ((st = record_attempt(c, email, 0)) != DB_OK ||
		    (st = ctx_audit(c, "sign_in_failed", json_pack("{s:s}",
		    "email", email))) != DB_OK)
			goto dbfail;
		return refuse(c, 401, wrong, form);
	}
	json_decref(form);
	if ((st = record_attempt(c, email, 1)) != DB_OK)
		return ctx_db_fail(c, st);
	if ((status = session_begin(c, id)) != 0)
		return status;
	if ((st = ctx_audit(c, "sign_in", NULL)) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = session_view(c);
	landing(c, next, to, sizeof(to));
	return ctx_done(c, 200, to);
dbfail:
	json_decref(form);
	return ctx_db_fail(c, st);
}

int
session_delete(struct ctx *c)
{
	enum db_status	 st;

	if (c->auth.session_id != 0 && (st = db_session_delete(c->app->db,
	    c->auth.session_id)) != DB_OK)
		return ctx_db_fail(c, st);
	if ((st = ctx_audit(c, "sign_out", NULL)) != DB_OK)
		return ctx_db_fail(c, st);
	ctx_cookie(c, auth_session_cookie(), "", 0);
	return ctx_done(c, 204, "/");
}

int
session_me(struct ctx *c)
{
	c->view = json_deep_copy(c->auth.user);
	return 200;
}

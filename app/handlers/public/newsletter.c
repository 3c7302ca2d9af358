/*
 * newsletter: each location's newsletter as the public sees it (sql/030)
 * — signing up (/l/{slug}/newsletter and POST /api/v1/locations/{slug}/
 * subscriptions) with double opt-in, confirming from the emailed link,
 * the RFC 8058 one-click unsubscribe, and the archive of issues sent
 * (their pages, the API, and the location page's list).  Composing and
 * sending is newsletter_compose.c.
 *
 * No step tells whether an address is subscribed: signing up answers the
 * same for a new, a waiting and a confirmed address, and for one that has
 * had its three confirmation links of the day (sql/038).  Tokens are
 * auth/token.h's (random, only their hash kept); the confirmation link is
 * single-use, and every issue's message has its own unsubscribe token.
 * A GET never changes anything: the links open pages whose button posts.
 */
#include <stdio.h>
#include <string.h>

#include "../../db/newsletter.h"
#include "../../http/validate.h"
#include "../handler.h"

#define ARCHIVE_SHOWN	5	/* issues on the location page */
#define ARCHIVE_MAX	100	/* on the newsletter page and the API */

static const char bad_confirm[] = N_("This confirmation link is not valid "
    "or has already been used.  Sign up again to get a new one.");
static const char bad_unsubscribe[] = N_("This unsubscribe link is not "
    "valid, or the subscription has already ended.");

/* The interface languages as choices, code chosen selected; new. */
json_t *
newsletter_languages(const struct ctx *c, const char *chosen)
{
	json_t	*list = json_array();
	size_t	 i;

	for (i = 0; i < i18n_nlangs; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}",
		    "code", i18n_langs[i].code, "name", ctx_text(c,
		    i18n_langs[i].name), "selected", chosen != NULL &&
		    strcmp(chosen, i18n_langs[i].code) == 0));
	return list;
}

/* Is code exactly one of the interface languages' codes? */
int
newsletter_language_ok(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < i18n_nlangs; i++)
		if (strcmp(code, i18n_langs[i].code) == 0)
			return 1;
	return 0;
}

/* The archive of location slug, latest limit issues, as c->view's
 * "newsletter_issues".  0 or a status. */
static int
archive_attach(struct ctx *c, const char *slug, int limit)
{
	json_t		*rows = NULL;
	enum db_status	 st;

	if ((st = db_newsletter_issues(c->app->db, slug, limit, &rows)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(c->view, "newsletter_issues", rows);
	return 0;
}

int
newsletter_location_archive(struct ctx *c, const char *slug)
{
	return archive_attach(c, slug, ARCHIVE_SHOWN);
}

/* The sign-up page around form (stolen). */
static int
signup_page(struct ctx *c, json_t *form, int status)
{
	const char	*lang = json_string_value(json_object_get(form,
			    "language"));
	int		 failed;

	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o, s:b}", "location",
	    ctx_location_public(c), "form", form, "languages",
	    newsletter_languages(c, lang), "sent", kvlist_get(&c->req->query,
	    "sent") != NULL));
	if ((failed = archive_attach(c, json_string_value(json_object_get(
	    c->location, "slug")), ARCHIVE_MAX)) != 0)
		return failed;
	return status;
}

int
newsletter_page(struct ctx *c)
{
	return signup_page(c, json_pack("{s:s, s:s}", "email", "",
	    "language", i18n_code(c->lang)), 200);
}

/* Mails the confirmation link of token to email in language lang. */
static enum db_status
confirm_mail(struct ctx *c, const char *email, const char *lang,
    const char *token)
{
	const char	*name = json_string_value(json_object_get(c->location,
			    "name"));

	return ctx_mail(c, "newsletter_confirm", email, i18n_find(lang),
	    N_("Confirm your newsletter subscription"),
	    "Kia ora,\n\n"
	    "Someone, hopefully you, asked for the %s working group's "
	    "newsletter at this address.\nOpen this link to confirm, and "
	    "issues will start to arrive:\n%s/newsletter/confirm/%s\n\n"
	    "If you did not ask, ignore this email: nothing more will come."
	    "\n\n-- Community Engagement Portal\n", name, c->app->site_url,
	    token);
}

int
newsletter_subscribe(struct ctx *c)
{
	const char	*email = ctx_input(c, "email");
	const char	*lang = ctx_input(c, "language");
	char		 token[TOKEN_TEXT], hash[TOKEN_HASH_HEX], to[200];
	enum db_status	 st;
	int		 send;

	ctx_require(c, "email", email, valid_email);
	if (!newsletter_language_ok(lang))
		ctx_field(c, "language", N_("must be one of the portal's "
		    "languages: en, mi, ar, fa-AF, my or es"));
	if (c->error_fields != NULL)
		return signup_page(c, json_pack("{s:s, s:s}", "email",
		    email != NULL ? email : "", "language", lang != NULL ?
		    lang : ""), ctx_invalid(c, NULL));
	token_new(token);
	token_hash_hex(token, hash);
	if ((st = db_newsletter_subscribe(c->app->db, json_string_value(
	    json_object_get(c->location, "slug")), email, lang, hash,
	    &send)) != DB_OK || (send && (st = confirm_mail(c, email, lang,
	    token)) != DB_OK))
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:s}", "status", "sent");
	snprintf(to, sizeof(to), "/l/%s/newsletter?sent=1", json_string_value(
	    json_object_get(c->location, "slug")));
	return ctx_done(c, 202, to);
}

/* ------------------------------------------------------ confirming */

/* token as its hash; 0, or -1 when it is not shaped like a token. */
static int
token_hashed(const char *token, char hash[TOKEN_HASH_HEX])
{
	if (token == NULL || !token_valid(token))
		return -1;
	token_hash_hex(token, hash);
	return 0;
}

int
newsletter_confirm_form(struct ctx *c)
{
	c->view = json_pack("{s:s}", "token", request_param(c->req, "token"));
	return 200;
}

/* POST /newsletter/confirm/{token} (a page's button) and POST
 * /api/v1/subscriptions/confirm {"token"}. */
int
newsletter_confirm(struct ctx *c)
{
	const char	*token = request_param(c->req, "token");
	char		 hash[TOKEN_HASH_HEX];
	json_t		*row = NULL;
	enum db_status	 st;

	if (token == NULL && ((token = ctx_input(c, "token")) == NULL ||
	    token[0] == '\0')) {
		ctx_field(c, "token", N_("is required"));
		return ctx_invalid(c, NULL);
	}
	if (token_hashed(token, hash) == -1)
		return ctx_fail(c, 404, bad_confirm);
	if ((st = db_newsletter_confirm(c->app->db, hash, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, bad_confirm);
	json_object_set_new(row, "confirmed", json_true());
	c->view = row;
	return 200;
}

/* ---------------------------------------------------- unsubscribing */

/*
 * GET and POST /newsletter/unsubscribe?token=: the link of every issue's
 * List-Unsubscribe header (RFC 8058).  GET shows what the link ends and
 * a button; POST ends it in one request, signed in or not.  The POST is
 * the one state change the portal takes without a CSRF token or an
 * Origin check (the route's ROUTE_ONE_CLICK, routes.c): a mail client
 * posts it from no page of ours, and the token in the URL, which only
 * the subscriber's mailbox holds, is the proof a CSRF token would be.
 * A forged cross-site POST would need that token, and then could only
 * end that one subscription.
 */
static int
unsubscribe(struct ctx *c, int remove)
{
	const char	*token = kvlist_get(&c->req->query, "token");
	char		 hash[TOKEN_HASH_HEX];
	json_t		*row = NULL;
	enum db_status	 st;

	if (token_hashed(token, hash) == -1)
		return ctx_fail(c, 404, bad_unsubscribe);
	if ((st = db_newsletter_unsubscribe(c->app->db, hash, remove,
	    &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, bad_unsubscribe);
	json_object_set_new(row, "token", json_string(token));
	json_object_set_new(row, "unsubscribed", json_boolean(remove));
	c->view = row;
	return 200;
}

int
newsletter_unsubscribe_form(struct ctx *c)
{
	return unsubscribe(c, 0);
}

int
newsletter_unsubscribe(struct ctx *c)
{
	return unsubscribe(c, 1);
}

/* ---------------------------------------------------------- archive */

int
newsletter_issue_list(struct ctx *c)
{
	int	 status;

	c->view = json_object();
	if ((status = archive_attach(c, json_string_value(json_object_get(
	    c->location, "slug")), ARCHIVE_MAX)) != 0)
		return status;
	json_object_set(c->view, "items", json_object_get(c->view,
	    "newsletter_issues"));
	json_object_del(c->view, "newsletter_issues");
	json_object_set_new(c->view, "next", json_null());
	return 200;
}

int
newsletter_issue_show(struct ctx *c)
{
	json_t		*row = NULL;
	enum db_status	 st;
	long long	 id = ctx_param_id(c, "id");

	if (id != 0 && (st = db_newsletter_issue_get(c->app->db,
	    ctx_location_id(c), id, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, N_("There is no such newsletter issue "
		    "here."));
	json_object_del(row, "recipients");
	json_object_set_new(row, "location", ctx_location_public(c));
	c->view = row;
	return 200;
}

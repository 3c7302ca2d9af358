/*
 * answer_language: the language of a request's answer (see
 * answer_language.h).
 */
#include <string.h>

#include "../db/identity.h"
#include "answer_language.h"

#define LANG_COOKIE	"portal_lang"	/* a signed-out choice of language */

/*
 * The language a request is answered in, before we know who asks:
 * ?lang= (remembered: lang_asked), the cookie an earlier ?lang= left,
 * Accept-Language, English.
 */
void
lang_choose(struct ctx *c)
{
	int	 l;

	if ((l = i18n_find(kvlist_get(&c->req->query, "lang"))) != -1)
		c->lang_asked = 1;
	else if ((l = i18n_find(kvlist_get(&c->req->cookies,
	    LANG_COOKIE))) == -1 &&
	    (l = i18n_accept(c->req->accept_language)) == -1)
		l = 0;
	c->lang = i18n_request = l;
}

/* The signed-in person's own language, unless ?lang= chose another. */
void
lang_of_account(struct ctx *c)
{
	int	 l = i18n_find(json_string_value(json_object_get(c->auth.user,
		    "preferred_language")));

	if (c->auth.user != NULL && !c->lang_asked && l != -1)
		c->lang = i18n_request = l;
}

/* Whether ?lang= asks a signed-in person for another language than
 * their account's: then the account changes (lang_remember()). */
int
lang_account_changes(const struct ctx *c)
{
	const char *have = json_string_value(json_object_get(c->auth.user,
	    "preferred_language"));

	return c->auth.user != NULL && c->lang_asked && (have == NULL ||
	    strcmp(have, i18n_code(c->lang)) != 0);
}

/*
 * Remembers a language chosen with ?lang=: in the account of a signed-in
 * person (inside the request's transaction), else in a cookie for a year.
 * The cookie is added after the answer went into the public cache, which
 * keeps answers without cookies: one answer serves every visitor reading
 * in that language.  Returns 0, or a status already recorded.
 */
int
lang_remember(struct ctx *c)
{
	enum db_status	 st;

	if (!lang_account_changes(c))
		return 0;
	if ((st = db_user_language_set(c->app->db, c->auth.user_id,
	    i18n_code(c->lang))) != DB_OK)
		return ctx_db_fail(c, st);
	c->wrote = 1;
	return 0;
}

void
lang_cookie(struct ctx *c)
{
	const char *have = kvlist_get(&c->req->cookies, LANG_COOKIE);

	if (c->lang_asked && c->auth.user == NULL && (have == NULL ||
	    strcmp(have, i18n_code(c->lang)) != 0))
		ctx_cookie(c, LANG_COOKIE, i18n_code(c->lang), 365L * 86400);
}

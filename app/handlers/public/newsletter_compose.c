/*
 * newsletter_compose: a coordinator composes an issue of the location's
 * newsletter (/l/{slug}/wg/newsletter, POST /api/v1/locations/{slug}/
 * newsletter/issues) from a subject, an introduction in Markdown and
 * items picked from the location's recent and coming events (not the
 * cancelled), its public initiatives' updates and its published stories;
 * previews it; and sends it.  Sending keeps the issue (public
 * from then on: newsletter.c archives it) and writes one outbox message
 * per confirmed subscriber of its language, each with its own unsubscribe
 * token behind the RFC 8058 List-Unsubscribe headers (sql/030,
 * mail/smtp.c).  The items are copied into the issue as they read when
 * it went, so the archive shows what subscribers got.
 */
#include <stdio.h>
#include <string.h>

#include "../../db/newsletter.h"
#include "../fields.h"

/*
 * What an issue may carry, by the kind stmt_newsletter.inc's candidates
 * give, with its name on the compose page.
 */
static const struct {
	const char	*kind, *name;
} item_kinds[] = {
	{ "event", N_("Event") },
	{ "update", N_("Initiative update") },
	{ "story", N_("Story") },
};

static const char *const compose_lists[] = { "items", NULL };
static const char *const compose_boxes[] = { "preview", NULL };
static const char *const compose_field_ids[][2] = { { "subject", NULL },
	{ "intro", NULL }, { "language", NULL }, { "items", NULL },
	{ NULL, NULL } };

/* The name of an item's kind in the asker's language. */
static const char *
kind_name(const struct ctx *c, const char *kind)
{
	size_t	 i;

	for (i = 0; i < sizeof(item_kinds) / sizeof(item_kinds[0]); i++)
		if (kind != NULL && strcmp(kind, item_kinds[i].kind) == 0)
			return ctx_text(c, item_kinds[i].name);
	return kind != NULL ? kind : "";
}

/* What the location's issues may carry, each with its "key" (kind:id)
 * and "selected" when picked names it; *out new.  0 or a status. */
static int
candidates(struct ctx *c, const json_t *picked, json_t **out)
{
	json_t		*k, *item;
	enum db_status	 st;
	char		 key[48];
	size_t		 i, j;

	if ((st = db_newsletter_candidates(c->app->db, ctx_location_id(c),
	    out)) != DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(*out, i, item) {
		snprintf(key, sizeof(key), "%s:%lld", json_string_value(
		    json_object_get(item, "kind")), (long long)
		    json_integer_value(json_object_get(item, "id")));
		json_object_set_new(item, "key", json_string(key));
		json_object_set_new(item, "kind_name", json_string(kind_name(c,
		    json_string_value(json_object_get(item, "kind")))));
		json_array_foreach(picked, j, k)
			if (json_string_value(k) != NULL &&
			    strcmp(json_string_value(k), key) == 0)
				json_object_set_new(item, "selected",
				    json_true());
	}
	return 0;
}

/* The candidates form.items picks, in the candidates' order, without
 * the page's members; a field error for a pick that is none of them. */
static json_t *
picked_items(struct ctx *c, const json_t *form, json_t *cands)
{
	json_t		*out = json_array(), *item, *k;
	size_t		 i, found = 0;

	json_array_foreach(cands, i, item)
		if (json_is_true(json_object_get(item, "selected"))) {
			found++;
			json_array_append_new(out, json_pack("{s:O, s:O, s:O, "
			    "s:O, s:O, s:O}", "kind", json_object_get(item,
			    "kind"), "id", json_object_get(item, "id"),
			    "title", json_object_get(item, "title"), "date",
			    json_object_get(item, "date"), "text",
			    json_object_get(item, "text"), "path",
			    json_object_get(item, "path")));
		}
	k = json_object_get(form, "items");
	if (found != json_array_size(k) || json_array_size(k) > 50)
		ctx_field(c, "items", N_("must be at most 50 of this location's "
		    "recent events, initiative updates and stories, as listed"));
	return out;
}

/* Checks in into form: subject, intro, language, items. */
static void
compose_check(struct ctx *c, json_t *in, json_t *form)
{
	const char	*lang = json_string_value(json_object_get(in,
			    "language"));
	json_t		*items;
	int		 bad = 0;

	field_in_text(c, in, form, "subject", 1, 200, 0);
	field_in_text(c, in, form, "intro", 0, 10000, 1);
	if (!newsletter_language_ok(lang))
		ctx_field(c, "language", N_("must be one of the portal's "
		    "languages: en, mi, ar, fa-AF, my or es"));
	json_object_set_new(form, "language", json_string(lang != NULL ?
	    lang : ""));
	items = field_in_list(in, "items", &bad);
	if (bad)
		ctx_field(c, "items", N_("must be a list of items as listed"));
	json_object_set_new(form, "items", items);
}

/* The confirmed subscribers of language in audience (rows). */
static long long
confirmed(const json_t *audience, const char *language)
{
	json_t	*row;
	size_t	 i;

	json_array_foreach(audience, i, row)
		if (language != NULL && strcmp(language, json_string_value(
		    json_object_get(row, "language"))) == 0)
			return json_integer_value(json_object_get(row,
			    "confirmed"));
	return 0;
}

/* The compose page around form (stolen) and preview (stolen, or NULL). */
static int
compose_page(struct ctx *c, json_t *form, json_t *preview, int status)
{
	json_t		*cands = NULL, *audience = NULL;
	enum db_status	 st;
	int		 failed;

	if ((failed = candidates(c, json_object_get(form, "items"),
	    &cands)) != 0 || (st = db_newsletter_audience(c->app->db,
	    ctx_location_id(c), &audience)) != DB_OK) {
		json_decref(form);
		json_decref(preview);
		json_decref(cands);
		return failed != 0 ? failed : ctx_db_fail(c, st);
	}
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o, s:o, s:o?, s:o, s:o}",
	    "location", ctx_location_public(c), "candidates", cands,
	    "audience", audience, "languages", newsletter_languages(c,
	    json_string_value(json_object_get(form, "language"))),
	    "preview", preview, "form", form, "field", field_states(c,
	    compose_field_ids)));
	return status;
}

int
newsletter_compose_form(struct ctx *c)
{
	return compose_page(c, json_pack("{s:s, s:s, s:s, s:[]}", "subject",
	    "", "intro", "", "language", i18n_code(c->lang), "items"), NULL,
	    200);
}

/* ------------------------------------------------------- the message */

/* The issue's text up to its footer, in its language. */
static void
issue_text(struct ctx *c, struct buf *b, const json_t *form,
    const json_t *items)
{
	const char	*slug = json_string_value(json_object_get(c->location,
			    "slug"));
	json_t		*item;
	size_t		 i;

	buf_printf(b, "%s\n\n", json_string_value(json_object_get(form,
	    "subject")));
	if (json_string_length(json_object_get(form, "intro")) > 0)
		buf_printf(b, "%s\n\n", json_string_value(json_object_get(form,
		    "intro")));
	json_array_foreach(items, i, item)
		buf_printf(b, "* %s (%s)\n%s%s%s/l/%s/%s\n\n", json_string_value(
		    json_object_get(item, "title")), json_string_value(
		    json_object_get(item, "date")), json_string_value(
		    json_object_get(item, "text")), json_string_length(
		    json_object_get(item, "text")) > 0 ? "\n" : "",
		    c->app->site_url, slug, json_string_value(json_object_get(
		    item, "path")));
}

/* One subscriber's message: text, then the footer with url. */
static void
issue_footer(struct ctx *c, struct buf *b, int lang, const char *url)
{
	buf_printf(b, i18n_text(lang, N_("-- \nYou receive this because you "
	    "subscribed to the %s working group's newsletter.\nUnsubscribe "
	    "with one click: %s\n")), json_string_value(json_object_get(
	    c->location, "name")), url);
}

/* Writes issue id's message to every confirmed subscriber of its
 * language: *count of them.  DB_OK or the failure. */
static enum db_status
deliver_all(struct ctx *c, long long id, const json_t *form,
    const json_t *items, long long *count)
{
	const char	*lang = json_string_value(json_object_get(form,
			    "language"));
	struct buf	 head = BUF_INIT, body = BUF_INIT, url = BUF_INIT;
	char		 token[TOKEN_TEXT], hash[TOKEN_HASH_HEX];
	json_t		*rows = NULL, *r;
	enum db_status	 st;
	size_t		 i;

	*count = 0;
	issue_text(c, &head, form, items);
	if ((st = db_newsletter_recipients(c->app->db, ctx_location_id(c),
	    lang, &rows)) != DB_OK)
		goto out;
	json_array_foreach(rows, i, r) {
		token_new(token);
		token_hash_hex(token, hash);
		buf_reset(&url);
		buf_printf(&url, "%s/newsletter/unsubscribe?token=%s",
		    c->app->site_url, token);
		buf_reset(&body);
		buf_puts(&body, buf_str(&head));
		issue_footer(c, &body, i18n_find(lang), buf_str(&url));
		if (buf_failed(&body) || buf_failed(&url)) {
			st = DB_ERROR;
			goto out;
		}
		if ((st = db_newsletter_deliver(c->app->db,
		    &(struct db_newsletter_delivery){ ctx_location_id(c), id,
		    json_integer_value(json_object_get(r, "id")), hash,
		    json_string_value(json_object_get(r, "email")),
		    json_string_value(json_object_get(form, "subject")),
		    buf_str(&body), buf_str(&url) })) != DB_OK)
			goto out;
		(*count)++;
	}
	st = db_newsletter_issue_sent(c->app->db, ctx_location_id(c), id,
	    *count);
out:
	json_decref(rows);
	buf_free(&head);
	buf_free(&body);
	buf_free(&url);
	return st;
}

/* ---------------------------------------------------------- sending */

/* Keeps and sends the checked form with items: the issue's page, or its
 * JSON (201). */
static int
send_issue(struct ctx *c, const json_t *form, json_t *items)
{
	char		 to[200];
	long long	 id, count;
	json_t		*row = NULL;
	enum db_status	 st;

	if ((st = db_newsletter_issue_add(c->app->db,
	    &(struct db_newsletter_issue){ ctx_location_id(c),
	    c->auth.user_id, json_string_value(json_object_get(form,
	    "language")), json_string_value(json_object_get(form, "subject")),
	    json_string_value(json_object_get(form, "intro")), items },
	    &id)) != DB_OK || (st = deliver_all(c, id, form, items,
	    &count)) != DB_OK || (st = ctx_audit(c, "newsletter_sent",
	    json_pack("{s:I, s:O, s:I}", "issue_id", (json_int_t)id,
	    "language", json_object_get(form, "language"), "recipients",
	    (json_int_t)count))) != DB_OK || (st = db_newsletter_issue_get(
	    c->app->db, ctx_location_id(c), id, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	json_decref(c->view);
	c->view = row;
	snprintf(to, sizeof(to), "/l/%s/newsletter/issues/%lld",
	    json_string_value(json_object_get(c->location, "slug")), id);
	return ctx_done(c, 201, to);
}

/* The preview of the checked form with items (stolen): the issue as
 * subscribers of its language will read it, and how many there are. */
static json_t *
preview_of(struct ctx *c, const json_t *form, json_t *items,
    long long recipients)
{
	struct buf	 text = BUF_INIT;
	json_t		*p;

	issue_text(c, &text, form, items);
	issue_footer(c, &text, i18n_find(json_string_value(json_object_get(
	    form, "language"))), "…");
	p = json_pack("{s:O, s:O, s:O, s:o, s:s, s:I}", "subject",
	    json_object_get(form, "subject"), "intro", json_object_get(form,
	    "intro"), "language", json_object_get(form, "language"), "items",
	    items, "text", buf_failed(&text) ? "" : buf_str(&text),
	    "recipients", (json_int_t)recipients);
	buf_free(&text);
	return p;
}

int
newsletter_send(struct ctx *c)
{
	json_t		*in = field_in_request(c, compose_lists, compose_boxes);
	json_t		*form = json_object(), *cands = NULL, *items, *aud = NULL;
	const char	*action = ctx_input(c, "action");
	int		 preview, status;

	preview = json_is_true(json_object_get(in, "preview")) ||
	    (action != NULL && strcmp(action, "preview") == 0);
	compose_check(c, in, form);
	json_decref(in);
	if ((status = candidates(c, json_object_get(form, "items"),
	    &cands)) != 0) {
		json_decref(form);
		return status;
	}
	items = picked_items(c, form, cands);
	json_decref(cands);
	if (c->error_fields != NULL) {
		json_decref(items);
		return compose_page(c, form, NULL, ctx_invalid(c, NULL));
	}
	if (!preview) {
		status = send_issue(c, form, items);
		json_decref(items);
		json_decref(form);
		return status;
	}
	if (db_newsletter_audience(c->app->db, ctx_location_id(c), &aud) !=
	    DB_OK)
		aud = json_array();
	c->view = json_pack("{s:o}", "preview", preview_of(c, form, items,
	    confirmed(aud, json_string_value(json_object_get(form,
	    "language")))));
	json_decref(aud);
	return compose_page(c, form, json_incref(json_object_get(c->view,
	    "preview")), 200);
}

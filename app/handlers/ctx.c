/*
 * ctx: the helpers every handler answers with (see handler.h): errors,
 * invalid forms, redirects after a change, cookies, input and audit.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/identity.h"
#include "../http/validate.h"
#include "../util/log.h"
#include "../views/i18n.h"
#include "handler.h"

static const char *
error_code(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthenticated";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 414: return "uri_too_long";
	case 415: return "unsupported_media_type";
	case 422: return "validation_failed";
	case 429: return "too_many_attempts";
	case 503: return "database_unavailable";
	default: return "internal_error";
	}
}

int
ctx_fail(struct ctx *c, int status, const char *message)
{
	c->error_code = error_code(status);
	snprintf(c->error_message, sizeof(c->error_message), "%s",
	    i18n_text(c->lang, message));
	return status;
}

void
ctx_field(struct ctx *c, const char *field, const char *message)
{
	if (c->error_fields == NULL)
		c->error_fields = json_object();
	if (c->error_fields != NULL && json_object_get(c->error_fields,
	    field) == NULL)
		json_object_set_new(c->error_fields, field,
		    json_string(i18n_text(c->lang, message)));
}

int
ctx_db_fail(struct ctx *c, enum db_status st)
{
	if (st == DB_UNAVAILABLE) {
		response_header(c->resp, "Retry-After", "2");
		return ctx_fail(c, 503, "The database is unavailable just now; "
		    "please try again in a moment.");
	}
	log_msg(LOG_ERROR, "database error", "sqlstate=%s",
	    db_sqlstate(c->app->db));
	return ctx_fail(c, 500, "Something went wrong on our side.");
}

void
ctx_require(struct ctx *c, const char *field, const char *value,
    const char *(*check)(const char *))
{
	const char *msg;

	if (value == NULL || value[0] == '\0')
		ctx_field(c, field, N_("is required"));
	else if ((msg = check(value)) != NULL)
		ctx_field(c, field, msg);
}

int
ctx_refused(struct ctx *c, int status, const char *message, json_t *view)
{
	json_decref(c->view);
	c->view = view;
	c->again = status;
	return ctx_fail(c, status, message);
}

int
ctx_invalid(struct ctx *c, json_t *form)
{
	return ctx_refused(c, 422, N_("Some fields need attention: see "
	    "fields."), json_pack("{s:o, s:O}", "form", form != NULL ? form :
	    json_object(), "errors", c->error_fields));
}

int
ctx_busy(struct ctx *c, const char *field, json_t *form)
{
	static const char busy[] = "Too many passwords are being checked "
	    "just now: try again in a moment.";
	json_t	*errors;

	response_header(c->resp, "Retry-After", "1");
	/* By the field on the page only: the JSON error names no field. */
	errors = c->error_fields != NULL ? json_copy(c->error_fields) :
	    json_object();
	if (json_object_get(errors, field) == NULL)
		json_object_set_new(errors, field, json_string(i18n_text(
		    c->lang, "could not be checked just now: too many are "
		    "being checked; send the form again in a moment")));
	return ctx_refused(c, 429, busy, json_pack(
	    "{s:o, s:o}", "form", form != NULL ? form : json_object(),
	    "errors", errors));
}

int
ctx_done(struct ctx *c, int status, const char *location)
{
	free(c->done);
	c->done = strdup(location);
	return status;
}

const char *
ctx_input(const struct ctx *c, const char *name)
{
	if (c->req->json != NULL)
		return json_string_value(json_object_get(c->req->json, name));
	return kvlist_get(&c->req->form, name);
}

void
ctx_view_merge(struct ctx *c, json_t *view)
{
	if (c->view != NULL && view != NULL)
		json_object_update(view, c->view);
	json_decref(c->view);
	c->view = view;
}

const char *
ctx_input_scalar(const struct ctx *c, const char *name, char buf[24])
{
	json_t	*v;

	if (c->req->json == NULL)
		return kvlist_get(&c->req->form, name);
	if ((v = json_object_get(c->req->json, name)) == NULL)
		return NULL;
	switch (json_typeof(v)) {
	case JSON_INTEGER:
		snprintf(buf, 24, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	case JSON_NULL:
		return "";
	case JSON_STRING:
		return json_string_value(v);
	case JSON_REAL:
		/* As written, so that the field's check refuses it. */
		snprintf(buf, 24, "%g", json_real_value(v));
		return buf;
	default:
		return json_is_boolean(v) ? N_("true or false") :
		    N_("a list or an object");
	}
}

/* Appends the non-blank pieces of s (split at line ends when lines). */
static void
append_items(json_t *out, const char *s, int lines)
{
	size_t	 n;

	while (*s != '\0') {
		n = lines ? strcspn(s, "\r\n") : strlen(s);
		if (n > 0 && strspn(s, " \t") < n)
			json_array_append_new(out, json_stringn(s, n));
		s += n;
		s += strspn(s, "\r\n");
	}
}

json_t *
ctx_input_list(const struct ctx *c, const char *name, int lines, int *bad)
{
	json_t	*out, *v, *item;
	size_t	 i;
	int	 present = 0;

	*bad = 0;
	if ((out = json_array()) == NULL)
		return NULL;
	if (c->req->json != NULL) {
		if ((v = json_object_get(c->req->json, name)) == NULL)
			goto absent;
		present = 1;
		if (!json_is_array(v))
			*bad = 1;
		json_array_foreach(v, i, item) {
			if (!json_is_string(item))
				*bad = 1;
			else
				append_items(out, json_string_value(item), 0);
		}
		return out;
	}
	for (i = 0; i < c->req->form.n; i++)
		if (strcmp(c->req->form.items[i].key, name) == 0) {
			present = 1;
			append_items(out, c->req->form.items[i].val, lines);
		}
	if (present)
		return out;
absent:
	json_decref(out);
	return NULL;
}

int
ctx_conflict(struct ctx *c, const char *message, json_t *current)
{
	json_decref(c->error_extra);
	c->error_extra = json_pack("{s:O}", "current", current);
	return ctx_refused(c, 409, message, json_pack("{s:o, s:s, s:O?}",
	    "current", current, "conflict", message,
	    "errors", c->error_fields));
}

void
ctx_cookie(struct ctx *c, const char *name, const char *value, long max_age)
{
	char	 line[256];

	snprintf(line, sizeof(line), "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
	    "SameSite=Lax%s", name, value, max_age,
	    c->app->site.https ? "; Secure" : "");
	response_header(c->resp, "Set-Cookie", line);
}

const char *
ctx_client(const struct ctx *c)
{
	return c->req->remote_addr;
}

const char *
ctx_id_text(long long id, char out[24])
{
	snprintf(out, 24, "%lld", id);
	return out;
}

long long
ctx_location_id(const struct ctx *c)
{
	return json_integer_value(json_object_get(c->location, "id"));
}

const char *
ctx_location_key(const struct ctx *c, char out[24])
{
	return ctx_id_text(ctx_location_id(c), out);
}

enum db_status
ctx_audit(struct ctx *c, const char *action, json_t *detail)
{
	char	*text;
	enum db_status st;

	if (detail == NULL)
		detail = json_object();
	text = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	if (text == NULL)
		return DB_ERROR;
	st = db_audit_add(c->app->db, ctx_location_id(c), c->auth.user_id,
	    action, text);
	free(text);
	return st;
}

json_t *
ctx_location_public(const struct ctx *c)
{
	return json_pack("{s:O, s:O}", "slug", json_object_get(c->location,
	    "slug"), "name", json_object_get(c->location, "name"));
}

const char *
ctx_text(const struct ctx *c, const char *msgid)
{
	return i18n_text(c->lang, msgid);
}

const char *
ctx_plural(const struct ctx *c, const char *one, const char *many,
    unsigned long n)
{
	return i18n_plural(c->lang, one, many, n);
}

enum db_status
ctx_mail(struct ctx *c, const char *kind, const char *to, int lang,
    const char *subject, const char *fmt, ...)
{
	struct buf	 body = BUF_INIT;
	va_list		 ap;
	enum db_status	 st;

	/* The catalogue's format has the same conversions as fmt: msgfmt
	 * --check refuses a translation whose conversions differ. */
	subject = i18n_text(lang, subject);
	va_start(ap, fmt);
	buf_vprintf(&body, i18n_text(lang, fmt), ap);
	va_end(ap);
	st = buf_failed(&body) ? DB_ERROR : db_outbox_add(c->app->db,
	    &(struct db_mail){ .location_id = ctx_location_id(c), .to = to,
	    .subject = subject, .body = buf_str(&body), .kind = kind });
	buf_free(&body);
	return st;
}

const char *
ctx_query_enum(struct ctx *c, const char *name, const char *const *keys)
{
	const char	*v = kvlist_get(&c->req->query, name);
	int		 index;

	if (v == NULL || v[0] == '\0')
		return NULL;
	if (valid_enum(v, keys, &index) != NULL)
		ctx_field(c, name, "is not one of the values this list knows");
	return v;
}

long long
ctx_param_id(const struct ctx *c, const char *name)
{
	const char	*s = request_param(c->req, name);
	long long	 id;

	if (s == NULL || valid_int(s, 1, INT64_MAX, &id) != NULL)
		return 0;
	return id;
}

int
ctx_page(struct ctx *c, long long *limit, const char **cursor,
    const char *(*valid_cursor)(const char *))
{
	const char	*v, *msg;
	int		 rc = 0;

	*limit = c->page_default > 0 ? c->page_default : PAGE_DEFAULT;
	*cursor = NULL;
	if ((v = kvlist_get(&c->req->query, "limit")) != NULL &&
	    (msg = valid_int(v, 1, PAGE_MAX, limit)) != NULL) {
		ctx_field(c, "limit", msg);
		rc = -1;
	}
	if ((v = kvlist_get(&c->req->query, "cursor")) != NULL) {
		if (valid_cursor(v) != NULL) {
			ctx_field(c, "cursor", "is not a cursor this list "
			    "gave out");
			rc = -1;
		} else
			*cursor = v;
	}
	return rc;
}

int
ctx_page_view(struct ctx *c, json_t *items, long long limit,
    const char *key)
{
	json_t	*next = NULL, *last;

	/* The one row more than asked tells that there is a next page. */
	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		last = json_object_get(json_array_get(items,
		    (size_t)limit - 1), key);
		next = json_is_integer(last) ? json_sprintf("%" JSON_INTEGER_FORMAT,
		    json_integer_value(last)) : json_incref(last);
	}
	c->view = json_pack("{s:o, s:o?}", "items", items, "next", next);
	return c->view != NULL ? 200 : ctx_fail(c, 500, "Out of memory.");
}

int
ctx_load_row(struct ctx *c, ctx_row_fn get, const char *missing,
    json_t **row)
{
	long long	 id = ctx_param_id(c, "id");
	enum db_status	 st;

	*row = NULL;
	if (id != 0 && (st = get(c->app->db, ctx_location_id(c), id, row)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	return *row != NULL ? 0 : ctx_fail(c, 404, missing);
}

int
ctx_keyset_answer(struct ctx *c, enum db_status st, json_t *rows,
    long long limit, void (*each)(const struct ctx *, json_t *))
{
	json_t	*item;
	size_t	 i;
	int	 status;

	if (st != DB_OK) {
		json_decref(rows);
		return ctx_db_fail(c, st);
	}
	if ((status = ctx_keyset_view(c, rows, limit)) != 0)
		return status;
	json_array_foreach(json_object_get(c->view, "items"), i, item)
		each(c, item);
	return 0;
}

int
ctx_keyset_start(struct ctx *c, struct keyset *page, long long max,
    const char *(*valid_key)(const char *), const char **after_key,
    const char **after_id, long long *limit)
{
	if (ctx_keyset_page(c, page, valid_key) != 0)
		return ctx_fail(c, 400, N_("The cursor is not one this list "
		    "gave out."));
	*after_key = page->has_cursor ? page->key : NULL;
	*after_id = page->has_cursor ? page->id : NULL;
	*limit = max != 0 ? max : page->limit;
	return 0;
}

int
ctx_keyset_view(struct ctx *c, json_t *items, long long limit)
{
	json_t	*next = NULL, *last, *row;
	size_t	 i;

	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		last = json_array_get(items, (size_t)limit - 1);
		next = json_sprintf("%s~%" JSON_INTEGER_FORMAT,
		    json_string_value(json_object_get(last, "sort_key")),
		    json_integer_value(json_object_get(last, "id")));
	}
	json_array_foreach(items, i, row)
		json_object_del(row, "sort_key");
	json_decref(c->view);
	c->view = json_pack("{s:o, s:o?}", "items", items, "next", next);
	return c->view != NULL ? 0 : ctx_fail(c, 500, "Out of memory.");
}

/* Any cursor text; ctx_keyset_page() checks it as it splits it. */
static const char *
any_cursor(const char *cursor)
{
	(void)cursor;
	return NULL;
}

int
ctx_keyset_page(struct ctx *c, struct keyset *k,
    const char *(*valid_key)(const char *))
{
	const char	*cursor, *tilde;
	long long	 n;
	size_t		 len;
	int		 rc;

	k->has_cursor = 0;
	rc = ctx_page(c, &k->limit, &cursor, any_cursor);
	if (cursor == NULL)
		return rc;
	if ((tilde = strrchr(cursor, '~')) == NULL ||
	    (len = (size_t)(tilde - cursor)) == 0 || len >= CURSOR_KEY_MAX ||
	    valid_int(tilde + 1, 1, INT64_MAX, &n) != NULL) {
		ctx_field(c, "cursor", "is not a cursor this list gave out");
		return -1;
	}
	memcpy(k->key, cursor, len);
	k->key[len] = '\0';
	if (valid_key != NULL && valid_key(k->key) != NULL) {
		ctx_field(c, "cursor", "is not a cursor this list gave out");
		return -1;
	}
	ctx_id_text(n, k->id);
	k->has_cursor = 1;
	return rc;
}

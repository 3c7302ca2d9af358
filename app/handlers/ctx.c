/*
 * ctx: the helpers every handler answers with (see handler.h): errors,
 * invalid forms, redirects after a change, cookies, input and audit.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/validate.h"
#include "../util/log.h"
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
	snprintf(c->error_message, sizeof(c->error_message), "%s", message);
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
		    json_string(message));
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
		ctx_field(c, field, "is required");
	else if ((msg = check(value)) != NULL)
		ctx_field(c, field, msg);
}

int
ctx_invalid(struct ctx *c, json_t *form)
{
	if (c->req->format == FORMAT_JSON) {
		json_decref(form);
		return ctx_fail(c, 422, "Some fields need attention: see "
		    "fields.");
	}
	json_decref(c->view);
	c->view = json_pack("{s:o, s:O}", "form", form != NULL ? form :
	    json_object(), "errors", c->error_fields);
	return 422;
}

int
ctx_done(struct ctx *c, int status, const char *location)
{
	if (c->req->format == FORMAT_JSON)
		return status;
	response_header(c->resp, "Location", location);
	return 303;
}

const char *
ctx_input(const struct ctx *c, const char *name)
{
	if (c->req->json != NULL)
		return json_string_value(json_object_get(c->req->json, name));
	return kvlist_get(&c->req->form, name);
}

void
ctx_cookie(struct ctx *c, const char *name, const char *value, long max_age)
{
	char	 line[256];

	snprintf(line, sizeof(line), "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
	    "SameSite=Lax%s", name, value, max_age,
	    c->app->secure_cookies ? "; Secure" : "");
	response_header(c->resp, "Set-Cookie", line);
}

const char *
ctx_client(const struct ctx *c)
{
	return c->req->remote_addr;
}

const char *
ctx_location_key(const struct ctx *c, char out[24])
{
	snprintf(out, 24, "%lld", (long long)json_integer_value(
	    json_object_get(c->location, "id")));
	return out;
}

enum db_status
ctx_audit(struct ctx *c, const char *action, json_t *detail)
{
	char	 location[24], actor[24];
	char	*text;
	enum db_status st;

	if (c->location != NULL)
		ctx_location_key(c, location);
	snprintf(actor, sizeof(actor), "%lld", c->auth.user_id);
	if (detail == NULL)
		detail = json_object();
	text = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	if (text == NULL)
		return DB_ERROR;
	st = db_command(c->app->db, STMT_AUDIT_ADD, (const char *[]){
	    c->location != NULL ? location : NULL,
	    c->auth.user_id != 0 ? actor : NULL, action, text }, NULL);
	free(text);
	return st;
}

json_t *
ctx_location_public(const struct ctx *c)
{
	return json_pack("{s:O, s:O}", "slug", json_object_get(c->location,
	    "slug"), "name", json_object_get(c->location, "name"));
}

enum db_status
ctx_mail(struct ctx *c, const char *kind, const char *to,
    const char *subject, const char *fmt, ...)
{
	struct buf	 body = BUF_INIT;
	char		 location[24];
	va_list		 ap;
	enum db_status	 st;

	va_start(ap, fmt);
	buf_vprintf(&body, fmt, ap);
	va_end(ap);
	if (c->location != NULL)
		ctx_location_key(c, location);
	st = buf_failed(&body) ? DB_ERROR : db_command(c->app->db,
	    STMT_OUTBOX_ADD, (const char *[]){ c->location != NULL ?
	    location : NULL, to, subject, buf_str(&body), kind }, NULL);
	buf_free(&body);
	return st;
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

	*limit = PAGE_DEFAULT;
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

/*
 * request: parsing a request's method, path, query, cookies and body
 * (see request.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/utf8.h"
#include "../views/i18n.h"
#include "request.h"

static const char *method_names[HTTP_METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

enum http_method
http_method_parse(const char *s)
{
	int	 i;

	for (i = 0; i < HTTP_METHOD__MAX; i++)
		if (strcmp(s, method_names[i]) == 0)
			return (enum http_method)i;
	return HTTP_METHOD_UNKNOWN;
}

const char *
http_method_name(enum http_method m)
{
	return m < HTTP_METHOD__MAX ? method_names[m] : "?";
}

void
request_init(struct request *r)
{
	memset(r, 0, sizeof(*r));
	r->method = HTTP_METHOD_UNKNOWN;
	r->method_name = "?";
}

void
request_free(struct request *r)
{
	size_t	 i;

	free(r->path);
	for (i = 0; i < r->nsegments; i++)
		free(r->segments[i]);
	kvlist_free(&r->query);
	kvlist_free(&r->form);
	kvlist_free(&r->cookies);
	kvlist_free(&r->params);
	json_decref(r->json);
	free(r->csv);
	request_init(r);
}

const char *
request_param(const struct request *r, const char *name)
{
	return kvlist_get(&r->params, name);
}

static int
fail(struct request *r, int status, const char *msg, const char *field)
{
	r->error_status = status;
	r->error_message = msg;
	r->error_field = field;
	return -1;
}

/* Does the Accept header ask for JSON before HTML? */
static int
accept_prefers_json(const char *accept)
{
	const char *j, *h;

	if (accept == NULL || (j = strstr(accept, "application/json")) == NULL)
		return 0;
	h = strstr(accept, "text/html");
	return h == NULL || j < h;
}

/* Compares the media type of a Content-Type value, ignoring parameters. */
static int
media_type_is(const char *ct, const char *type)
{
	size_t	 n = strlen(type);

	if (ct == NULL || strncasecmp(ct, type, n) != 0)
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/*
 * Decodes the path segment raw[start, end) into seg and checks it.
 * Returns 0, 1 for the empty segment after a trailing slash, or -1.
 */
static int
path_segment(struct request *r, const char *raw, size_t start, size_t end,
    size_t len, struct buf *seg)
{
	buf_reset(seg);
	switch (parse_percent_decode(raw + start, end - start, 0, seg)) {
	case PARSE_OK:
		break;
	case PARSE_BAD_UTF8:
		return fail(r, 400, N_("The request path is not valid UTF-8."),
		    NULL);
	default:
		return fail(r, 400, N_("The request path has malformed "
		    "percent-encoding."), NULL);
	}
	if (seg->len == 0 && end < len)
		return fail(r, 400, N_("The request path has an empty segment."),
		    NULL);
	if (end == len && seg->len == 0)
		return 1;
	if (r->nsegments == REQUEST_MAX_SEGMENTS)
		return fail(r, 414, N_("The request path is too long."), NULL);
	return 0;
}

/*
 * Splits the decoded path into segments.  Each raw segment is decoded on
 * its own so that "%2F" stays inside a segment instead of splitting it.
 */
static int
parse_path(struct request *r, const char *raw, size_t len)
{
	struct buf	 path = BUF_INIT, seg = BUF_INIT;
	size_t		 i = 1, start;
	int		 rc = -1, got;

	if (len == 0 || raw[0] != '/')
		return fail(r, 400, N_("The request path must start with '/'."),
		    NULL);
	buf_putc(&path, '/');
	while (i < len) {
		start = i;
		while (i < len && raw[i] != '/')
			i++;
		if ((got = path_segment(r, raw, start, i, len, &seg)) == -1)
			goto out;
		if (got == 1)
			break;
		if ((r->segments[r->nsegments] = strdup(buf_str(&seg))) ==
		    NULL) {
			fail(r, 500, "Out of memory.", NULL);
			goto out;
		}
		r->nsegments++;
		buf_append(&path, seg.data, seg.len);
		if (i < len) {
			buf_putc(&path, '/');
			i++;
		}
	}
	r->trailing_slash = len > 1 && raw[len - 1] == '/';
	if (buf_failed(&path) || (r->path = strdup(buf_str(&path))) == NULL) {
		fail(r, 500, "Out of memory.", NULL);
		goto out;
	}
	rc = 0;
out:
	buf_free(&path);
	buf_free(&seg);
	return rc;
}

static int
parse_body(struct request *r, const struct request_input *in)
{
	json_error_t	 jerr;

	if (in->body_too_large)
		return fail(r, 413, N_("The request body is too large."), NULL);
	if (in->body_len == 0)
		return 0;
	if (media_type_is(in->content_type, "application/json")) {
		if (!utf8_valid(in->body, in->body_len))
			return fail(r, 400, N_("The JSON body is not valid UTF-8."),
			    NULL);
		r->json = json_loadb(in->body, in->body_len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (r->json == NULL)
			return fail(r, 400, N_("The request body is not valid "
			    "JSON."), NULL);
		if (!json_is_object(r->json))
			return fail(r, 400, N_("The JSON body must be an object."),
			    NULL);
		return 0;
	}
	/* CSV to import (handlers/public/directory_import.c), on JSON routes. */
	if (media_type_is(in->content_type, "text/csv") &&
	    r->format == FORMAT_JSON) {
		if (!utf8_valid(in->body, in->body_len))
			return fail(r, 400, N_("The CSV body is not valid UTF-8."),
			    NULL);
		if ((r->csv = malloc(in->body_len + 1)) == NULL)
			return fail(r, 500, N_("Out of memory."), NULL);
		memcpy(r->csv, in->body, in->body_len);
		r->csv[in->body_len] = '\0';
		r->csv_len = in->body_len;
		return 0;
	}
	if (media_type_is(in->content_type,
	    "application/x-www-form-urlencoded") &&
	    r->format == FORMAT_HTML) {
		if (parse_urlencoded(in->body, in->body_len, &r->form) !=
		    PARSE_OK)
			return fail(r, 400, N_("The form could not be read: it "
			    "has malformed encoding or too many fields."), NULL);
		return 0;
	}
	return fail(r, 415, r->format == FORMAT_JSON ?
	    N_("Send the request body as application/json.") :
	    N_("Send the form as application/x-www-form-urlencoded."), NULL);
}

int
request_parse(struct request *r, const struct request_input *in)
{
	const char	*uri = in->uri != NULL ? in->uri : "";
	const char	*q = strchr(uri, '?');
	size_t		 plen = q != NULL ? (size_t)(q - uri) : strlen(uri);

	r->uri = uri;
	r->remote_addr = in->remote_addr;
	if (in->authorization != NULL &&
	    strncasecmp(in->authorization, "Bearer ", 7) == 0)
		r->bearer = in->authorization + 7;
	r->csrf_header = in->csrf_token;
	r->origin = in->origin;
	r->fetch_site = in->fetch_site;
	r->accept_language = in->accept_language;
	r->format = strncmp(uri, "/api/", 5) == 0 ||
	    accept_prefers_json(in->accept) ? FORMAT_JSON : FORMAT_HTML;
	r->method_name = in->method != NULL ? in->method : "?";
	r->method = http_method_parse(r->method_name);
	if (strlen(uri) > REQUEST_MAX_URI)
		return fail(r, 414, N_("The request URI is too long."), NULL);
	if (parse_path(r, uri, plen) == -1)
		return -1;
	r->raw_query = q != NULL ? q + 1 : NULL;
	if (q != NULL && parse_urlencoded(q + 1, strlen(q + 1), &r->query) !=
	    PARSE_OK)
		return fail(r, 400, N_("The query string has malformed "
		    "percent-encoding, text that is not UTF-8, or too many "
		    "fields."), NULL);
	if (in->cookie != NULL)
		(void)parse_cookies(in->cookie, strlen(in->cookie), &r->cookies);
	return parse_body(r, in);
}

void
request_log_path(const struct request *r, unsigned secret, struct buf *out)
{
	const char	*p = r->uri != NULL ? r->uri : "";
	size_t		 n, seg = 0;

	while (*p != '\0' && *p != '?') {
		if (*p == '/') {
			buf_putc(out, *p++);
			continue;
		}
		n = strcspn(p, "/?");
		if (seg < REQUEST_MAX_SEGMENTS && (secret & (1u << seg)))
			buf_puts(out, "[redacted]");
		else
			buf_append(out, p, n);
		p += n;
		seg++;
	}
}

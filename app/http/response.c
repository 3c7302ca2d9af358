/*
 * response: assembling and serialising responses (see response.h).
 */
#include <string.h>

#include "response.h"

/*
 * Sent on every response.  No inline script or style anywhere in the
 * portal, so the policy can stay strict.
 */
static const char security_headers[] =
    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n";

/* Two years, as browsers' preload lists ask; RFC 6797.  Subdomains are the
 * deployment's to vouch for (nginx/production.conf.example). */
static const char hsts_header[] =
    "Strict-Transport-Security: max-age=63072000\r\n";

void
response_init(struct response *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 500;
	r->content_type = "text/plain; charset=utf-8";
}

void
response_free(struct response *r)
{
	buf_free(&r->headers);
	buf_free(&r->body);
}

void
response_reset(struct response *r)
{
	buf_reset(&r->headers);
	buf_reset(&r->body);
}

void
response_header(struct response *r, const char *name, const char *value)
{
	buf_puts(&r->headers, name);
	buf_puts(&r->headers, ": ");
	for (; *value != '\0'; value++)
		if (*value != '\r' && *value != '\n')
			buf_putc(&r->headers, *value);
	buf_puts(&r->headers, "\r\n");
}

void
response_serialize(const struct response *r, struct buf *out)
{
	buf_printf(out, "Status: %d %s\r\n", r->status,
	    http_status_text(r->status));
	buf_printf(out, "Content-Type: %s\r\n", r->content_type);
	buf_puts(out, security_headers);
	if (r->hsts)
		buf_puts(out, hsts_header);
	buf_append(out, buf_str(&r->headers), r->headers.len);
	buf_puts(out, "\r\n");
	if (!r->omit_body)
		buf_append(out, buf_str(&r->body), r->body.len);
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

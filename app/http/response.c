/*
 * response: assembling and serialising responses (see response.h).
 */
#include <string.h>

#include "../views/i18n.h"
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
	case 200: return N_("OK");
	case 201: return N_("Created");
	case 204: return N_("No Content");
	case 301: return N_("Moved Permanently");
	case 303: return N_("See Other");
	case 304: return N_("Not Modified");
	case 308: return N_("Permanent Redirect");
	case 400: return N_("Bad Request");
	case 401: return N_("Unauthorized");
	case 403: return N_("Forbidden");
	case 404: return N_("Not Found");
	case 405: return N_("Method Not Allowed");
	case 409: return N_("Conflict");
	case 413: return N_("Content Too Large");
	case 414: return N_("URI Too Long");
	case 415: return N_("Unsupported Media Type");
	case 422: return N_("Unprocessable Content");
	case 429: return N_("Too Many Requests");
	case 500: return N_("Internal Server Error");
	case 503: return N_("Service Unavailable");
	}
	return "Unknown";
}

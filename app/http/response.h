/*
 * response: the one place an HTTP response is assembled.
 *
 * A handler never writes to the client; it fills a struct response and the
 * worker serialises it once (FastCGI 1.0 section 6.2: CGI-style headers,
 * "Status:" first).  Every response carries the security headers of
 * response_serialize(), whatever produced it.  nginx adds the same headers
 * to its own answers only (nginx/), so each is sent once.
 */
#ifndef PORTAL_RESPONSE_H
#define PORTAL_RESPONSE_H

#include "../util/buf.h"

struct response {
	int		 status;
	const char	*content_type;	/* static */
	struct buf	 headers;	/* extra "Name: value\r\n" lines */
	struct buf	 body;
	int		 omit_body;	/* HEAD */
	int		 hsts;		/* an https site: Strict-Transport-
					 * Security too */
};

void	response_init(struct response *);
void	response_free(struct response *);
/* Discards headers and body so an error can replace a half-built answer. */
void	response_reset(struct response *);
/*
 * Adds a header.  The value must come from the portal, not from a client:
 * CR and LF are dropped defensively all the same (no header injection).
 */
void	response_header(struct response *, const char *name,
	    const char *value);
/* Writes status line, headers and body into out. */
void	response_serialize(const struct response *, struct buf *out);
const char *http_status_text(int);

#endif

/*
 * request: one HTTP request as handlers see it, parsed and checked.
 *
 * request_parse() turns the raw CGI-style input (what nginx sends over
 * FastCGI) into a struct request: a known method, a percent-decoded UTF-8
 * path, query fields, cookies, and a form or JSON body.  It is pure, so it
 * is fuzzed alone (tests/fuzz/fuzz_request.c).  A request that cannot be
 * parsed gets a status (400, 413, 415) and a message for the person, which
 * the caller answers with in the format the client asked for.
 */
#ifndef PORTAL_REQUEST_H
#define PORTAL_REQUEST_H

#include <stddef.h>

#include <jansson.h>

#include "parse.h"

#define REQUEST_MAX_BODY	(256 * 1024)	/* nginx caps at 1 MiB */
#define REQUEST_MAX_URI		4096
#define REQUEST_MAX_SEGMENTS	16

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_METHOD__MAX,
	HTTP_METHOD_UNKNOWN = HTTP_METHOD__MAX,
};

enum http_format {
	FORMAT_HTML,
	FORMAT_JSON,
	FORMAT_CSV,	/* exports (chosen by the route: ROUTE_FILE) and
			 * routes flagged ROUTE_CSV (the directory's file) */
	FORMAT_JSON_FILE, /* exports only: JSON as a file to save */
	FORMAT_ICS,	/* routes flagged ROUTE_ICS: iCalendar (RFC 5545) */
	FORMAT_ATOM,	/* routes flagged ROUTE_ATOM: an Atom feed (RFC 4287) */
};

/* What the server hands over; every pointer is borrowed. */
struct request_input {
	const char	*method;
	const char	*uri;		/* REQUEST_URI: path and query, raw */
	const char	*content_type;	/* may be NULL */
	const char	*accept;	/* may be NULL */
	const char	*accept_language;	/* may be NULL */
	const char	*cookie;	/* may be NULL */
	const char	*authorization;	/* may be NULL */
	const char	*csrf_token;	/* X-CSRF-Token, may be NULL */
	const char	*origin;	/* Origin, may be NULL */
	const char	*fetch_site;	/* Sec-Fetch-Site, may be NULL */
	const char	*remote_addr;	/* may be NULL */
	const char	*body;
	size_t		 body_len;
	int		 body_too_large;	/* CONTENT_LENGTH over the cap */
};

struct request {
	enum http_method method;
	const char	*method_name;	/* borrowed from the input */
	const char	*uri;		/* path and query, raw; borrowed */
	char		*path;		/* decoded; owned */
	char		*segments[REQUEST_MAX_SEGMENTS]; /* owned */
	size_t		 nsegments;
	int		 trailing_slash;
	const char	*raw_query;	/* after '?', or NULL; borrowed */
	struct kvlist	 query;
	struct kvlist	 form;		/* urlencoded body fields */
	json_t		*json;		/* JSON body, or NULL; owned */
	char		*csv;		/* a text/csv body (the directory's
					 * import), NUL-terminated UTF-8, or
					 * NULL; owned */
	size_t		 csv_len;
	struct kvlist	 cookies;
	struct kvlist	 params;	/* named parts of the matched route */
	enum http_format format;	/* how to answer, errors included */
	const char	*bearer;	/* "Authorization: Bearer" token or
					 * NULL; borrowed */
	const char	*csrf_header;	/* X-CSRF-Token or NULL; borrowed */
	const char	*origin;	/* Origin or NULL; borrowed */
	const char	*fetch_site;	/* Sec-Fetch-Site or NULL; borrowed */
	const char	*accept_language;	/* the header or NULL; borrowed */
	const char	*remote_addr;	/* borrowed */
	/* Set when parsing fails: */
	int		 error_status;
	const char	*error_message;	/* static */
	const char	*error_field;	/* static or NULL */
};

void	request_init(struct request *);
/*
 * Parses in into r.  Returns 0, or -1 with r->error_status and
 * r->error_message set; r->format is set either way, so the error can be
 * answered in HTML or JSON as the client expects.
 */
int	request_parse(struct request *r, const struct request_input *in);
void	request_free(struct request *);
/*
 * Writes r's raw path, without the query, into out for the request log,
 * with segment i as "[redacted]" where bit i of secret is set
 * (router_secrets()).
 */
void	request_log_path(const struct request *r, unsigned secret,
	    struct buf *out);

enum http_method http_method_parse(const char *);
const char	*http_method_name(enum http_method);
/* Returns a route parameter ("slug") or NULL; borrowed. */
const char	*request_param(const struct request *, const char *);

#endif

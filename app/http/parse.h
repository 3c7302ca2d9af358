/*
 * parse: the byte-level parsers for what a client sends: percent-encoding
 * (RFC 3986), application/x-www-form-urlencoded bodies and query strings
 * (WHATWG URL, strict), and Cookie headers (RFC 6265 section 4.2.1).
 *
 * All are pure functions over (pointer, length) with hard limits, so they
 * can be fuzzed alone.  Results land in a kvlist, which owns its strings.
 */
#ifndef PORTAL_PARSE_H
#define PORTAL_PARSE_H

#include <stddef.h>

#include "../util/buf.h"

#define PARSE_MAX_PAIRS		256	/* fields in one query or form */
#define PARSE_MAX_KEY		128	/* bytes in one field name */

enum parse_status {
	PARSE_OK = 0,
	PARSE_BAD_ENCODING,	/* a '%' not followed by two hex digits */
	PARSE_BAD_UTF8,		/* decoded bytes are not UTF-8, or hold NUL */
	PARSE_TOO_MANY,		/* more than PARSE_MAX_PAIRS fields */
	PARSE_BAD_KEY,		/* empty or over-long field name */
	PARSE_NOMEM,
};

struct kv {
	char	*key;
	char	*val;
	size_t	 val_len;
};

struct kvlist {
	struct kv *items;
	size_t	 n;
	size_t	 cap;
};

#define KVLIST_INIT { NULL, 0, 0 }

/* Returns the first value for key, or NULL; borrowed from the list. */
const char *kvlist_get(const struct kvlist *, const char *key);
/* Copies key and val (val_len bytes) into the list; -1 on no memory. */
int	kvlist_add(struct kvlist *, const char *key, const char *val,
	    size_t val_len);
void	kvlist_free(struct kvlist *);

/*
 * Appends the decoding of in[0..len) to out.  With plus_is_space, '+'
 * decodes to ' ' (form encoding).  Fails on malformed escapes and on
 * results that are not valid UTF-8 or hold NUL; out is then unspecified.
 */
enum parse_status parse_percent_decode(const char *in, size_t len,
	    int plus_is_space, struct buf *out);

/* Parses "a=1&b=2" into out, appending; empty pieces ("a=1&&b") are
 * skipped.  On failure out holds the fields parsed so far. */
enum parse_status parse_urlencoded(const char *in, size_t len,
	    struct kvlist *out);

/* Parses a Cookie header.  Malformed pairs are skipped, not fatal: other
 * software on the same host may set cookies the portal did not write. */
enum parse_status parse_cookies(const char *in, size_t len,
	    struct kvlist *out);

/* A short English description of a status, for error messages. */
const char *parse_status_str(enum parse_status);

#endif

/*
 * escape: one escaping function per output context.
 *
 * Nothing a person typed reaches a page, a header or a file except through
 * one of these.  JSON is escaped by jansson.
 */
#ifndef PORTAL_ESCAPE_H
#define PORTAL_ESCAPE_H

#include <stddef.h>

#include "../util/buf.h"

/* HTML text and quoted attribute values: & < > " ' (HTML 5, 13.1.2.3). */
void	esc_html(struct buf *, const char *, size_t);
/* A URL path segment or query value: everything but RFC 3986 unreserved
 * characters is percent-encoded. */
void	esc_url(struct buf *, const char *, size_t);
/* A CSV cell (RFC 4180), with cells starting = + - @ TAB CR prefixed by a
 * quote so spreadsheets do not run them as formulas. */
void	esc_csv(struct buf *, const char *, size_t);

#endif

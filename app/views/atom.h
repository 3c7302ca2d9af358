/*
 * atom: a location's stories as an Atom feed (RFC 4287), for feed
 * readers.  Pure: a view in, XML out, no I/O.
 */
#ifndef PORTAL_ATOM_H
#define PORTAL_ATOM_H

#include <jansson.h>

#include "../util/buf.h"

/*
 * Writes view as an atom:feed to out: {"feed": {"id", "title",
 * "updated", "self", "alternate", "author", "lang"}, "items": [{"id",
 * "title", "updated", "published", "link", "author", "body",
 * "language"}]}.  Ids are IRIs (urn:uuid:, tag:) and times RFC 3339 in
 * UTC, as section 3.3 asks; body is Markdown, given as the safe
 * renderer's HTML in a type="html" content (section 4.1.3).  Every text
 * is escaped for XML, and characters XML 1.0 cannot carry are left out.
 * Returns 0, or -1 when out failed.
 */
int	atom_write(struct buf *out, json_t *view);
/* Appends s escaped as XML character data or an attribute value (both
 * quotes escaped), without the characters XML 1.0 forbids. */
void	atom_text(struct buf *out, const char *s);

#endif

/*
 * markdown: what people write (initiative summaries, progress updates) as
 * HTML that cannot run anything.
 *
 * CommonMark through cmark with raw HTML dropped, and only http, https and
 * mailto links kept: any other link (javascript:, data:, relative) becomes
 * its text, and images become their description, so a page never loads
 * from another host.  The template filter "markdown" is the only way a
 * view's text reaches a page as markup.
 */
#ifndef PORTAL_MARKDOWN_H
#define PORTAL_MARKDOWN_H

#include <stddef.h>

#include "../util/buf.h"

/* Appends the HTML of text[0..len) to out; -1 on no memory. */
int	md_render(struct buf *out, const char *text, size_t len);

#endif

/*
 * markdown: safe CommonMark (see markdown.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "escape.h"
#include "markdown.h"

/* Nodes to rewrite, collected first: the tree changes after iterating. */
#define MD_MAX_FIXES	1024

static int
link_allowed(const char *url)
{
	static const char *const schemes[] = { "http://", "https://",
	    "mailto:", NULL };
	size_t	 i;

	for (i = 0; url != NULL && schemes[i] != NULL; i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

/* Replaces node by its children (a link's text, an image's description). */
static void
unwrap(cmark_node *node)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, child);
	cmark_node_free(node);
}

/* Returns -1 when the document has more links than we look at. */
static int
make_safe(cmark_node *root)
{
	cmark_node		*fixes[MD_MAX_FIXES], *node;
	cmark_iter		*it;
	cmark_event_type	 ev;
	size_t			 n = 0, i;
	int			 rc = 0;

	if ((it = cmark_iter_new(root)) == NULL)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_IMAGE:
			break;
		case CMARK_NODE_LINK:
			if (link_allowed(cmark_node_get_url(node)))
				continue;
			break;
		default:
			continue;
		}
		if (n == MD_MAX_FIXES) {
			rc = -1;
			break;
		}
		fixes[n++] = node;
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++)
		unwrap(fixes[i]);
	return rc;
}

int
md_render(struct buf *out, const char *text, size_t len)
{
	cmark_node	*doc;
	char		*html = NULL;
	int		 rc = -1;

	/* CMARK_OPT_SAFE drops raw HTML; make_safe() narrows the links. */
	if ((doc = cmark_parse_document(text, len, CMARK_OPT_SAFE)) == NULL)
		return -1;
	if (make_safe(doc) == -1) {
		/* Too many links to vet: the text as it was typed. */
		cmark_node_free(doc);
		buf_puts(out, "<pre>");
		esc_html(out, text, len);
		buf_puts(out, "</pre>");
		return buf_failed(out) ? -1 : 0;
	}
	if ((html = cmark_render_html(doc, CMARK_OPT_SAFE)) != NULL) {
		buf_puts(out, html);
		rc = buf_failed(out) ? -1 : 0;
	}
	free(html);
	cmark_node_free(doc);
	return rc;
}

/*
 * atom: a location's stories as an Atom feed (see atom.h).
 */
#include <string.h>

#include "atom.h"
#include "markdown.h"

#define ATOM_NS	"http://www.w3.org/2005/Atom"

void
atom_text(struct buf *out, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; p != NULL && *p != '\0'; p++) {
		switch (*p) {
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '"':
			buf_puts(out, "&quot;");
			break;
		case '\'':
			buf_puts(out, "&#39;");
			break;
		default:
			/* XML 1.0 section 2.2: no C0 control but tab, LF, CR,
			 * and not U+FFFE or U+FFFF (EF BF BE, EF BF BF). */
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				break;
			if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe ||
			    p[2] == 0xbf)) {
				p += 2;
				break;
			}
			buf_putc(out, (char)*p);
		}
	}
}

static const char *
member(json_t *o, const char *name)
{
	const char	*v = json_string_value(json_object_get(o, name));

	return v != NULL ? v : "";
}

/* <name>text</name>, escaped. */
static void
element(struct buf *out, const char *name, const char *text)
{
	buf_printf(out, "<%s>", name);
	atom_text(out, text);
	buf_printf(out, "</%s>\n", name);
}

/* <link rel="rel" type="type" href="href"/>; type may be NULL. */
static void
put_link(struct buf *out, const char *rel, const char *type, const char *href)
{
	buf_printf(out, "<link rel=\"%s\"", rel);
	if (type != NULL)
		buf_printf(out, " type=\"%s\"", type);
	buf_puts(out, " href=\"");
	atom_text(out, href);
	buf_puts(out, "\"/>\n");
}

static void
author(struct buf *out, const char *name)
{
	buf_puts(out, "<author>");
	element(out, "name", name);
	buf_puts(out, "</author>\n");
}

/* One story as an atom:entry (section 4.1.2). */
static int
entry(struct buf *out, json_t *e)
{
	struct buf	 html = BUF_INIT;
	const char	*body = member(e, "body");
	int		 rc;

	buf_puts(out, "<entry xml:lang=\"");
	atom_text(out, member(e, "language"));
	buf_puts(out, "\">\n");
	element(out, "id", member(e, "id"));
	element(out, "title", member(e, "title"));
	element(out, "updated", member(e, "updated"));
	if (*member(e, "published") != '\0')
		element(out, "published", member(e, "published"));
	author(out, member(e, "author"));
	put_link(out, "alternate", "text/html", member(e, "link"));
	rc = md_render(&html, body, strlen(body));
	buf_puts(out, "<content type=\"html\">");
	atom_text(out, buf_str(&html));
	buf_puts(out, "</content>\n</entry>\n");
	buf_free(&html);
	return rc;
}

int
atom_write(struct buf *out, json_t *view)
{
	json_t	*feed = json_object_get(view, "feed"), *e;
	size_t	 i;
	int	 rc = 0;

	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"" ATOM_NS "\" xml:lang=\"");
	atom_text(out, member(feed, "lang"));
	buf_puts(out, "\">\n");
	element(out, "id", member(feed, "id"));
	element(out, "title", member(feed, "title"));
	element(out, "updated", member(feed, "updated"));
	author(out, member(feed, "author"));
	put_link(out, "self", "application/atom+xml", member(feed, "self"));
	put_link(out, "alternate", "text/html", member(feed, "alternate"));
	element(out, "generator", "Community Engagement Portal");
	json_array_foreach(json_object_get(view, "items"), i, e)
		if (entry(out, e) != 0)
			rc = -1;
	buf_puts(out, "</feed>\n");
	return rc != 0 || buf_failed(out) ? -1 : 0;
}

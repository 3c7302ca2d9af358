/*
 * fuzz_markdown: app/views/markdown.c on any bytes.
 *
 * Whatever people write, the HTML md_render() gives holds only the tags
 * CommonMark makes (no raw HTML survives), no attribute but href, title
 * and the ones cmark writes itself (class, start), and every href is
 * http, https or mailto.  Invalid UTF-8 is allowed in: cmark replaces it.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../../app/views/markdown.h"
#include "fuzz.h"

static const char *const tags[] = { "p", "em", "strong", "a", "code", "pre",
	"blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
	"hr", "br", NULL };

static int
known_tag(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; tags[i] != NULL; i++)
		if (strlen(tags[i]) == n && strncmp(tags[i], name, n) == 0)
			return 1;
	return 0;
}

/* Checks one tag starting at s ('<'); returns its length.  Attributes
 * are name="value", value escaped (no '"' inside). */
static size_t
check_tag(const char *s)
{
	static const char *const attrs[] = { "href", "title", "class",
	    "start", NULL };
	const char	*p = s + 1, *q;
	size_t		 n, i;

	if (strncmp(s, "<!-- raw HTML omitted -->", 25) == 0)
		return 25;
	if (*p == '/')
		p++;
	for (n = 0; isalnum((unsigned char)p[n]); n++)
		;
	CHECK(known_tag(p, n));
	for (p += n;;) {
		while (*p == ' ')
			p++;
		if (*p == '>' || strncmp(p, "/>", 2) == 0)
			return (size_t)(strchr(p, '>') - s) + 1;
		for (n = 0; islower((unsigned char)p[n]); n++)
			;
		for (i = 0; attrs[i] != NULL && !(strlen(attrs[i]) == n &&
		    strncmp(attrs[i], p, n) == 0); i++)
			;
		CHECK(attrs[i] != NULL);
		CHECK(p[n] == '=' && p[n + 1] == '"');
		q = p + n + 2;
		if (i == 0)
			CHECK(strncasecmp(q, "http://", 7) == 0 ||
			    strncasecmp(q, "https://", 8) == 0 ||
			    strncasecmp(q, "mailto:", 7) == 0);
		CHECK((p = strchr(q, '"')) != NULL);
		p++;
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = BUF_INIT;
	const char	*s;

	if (size > 64 * 1024)
		return 0;
	CHECK(md_render(&out, (const char *)data, size) == 0 ||
	    buf_failed(&out));
	for (s = buf_str(&out); (s = strchr(s, '<')) != NULL; )
		s += check_tag(s);
	buf_free(&out);
	return 0;
}

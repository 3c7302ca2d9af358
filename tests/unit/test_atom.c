/*
 * Unit tests for app/views/atom: XML escaping of text and attributes
 * (both quotes), the characters XML 1.0 forbids left out, and a feed
 * with the elements RFC 4287 requires, its entry's Markdown given as the
 * safe renderer's HTML, escaped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/views/atom.h"

static void
escaping(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	atom_text(&b, "<a href=\"x\">'&'</a>\x01\x1f\tok\n\xef\xbf\xbe!");
	assert_string_equal(buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&#39;"
	    "&amp;&#39;&lt;/a&gt;\tok\n!");
	buf_free(&b);
	atom_text(&b, "Kia ora, ā ū — مرحبا");	/* UTF-8 passes as it is */
	assert_string_equal(buf_str(&b), "Kia ora, ā ū — مرحبا");
	buf_free(&b);
}

static void
feed(void **state)
{
	struct buf	 b = BUF_INIT;
	json_t		*view;
	const char	*s;

	(void)state;
	view = json_pack("{s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s}, s:[{s:s, "
	    "s:s, s:s, s:s, s:s, s:s, s:s, s:s}]}", "feed", "id",
	    "tag:portal.test,2026:stories:x", "title", "Stories & <more>",
	    "updated", "2026-12-07T10:00:00Z", "self",
	    "https://portal.test/l/x/stories.atom", "alternate",
	    "https://portal.test/l/x/stories", "author", "X working group",
	    "lang", "en", "items", "id", "urn:uuid:1", "title",
	    "<script>alert(1)</script>", "updated", "2026-12-07T10:00:00Z",
	    "published", "2026-12-07T09:00:00Z", "link",
	    "https://portal.test/l/x/stories/1?a=1&b=2", "author", "",
	    "body", "**bold** <script>x</script>", "language", "ar");
	assert_int_equal(atom_write(&b, view), 0);
	s = buf_str(&b);
	assert_non_null(strstr(s, "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
	    "xml:lang=\"en\">"));
	assert_non_null(strstr(s, "<title>Stories &amp; &lt;more&gt;</title>"));
	assert_non_null(strstr(s, "<link rel=\"self\" type=\"application/atom+"
	    "xml\" href=\"https://portal.test/l/x/stories.atom\"/>"));
	assert_non_null(strstr(s, "<entry xml:lang=\"ar\">"));
	assert_non_null(strstr(s, "<title>&lt;script&gt;alert(1)&lt;/script&gt;"
	    "</title>"));
	assert_non_null(strstr(s, "href=\"https://portal.test/l/x/stories/1?a=1"
	    "&amp;b=2\""));
	assert_non_null(strstr(s, "&lt;strong&gt;bold&lt;/strong&gt;"));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "&lt;script&gt;x"));	/* raw HTML dropped */
	assert_non_null(strstr(s, "</entry>\n</feed>\n"));
	json_decref(view);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping),
		cmocka_unit_test(feed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

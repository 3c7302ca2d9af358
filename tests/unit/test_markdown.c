/*
 * Unit tests for app/views/markdown: CommonMark renders, raw HTML never
 * survives, only http, https and mailto links are kept, and images become
 * their description.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/views/markdown.h"

/* The HTML of text; the caller frees it. */
static char *
render(const char *text)
{
	struct buf	 out = BUF_INIT;
	char		*html;

	assert_int_equal(md_render(&out, text, strlen(text)), 0);
	html = strdup(buf_str(&out));
	buf_free(&out);
	assert_non_null(html);
	return html;
}

static void
expect(const char *text, const char *want)
{
	char *html = render(text);

	if (strcmp(html, want) != 0)
		fail_msg("%s\n  gave %s\n  want %s", text, html, want);
	free(html);
}

static void
refuse(const char *text, const char *never)
{
	char *html = render(text);

	if (strstr(html, never) != NULL)
		fail_msg("%s\n  gave %s, holding %s", text, html, never);
	free(html);
}

static void
renders_commonmark(void **state)
{
	(void)state;
	expect("Hello *world*", "<p>Hello <em>world</em></p>\n");
	expect("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
	expect("a & b < c", "<p>a &amp; b &lt; c</p>\n");
	expect("", "");
}

static void
keeps_safe_links(void **state)
{
	(void)state;
	expect("[INZ](https://www.immigration.govt.nz)",
	    "<p><a href=\"https://www.immigration.govt.nz\">INZ</a></p>\n");
	expect("[site](HTTP://example.nz)",
	    "<p><a href=\"HTTP://example.nz\">site</a></p>\n");
	expect("[mail](mailto:wg@example.nz)",
	    "<p><a href=\"mailto:wg@example.nz\">mail</a></p>\n");
	expect("<https://example.nz/a?b=1&c=2>", "<p><a href=\"https://"
	    "example.nz/a?b=1&amp;c=2\">https://example.nz/a?b=1&amp;c=2</a>"
	    "</p>\n");
}

static void
drops_other_links(void **state)
{
	(void)state;
	expect("[x](javascript:alert(1))", "<p>x</p>\n");
	expect("[x](JaVaScRiPt:alert(1))", "<p>x</p>\n");
	expect("[x](data:text/html,hi)", "<p>x</p>\n");
	expect("[x](/relative)", "<p>x</p>\n");
	expect("[x](ftp://example.nz)", "<p>x</p>\n");
	expect("[*em* text](vbscript:y)", "<p><em>em</em> text</p>\n");
	expect("![a picture](https://example.nz/p.png)", "<p>a picture</p>\n");
	expect("[![pic](https://e.nz/p.png)](https://e.nz)",
	    "<p><a href=\"https://e.nz\">pic</a></p>\n");
}

static void
drops_raw_html(void **state)
{
	(void)state;
	refuse("<script>alert(1)</script>", "<script");
	refuse("a <img src=x onerror=alert(1)> b", "<img");
	refuse("<svg onload=alert(1)>", "<svg");
	refuse("<a href=\"javascript:alert(1)\">x</a>", "javascript:");
	refuse("\"><svg onload=alert(1)>", "<svg");
	refuse("[x](<javascript:alert(1)>)", "javascript:");
	refuse("[x]\n\n[x]: javascript:alert(1)", "href");
	refuse("<div style=\"x\">y</div>", "<div");
}

static void
too_many_links_is_plain_text(void **state)
{
	struct buf	 many = BUF_INIT;
	char		*html;
	int		 i;

	(void)state;
	for (i = 0; i < 1100; i++)
		buf_puts(&many, "[a](javascript:x) ");
	buf_puts(&many, "<b>");
	html = render(buf_str(&many));
	assert_true(strncmp(html, "<pre>", 5) == 0);
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "href"));
	free(html);
	buf_free(&many);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_commonmark),
		cmocka_unit_test(keeps_safe_links),
		cmocka_unit_test(drops_other_links),
		cmocka_unit_test(drops_raw_html),
		cmocka_unit_test(too_many_links_is_plain_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

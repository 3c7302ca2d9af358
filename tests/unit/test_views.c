/*
 * Unit tests for app/views: the escaping functions and the template
 * language (escaping by default, sections, partials, layouts, filters and
 * parse errors that name the line).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/views/escape.h"
#include "../../app/views/template.h"

typedef void (*escaper)(struct buf *, const char *, size_t);

static void
assert_escapes(escaper f, const char *in, const char *want)
{
	struct buf out = BUF_INIT;

	f(&out, in, strlen(in));
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
}

static void
escaping(void **state)
{
	(void)state;
	assert_escapes(esc_html, "<a href=\"x\">'&'</a>",
	    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	assert_escapes(esc_html, "M\xc4\x81ori", "M\xc4\x81ori");
	assert_escapes(esc_url, "a b/c?d=é", "a%20b%2Fc%3Fd%3D%C3%A9");
	assert_escapes(esc_url, "A-z_0.9~", "A-z_0.9~");
	/* Every cell is quoted, so commas and newlines never split one. */
	assert_escapes(esc_csv, "plain", "\"plain\"");
	assert_escapes(esc_csv, "a\nb", "\"a\nb\"");
	assert_escapes(esc_csv, "a,\"b\"", "\"a,\"\"b\"\"\"");
	assert_escapes(esc_csv, "=1+1", "\"'=1+1\"");
	assert_escapes(esc_csv, "@SUM(A1)", "\"'@SUM(A1)\"");
}

/* Adds the named templates, links them and renders the first with view. */
static char *
render(const char *const *named, const char *view_json, int *rc)
{
	struct tmpl_set	*set = tmpl_set_new();
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	json_t		*view = json_loads(view_json, 0, NULL);
	char		*s;
	size_t		 i;

	assert_non_null(set);
	assert_non_null(view);
	*rc = 0;
	for (i = 0; named[i] != NULL; i += 2)
		if (tmpl_add(set, named[i], named[i + 1], strlen(named[i + 1]),
		    &err) == -1)
			*rc = -1;
	if (*rc == 0 && tmpl_link(set, &err) == -1)
		*rc = -1;
	if (*rc == 0)
		*rc = tmpl_render(set, tmpl_find(set, named[0]), 0, &view, 1,
		    &out);
	s = strdup(*rc == 0 ? buf_str(&out) : buf_str(&err));
	buf_free(&out);
	buf_free(&err);
	json_decref(view);
	tmpl_set_free(set);
	return s;
}

static void
assert_renders(const char *const *named, const char *view, const char *want)
{
	int	 rc;
	char	*got = render(named, view, &rc);

	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void
values_are_escaped(void **state)
{
	const char *t[] = { "t", "<p title=\"{{a}}\">{{a}} {{n}} {{b.c}}</p>",
	    NULL };

	(void)state;
	assert_renders(t, "{\"a\": \"<script>\\\"x\\\"\", \"n\": 42, "
	    "\"b\": {\"c\": true}}",
	    "<p title=\"&lt;script&gt;&quot;x&quot;\">&lt;script&gt;&quot;x"
	    "&quot; 42 true</p>");
}

static void
sections_and_filters(void **state)
{
	const char *t[] = { "t",
	    "{{#items}}[{{name}}:{{cents|cents}}]{{/items}}"
	    "{{^items}}none{{/items}}{{^empty}}/empty{{/empty}}"
	    "{{#obj}}<{{k}}>{{/obj}} {{items.1.name}} {{q|url}}", NULL };

	(void)state;
	assert_renders(t, "{\"items\": [{\"name\": \"a\", \"cents\": 123456},"
	    "{\"name\": \"b\", \"cents\": 5}], \"empty\": [], \"obj\": "
	    "{\"k\": \"v\"}, \"q\": \"a b&c\"}",
	    "[a:$1,234.56][b:$0.05]/empty<v> b a%20b%26c");
	assert_renders((const char *[]){ "t", "{{a|cents}} {{b|cents}}", NULL },
	    "{\"a\": -9223372036854775808, \"b\": -120}",
	    "-$92,233,720,368,547,758.08 -$1.20");
	assert_renders(t, "{\"items\": [], \"q\": \"\"}", "none/empty  ");
}

static void
partials_and_layouts(void **state)
{
	const char *t[] = {
	    "page", "{{<layout}}{{$main}}body {{> card}}{{/main}}{{/layout}}",
	    "layout", "<h1>{{title}}</h1>\n{{$main}}default{{/main}}\n<footer>",
	    "card", "[{{title}}]",
	    NULL };
	const char *bare[] = { "layout", "{{$main}}default{{/main}}", NULL };
	/* Found by fuzz_template: an override holding a block of its own
	 * name once recursed without end. */
	const char *self[] = {
	    "page", "{{<layout}}{{$main}}a{{$main}}b{{/main}}{{/main}}"
	    "{{/layout}}",
	    "layout", "[{{$main}}default{{/main}}]", NULL };

	(void)state;
	assert_renders(self, "{}", "[ab]");
	assert_renders(t, "{\"title\": \"Kia ora\"}",
	    "<h1>Kia ora</h1>\nbody [Kia ora]\n<footer>");
	assert_renders(bare, "{}", "default");
}

/* Kept blocks: a page's content rendered alone, then the page around
 * given text; and whether a block reads the session. */
static void
kept_blocks(void **state)
{
	const char *named[] = {
	    "page", "{{<layout}}{{$title}}T {{n}}{{/title}}"
	    "{{$content}}<p>{{n}}</p>{{> card}}{{/content}}{{/layout}}",
	    "layout", "<title>{{$title}}{{/title}}</title>{{#session.user}}"
	    "[{{session.user}}]{{/session.user}}<main>{{$content}}{{/content}}"
	    "</main>",
	    "card", "<i>{{n}}</i>",
	    "form", "{{<layout}}{{$content}}<input value=\"{{session.csrf}}\">"
	    "{{/content}}{{/layout}}",
	    "viapartial", "{{<layout}}{{$content}}{{> csrf}}{{/content}}"
	    "{{/layout}}",
	    "csrf", "{{#session}}{{csrf}}{{/session}}",
	    "bare", "no layout {{n}}",
	    NULL };
	struct tmpl_set	*set = tmpl_set_new();
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	json_t		*view = json_loads("{\"n\": \"<1>\", \"session\": "
			    "{\"user\": \"Ana\", \"csrf\": \"c\"}}", 0, NULL);
	size_t		 i;
	int		 page;

	(void)state;
	for (i = 0; named[i] != NULL; i += 2)
		assert_int_equal(tmpl_add(set, named[i], named[i + 1],
		    strlen(named[i + 1]), &err), 0);
	assert_int_equal(tmpl_link(set, &err), 0);
	page = tmpl_find(set, "page");
	assert_int_equal(tmpl_block_reads(set, page, "content", "session"), 0);
	assert_int_equal(tmpl_block_reads(set, page, "title", "n"), 1);
	assert_int_equal(tmpl_block_reads(set, tmpl_find(set, "form"),
	    "content", "session"), 1);
	assert_int_equal(tmpl_block_reads(set, tmpl_find(set, "viapartial"),
	    "content", "session"), 1);
	assert_int_equal(tmpl_block_reads(set, tmpl_find(set, "bare"),
	    "content", "session"), -1);
	assert_int_equal(tmpl_block_reads(set, page, "footer", "session"),
	    -1);
	assert_int_equal(tmpl_render_block(set, page, 0, "content", &view, 1,
	    &out), 0);
	assert_string_equal(buf_str(&out), "<p>&lt;1&gt;</p><i>&lt;1&gt;</i>");
	buf_reset(&out);
	/* The page around text kept earlier: the rest rendered now. */
	assert_int_equal(tmpl_render_kept(set, page, 0, &view, 1, "content",
	    "KEPT", 4, &out), 0);
	assert_string_equal(buf_str(&out), "<title>T &lt;1&gt;</title>[Ana]"
	    "<main>KEPT</main>");
	buf_reset(&out);
	assert_int_equal(tmpl_render(set, page, 0, &view, 1, &out), 0);
	assert_string_equal(buf_str(&out), "<title>T &lt;1&gt;</title>[Ana]"
	    "<main><p>&lt;1&gt;</p><i>&lt;1&gt;</i></main>");
	buf_free(&out);
	buf_free(&err);
	json_decref(view);
	tmpl_set_free(set);
}

static void
parse_errors_name_the_line(void **state)
{
	const char *unclosed[] = { "page", "a\nb\n{{#x}}c", NULL };
	const char *mismatch[] = { "page", "{{#x}}\n{{/y}}", NULL };
	const char *filter[] = { "page", "{{x|raw}}", NULL };
	const char *partial[] = { "page", "{{> nowhere}}", NULL };
	int	 rc;
	char	*err;

	(void)state;
	err = render(unclosed, "{}", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "page:3"));
	free(err);
	err = render(mismatch, "{}", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "page:2"));
	free(err);
	err = render(filter, "{}", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "unknown filter"));
	free(err);
	err = render(partial, "{}", &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "nowhere"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping),
		cmocka_unit_test(values_are_escaped),
		cmocka_unit_test(sections_and_filters),
		cmocka_unit_test(partials_and_layouts),
		cmocka_unit_test(kept_blocks),
		cmocka_unit_test(parse_errors_name_the_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

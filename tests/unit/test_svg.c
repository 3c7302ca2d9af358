/*
 * Unit tests for app/views/svg.c: the heat-map and bar chart markup (an
 * accessible image with its title and description, every number as text,
 * gaps marked), escaping of every text that reaches the markup, and the
 * descriptions it refuses, drawing nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/views/svg.h"

/* Draws the chart described by the JSON text; the markup, or NULL when
 * svg_chart() refused (it must then have appended nothing). */
static char *
draw(const char *spec_text)
{
	json_t		*spec = json_loads(spec_text, 0, NULL);
	struct buf	 out = BUF_INIT;
	char		*s;
	int		 rc;

	assert_non_null(spec);
	buf_puts(&out, "[");
	rc = svg_chart(&out, spec);
	json_decref(spec);
	if (rc == -1) {
		assert_string_equal(buf_str(&out), "[");
		buf_free(&out);
		return NULL;
	}
	assert_int_equal(rc, 0);
	s = strdup(buf_str(&out) + 1);
	buf_free(&out);
	return s;
}

static int
count(const char *hay, const char *needle)
{
	int	n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
heatmap(void **state)
{
	char	*s;

	(void)state;
	s = draw("{\"kind\": \"heatmap\", \"id\": \"areas-chart\","
	    " \"title\": \"By area\", \"desc\": \"Counts by area.\","
	    " \"columns\": [\"Services\", \"Pathways\"],"
	    " \"rows\": [{\"label\": \"Hamilton\", \"values\": [3, 0]},"
	    " {\"label\": \"Nelson\", \"values\": [1, 6]}]}");
	assert_non_null(s);
	assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" role=\"img\""));
	assert_non_null(strstr(s, "aria-labelledby=\"areas-chart-title "
	    "areas-chart-desc\">"));
	assert_non_null(strstr(s, "<title id=\"areas-chart-title\">By area"
	    "</title><desc id=\"areas-chart-desc\">Counts by area.</desc>"));
	/* Four cells, each with its number (or "gap") as text. */
	assert_int_equal(count(s, "<rect "), 4);
	assert_non_null(strstr(s, "<title>Hamilton, Services: 3</title>"));
	assert_non_null(strstr(s, "<title>Hamilton, Pathways: 0 (gap)</title>"
	    "<rect class=\"h0\""));
	assert_non_null(strstr(s, "class=\"gap\">gap</text>"));
	assert_non_null(strstr(s, ">6</text>"));
	/* The largest count takes the darkest shade, the smallest the
	 * lightest. */
	assert_non_null(strstr(s, "Nelson, Pathways: 6</title><rect "
	    "class=\"h4\""));
	assert_non_null(strstr(s, "Nelson, Services: 1</title><rect "
	    "class=\"h1\""));
	assert_null(strstr(s, "style="));
	assert_non_null(strstr(s, "</svg>"));
	free(s);
}

static void
bars(void **state)
{
	char	*s;

	(void)state;
	s = draw("{\"kind\": \"bars\", \"id\": \"funding-chart\","
	    " \"title\": \"Funding\", \"desc\": \"Money.\", \"money\": true,"
	    " \"series\": [\"Pool\", \"Paid\"],"
	    " \"rows\": [{\"label\": \"Hamilton\", \"values\": [500000, 0]},"
	    " {\"label\": \"Nelson\", \"values\": [250000, 123456]}]}");
	assert_non_null(s);
	assert_non_null(strstr(s, "role=\"img\""));
	/* Legend and four bars, each with its value written in dollars. */
	assert_int_equal(count(s, "<rect class=\"s0\""), 3);
	assert_int_equal(count(s, "<rect class=\"s1\""), 3);
	assert_non_null(strstr(s, "<title>Nelson, Paid: $1,234.56</title>"));
	assert_non_null(strstr(s, ">$5,000.00</text>"));
	/* Scaled to the largest: the full pool is 360 wide, half of it 180,
	 * and zero draws no bar but still says $0.00. */
	assert_non_null(strstr(s, "width=\"360\" height=\"12\""));
	assert_non_null(strstr(s, "width=\"180\" height=\"12\""));
	assert_non_null(strstr(s, "Hamilton, Paid: $0.00</title><rect "
	    "class=\"s1\" x=\"180\" y=\"42\" width=\"0\""));
	free(s);
	/* Plain counts when not money. */
	s = draw("{\"kind\": \"bars\", \"id\": \"n\", \"title\": \"t\","
	    " \"desc\": \"d\", \"series\": [\"People\"],"
	    " \"rows\": [{\"label\": \"A\", \"values\": [7]}]}");
	assert_non_null(s);
	assert_non_null(strstr(s, "<title>A, People: 7</title>"));
	free(s);
}

static void
text_is_escaped(void **state)
{
	char	*s;

	(void)state;
	s = draw("{\"kind\": \"heatmap\", \"id\": \"x\","
	    " \"title\": \"<b>T</b>\", \"desc\": \"a & b\","
	    " \"columns\": [\"\\\"><script>c</script>\"],"
	    " \"rows\": [{\"label\": \"O'Neil <i>\", \"values\": [1]}]}");
	assert_non_null(s);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "<i>"));
	assert_non_null(strstr(s, "&lt;b&gt;T&lt;/b&gt;</title>"));
	assert_non_null(strstr(s, "<desc id=\"x-desc\">a &amp; b</desc>"));
	assert_non_null(strstr(s, "O&#39;Neil &lt;i&gt;, &quot;&gt;&lt;script"
	    "&gt;c&lt;/script&gt;: 1</title>"));
	free(s);
}

static void
long_labels_are_cut(void **state)
{
	char	*s;

	(void)state;
	/* 30 two-byte characters: cut after 24 with an ellipsis, never
	 * inside a character; the cell's title keeps the whole name. */
	s = draw("{\"kind\": \"heatmap\", \"id\": \"x\", \"title\": \"t\","
	    " \"desc\": \"d\", \"columns\": [\"C\"], \"rows\": [{\"label\":"
	    " \"\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81"
	    "\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81"
	    "\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81"
	    "\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\","
	    " \"values\": [2]}]}");
	assert_non_null(s);
	assert_non_null(strstr(s, "text-anchor=\"end\">\xc4\x81\xc4\x81\xc4\x81"
	    "\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81"
	    "\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81"
	    "\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xc4\x81\xe2\x80\xa6</text>"));
	assert_non_null(strstr(s, "\xc4\x81\xc4\x81\xc4\x81, C: 2</title>"));
	free(s);
}

static void
bad_descriptions_draw_nothing(void **state)
{
	static const char *const bad[] = {
		"{\"kind\": \"pie\", \"id\": \"x\", \"title\": \"t\", \"desc\":"
		" \"d\", \"columns\": [\"C\"], \"rows\": []}",
		/* an id that would break out of the attribute */
		"{\"kind\": \"heatmap\", \"id\": \"x\\\" onload=\\\"y\","
		" \"title\": \"t\", \"desc\": \"d\", \"columns\": [\"C\"],"
		" \"rows\": []}",
		"{\"kind\": \"heatmap\", \"id\": \"x\", \"desc\": \"d\","
		" \"columns\": [\"C\"], \"rows\": []}",
		"{\"kind\": \"heatmap\", \"id\": \"x\", \"title\": \"t\","
		" \"desc\": \"d\", \"columns\": [], \"rows\": []}",
		"{\"kind\": \"heatmap\", \"id\": \"x\", \"title\": \"t\","
		" \"desc\": \"d\", \"columns\": [\"C\"], \"rows\": [{\"label\":"
		" \"A\", \"values\": [1, 2]}]}",
		"{\"kind\": \"bars\", \"id\": \"x\", \"title\": \"t\","
		" \"desc\": \"d\", \"series\": [\"S\"], \"rows\": [{\"label\":"
		" \"A\", \"values\": [-1]}]}",
		"{\"kind\": \"bars\", \"id\": \"x\", \"title\": \"t\","
		" \"desc\": \"d\", \"series\": [\"S\"], \"rows\": [{\"label\":"
		" 5, \"values\": [1]}]}",
		"{\"kind\": \"bars\", \"id\": \"x\", \"title\": \"t\","
		" \"desc\": \"d\", \"series\": [\"S\"], \"rows\": [{\"label\":"
		" \"A\", \"values\": [\"1\"]}]}",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(draw(bad[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heatmap),
		cmocka_unit_test(bars),
		cmocka_unit_test(text_is_escaped),
		cmocka_unit_test(long_labels_are_cut),
		cmocka_unit_test(bad_descriptions_draw_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

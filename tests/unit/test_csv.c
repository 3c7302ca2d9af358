/*
 * Unit tests for app/util/csv: RFC 4180 records (quoted commas, line
 * breaks and doubled quotes, CRLF and LF, a last line without its end, a
 * byte-order mark, blank lines), and the malformed texts it refuses with
 * the line at fault.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/util/csv.h"

/* text parsed, as compact JSON. */
static char *
parsed(const char *text)
{
	size_t	 line = 0;
	json_t	*rows = csv_parse(text, strlen(text), 100, &line);
	char	*out;

	assert_non_null(rows);
	out = json_dumps(rows, JSON_COMPACT);
	json_decref(rows);
	return out;
}

static void
reads_records(void **state)
{
	static const char *const cases[][2] = {
		{ "a,b\r\nc,d\r\n", "[[\"a\",\"b\"],[\"c\",\"d\"]]" },
		{ "a,b\nc,d", "[[\"a\",\"b\"],[\"c\",\"d\"]]" },
		{ "\xEF\xBB\xBFname\n", "[[\"name\"]]" },
		{ "\"x, y\",\"say \"\"hi\"\"\"\n", "[[\"x, y\",\"say \\\"hi\\\"\"]]" },
		{ "\"two\nlines\",z\n", "[[\"two\\nlines\",\"z\"]]" },
		{ "a,,\n\n\nb\n", "[[\"a\",\"\",\"\"],[\"b\"]]" },
		{ ",\n", "[[\"\",\"\"]]" },
		{ "", "[]" },
		{ "Kia ora,سلام\n", "[[\"Kia ora\",\"سلام\"]]" },
	};
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = parsed(cases[i][0]);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
}

static void
refuses_malformed(void **state)
{
	static const struct { const char *text; size_t line; } cases[] = {
		{ "a,b\nc\"d\n", 2 },
		{ "\"closed\"then,x\n", 1 },
		{ "ok\n\"never closed\n", 3 },
		{ "1\n2\n3\n4\n", 4 },	/* more than three records */
	};
	size_t	 i, line;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		line = 0;
		assert_null(csv_parse(cases[i].text, strlen(cases[i].text), 3,
		    &line));
		assert_int_equal(line, cases[i].line);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_records),
		cmocka_unit_test(refuses_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

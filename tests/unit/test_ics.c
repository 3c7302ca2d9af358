/*
 * Unit tests for app/views/ics: RFC 5545 TEXT escaping, content lines
 * folded at 75 octets without splitting a UTF-8 sequence, CRLF endings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/views/ics.h"

static void
escaping(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	ics_text(&b, "a,b;c\\d\ne\r\nf\x01g");
	assert_string_equal(buf_str(&b), "a\\,b\\;c\\\\d\\ne\\nfg");
	buf_free(&b);
}

/* Every line of s ends in CRLF and is at most 75 octets; unfolded, the
 * lines give back what was folded. */
static void
check_lines(const char *s)
{
	const char	*p = s, *end;

	while (*p != '\0') {
		end = strstr(p, "\r\n");
		assert_non_null(end);
		assert_true(end - p <= 75);
		/* No line starts inside a UTF-8 sequence. */
		assert_true(((unsigned char)(p[0] == ' ' ? p[1] : p[0]) &
		    0xc0) != 0x80);
		p = end + 2;
	}
}

static void
folding(void **state)
{
	struct buf	 b = BUF_INIT;
	char		 title[400];
	size_t		 i;
	const char	*at;

	(void)state;
	title[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(title, "Hui ā ");	/* 7 octets, one of two */
	ics_event(&b, &(struct ics_event){ .uid = "meeting-1@portal.test",
	    .stamp = "20261207T000000Z", .start = "20261209T050000Z",
	    .end = "20261209T063000Z", .sequence = 2, .summary = title,
	    .location = "Room 2, Library", .description = NULL,
	    .url = "https://portal.test/l/x/wg/meetings/1" });
	check_lines(buf_str(&b));
	assert_non_null(strstr(buf_str(&b), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(buf_str(&b), "SEQUENCE:2\r\n"));
	assert_non_null(strstr(buf_str(&b), "LOCATION:Room 2\\, Library\r\n"));
	assert_null(strstr(buf_str(&b), "DESCRIPTION"));	/* none given */
	assert_non_null(at = strstr(buf_str(&b), "SUMMARY:"));
	assert_non_null(strstr(at, "\r\n "));	/* folded */
	assert_non_null(strstr(buf_str(&b), "END:VEVENT\r\nEND:VCALENDAR\r\n"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping),
		cmocka_unit_test(folding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

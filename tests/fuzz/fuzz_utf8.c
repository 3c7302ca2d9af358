/*
 * fuzz_utf8: app/util/utf8.c against a reference written differently.
 *
 * utf8_valid() decodes and range-checks code points; the reference below
 * instead follows the table of well-formed byte sequences in The Unicode
 * Standard (chapter 3, table 3-7), byte by byte, with no arithmetic.  The
 * two must agree on every input (the portal also refuses NUL), and for
 * valid input utf8_length() must count what the reference counts.  The
 * input is also checked with its first and last byte cut off, which
 * exercises sequences truncated at either end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../app/util/utf8.h"
#include "fuzz.h"

/*
 * Returns the number of code points if s[0..len) is well-formed UTF-8
 * with no U+0000, else -1.
 */
static long
reference(const uint8_t *s, size_t len)
{
	size_t	 i = 0, k, n;
	long	 count = 0;
	uint8_t	 lo, hi;	/* the range of the second byte */

	while (i < len) {
		uint8_t c = s[i];

		if (c == 0x00)
			return -1;
		lo = 0x80;
		hi = 0xbf;
		if (c <= 0x7f)
			n = 0;
		else if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c == 0xe0) {
			n = 2;
			lo = 0xa0;
		} else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef)
			n = 2;
		else if (c == 0xed) {
			n = 2;
			hi = 0x9f;
		} else if (c == 0xf0) {
			n = 3;
			lo = 0x90;
		} else if (c >= 0xf1 && c <= 0xf3)
			n = 3;
		else if (c == 0xf4) {
			n = 3;
			hi = 0x8f;
		} else
			return -1;	/* 80..c1, f5..ff */
		if (n > 0) {
			if (i + n >= len)
				return -1;	/* truncated */
			if (s[i + 1] < lo || s[i + 1] > hi)
				return -1;
			for (k = 2; k <= n; k++)
				if (s[i + k] < 0x80 || s[i + k] > 0xbf)
					return -1;
		}
		i += n + 1;
		count++;
	}
	return count;
}

static void
check(const uint8_t *s, size_t len)
{
	long	 want = reference(s, len);
	int	 got = utf8_valid((const char *)s, len);

	if (got != (want >= 0)) {
		fprintf(stderr, "utf8_valid says %d, the reference %s, on "
		    "%zu bytes\n", got, want >= 0 ? "valid" : "invalid", len);
		abort();
	}
	if (want >= 0 && utf8_length((const char *)s, len) != (size_t)want) {
		fprintf(stderr, "utf8_length says %zu, the reference %ld\n",
		    utf8_length((const char *)s, len), want);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size);
	if (size > 0) {
		check(data + 1, size - 1);
		check(data, size - 1);
	}
	return 0;
}

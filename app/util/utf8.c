/*
 * utf8: strict UTF-8 validation (see utf8.h).
 */
#include <string.h>

#include "utf8.h"

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 i = 0, n, k;
	unsigned int cp, min;

	while (i < len) {
		unsigned char c = s[i];

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_length(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 i, count = 0;

	for (i = 0; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

size_t
utf8_prefix(const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 n = strnlen(str, max);

	if (n < max)
		return n;		/* all of it */
	/* A continuation byte just past the cut: back to its character's
	 * first byte. */
	while (n > 0 && (s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

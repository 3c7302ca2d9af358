/*
 * money: cents as dollars (see money.h).
 */
#include <stdio.h>

#include "money.h"

const char *
money_text(char out[MONEY_TEXT], long long cents)
{
	/* Unsigned, so that even LLONG_MIN has a magnitude. */
	unsigned long long c = cents < 0 ? 0ULL - (unsigned long long)cents :
	    (unsigned long long)cents;
	char		 digits[24];
	size_t		 i, n, o = 0;

	n = (size_t)snprintf(digits, sizeof(digits), "%llu", c / 100);
	if (cents < 0)
		out[o++] = '-';
	out[o++] = '$';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, MONEY_TEXT - o, ".%02llu", c % 100);
	return out;
}

void
money_put(struct buf *out, long long cents)
{
	char	 text[MONEY_TEXT];

	buf_puts(out, money_text(text, cents));
}

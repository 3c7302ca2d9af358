/*
 * money: cents as dollars (see money.h).
 */
#include "money.h"

const char *
money_text(char out[MONEY_TEXT], long long cents)
{
	/* Unsigned, so that even LLONG_MIN has a magnitude. */
	unsigned long long c = cents < 0 ? 0ULL - (unsigned long long)cents :
	    (unsigned long long)cents;
	unsigned long long d = c / 100;
	char		 digits[24];
	size_t		 i, n = 0, o = 0;

	/* By hand, not snprintf: a dashboard writes hundreds of these. */
	do
		digits[n++] = (char)('0' + d % 10);
	while ((d /= 10) != 0);
	if (cents < 0)
		out[o++] = '-';
	out[o++] = '$';
	for (i = n; i-- > 0;) {
		out[o++] = digits[i];
		if (i > 0 && i % 3 == 0)
			out[o++] = ',';
	}
	out[o++] = '.';
	out[o++] = (char)('0' + c % 100 / 10);
	out[o++] = (char)('0' + c % 10);
	out[o] = '\0';
	return out;
}

void
money_put(struct buf *out, long long cents)
{
	char	 text[MONEY_TEXT];

	buf_puts(out, money_text(text, cents));
}

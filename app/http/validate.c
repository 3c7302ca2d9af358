/*
 * validate: typed validators (see validate.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"
#include "validate.h"
#include "../views/i18n.h"

const char *
valid_int(const char *s, long long min, long long max, long long *out)
{
	static char	 msg[96];
	const char	*p = s;
	char		*end;
	long long	 v;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9' || (p != s && min >= 0))
		goto bad;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		goto bad;
	*out = v;
	return NULL;
bad:
	snprintf(msg, sizeof(msg), _("must be a whole number from %lld to %lld"),
	    min, max);
	return msg;
}

const char *
valid_slug(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return N_("must be 1 to 63 lower-case letters, digits or dashes");
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return N_("must be 1 to 63 lower-case letters, digits "
			    "or dashes");
	return NULL;
}

const char *
valid_name_key(const char *s)
{
	size_t	 n = strlen(s);

	if (n < 2 || n > 40 || s[0] < 'a' || s[0] > 'z' ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return N_("must be 2 to 40 lower-case letters, digits or "
		    "underscores, starting with a letter");
	return NULL;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

const char *
valid_date(const char *s, int *y, int *m, int *d)
{
	static const char msg[] = N_("must be a date written YYYY-MM-DD");
	int	 i, yy, mm, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return msg;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return msg;
	yy = atoi(s);
	mm = atoi(s + 5);
	dd = atoi(s + 8);
	if (yy < 1900 || yy > 2999 || mm < 1 || mm > 12 || dd < 1 ||
	    dd > days_in_month(yy, mm))
		return N_("is not a real calendar date");
	*y = yy;
	*m = mm;
	*d = dd;
	return NULL;
}

const char *
valid_day(const char *s)
{
	int	 y, m, d;

	return valid_date(s, &y, &m, &d);
}

const char *
valid_time(const char *s)
{
	int	 i;

	for (i = 0; i < 5; i++)
		if (i == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
			break;
	if (i < 5 || s[5] != '\0' || strncmp(s, "24", 2) >= 0 || s[3] > '5')
		return N_("must be a time as HH:MM (24-hour), New Zealand time");
	return NULL;
}

const char *
valid_enum(const char *s, const char *const *keys, int *out)
{
	int	 i;

	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(s, keys[i]) == 0) {
			*out = i;
			return NULL;
		}
	return N_("is not one of the allowed values");
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

const char *
valid_text(const char *s, size_t min, size_t max, int multiline, char **out)
{
	static char	 msg[96];
	const char	*end = s + strlen(s);
	size_t		 n, cps, i;

	while (s < end && is_space(*s))
		s++;
	while (end > s && is_space(end[-1]))
		end--;
	n = (size_t)(end - s);
	if (!utf8_valid(s, n))
		return N_("is not valid UTF-8 text");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t' ||
		    c == '\r'))) || c == 0x7f)
			return N_("must not contain control characters");
	}
	cps = utf8_length(s, n);
	if (cps < min) {
		if (min == 1)
			return N_("is required");
		snprintf(msg, sizeof(msg), _("must be at least %zu characters"),
		    min);
		return msg;
	}
	if (cps > max) {
		snprintf(msg, sizeof(msg), _("must be at most %zu characters"),
		    max);
		return msg;
	}
	if ((*out = malloc(n + 1)) == NULL)
		return N_("could not be stored");
	memcpy(*out, s, n);
	(*out)[n] = '\0';
	return NULL;
}

/* An email address as people type them: one '@', something either side,
 * a dot in the domain, no spaces; at most 254 bytes (RFC 5321). */
const char *
valid_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (strlen(s) > 254)
		return N_("is too long");
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' ||
	    s[strlen(s) - 1] == '.' || strpbrk(s, " \t\r\n<>\"(),;:") != NULL)
		return N_("must be an email address, like name@example.nz");
	return NULL;
}

const char *
valid_id(const char *s)
{
	long long	 id;

	return valid_int(s, 1, INT64_MAX, &id);
}

const char *
valid_micros(const char *s)
{
	long long	 n;

	return valid_int(s, 0, 253402300799999999LL, &n);
}

const char *
valid_cents(const char *s, long long min, long long max, long long *out)
{
	static char	 msg[128];
	const char	*p = s;
	long long	 dollars = 0, cents = 0;
	int		 digits = 0, decimals = 0, group = -1;

	if (*p == '$')
		p++;
	for (; (*p >= '0' && *p <= '9') || (*p == ',' && digits > 0); p++) {
		if (*p == ',') {
			/* Thousands separators stand every three digits. */
			if (group != -1 && group != 3)
				goto bad;
			group = 0;
			continue;
		}
		if (dollars > 100000000000LL)
			goto bad;
		dollars = dollars * 10 + (*p - '0');
		digits++;
		if (group != -1)
			group++;
	}
	if (digits == 0 || (group != -1 && group != 3))
		goto bad;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9' && decimals < 2; p++, decimals++)
			cents = cents * 10 + (*p - '0');
		if (decimals == 0)
			goto bad;
		if (decimals == 1)
			cents *= 10;
	}
	if (*p != '\0' || dollars > 1000000000LL)
		goto bad;
	cents += dollars * 100;
	if (cents < min || cents > max)
		goto bad;
	*out = cents;
	return NULL;
bad:
	snprintf(msg, sizeof(msg), _("must be an amount in dollars from "
	    "$%lld.%02lld to $%lld.%02lld, such as 1250 or 1,250.50"),
	    min / 100, min % 100, max / 100, max % 100);
	return msg;
}

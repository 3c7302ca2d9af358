/*
 * buf: growable byte buffer (see buf.h for the failure contract).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static int
buf_reserve(struct buf *b, size_t extra)
{
	size_t	 need, cap;
	char	*p;

	if (b->failed)
		return -1;
	if (extra > SIZE_MAX - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->data, cap)) == NULL)
		goto fail;
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	b->failed = 1;
	return -1;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) == -1)
		return;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_put_int(struct buf *b, long long n)
{
	/* Unsigned, so that even LLONG_MIN has a magnitude. */
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n :
	    (unsigned long long)n;
	char	 digits[24];
	size_t	 i = sizeof(digits);

	do
		digits[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		digits[--i] = '-';
	buf_append(b, digits + i, sizeof(digits) - i);
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/*
 * Formats straight into the room left, which is usually enough; only a
 * text that does not fit is formatted twice (once to learn its length).
 */
void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 again;
	size_t	 room;
	int	 n;

	if (b->failed)
		return;
	va_copy(again, ap);
	room = b->cap - b->len;		/* cap > len whenever cap > 0 */
	n = vsnprintf(b->cap > 0 ? b->data + b->len : NULL, room, fmt, ap);
	if (n >= 0 && (size_t)n < room)
		b->len += (size_t)n;
	else if (n < 0 || buf_reserve(b, (size_t)n) == -1) {
		b->failed = 1;
		if (b->cap > 0)
			b->data[b->len] = '\0';
	} else {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

int
buf_failed(const struct buf *b)
{
	return b->failed;
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

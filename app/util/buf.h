/*
 * buf: a growable byte buffer, the one way the portal builds text.
 *
 * A buffer owns its memory; buf_free() releases it and leaves the buffer
 * empty and reusable.  Appends never fail silently: on allocation failure
 * the buffer is marked failed, later appends are no-ops and buf_failed()
 * reports it, so a caller checks once at the end instead of at every step.
 */
#ifndef PORTAL_BUF_H
#define PORTAL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* NUL-terminated whenever len > 0 or cap > 0 */
	size_t	 len;
	size_t	 cap;
	int	 failed;
};

#define BUF_INIT { NULL, 0, 0, 0 }

void	buf_append(struct buf *, const void *, size_t);
void	buf_puts(struct buf *, const char *);
void	buf_putc(struct buf *, char);
/* Appends n in decimal (no printf: pages write thousands of numbers). */
void	buf_put_int(struct buf *, long long n);
void	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	buf_reset(struct buf *);
void	buf_free(struct buf *);
int	buf_failed(const struct buf *);
/* Returns the contents as a C string ("" when empty); borrowed. */
const char *buf_str(const struct buf *);

#endif

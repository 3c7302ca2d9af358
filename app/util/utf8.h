/*
 * utf8: strict UTF-8 validation (RFC 3629): no overlong forms, no
 * surrogates, nothing past U+10FFFF.  Every byte string a person sends is
 * checked here before it reaches a handler, a template or the database.
 */
#ifndef PORTAL_UTF8_H
#define PORTAL_UTF8_H

#include <stddef.h>

/* Returns 1 if s[0..len) is valid UTF-8 with no NUL byte, else 0. */
int	utf8_valid(const char *s, size_t len);
/* Returns the number of code points in a valid UTF-8 string. */
size_t	utf8_length(const char *s, size_t len);
/* The length of the longest prefix of the valid UTF-8 string s that is
 * at most max bytes and ends between two characters: where to cut it. */
size_t	utf8_prefix(const char *s, size_t max);

#endif

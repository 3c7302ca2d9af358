/*
 * validate: typed validators for every value a handler accepts.
 *
 * Each takes the raw (already UTF-8-checked) string and either produces a
 * typed value and returns NULL, or returns a short message for the person
 * ("must be a whole number from 1 to 100"), which the caller puts beside
 * the field.  They are pure and are tested with tables of good and bad
 * input in tests/unit/test_validate.c.
 */
#ifndef PORTAL_VALIDATE_H
#define PORTAL_VALIDATE_H

#include <stddef.h>

/* A whole number in [min, max]; no sign for min >= 0, no spaces. */
const char *valid_int(const char *, long long min, long long max,
	    long long *out);
/* A row id (a whole number from 1), as in a cursor. */
const char *valid_id(const char *);
/* An instant as a cursor's key: microseconds since 1970 up to the end of
 * year 9999 (what a timestamptz the statement adds it to holds). */
const char *valid_micros(const char *);
/* A slug: 1-63 of [a-z0-9-], not starting or ending with '-'. */
const char *valid_slug(const char *);
/* A key (an indicator's, a community's): a lower-case letter, then 1 to
 * 39 lower-case letters, digits or underscores. */
const char *valid_name_key(const char *);
/* A calendar date YYYY-MM-DD (proleptic Gregorian, years 1900-2999). */
const char *valid_date(const char *, int *y, int *m, int *d);
/* The same, for a date only checked (a cursor's key). */
const char *valid_day(const char *);
/* A time of day "HH:MM", 00:00 to 23:59 (New Zealand time). */
const char *valid_time(const char *);
/* One of the NULL-terminated keys; *out is its index. */
const char *valid_enum(const char *, const char *const *keys, int *out);
/*
 * Text after trimming ASCII white space at both ends: between min and max
 * code points, no control characters but newline and tab when multiline.
 * *out is a malloc'd trimmed copy the caller frees.
 */
const char *valid_text(const char *, size_t min, size_t max, int multiline,
	    char **out);

/*
 * An amount of money as people type it, in dollars: "1250", "1,250.5",
 * "$1,250.50" (at most two decimals, separators every three digits); *out
 * is whole cents in [min, max].
 */
const char *valid_cents(const char *, long long min, long long max,
	    long long *out);

/* An email address as people type them (one '@', a dot in the domain, no
 * spaces), at most 254 bytes (RFC 5321). */
const char *valid_email(const char *);

#endif

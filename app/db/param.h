/*
 * param: values as statement parameters, for the typed query files of
 * app/db/ only (handlers never build parameters).  Each integer is written
 * into its own buffer of 24 bytes, which must outlive the call it is
 * passed to.
 */
#ifndef PORTAL_DB_PARAM_H
#define PORTAL_DB_PARAM_H

#include <stdio.h>

#include <jansson.h>

#include "db.h"

/* v as text in buf; returns buf. */
static inline const char *
param_int(long long v, char buf[24])
{
	snprintf(buf, 24, "%lld", v);
	return buf;
}

#define ID(buf, v)	param_int((long long)(v), (buf))
/* The same, or SQL NULL when v is 0 (no such row: no location, no user). */
#define ID_OR_NULL(buf, v)	((v) != 0 ? ID(buf, v) : NULL)
/* A boolean as PostgreSQL reads it. */
#define BOOL(v)		((v) ? "t" : "f")

/* *v as text in buf, or SQL NULL when v is NULL. */
static inline const char *
param_int_ptr(const long long *v, char buf[24])
{
	return v != NULL ? param_int(*v, buf) : NULL;
}

/* The integer member key of object v as text in buf, or SQL NULL when it
 * is absent or not an integer. */
static inline const char *
param_json_int(const json_t *v, const char *key, char buf[24])
{
	const json_t	*n = json_object_get(v, key);

	return json_is_integer(n) ? param_int(json_integer_value(n), buf) :
	    NULL;
}

/* The many statements whose only parameters are one or two ids: their
 * rows (db_rows) or their first row (db_row). */
static inline enum db_status
rows_by_id(struct db *db, enum stmt s, long long a, json_t **rows)
{
	char	 p[24];

	return db_rows(db, s, DB_PARAMS(param_int(a, p)), rows);
}

static inline enum db_status
row_by_id(struct db *db, enum stmt s, long long a, json_t **row)
{
	char	 p[24];

	return db_row(db, s, DB_PARAMS(param_int(a, p)), row);
}

static inline enum db_status
rows_by_ids(struct db *db, enum stmt s, long long a, long long b,
    json_t **rows)
{
	char	 p[24], q[24];

	return db_rows(db, s, DB_PARAMS(param_int(a, p), param_int(b, q)),
	    rows);
}

static inline enum db_status
row_by_ids(struct db *db, enum stmt s, long long a, long long b,
    json_t **row)
{
	char	 p[24], q[24];

	return db_row(db, s, DB_PARAMS(param_int(a, p), param_int(b, q)),
	    row);
}

/* The string member key of object v, or SQL NULL. */
static inline const char *
param_json_text(const json_t *v, const char *key)
{
	return json_string_value(json_object_get(v, key));
}

#endif

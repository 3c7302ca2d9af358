/*
 * audit: typed queries over the audit chains (sql/023_audit_chain.sql;
 * the SQL is in stmt_audit.inc): checking them, for national staff and
 * portalctl, and keeping the signed heads portalctl audit seal makes.
 */
#ifndef PORTAL_DB_AUDIT_H
#define PORTAL_DB_AUDIT_H

#include "db.h"

/* Every chain (of location id, or all for NULL) as audit_chain_check()
 * reports it: *rows a new array of {chain, slug, name, entries, head_seq,
 * bad_id, bad_seq, problem, seal_seq, seal_hash, sealed_at, seal_message,
 * signature}. */
enum db_status	db_audit_chains(struct db *, const char *location_id,
		    json_t **rows);
/* The id of the location with slug, as text: *row {id}, or NULL. */
enum db_status	db_audit_location(struct db *, const char *slug,
		    json_t **row);
/* The heads not sealed yet, locked (inside a transaction): *rows a new
 * array of {chain, seq, hash, slug, at, message}, all text. */
enum db_status	db_audit_heads(struct db *, json_t **rows);
/* Keeps the seal of head (a row of db_audit_heads) signed sig (hex). */
enum db_status	db_audit_seal(struct db *, const json_t *head,
		    const char *sig);

#endif

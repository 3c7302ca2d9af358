/*
 * audit: typed queries over the audit chains (sql/023_audit_chain.sql).
 * The SQL is in stmt_identity.inc, beside the trail's other statements.
 */
#ifndef PORTAL_DB_AUDIT_H
#define PORTAL_DB_AUDIT_H

#include "db.h"

/* Every chain as audit_chain_check() reports it: *rows a new array of
 * {chain, slug, name, entries, head_seq, bad_id, bad_seq, problem,
 * seal_seq, seal_hash, sealed_at, seal_message, signature}. */
enum db_status	db_audit_chains(struct db *, json_t **rows);

#endif

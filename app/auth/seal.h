/*
 * seal: the signed heads of the audit chains (sql/023_audit_chain.sql).
 *
 * portalctl audit seal signs each chain's newest seq and hash with an
 * Ed25519 key derived from the server key (auth/secret.h), so a person who
 * can rewrite the database but has no PORTAL_SECRET_KEY_FILE cannot make a
 * seal for a chain they rewrote.  portald and portalctl audit verify check
 * the signatures against the public half of the same key, never against a
 * key stored in the database.
 */
#ifndef PORTAL_SEAL_H
#define PORTAL_SEAL_H

#include <jansson.h>

#include "secret.h"

#define SEAL_PK_BYTES	32
#define SEAL_SK_BYTES	64
#define SEAL_SIG_HEX	129	/* 64 bytes in hex, and the NUL */

/* The key pair of the server key's audit seal purpose. */
void	seal_keys(const unsigned char key[SECRET_BYTES],
	    unsigned char pk[SEAL_PK_BYTES], unsigned char sk[SEAL_SK_BYTES]);
/* Signs msg (audit_seal_message() of the database) into hex. */
void	seal_sign(const unsigned char sk[SEAL_SK_BYTES], const char *msg,
	    char hex[SEAL_SIG_HEX]);
/* 1 when hex is a signature of msg under pk, 0 otherwise. */
int	seal_verify(const unsigned char pk[SEAL_PK_BYTES], const char *msg,
	    const char *hex);
/*
 * Judges each row of audit_chain_check(): adds "seal_valid" (true, false,
 * or null when the chain has no seal yet) and "intact", and turns a seal
 * whose signature fails into the problem "forged_seal" (its newest entry
 * named) when the entries themselves pass.  Returns how many chains are
 * not intact.
 */
int	seal_judge(const unsigned char pk[SEAL_PK_BYTES], json_t *rows);
/* What a problem key of audit_chain_check() means, in English (N_()). */
const char *seal_problem_text(const char *problem);

#endif

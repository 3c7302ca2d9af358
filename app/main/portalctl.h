/*
 * portalctl: what the administration command's files share.  portalctl.c
 * holds the command line and most commands; portalctl_audit.c the audit
 * commands (sql/023_audit_chain.sql):
 *
 *   portalctl audit seal            sign every chain's head that moved
 *   portalctl audit verify [SLUG]   check the chains and their seals
 *
 * Both read the server key from PORTAL_SECRET_KEY_FILE (auth/secret.h),
 * the file portald reads: seal signs with it, verify checks with its
 * public half.
 */
#ifndef PORTAL_PORTALCTL_H
#define PORTAL_PORTALCTL_H

#include <libpq-fe.h>

/*
 * Runs one parameterised statement.  Returns its result, which the caller
 * clears, or NULL after printing the server's message.
 */
PGresult	*portalctl_query(PGconn *, const char *sql, int n,
		    const char *const *params);

/* Each returns the exit status: 0 done (every chain intact), 1 not. */
int	portalctl_audit_seal(PGconn *);
int	portalctl_audit_verify(PGconn *, const char *slug);

#endif

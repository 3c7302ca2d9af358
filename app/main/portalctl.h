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

#include "../db/db.h"

/* Each returns the exit status: 0 done (every chain intact), 1 not. */
int	portalctl_audit_seal(struct db *);
int	portalctl_audit_verify(struct db *, const char *slug);

#endif

/*
 * portalctl: what the administration command's files share.  portalctl.c
 * holds the command line (the table of commands, the options, the usage),
 * the helpers and checks below, and migrate and demo; each group of
 * commands has its file: portalctl_locations.c, portalctl_users.c,
 * portalctl_outbox.c, portalctl_jobs.c and portalctl_audit.c, the audit
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

#include <jansson.h>

#include "../db/db.h"
#include "../util/buf.h"

#define MAX_OPERANDS	5

/* The command line, checked: operands and options, then typed values. */
struct args {
	const char	*op[MAX_OPERANDS];
	int		 nop;
	const char	*role;		/* --role, or NULL */
	int		 loop;		/* --loop */
	const char	*interval;	/* --interval, or NULL */
	/* Filled by a command's check: trimmed copies (freed in main). */
	char		*name;
	char		*region;
	char		*organisation;
	long long	 number;
};

/*
 * The helpers every command shares (portalctl.c).  ctl_failed prints the
 * server's message after a statement failed and returns 1; ctl_col is
 * column key of row as portalctl prints it ("" for NULL); ctl_operator
 * who ran portalctl, for the audit log; ctl_printable s with control
 * characters shown as '?', borrowed from b.
 */
int		 ctl_failed(struct db *);
const char	*ctl_col(const json_t *row, const char *key);
const char	*ctl_operator(void);
const char	*ctl_printable(struct buf *b, const char *s, int multiline);

/*
 * The checks of operands: NULL, or a message naming label (in a buffer
 * the next check reuses).  ctl_check_text stores the trimmed copy in
 * *out (the caller frees it).
 */
const char	*ctl_field(const char *label, const char *why);
const char	*ctl_check_enum(const char *label, const char *s,
		    const char *const *keys);
const char	*ctl_check_text(const char *label, const char *s, size_t min,
		    size_t max, char **out);
const char	*ctl_check_slug(struct args *);
const char	*ctl_check_email_at(const char *s);
const char	*ctl_check_email(struct args *);

/*
 * The commands, for the table in portalctl.c: a check_* checks the
 * operands before connecting (NULL or a message); a cmd_* runs and
 * returns the exit status, 0 or 1.
 */
const char	*check_location_add(struct args *);
int		 cmd_location_list(struct db *, struct args *);
int		 cmd_location_add(struct db *, struct args *);
int		 cmd_location_archive(struct db *, struct args *);

const char	*check_user_add(struct args *);
const char	*check_membership_add(struct args *);
int		 cmd_user_add(struct db *, struct args *);
int		 cmd_user_reset_password(struct db *, struct args *);
int		 cmd_membership_add(struct db *, struct args *);

const char	*check_send(struct args *);
int		 cmd_outbox_list(struct db *, struct args *);
int		 cmd_outbox_show(struct db *, struct args *);
int		 cmd_outbox_send(struct db *, struct args *);

int		 cmd_funding_remind(struct db *, struct args *);
int		 cmd_actions_remind(struct db *, struct args *);
int		 cmd_overlaps_refresh(struct db *, struct args *);
int		 cmd_newsletter_purge(struct db *, struct args *);

/* Each returns the exit status: 0 done (every chain intact), 1 not. */
int	portalctl_audit_seal(struct db *);
int	portalctl_audit_verify(struct db *, const char *slug);

#endif

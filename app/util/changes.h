/*
 * changes: a count of the changes portald's workers on this host have
 * committed, in memory the master shares with every worker it forks.
 *
 * Workers keep copies of what they read (public pages, who a session
 * belongs to, a working group's member list).  A worker that commits a
 * change bumps the count before it answers, so every worker on the host
 * drops its copies before it serves another request: the person whose
 * sign-out was just confirmed cannot be served as signed in by a sibling.
 * Changes made elsewhere (other hosts, portalctl) arrive as PostgreSQL
 * notifications instead (db_changed()).
 */
#ifndef PORTAL_CHANGES_H
#define PORTAL_CHANGES_H

/* Maps the shared counter; call once in the master, before forking. */
int		 changes_init(void);
void		 changes_bump(void);
unsigned long	 changes_count(void);

#endif

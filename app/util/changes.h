/*
 * changes: what the data behind a worker's copies changed, as heard from
 * PostgreSQL (sql/003_changes.sql, sql/035_changes_by_location.sql), and
 * the changes portald's workers on this host have committed, in memory
 * the master shares with every worker it forks.
 *
 * Workers keep copies of what they read (public pages, who a session
 * belongs to, a working group's views).  A worker that commits a change
 * publishes what it changed before it answers, so every worker on the
 * host drops the copies it made stale before it serves another request:
 * the person whose sign-out was just confirmed cannot be served as signed
 * in by a sibling, nor a member who saved an edit their old list.
 * Changes made elsewhere (other hosts, portalctl) arrive as PostgreSQL
 * notifications (db_changed()).
 */
#ifndef PORTAL_CHANGES_H
#define PORTAL_CHANGES_H

#define CHANGE_LOCATIONS	8	/* more in one set: everything */

/* What changed: a set built from notifications, merged, then applied. */
struct change_set {
	int		 everything;	/* data of any location, or of none */
	int		 identity;	/* who a credential belongs to, or
					 * their roles */
	int		 nlocations;
	long long	 locations[CHANGE_LOCATIONS];	/* only these
					 * locations' data (and what reads
					 * every location) */
};

/* Maps the shared ring; call once in the master, before forking. */
int		 changes_init(void);
/*
 * Adds one notification's payload to set: "<table>" (anything in it may
 * have changed) or "<table> <location id>" (that location's rows of a
 * table whose rows belong to one location).  Unknown tables and bad text
 * count as everything and identity: a new table is safe before it is
 * listed in changes.c.
 */
void		 changes_note(struct change_set *, const char *payload);
/* Adds everything from b to a. */
void		 changes_merge(struct change_set *a, const struct change_set *b);
/* Whether set says anything changed. */
int		 changes_any(const struct change_set *);
/* Tells this host's workers (this one included) that set changed. */
void		 changes_publish(const struct change_set *);
/*
 * Adds to set what this host's workers published since *seen, and moves
 * *seen on.  What went by unread (more than the ring holds, or a slot
 * rewritten while read) counts as everything and identity.
 */
void		 changes_since(unsigned long *seen, struct change_set *);
/* How many sets were published on this host so far. */
unsigned long	 changes_count(void);

#endif

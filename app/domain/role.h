/*
 * role: a person's role in one location's working group, as an enum, and
 * what each role may do there.  The database, the JSON API and the session
 * carry the role as its key ("coordinator"); handlers compare the enum.
 * The same rules are in SQL (portal_can_write, portal_can_manage in
 * sql/002_identity.sql), which row-level security enforces.
 */
#ifndef PORTAL_ROLE_H
#define PORTAL_ROLE_H

enum role {
	ROLE_NONE,		/* no role in the location (or unknown) */
	ROLE_OBSERVER,
	ROLE_MEMBER,
	ROLE_COORDINATOR,
	ROLE__MAX
};

/* The role whose key is key; ROLE_NONE for NULL or any other string. */
enum role	 role_parse(const char *key);
/* The role's key as stored and sent ("member"); NULL for ROLE_NONE. */
const char	*role_name(enum role);
/* Members and coordinators change the working group's records. */
int		 role_can_write(enum role);
/* Coordinators manage the group: members, rounds, decisions, returns. */
int		 role_can_manage(enum role);

#endif

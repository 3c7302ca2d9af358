/*
 * indicator: the texts of the national indicators sql/025 creates, marked
 * for the catalogues.  Pages show an indicator's name, definition and
 * unit through {{name|t}}: the lookup finds these; a location's own
 * indicators are shown as their coordinators wrote them.
 */
#ifndef PORTAL_DOMAIN_INDICATOR_H
#define PORTAL_DOMAIN_INDICATOR_H

/* NULL-terminated: every text of the four national indicators. */
extern const char *const indicator_texts[];

#endif

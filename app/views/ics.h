/*
 * ics: one event as an iCalendar file (RFC 5545), the attachment of a
 * meeting's invitation.  Pure: text in, text out, no I/O.
 *
 * Content lines end in CRLF and are folded at 75 octets, never inside a
 * UTF-8 sequence (section 3.1); TEXT values are escaped (section 3.3.11:
 * backslash, semicolon, comma, newline).  Times are UTC ("...Z", section
 * 3.3.5 form #2), so no VTIMEZONE is needed; the method is PUBLISH, so
 * calendars add the event without an organiser to answer.
 */
#ifndef PORTAL_ICS_H
#define PORTAL_ICS_H

#include "../util/buf.h"

/* Every string borrowed, UTF-8; NULL or "" leaves a property out. */
struct ics_event {
	const char	*uid;		/* globally unique, stable */
	const char	*stamp;		/* DTSTAMP, YYYYMMDDTHHMMSSZ */
	const char	*start;		/* DTSTART, the same form */
	const char	*end;		/* DTEND */
	int		 sequence;	/* one more each time it is re-sent */
	const char	*summary;
	const char	*location;
	const char	*description;
	const char	*url;		/* URI: not escaped, must be one */
};

/* Appends the VCALENDAR with the one VEVENT to out. */
void	ics_event(struct buf *out, const struct ics_event *);
/* Appends value escaped as RFC 5545 TEXT (no folding). */
void	ics_text(struct buf *out, const char *value);

#endif

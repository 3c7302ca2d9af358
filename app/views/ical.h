/*
 * ical: events as an iCalendar object (RFC 5545), for the calendar
 * feeds a phone subscribes to and the .ics of one event.
 */
#ifndef PORTAL_ICAL_H
#define PORTAL_ICAL_H

#include <jansson.h>

#include "../util/buf.h"

/*
 * Writes view as a VCALENDAR to out: {"calendar": {"name", "url"},
 * "items": [event]}, an event as db/events.h reads it (uid, sequence,
 * title, description, starts_local, ends_local, place, status,
 * updated_at, created_at, location, id, registration_url), url being the
 * site's address that each event's page hangs under (url/l/<location>/
 * events/<id>).  Times are given in Pacific/Auckland, with its
 * VTIMEZONE; text is escaped (section 3.3.11), lines end in CRLF and are
 * folded at 75 octets between characters (section 3.1).  Returns 0, or
 * -1 when out failed.
 */
int	ical_write(struct buf *out, json_t *view);

#endif

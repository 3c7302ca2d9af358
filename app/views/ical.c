/*
 * ical: events as iCalendar (see ical.h).  Every content line is built
 * whole in a scratch buffer, then folded onto the output, so no property
 * needs to know about line length.
 */
#include <stdio.h>
#include <string.h>

#include "ical.h"

#define FOLD_OCTETS	75	/* RFC 5545 section 3.1 */

/*
 * New Zealand's rules since 2007: daylight time from the last Sunday of
 * September at 2am to the first Sunday of April at 3am.
 */
static const char nz_timezone[] =
	"BEGIN:VTIMEZONE\r\n"
	"TZID:Pacific/Auckland\r\n"
	"BEGIN:DAYLIGHT\r\n"
	"TZOFFSETFROM:+1200\r\n"
	"TZOFFSETTO:+1300\r\n"
	"TZNAME:NZDT\r\n"
	"DTSTART:20070930T020000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU\r\n"
	"END:DAYLIGHT\r\n"
	"BEGIN:STANDARD\r\n"
	"TZOFFSETFROM:+1300\r\n"
	"TZOFFSETTO:+1200\r\n"
	"TZNAME:NZST\r\n"
	"DTSTART:20080406T030000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\n"
	"END:STANDARD\r\n"
	"END:VTIMEZONE\r\n";

/* Appends line folded: at most 75 octets a line, a continuation starting
 * with a space, never inside a UTF-8 sequence; then CRLF. */
static void
put_folded(struct buf *out, const char *line, size_t len)
{
	size_t	 room = FOLD_OCTETS, n;

	while (len > room) {
		n = room;
		while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
			n--;
		buf_append(out, line, n);
		buf_puts(out, "\r\n ");
		line += n;
		len -= n;
		room = FOLD_OCTETS - 1;
	}
	buf_append(out, line, len);
	buf_puts(out, "\r\n");
}

/* TEXT escaped (section 3.3.11): backslash, semicolon, comma, newline. */
static void
put_text(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_putc(b, '\\');
		if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s != '\r')
			buf_putc(b, *s);
	}
}

/* "2027-04-03T10:00" as 20270403T100000; "...T10:00:00Z" as
 * 20270403T100000Z (the digits, seconds added when missing). */
static void
put_time(struct buf *b, const char *t)
{
	size_t	 digits = 0;

	for (; t != NULL && *t != '\0'; t++) {
		if (*t >= '0' && *t <= '9') {
			buf_putc(b, *t);
			if (++digits == 8)
				buf_putc(b, 'T');
		} else if (*t == 'Z')
			break;
	}
	if (digits == 12)
		buf_puts(b, "00");
	if (t != NULL && *t == 'Z')
		buf_putc(b, 'Z');
}

static const char *
member(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

/* One property: name (with its parameters), then the value written by
 * put from src. */
static void
property(struct buf *out, struct buf *line, const char *name,
    void (*put)(struct buf *, const char *), const char *src)
{
	buf_reset(line);
	buf_puts(line, name);
	buf_putc(line, ':');
	put(line, src);
	put_folded(out, buf_str(line), line->len);
}

static void
put_raw(struct buf *b, const char *s)
{
	buf_puts(b, s != NULL ? s : "");
}

static void
write_event(struct buf *out, struct buf *line, json_t *e, const char *url)
{
	char	 seq[24];

	buf_puts(out, "BEGIN:VEVENT\r\n");
	property(out, line, "UID", put_raw, member(e, "uid"));
	snprintf(seq, sizeof(seq), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(e, "sequence")));
	property(out, line, "SEQUENCE", put_raw, seq);
	property(out, line, "DTSTAMP", put_time, member(e, "updated_at"));
	property(out, line, "CREATED", put_time, member(e, "created_at"));
	property(out, line, "LAST-MODIFIED", put_time, member(e, "updated_at"));
	property(out, line, "DTSTART;TZID=Pacific/Auckland", put_time,
	    member(e, "starts_local"));
	property(out, line, "DTEND;TZID=Pacific/Auckland", put_time,
	    member(e, "ends_local"));
	property(out, line, "SUMMARY", put_text, member(e, "title"));
	if (member(e, "description") != NULL && *member(e, "description"))
		property(out, line, "DESCRIPTION", put_text,
		    member(e, "description"));
	if (member(e, "place") != NULL && *member(e, "place"))
		property(out, line, "LOCATION", put_text, member(e, "place"));
	buf_reset(line);
	buf_printf(line, "URL:%s/l/%s/events/%" JSON_INTEGER_FORMAT, url,
	    member(e, "location"), json_integer_value(json_object_get(e,
	    "id")));
	put_folded(out, buf_str(line), line->len);
	property(out, line, "STATUS", put_raw, strcmp(member(e, "status"),
	    "cancelled") == 0 ? "CANCELLED" : "CONFIRMED");
	buf_puts(out, "END:VEVENT\r\n");
}

int
ical_write(struct buf *out, json_t *view)
{
	json_t		*cal = json_object_get(view, "calendar"), *e;
	const char	*url = member(cal, "url");
	struct buf	 line = BUF_INIT;
	size_t		 i;

	buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//Community Engagement Portal//Events//EN\r\n"
	    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	property(out, &line, "X-WR-CALNAME", put_text, member(cal, "name"));
	property(out, &line, "X-WR-TIMEZONE", put_raw, "Pacific/Auckland");
	buf_puts(out, nz_timezone);
	json_array_foreach(json_object_get(view, "items"), i, e)
		write_event(out, &line, e, url != NULL ? url : "");
	buf_puts(out, "END:VCALENDAR\r\n");
	buf_free(&line);
	return buf_failed(out) ? -1 : 0;
}

/*
 * ics: one event as an iCalendar file (see ics.h).
 */
#include <string.h>

#include "ics.h"

#define ICS_LINE_MAX	75	/* octets of a content line before folding */

void
ics_text(struct buf *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '\\':
		case ';':
		case ',':
			buf_putc(out, '\\');
			buf_putc(out, *s);
			break;
		case '\r':
			if (s[1] != '\n')
				buf_puts(out, "\\n");
			break;
		case '\n':
			buf_puts(out, "\\n");
			break;
		default:
			/* Other controls are not TEXT (section 3.3.11). */
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				buf_putc(out, *s);
		}
	}
}

/*
 * Writes line folded: a CRLF and a space before any octet that would make
 * a line longer than 75, moved back to the start of a UTF-8 sequence.
 */
static void
put_folded(struct buf *out, const char *line)
{
	size_t	 len = strlen(line), at = 0, room = ICS_LINE_MAX, n;

	while (len - at > room) {
		n = room;
		while (n > 0 && ((unsigned char)line[at + n] & 0xc0) == 0x80)
			n--;
		buf_append(out, line + at, n);
		buf_puts(out, "\r\n ");
		at += n;
		room = ICS_LINE_MAX - 1;	/* the space counts */
	}
	buf_append(out, line + at, len - at);
	buf_puts(out, "\r\n");
}

/* One property: name, then the value as TEXT (escaped) or as it is. */
static void
put_property(struct buf *out, const char *name, const char *value,
    int text)
{
	struct buf	 line = BUF_INIT;

	if (value == NULL || *value == '\0')
		return;
	buf_puts(&line, name);
	buf_putc(&line, ':');
	if (text)
		ics_text(&line, value);
	else
		buf_puts(&line, value);
	put_folded(out, buf_str(&line));
	buf_free(&line);
}

void
ics_event(struct buf *out, const struct ics_event *e)
{
	put_folded(out, "BEGIN:VCALENDAR");
	put_folded(out, "VERSION:2.0");
	put_folded(out, "PRODID:-//Community Engagement Portal//Meetings//EN");
	put_folded(out, "CALSCALE:GREGORIAN");
	put_folded(out, "METHOD:PUBLISH");
	put_folded(out, "BEGIN:VEVENT");
	put_property(out, "UID", e->uid, 1);
	put_property(out, "DTSTAMP", e->stamp, 0);
	put_property(out, "DTSTART", e->start, 0);
	put_property(out, "DTEND", e->end, 0);
	buf_printf(out, "SEQUENCE:%d\r\n", e->sequence);
	put_property(out, "SUMMARY", e->summary, 1);
	put_property(out, "LOCATION", e->location, 1);
	put_property(out, "DESCRIPTION", e->description, 1);
	put_property(out, "URL", e->url, 0);
	put_folded(out, "STATUS:CONFIRMED");
	put_folded(out, "END:VEVENT");
	put_folded(out, "END:VCALENDAR");
}

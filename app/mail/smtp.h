/*
 * smtp: turning one of the portal's plain-text messages into an RFC 5322
 * message and handing it to an SMTP server through libcurl.
 *
 * It owns the mail settings (the PORTAL_SMTP_* variables), the message's
 * headers and encodings (RFC 2047 words for non-ASCII header text, RFC 2045
 * quoted-printable for bodies that are not short ASCII lines) and the SMTP
 * conversation.  It knows nothing of the database: portalctl's outbox
 * command picks the messages and records what happened.  Only portalctl
 * links it, so portald never loads libcurl.
 */
#ifndef PORTAL_SMTP_H
#define PORTAL_SMTP_H

#include <stddef.h>
#include <time.h>

#include "../util/buf.h"

#define SMTP_ERROR_MAX	256	/* room for smtp_send()'s error text */

/*
 * The settings, borrowed from the environment (or a caller's strings):
 * PORTAL_SMTP_URL (smtp:// or smtps://), PORTAL_SMTP_FROM (addr or
 * Name <addr>), and optionally PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD.
 * The password is never printed, logged or stored.
 */
struct smtp_config {
	const char	*url;
	const char	*from;
	const char	*user;		/* or NULL */
	const char	*password;	/* or NULL */
};

/* One message; every string is borrowed and UTF-8. */
struct smtp_message {
	long long	 id;		/* the outbox row, for the Message-ID */
	time_t		 date;		/* when it was written: Date: */
	const char	*to;		/* one bare address */
	const char	*subject;
	const char	*body;		/* lines end in "\n" */
	/* One attachment, or all three NULL: a file name (letters, digits,
	 * ".", "-", "_"), a MIME type, the text (sent base64). */
	const char	*attachment_name, *attachment_type, *attachment;
	/* A newsletter's one-click unsubscribe URL (RFC 8058): written as
	 * List-Unsubscribe with List-Unsubscribe-Post; or NULL. */
	const char	*list_unsubscribe;
};

enum smtp_status {
	SMTP_SENT,		/* the server accepted it */
	SMTP_FAILED,		/* not this time; worth trying again later */
	SMTP_REFUSED,		/* never deliverable as written (bad address) */
	SMTP_UNREACHABLE	/* no server to talk to (connection, TLS or
				 * sign-in): later messages would fail too */
};

struct smtp;

/*
 * Fills cfg from the environment.  Returns NULL, or a message naming the
 * variable that is missing or malformed.
 */
const char	*smtp_config_env(struct smtp_config *cfg);

/*
 * A client for cfg, which must outlive it; it keeps the connection open
 * between messages.  NULL when libcurl cannot start.  smtp_close(NULL) is a
 * no-op.
 */
struct smtp	*smtp_open(const struct smtp_config *cfg);
void		 smtp_close(struct smtp *);

/*
 * Sends msg.  On anything but SMTP_SENT writes why into err (at most
 * SMTP_ERROR_MAX bytes with the NUL), a line fit to store and show: it
 * never holds the password.
 */
enum smtp_status smtp_send(struct smtp *, const struct smtp_message *msg,
		    char err[SMTP_ERROR_MAX]);

/*
 * Appends msg to out as the RFC 5322 text smtp_send() transmits (CRLF line
 * ends, headers then body), from the address or "Name <address>" from.
 * Returns NULL, or why it cannot be written (a malformed address) with out
 * unspecified.
 */
const char	*smtp_format(struct buf *out, const char *from,
		    const struct smtp_message *msg);

#endif

/*
 * portalctl_outbox: the outbox commands (see portalctl.h): listing and
 * showing the queued messages and delivering them through the SMTP relay
 * (mail/smtp.h), once or in a loop.
 *
 *   portalctl outbox [list]
 *   portalctl outbox show ID
 *   portalctl outbox send [--loop [--interval SECONDS]]
 *
 * outbox send reads PORTAL_SMTP_URL, PORTAL_SMTP_FROM and optionally
 * PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD (app/mail/smtp.h).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../db/admin.h"
#include "../http/validate.h"
#include "../mail/smtp.h"
#include "../util/buf.h"
#include "portalctl.h"

#define INTERVAL_DEFAULT 60	/* outbox send --loop: seconds between passes */

static volatile sig_atomic_t stopping;

const char *
check_send(struct args *a)
{
	const char	*why;

	a->number = INTERVAL_DEFAULT;
	if (a->interval == NULL)
		return NULL;
	if (!a->loop)
		return "--interval goes with --loop";
	if ((why = valid_int(a->interval, 1, 86400, &a->number)) != NULL)
		return ctl_field("--interval", why);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Outbox                                                             */
/* ------------------------------------------------------------------ */

int
cmd_outbox_list(struct db *db, struct args *a)
{
	struct buf	 kind = BUF_INIT, to = BUF_INIT, subject = BUF_INIT;
	json_t		*rows, *r;
	size_t		 i;

	(void)a;
	if (db_admin_outbox_list(db, &rows) != DB_OK)
		return ctl_failed(db);
	json_array_foreach(rows, i, r)
		printf("%-6s %s  %-7s %2s  %-18s %-30s %s\n", ctl_col(r, "id"),
		    ctl_col(r, "created"), ctl_col(r, "state"),
		    ctl_col(r, "attempts"),
		    ctl_printable(&kind, ctl_col(r, "kind"), 0),
		    ctl_printable(&to, ctl_col(r, "to_email"), 0),
		    ctl_printable(&subject, ctl_col(r, "subject"), 0));
	json_decref(rows);
	buf_free(&kind);
	buf_free(&to);
	buf_free(&subject);
	return 0;
}

int
cmd_outbox_show(struct db *db, struct args *a)
{
	static const char *const fields[][2] = { { "id", "id" },
	    { "kind", "kind" }, { "location", "location" }, { "to", "to" },
	    { "subject", "subject" }, { "created", "created" },
	    { "state", "state" }, { "attempts", "attempts" },
	    { "next attempt", "next_attempt" },
	    { "last error", "last_error" }, { "sent", "sent" } };
	struct buf	 b = BUF_INIT;
	json_t		*row;
	size_t		 i;

	if (db_admin_outbox_show(db, a->number, &row) != DB_OK)
		return ctl_failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: no message %lld in the outbox\n",
		    a->number);
		return 1;
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!json_is_null(json_object_get(row, fields[i][1])))
			printf("%-13s %s\n", fields[i][0], ctl_printable(&b,
			    ctl_col(row, fields[i][1]), 0));
	printf("\n%s", ctl_printable(&b, ctl_col(row, "body"), 1));
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		printf("\n");
	buf_free(&b);
	json_decref(row);
	return 0;
}

/*
 * Records how a delivery went on the locked row: sent, or one more
 * attempt with the next one backed off.  A message that can never go out
 * is given up at once.
 */
static int
outbox_record(struct db *db, const char *id, enum smtp_status st,
    const char *err)
{
	json_t		*row = NULL;

	if ((st == SMTP_SENT ? db_admin_outbox_sent(db, id) :
	    db_admin_outbox_failed(db, id, err, st == SMTP_REFUSED, &row)) !=
	    DB_OK) {
		ctl_failed(db);
		return -1;
	}
	if (st == SMTP_SENT) {
		printf("sent %s\n", id);
		return 0;
	}
	printf("not sent %s (attempt %s of %d): %s\n", id, ctl_col(row,
	    "attempts"), DB_OUTBOX_ATTEMPTS, err);
	json_decref(row);
	return 0;
}

/*
 * Delivers the oldest due message, holding its row locked (FOR UPDATE SKIP
 * LOCKED) from choosing it until its outcome is committed, so two senders
 * never take the same message.  Returns 1 after one message, 0 when none
 * is due, -1 when the database failed; *st says how the delivery went.
 */
static int
outbox_one(struct db *db, struct smtp *smtp, enum smtp_status *st)
{
	struct smtp_message	 m;
	json_t			*row = NULL;
	char			 err[SMTP_ERROR_MAX];
	int			 rc = -1;

	if (db_begin(db) != DB_OK) {
		ctl_failed(db);
		return -1;
	}
	if (db_admin_outbox_next(db, &row) != DB_OK) {
		ctl_failed(db);
		goto out;
	}
	if (row == NULL) {
		rc = 0;
		goto out;
	}
	m.id = strtoll(ctl_col(row, "id"), NULL, 10);
	m.to = ctl_col(row, "to_email");
	m.subject = ctl_col(row, "subject");
	m.body = ctl_col(row, "body");
	m.date = (time_t)strtoll(ctl_col(row, "created_epoch"), NULL, 10);
	/* An attachment is all three columns or none (sql/024). */
	m.attachment_name = json_string_value(json_object_get(row,
	    "attachment_name"));
	m.attachment_type = json_string_value(json_object_get(row,
	    "attachment_type"));
	m.attachment = json_string_value(json_object_get(row, "attachment"));
	m.list_unsubscribe = json_string_value(json_object_get(row,
	    "list_unsubscribe"));
	*st = smtp_send(smtp, &m, err);
	if (outbox_record(db, ctl_col(row, "id"), *st, err) == -1)
		goto out;
	rc = 1;
out:
	json_decref(row);
	if (db_end(db, rc != -1) != DB_OK && rc != -1) {
		ctl_failed(db);
		rc = -1;
	}
	return rc;
}

/*
 * One pass over the due messages.  Returns 0 when each went out, 1 when
 * any did not (or the server was unreachable, which ends the pass), -1
 * when the database failed.
 */
static int
outbox_pass(struct db *db, struct smtp *smtp)
{
	enum smtp_status st = SMTP_SENT;
	int		 r = 0, sent = 0, failed = 0;

	while (!stopping && (r = outbox_one(db, smtp, &st)) == 1) {
		if (st == SMTP_SENT)
			sent++;
		else
			failed++;
		if (st == SMTP_UNREACHABLE) {
			fprintf(stderr, "portalctl: the mail server is "
			    "unreachable; the rest wait for the next pass\n");
			break;
		}
	}
	if (r == -1 && !stopping)
		return -1;
	if (sent + failed > 0)
		printf("outbox: %d sent, %d not sent\n", sent, failed);
	fflush(stdout);
	return failed > 0 ? 1 : 0;
}

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/*
 * One pass, or with --loop a pass every interval until SIGTERM or SIGINT,
 * which let the message in flight finish.  The loop rides out database
 * and mail server outages: it reconnects and tries again next time.
 */
int
cmd_outbox_send(struct db *db, struct args *a)
{
	struct smtp_config	 cfg;
	struct smtp		*smtp;
	struct sigaction	 sa;
	const char		*why;
	long long		 left;
	int			 rc;

	if ((why = smtp_config_env(&cfg)) != NULL) {
		fprintf(stderr, "portalctl: %s\n", why);
		return 1;
	}
	if ((smtp = smtp_open(&cfg)) == NULL) {
		fprintf(stderr, "portalctl: cannot start libcurl\n");
		return 1;
	}
	/* A line per message as it happens, also into a log file. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (a->loop) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop;
		sigemptyset(&sa.sa_mask);
		(void)sigaction(SIGTERM, &sa, NULL);
		(void)sigaction(SIGINT, &sa, NULL);
	}
	for (;;) {
		/* After an outage the next pass reconnects by itself. */
		rc = outbox_pass(db, smtp);
		if (!a->loop || stopping)
			break;
		for (left = a->number; left > 0 && !stopping; left--)
			sleep(1);
		if (stopping)
			break;
	}
	smtp_close(smtp);
	return a->loop ? 0 : rc == 0 ? 0 : 1;
}

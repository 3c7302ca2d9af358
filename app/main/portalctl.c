/*
 * portalctl: the portal's administration command.
 *
 *   portalctl migrate [DIR]            apply new migrations (default: sql)
 *   portalctl demo [DIR]               load the demo data once (sql/demo)
 *   portalctl location list
 *   portalctl location add SLUG NAME REGION
 *   portalctl location archive SLUG
 *   portalctl user add EMAIL NAME [--role inz_staff|admin|partner]  < password
 *   portalctl user reset-password EMAIL                     < password
 *   portalctl membership add SLUG EMAIL ROLE SECTOR [ORGANISATION]
 *   portalctl outbox [list]
 *   portalctl outbox show ID
 *   portalctl outbox send [--loop [--interval SECONDS]]
 *   portalctl funding remind
 *   portalctl actions remind
 *   portalctl overlaps refresh
 *   portalctl audit seal
 *   portalctl audit verify [SLUG]
 *
 * It connects with PORTAL_ADMIN_DATABASE_URL (a role that owns the schema
 * and bypasses row-level security: it administers every location),
 * falling back to PORTAL_DATABASE_URL.  outbox send reads PORTAL_SMTP_URL,
 * PORTAL_SMTP_FROM and optionally PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD
 * (app/mail/smtp.h); funding remind and actions remind read
 * PORTAL_SITE_URL for the links in their messages; audit reads PORTAL_SECRET_KEY_FILE (portalctl.h).
 * docs/portalctl.md has the details.
 *
 * Passwords come from standard input (one line; without echo and twice on
 * a terminal), never from the arguments, which any user sees in ps.
 * Arguments are checked before connecting: bad ones print a message and
 * the usage and exit 2; failures exit 1.  Every change is one statement
 * that also writes its audit_log row, so a change is never left unrecorded.
 * The statements are the database layer's (db/admin.h, stmt_admin.inc):
 * this file has no SQL of its own.
 */
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "../auth/password.h"
#include "../db/admin.h"
#include "../db/migrate.h"
#include "../domain/vocab.h"
#include "../http/validate.h"
#include "../mail/smtp.h"
#include "../util/buf.h"
#include "../util/log.h"
#include "../views/i18n.h"
#include "portalctl.h"

#define EXIT_USAGE	2
#define MAX_OPERANDS	5
#define INTERVAL_DEFAULT 60	/* outbox send --loop: seconds between passes */

/* The command line, checked: operands and options, then typed values. */
struct args {
	const char	*op[MAX_OPERANDS];
	int		 nop;
	const char	*role;		/* --role, or NULL */
	int		 loop;		/* --loop */
	const char	*interval;	/* --interval, or NULL */
	/* Filled by a command's check: trimmed copies (freed in main). */
	char		*name;
	char		*region;
	char		*organisation;
	long long	 number;
};

#define OPT_ROLE	0x01
#define OPT_PW_STDIN	0x02
#define OPT_LOOP	0x04
#define OPT_INTERVAL	0x08

struct command {
	const char	*group;
	const char	*verb;		/* NULL: the group alone */
	int		 min, max;	/* operands */
	unsigned	 opts;		/* OPT_* allowed */
	/* Checks the operands before connecting: NULL or a message. */
	const char	*(*check)(struct args *);
	/* db NULL for migrate and demo, which make the schema the
	 * statements need. */
	int		 (*run)(struct db *, struct args *);
	const char	*usage;		/* NULL: an alias left out of usage */
};

static const char *const national_roles[] = { "inz_staff", "admin", "partner",
	NULL };

static volatile sig_atomic_t stopping;

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

/* Prints the server's message after a statement failed; returns 1. */
static int
failed(struct db *db)
{
	fprintf(stderr, "portalctl: %s", db_message(db));
	return 1;
}

/* Column key of row as portalctl prints it ("" for NULL). */
static const char *
col(const json_t *row, const char *key)
{
	const char	*v = json_string_value(json_object_get(row, key));

	return v != NULL ? v : "";
}

/* Who ran portalctl, for the audit log: the login name, or the uid. */
static const char *
operator_name(void)
{
	static char	 uid[24];
	struct passwd	*pw = getpwuid(geteuid());

	if (pw != NULL)
		return pw->pw_name;
	snprintf(uid, sizeof(uid), "uid %ld", (long)geteuid());
	return uid;
}

/*
 * s with control characters (but newline and tab when multiline) shown
 * as '?': message text comes from requests and must not drive the
 * terminal.  Borrowed from b.
 */
static const char *
printable(struct buf *b, const char *s, int multiline)
{
	buf_reset(b);
	for (; *s != '\0'; s++)
		buf_putc(b, ((unsigned char)*s < 0x20 && !(multiline &&
		    (*s == '\n' || *s == '\t'))) || *s == 0x7f ? '?' : *s);
	return buf_str(b);
}

/* ------------------------------------------------------------------ */
/* Passwords                                                          */
/* ------------------------------------------------------------------ */

/*
 * Reads one line into pw (size bytes) without its line end; on a terminal
 * prompts on stderr with echo off.  Returns NULL or a message.
 */
static const char *
read_line(char *pw, size_t size, const char *prompt)
{
	struct termios	 saved, quiet;
	int		 tty = isatty(STDIN_FILENO), got;
	size_t		 n;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &saved) == 0) {
			quiet = saved;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else
			tty = 0;
	}
	got = fgets(pw, (int)size, stdin) != NULL;
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fprintf(stderr, "\n");
	}
	if (!got)
		return "no password on standard input";
	n = strlen(pw);
	if (n > 0 && pw[n - 1] != '\n' && !feof(stdin))
		return "the password must be at most 1024 bytes long";
	while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	return NULL;
}

/*
 * Reads a new password (twice on a terminal) and hashes it into hash.
 * Returns 0, or -1 after printing why.
 */
static int
new_password(char hash[PASSWORD_HASH_MAX])
{
	char		 pw[PASSWORD_MAX_BYTES + 3], again[sizeof(pw)];
	const char	*why;
	int		 rc = -1;

	again[0] = '\0';
	/* The dummy hash password_init() makes is for sign-ins, but the
	 * pair is how password.h asks to be started. */
	if (sodium_init() < 0 || password_init() == -1) {
		why = "libsodium cannot start";
		goto out;
	}
	if ((why = read_line(pw, sizeof(pw), "New password: ")) != NULL)
		goto out;
	if (isatty(STDIN_FILENO) && ((why = read_line(again, sizeof(again),
	    "Again: ")) != NULL || (strcmp(pw, again) != 0 &&
	    (why = "the two passwords differ") != NULL)))
		goto out;
	if ((why = password_rule(pw)) != NULL) {
		fprintf(stderr, "portalctl: the password %s\n", why);
		why = NULL;
		goto out;
	}
	if (password_hash(pw, hash) == -1) {
		why = "cannot hash the password: out of memory";
		goto out;
	}
	rc = 0;
out:
	if (why != NULL)
		fprintf(stderr, "portalctl: %s\n", why);
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(again, sizeof(again));
	return rc;
}

/* ------------------------------------------------------------------ */
/* Checks of the operands                                             */
/* ------------------------------------------------------------------ */

static struct buf	 msg = BUF_INIT;	/* a check's message */

static const char *
field(const char *label, const char *why)
{
	buf_reset(&msg);
	buf_printf(&msg, "%s %s", label, why);
	return buf_str(&msg);
}

static const char *
check_enum(const char *label, const char *s, const char *const *keys)
{
	const char	*why;
	int		 i;

	if ((why = valid_enum(s, keys, &i)) == NULL)
		return NULL;
	buf_reset(&msg);
	buf_printf(&msg, "%s %s:", label, why);
	for (i = 0; keys[i] != NULL; i++)
		buf_printf(&msg, "%s %s", i > 0 ? "," : "", keys[i]);
	return buf_str(&msg);
}

static const char *
check_text(const char *label, const char *s, size_t min, size_t max,
    char **out)
{
	const char	*why = valid_text(s, min, max, 0, out);

	return why != NULL ? field(label, why) : NULL;
}

static const char *
check_slug(struct args *a)
{
	const char	*why = valid_slug(a->op[0]);

	return why != NULL ? field("SLUG", why) : NULL;
}

/* An optional SLUG. */
static const char *
check_some_slug(struct args *a)
{
	return a->nop == 0 ? NULL : check_slug(a);
}

static const char *
check_email_at(const char *s)
{
	const char	*why = valid_email(s);

	return why != NULL ? field("EMAIL", why) : NULL;
}

static const char *
check_email(struct args *a)
{
	return check_email_at(a->op[0]);
}

static const char *
check_location_add(struct args *a)
{
	const char	*why;

	if ((why = check_slug(a)) != NULL ||
	    (why = check_text("NAME", a->op[1], 1, 120, &a->name)) != NULL ||
	    (why = check_text("REGION", a->op[2], 1, 120, &a->region)) != NULL)
		return why;
	return NULL;
}

static const char *
check_user_add(struct args *a)
{
	const char	*why;

	if ((why = check_email(a)) != NULL ||
	    (why = check_text("NAME", a->op[1], 1, 100, &a->name)) != NULL)
		return why;
	if (a->role != NULL)
		return check_enum("--role", a->role, national_roles);
	return NULL;
}

static const char *
check_membership_add(struct args *a)
{
	const char	*why;

	if ((why = check_slug(a)) != NULL ||
	    (why = check_email_at(a->op[1])) != NULL ||
	    (why = check_enum("ROLE", a->op[2],
	    vocab_keys(vocab_roles))) != NULL ||
	    (why = check_enum("SECTOR", a->op[3],
	    vocab_keys(vocab_sectors))) != NULL)
		return why;
	return check_text("ORGANISATION", a->nop > 4 ? a->op[4] : "", 0, 200,
	    &a->organisation);
}

static const char *
check_id(struct args *a)
{
	const char	*why = valid_int(a->op[0], 1, 1000000000000000LL,
			    &a->number);

	return why != NULL ? field("ID", why) : NULL;
}

static const char *
check_send(struct args *a)
{
	const char	*why;

	a->number = INTERVAL_DEFAULT;
	if (a->interval == NULL)
		return NULL;
	if (!a->loop)
		return "--interval goes with --loop";
	if ((why = valid_int(a->interval, 1, 86400, &a->number)) != NULL)
		return field("--interval", why);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* migrate, demo                                                      */
/* ------------------------------------------------------------------ */

/* The database portalctl administers: PORTAL_ADMIN_DATABASE_URL (a role
 * that owns the schema and bypasses row-level security), else
 * PORTAL_DATABASE_URL, else the local "portal". */
static const char *
admin_url(void)
{
	const char	*url = getenv("PORTAL_ADMIN_DATABASE_URL");

	if (url == NULL || url[0] == '\0')
		url = getenv("PORTAL_DATABASE_URL");
	if (url == NULL || url[0] == '\0')
		url = "dbname=portal";
	return url;
}

static int
migrate(const char *dir, const char *prefix)
{
	int	 n = migrate_url(admin_url(), dir, prefix);

	if (n < 0)
		return 1;
	printf("%s: %d new\n", dir, n);
	return 0;
}

static int
cmd_migrate(struct db *db, struct args *a)
{
	(void)db;
	return migrate(a->nop > 0 ? a->op[0] : "sql", "");
}

static int
cmd_demo(struct db *db, struct args *a)
{
	(void)db;
	return migrate(a->nop > 0 ? a->op[0] : "sql/demo", "demo/");
}

/* ------------------------------------------------------------------ */
/* Locations                                                          */
/* ------------------------------------------------------------------ */

static int
cmd_location_list(struct db *db, struct args *a)
{
	json_t		*rows, *r;
	size_t		 i;

	(void)a;
	if (db_admin_locations(db, &rows) != DB_OK)
		return failed(db);
	json_array_foreach(rows, i, r)
		printf("%-20s %-20s %-28s %s\n", col(r, "slug"), col(r, "name"),
		    col(r, "region"), col(r, "status"));
	json_decref(rows);
	return 0;
}

/* Prints the new location's id. */
static int
cmd_location_add(struct db *db, struct args *a)
{
	json_t		*row;

	if (db_admin_location_add(db, a->op[0], a->name, a->region,
	    operator_name(), &row) != DB_OK)
		return failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: a location with slug %s already "
		    "exists (portalctl location list shows it)\n", a->op[0]);
		return 1;
	}
	printf("%s\n", col(row, "id"));
	json_decref(row);
	return 0;
}

/*
 * Archiving keeps the location's data; it leaves the public lists and its
 * members' memberships stop counting.  Archiving twice is not an error.
 */
static int
cmd_location_archive(struct db *db, struct args *a)
{
	json_t		*row;
	int		 rc = 1;

	if (db_admin_location_archive(db, a->op[0], operator_name(), &row) !=
	    DB_OK)
		return failed(db);
	if (json_is_null(json_object_get(row, "status")))
		fprintf(stderr, "portalctl: no location with slug %s\n",
		    a->op[0]);
	else {
		printf(strcmp(col(row, "archived"), "0") == 0 ?
		    "%s was already archived\n" : "archived %s\n", a->op[0]);
		rc = 0;
	}
	json_decref(row);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Users and memberships                                              */
/* ------------------------------------------------------------------ */

/* Prints the new user's id. */
static int
cmd_user_add(struct db *db, struct args *a)
{
	char		 hash[PASSWORD_HASH_MAX];
	json_t		*row;

	if (new_password(hash) == -1)
		return 1;
	if (db_admin_user_add(db, a->op[0], a->name, hash, a->role,
	    operator_name(), &row) != DB_OK)
		return failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: a user with email %s already "
		    "exists\n", a->op[0]);
		return 1;
	}
	printf("%s\n", col(row, "id"));
	json_decref(row);
	return 0;
}

/*
 * A new password ends every session of the account and retires its
 * unused reset links, in the same statement: whoever knew the old
 * password is signed out.  The users_password_changed trigger revokes its
 * API tokens too (sql/013_credentials_bound.sql).
 */
static int
cmd_user_reset_password(struct db *db, struct args *a)
{
	char		 hash[PASSWORD_HASH_MAX];
	json_t		*row;

	if (new_password(hash) == -1)
		return 1;
	if (db_admin_user_password(db, a->op[0], hash, operator_name(),
	    &row) != DB_OK)
		return failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: no user with email %s\n", a->op[0]);
		return 1;
	}
	printf("set the password of %s; ended %s session(s)\n", a->op[0],
	    col(row, "sessions"));
	json_decref(row);
	return 0;
}

/* Adds a user to a location's working group, or says why not. */
static int
cmd_membership_add(struct db *db, struct args *a)
{
	json_t		*row;
	int		 rc = 1;

	if (db_admin_membership_add(db, &(struct db_admin_member){
	    .slug = a->op[0], .email = a->op[1], .role = a->op[2],
	    .sector = a->op[3], .organisation = a->organisation },
	    operator_name(), &row) != DB_OK)
		return failed(db);
	if (strcmp(col(row, "added"), "0") != 0) {
		printf("added %s to %s as %s (%s)\n", a->op[1], a->op[0],
		    a->op[2], a->op[3]);
		rc = 0;
	} else if (json_is_null(json_object_get(row, "location_status")))
		fprintf(stderr, "portalctl: no location with slug %s\n",
		    a->op[0]);
	else if (strcmp(col(row, "location_status"), "active") != 0)
		fprintf(stderr, "portalctl: location %s is archived\n",
		    a->op[0]);
	else if (json_is_null(json_object_get(row, "user_id")))
		fprintf(stderr, "portalctl: no user with email %s (portalctl "
		    "user add makes one)\n", a->op[1]);
	else
		fprintf(stderr, "portalctl: %s is already in %s's working "
		    "group, as %s\n", a->op[1], a->op[0], col(row, "role"));
	json_decref(row);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Outbox                                                             */
/* ------------------------------------------------------------------ */

static int
cmd_outbox_list(struct db *db, struct args *a)
{
	struct buf	 kind = BUF_INIT, to = BUF_INIT, subject = BUF_INIT;
	json_t		*rows, *r;
	size_t		 i;

	(void)a;
	if (db_admin_outbox_list(db, &rows) != DB_OK)
		return failed(db);
	json_array_foreach(rows, i, r)
		printf("%-6s %s  %-7s %2s  %-18s %-30s %s\n", col(r, "id"),
		    col(r, "created"), col(r, "state"), col(r, "attempts"),
		    printable(&kind, col(r, "kind"), 0),
		    printable(&to, col(r, "to_email"), 0),
		    printable(&subject, col(r, "subject"), 0));
	json_decref(rows);
	buf_free(&kind);
	buf_free(&to);
	buf_free(&subject);
	return 0;
}

static int
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
		return failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: no message %lld in the outbox\n",
		    a->number);
		return 1;
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!json_is_null(json_object_get(row, fields[i][1])))
			printf("%-13s %s\n", fields[i][0], printable(&b,
			    col(row, fields[i][1]), 0));
	printf("\n%s", printable(&b, col(row, "body"), 1));
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
		failed(db);
		return -1;
	}
	if (st == SMTP_SENT) {
		printf("sent %s\n", id);
		return 0;
	}
	printf("not sent %s (attempt %s of %d): %s\n", id, col(row,
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
		failed(db);
		return -1;
	}
	if (db_admin_outbox_next(db, &row) != DB_OK) {
		failed(db);
		goto out;
	}
	if (row == NULL) {
		rc = 0;
		goto out;
	}
	m.id = strtoll(col(row, "id"), NULL, 10);
	m.to = col(row, "to_email");
	m.subject = col(row, "subject");
	m.body = col(row, "body");
	m.date = (time_t)strtoll(col(row, "created_epoch"), NULL, 10);
	/* An attachment is all three columns or none (sql/024). */
	m.attachment_name = json_string_value(json_object_get(row,
	    "attachment_name"));
	m.attachment_type = json_string_value(json_object_get(row,
	    "attachment_type"));
	m.attachment = json_string_value(json_object_get(row, "attachment"));
	m.list_unsubscribe = json_string_value(json_object_get(row,
	    "list_unsubscribe"));
	*st = smtp_send(smtp, &m, err);
	if (outbox_record(db, col(row, "id"), *st, err) == -1)
		goto out;
	rc = 1;
out:
	json_decref(row);
	if (db_end(db, rc != -1) != DB_OK && rc != -1) {
		failed(db);
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
static int
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

/* ------------------------------------------------------------------ */
/* Funding                                                            */
/* ------------------------------------------------------------------ */

/*
 * A reminder's date as the pages write it, in the recipient's language:
 * the date's order and the months' names, after a reminder's four
 * messages (stmt_admin.inc DATE_IN_WORDS reads them there).
 */
#define DATE_IN_WORDS \
	"{day} {month} {year}", "January", "February", "March", "April", \
	"May", "June", "July", "August", "September", "October", "November", \
	"December"

/*
 * The reminders in each recipient's language: formats for the database's
 * format() (only %s, in order, or numbered %1$s to reorder), then the
 * date's words.
 */
static const char *const report_reminder[] = {
	/* TRANSLATORS: an email's subject; %s is the request's title. */
	N_("Your report on \"%s\" is overdue"),
	/* TRANSLATORS: the %s are, in order, the applicant's name, the
	 * location's name, the request's title, the due date and the line
	 * saying where to send the report. */
	N_("Kia ora %s,\n\nYour report to the %s working group on your grant "
	"\"%s\" was due on %s.\n\nPlease tell them what happened, how many "
	"people took part and what was spent. If something has held you up, "
	"reply to your coordinator and say so.\n\n%s\n"),
	/* TRANSLATORS: %s is the link to the request. */
	N_("Send your report at %s"),
	N_("Sign in to the portal and open My requests to send it."),
	DATE_IN_WORDS,
};

static const char *const action_reminder[] = {
	/* TRANSLATORS: an email's subject; %s is the action (its start). */
	N_("Your action is overdue: %s"),
	/* TRANSLATORS: %1$s the owner's name, %2$s the location's name, %3$s
	 * the action, %4$s its due date, %5$s the line saying where to see
	 * it. */
	N_("Kia ora %1$s,\n\nAn action of the %2$s working group that you "
	"took on was due on %4$s:\n\n%3$s\n\nWhen it is done, or if it is no "
	"longer needed, mark it so; if it needs more time, ask the group to "
	"change its due date.\n\n%5$s\n"),
	/* TRANSLATORS: %s is the link to the working group's actions. */
	N_("The group's actions: %s"),
	N_("Sign in to the portal and open the working group's Actions."),
	DATE_IN_WORDS,
};

/* A reminder job: its messages, the statement that queues them (one
 * transaction: two runs at once never remind twice), and the words its
 * report uses ("funding", "report"). */
struct reminder_job {
	const char *const	*messages;
	size_t			 nmessages;
	enum db_status		(*queue)(struct db *, const char *site_url,
				    const char *operator, const char *formats,
				    json_t **rows);
	const char		*group, *what;
};

/* Runs job: prints a line per reminder queued, then how many. */
static int
remind(struct db *db, const struct reminder_job *job)
{
	struct buf	 to = BUF_INIT, title = BUF_INIT;
	char		*formats;
	const char	*site = getenv("PORTAL_SITE_URL");
	json_t		*rows, *r;
	enum db_status	 st;
	size_t		 i, n;

	if (i18n_init(getenv("PORTAL_LOCALE") != NULL ?
	    getenv("PORTAL_LOCALE") : "build/locale") == -1 ||
	    (formats = i18n_formats(job->messages, job->nmessages)) == NULL) {
		fprintf(stderr, "portalctl: cannot read the catalogues\n");
		return 1;
	}
	st = job->queue(db, site != NULL ? site : "", operator_name(), formats,
	    &rows);
	free(formats);
	if (st != DB_OK)
		return failed(db);
	n = json_array_size(rows);
	json_array_foreach(rows, i, r)
		printf("reminded %s (%s): %s due %s, to %s: %s\n",
		    col(r, "id"), col(r, "slug"), job->what, col(r, "due_on"),
		    printable(&to, col(r, "email"), 0), printable(&title,
		    col(r, "title"), 0));
	printf("%s remind: %zu overdue %s%s reminded\n", job->group, n,
	    job->what, n == 1 ? "" : "s");
	json_decref(rows);
	buf_free(&to);
	buf_free(&title);
	return 0;
}

/*
 * Queues a reminder of each report overdue today in New Zealand and not
 * reminded in the last 7 days (db_admin_funding_remind).
 */
static int
cmd_funding_remind(struct db *db, struct args *a)
{
	static const struct reminder_job job = { report_reminder,
	    sizeof(report_reminder) / sizeof(report_reminder[0]),
	    db_admin_funding_remind, "funding", "report" };

	(void)a;
	return remind(db, &job);
}

/*
 * Queues a reminder to the owner of each working group's action overdue
 * today in New Zealand, once for each due date (db_admin_actions_remind).
 */
static int
cmd_actions_remind(struct db *db, struct args *a)
{
	static const struct reminder_job job = { action_reminder,
	    sizeof(action_reminder) / sizeof(action_reminder[0]),
	    db_admin_actions_remind, "actions", "action" };

	(void)a;
	return remind(db, &job);
}

/*
 * Finds the overlap pairs of initiatives written in bulk (sql/011: a
 * statement writing more than 1,000 leaves them pending), 500 at a time,
 * each batch its own transaction, until none is left.
 */
static int
cmd_overlaps_refresh(struct db *db, struct args *a)
{
	long long	 left, searched = 0;

	(void)a;
	for (;;) {
		if (db_admin_overlaps_pending(db, &left) != DB_OK)
			return failed(db);
		if (left == 0)
			break;
		if (db_admin_overlaps_batch(db) != DB_OK)
			return failed(db);
		searched += left < 500 ? left : 500;
	}
	printf("overlaps refresh: %lld initiative%s searched, none pending\n",
	    searched, searched == 1 ? "" : "s");
	return 0;
}

static int
cmd_audit_seal(struct db *db, struct args *a)
{
	(void)a;
	return portalctl_audit_seal(db);
}

static int
cmd_audit_verify(struct db *db, struct args *a)
{
	return portalctl_audit_verify(db, a->nop > 0 ? a->op[0] : NULL);
}

/* ------------------------------------------------------------------ */
/* The command line                                                   */
/* ------------------------------------------------------------------ */

static const struct command commands[] = {
	{ "migrate", NULL, 0, 1, 0, NULL, cmd_migrate, "migrate [DIR]" },
	{ "demo", NULL, 0, 1, 0, NULL, cmd_demo, "demo [DIR]" },
	{ "location", "list", 0, 0, 0, NULL, cmd_location_list,
	    "location list" },
	{ "location", "add", 3, 3, 0, check_location_add, cmd_location_add,
	    "location add SLUG NAME REGION" },
	{ "location", "archive", 1, 1, 0, check_slug, cmd_location_archive,
	    "location archive SLUG" },
	{ "user", "add", 2, 2, OPT_ROLE | OPT_PW_STDIN, check_user_add,
	    cmd_user_add,
	    "user add EMAIL NAME [--role inz_staff|admin|partner]  < password" },
	{ "user", "reset-password", 1, 1, OPT_PW_STDIN, check_email,
	    cmd_user_reset_password, "user reset-password EMAIL  < password" },
	{ "membership", "add", 4, 5, 0, check_membership_add,
	    cmd_membership_add,
	    "membership add SLUG EMAIL ROLE SECTOR [ORGANISATION]" },
	{ "outbox", "list", 0, 0, 0, NULL, cmd_outbox_list, "outbox [list]" },
	{ "outbox", NULL, 0, 0, 0, NULL, cmd_outbox_list, NULL },
	{ "outbox", "show", 1, 1, 0, check_id, cmd_outbox_show,
	    "outbox show ID" },
	{ "outbox", "send", 0, 0, OPT_LOOP | OPT_INTERVAL, check_send,
	    cmd_outbox_send, "outbox send [--loop [--interval SECONDS]]" },
	{ "funding", "remind", 0, 0, 0, NULL, cmd_funding_remind,
	    "funding remind" },
	{ "actions", "remind", 0, 0, 0, NULL, cmd_actions_remind,
	    "actions remind" },
	{ "overlaps", "refresh", 0, 0, 0, NULL, cmd_overlaps_refresh,
	    "overlaps refresh" },
	{ "audit", "seal", 0, 0, 0, NULL, cmd_audit_seal, "audit seal" },
	{ "audit", "verify", 0, 1, 0, check_some_slug, cmd_audit_verify,
	    "audit verify [SLUG]" },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

/* Prints the usage of one command, of a group's commands, or of all. */
static void
usage(FILE *f, const struct command *only, const char *group)
{
	size_t	 i;
	int	 first = 1;

	for (i = 0; i < NCOMMANDS; i++) {
		if (commands[i].usage == NULL || (only != NULL &&
		    only != &commands[i]) || (group != NULL &&
		    strcmp(commands[i].group, group) != 0))
			continue;
		fprintf(f, "%s portalctl %s\n", first ? "usage:" : "      ",
		    commands[i].usage);
		first = 0;
	}
}

/* Is name a command group (the first word of some command)? */
static int
known_group(const char *name)
{
	size_t	 i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].group, name) == 0)
			return 1;
	return 0;
}

/* The row for argv, and where its operands start; NULL if none. */
static const struct command *
find_command(int argc, char *argv[], int *start)
{
	const struct command	*alone = NULL;
	size_t			 i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].group, argv[1]) != 0)
			continue;
		if (commands[i].verb == NULL)
			alone = &commands[i];
		else if (argc > 2 && strcmp(commands[i].verb, argv[2]) == 0) {
			*start = 3;
			return &commands[i];
		}
	}
	*start = 2;
	return alone;
}

/* Takes an option's value from "--name=value" or the next argument. */
static const char *
option_value(const char *arg, size_t namelen, int argc, char *argv[],
    int *i)
{
	if (arg[namelen] == '=')
		return arg + namelen + 1;
	if (arg[namelen] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int
is_option(const char *arg, const char *name)
{
	size_t	 n = strlen(name);

	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/*
 * Sorts argv[start..] into operands and the options cmd allows.  Returns
 * NULL or a message.
 */
static const char *
parse_args(const struct command *cmd, int argc, char *argv[], int start,
    struct args *a)
{
	int	 i, operands_only = 0;

	for (i = start; i < argc; i++) {
		const char *arg = argv[i];

		if (operands_only || arg[0] != '-' || arg[1] == '\0') {
			if (a->nop == cmd->max)
				return cmd->verb == NULL && cmd->max == 0 ?
				    field(arg, "is not a command") :
				    "too many arguments";
			a->op[a->nop++] = arg;
		} else if (strcmp(arg, "--") == 0)
			operands_only = 1;
		else if (is_option(arg, "--password"))
			return "passwords are read from standard input, never "
			    "from the command line (ps shows it to everyone)";
		else if ((cmd->opts & OPT_ROLE) && is_option(arg, "--role")) {
			if ((a->role = option_value(arg, 6, argc, argv, &i)) ==
			    NULL)
				return "--role needs a value";
		} else if ((cmd->opts & OPT_PW_STDIN) &&
		    strcmp(arg, "--password-stdin") == 0)
			;	/* the only way there is */
		else if ((cmd->opts & OPT_LOOP) && strcmp(arg, "--loop") == 0)
			a->loop = 1;
		else if ((cmd->opts & OPT_INTERVAL) &&
		    is_option(arg, "--interval")) {
			if ((a->interval = option_value(arg, 10, argc, argv,
			    &i)) == NULL)
				return "--interval needs a value";
		} else
			return field(arg, "is not an option of this command");
	}
	if (a->nop < cmd->min)
		return "missing arguments";
	return NULL;
}

/* The database's layer on the admin connection, connected; NULL after
 * saying why. */
static struct db *
connect_admin(void)
{
	struct db	*db;

	if ((db = db_new(admin_url())) == NULL) {
		fprintf(stderr, "portalctl: cannot start the database layer\n");
		return NULL;
	}
	if (db_ready(db) != DB_OK) {
		fprintf(stderr, "portalctl: cannot connect: %s",
		    db_message(db));
		db_free(db);
		return NULL;
	}
	return db;
}

int
main(int argc, char *argv[])
{
	const struct command	*cmd;
	struct args		 a;
	const char		*why;
	struct db		*db = NULL;
	int			 start, rc = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	if (argc == 2 && (strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout, NULL, NULL);
		return 0;
	}
	if (argc < 2 || (cmd = find_command(argc, argv, &start)) == NULL) {
		if (argc >= 2 && known_group(argv[1]))
			fprintf(stderr, "portalctl: %s needs one of these "
			    "commands\n", argv[1]);
		else if (argc >= 2)
			fprintf(stderr, "portalctl: %s is not a command\n",
			    argv[1]);
		usage(stderr, NULL, argc >= 2 && known_group(argv[1]) ?
		    argv[1] : NULL);
		return EXIT_USAGE;
	}
	if ((why = parse_args(cmd, argc, argv, start, &a)) != NULL ||
	    (cmd->check != NULL && (why = cmd->check(&a)) != NULL)) {
		fprintf(stderr, "portalctl: %s\n", why);
		if (cmd->usage != NULL)
			usage(stderr, cmd, NULL);
		else
			usage(stderr, NULL, cmd->group);
		goto out;
	}
	/* Its own messages only: the layer's routine lines are portald's. */
	log_set_level(LOG_WARN);
	rc = 1;
	if (cmd->run != cmd_migrate && cmd->run != cmd_demo &&
	    (db = connect_admin()) == NULL)
		goto out;
	rc = cmd->run(db, &a);
	db_free(db);
out:
	free(a.name);
	free(a.region);
	free(a.organisation);
	buf_free(&msg);
	return rc;
}

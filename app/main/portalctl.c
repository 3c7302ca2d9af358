/*
 * portalctl: the portal's administration command.
 *
 *   portalctl migrate [DIR]            apply new migrations (default: sql)
 *   portalctl demo [DIR]               load the demo data once (sql/demo)
 *   portalctl location list
 *   portalctl location add SLUG NAME REGION
 *   portalctl location archive SLUG
 *   portalctl user add EMAIL NAME [--role inz_staff|admin]  < password
 *   portalctl user reset-password EMAIL                     < password
 *   portalctl membership add SLUG EMAIL ROLE SECTOR [ORGANISATION]
 *   portalctl outbox [list]
 *   portalctl outbox show ID
 *   portalctl outbox send [--loop [--interval SECONDS]]
 *   portalctl funding remind
 *   portalctl overlaps refresh
 *   portalctl audit seal
 *   portalctl audit verify [SLUG]
 *
 * It connects with PORTAL_ADMIN_DATABASE_URL (a role that owns the schema
 * and bypasses row-level security: it administers every location),
 * falling back to PORTAL_DATABASE_URL.  outbox send reads PORTAL_SMTP_URL,
 * PORTAL_SMTP_FROM and optionally PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD
 * (app/mail/smtp.h); funding remind reads PORTAL_SITE_URL for the links in
 * its messages; audit reads PORTAL_SECRET_KEY_FILE (portalctl.h).
 * docs/portalctl.md has the details.
 *
 * Passwords come from standard input (one line; without echo and twice on
 * a terminal), never from the arguments, which any user sees in ps.
 * Arguments are checked before connecting: bad ones print a message and
 * the usage and exit 2; failures exit 1.  Every change is one statement
 * that also writes its audit_log row, so a change is never left unrecorded.
 */
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "../auth/password.h"
#include "../db/migrate.h"
#include "../domain/vocab.h"
#include "../http/validate.h"
#include "../mail/smtp.h"
#include "../util/buf.h"
#include "../views/i18n.h"
#include "portalctl.h"

#define EXIT_USAGE	2
#define MAX_OPERANDS	5
#define MAX_ATTEMPTS	10	/* outbox: then a message is given up */
#define STR(x)		#x
#define XSTR(x)		STR(x)
#define MAX_ATTEMPTS_SQL XSTR(MAX_ATTEMPTS)
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
	int		 (*run)(PGconn *, struct args *);
	const char	*usage;		/* NULL: an alias left out of usage */
};

static const char *const national_roles[] = { "inz_staff", "admin", NULL };

static volatile sig_atomic_t stopping;

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

PGresult *
portalctl_query(PGconn *conn, const char *sql, int n,
    const char *const *params)
{
	PGresult	*res = PQexecParams(conn, sql, n, NULL, params, NULL,
			    NULL, 0);

	if (PQresultStatus(res) == PGRES_TUPLES_OK ||
	    PQresultStatus(res) == PGRES_COMMAND_OK)
		return res;
	fprintf(stderr, "portalctl: %s", PQerrorMessage(conn));
	PQclear(res);
	return NULL;
}

static int
command(PGconn *conn, const char *sql)
{
	PGresult	*res = portalctl_query(conn, sql, 0, NULL);

	PQclear(res);
	return res != NULL ? 0 : -1;
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

static int
migrate(PGconn *conn, const char *dir, const char *prefix)
{
	int	 n = migrate_dir(conn, dir, prefix);

	if (n < 0)
		return 1;
	printf("%s: %d new\n", dir, n);
	return 0;
}

static int
cmd_migrate(PGconn *conn, struct args *a)
{
	return migrate(conn, a->nop > 0 ? a->op[0] : "sql", "");
}

static int
cmd_demo(PGconn *conn, struct args *a)
{
	return migrate(conn, a->nop > 0 ? a->op[0] : "sql/demo", "demo/");
}

/* ------------------------------------------------------------------ */
/* Locations                                                          */
/* ------------------------------------------------------------------ */

static int
cmd_location_list(PGconn *conn, struct args *a)
{
	PGresult	*res;
	int		 i;

	(void)a;
	if ((res = portalctl_query(conn, "SELECT slug, name, region, status "
	    "FROM locations ORDER BY slug", 0, NULL)) == NULL)
		return 1;
	for (i = 0; i < PQntuples(res); i++)
		printf("%-20s %-20s %-28s %s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
		    PQgetvalue(res, i, 3));
	PQclear(res);
	return 0;
}

/* Prints the new location's id. */
static int
cmd_location_add(PGconn *conn, struct args *a)
{
	PGresult	*res;
	int		 rc = 1;

	if ((res = portalctl_query(conn,
	    "WITH l AS (INSERT INTO locations (slug, name, region)"
	    "  VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING RETURNING id),"
	    " a AS (INSERT INTO audit_log (location_id, action, detail)"
	    "  SELECT id, 'location_added', jsonb_build_object('via',"
	    "   'portalctl', 'os_user', $4::text) FROM l)"
	    " SELECT id FROM l", 4, (const char *[]){ a->op[0], a->name,
	    a->region, operator_name() })) == NULL)
		return 1;
	if (PQntuples(res) == 0)
		fprintf(stderr, "portalctl: a location with slug %s already "
		    "exists (portalctl location list shows it)\n", a->op[0]);
	else {
		printf("%s\n", PQgetvalue(res, 0, 0));
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/*
 * Archiving keeps the location's data; it leaves the public lists and its
 * members' memberships stop counting.  Archiving twice is not an error.
 */
static int
cmd_location_archive(PGconn *conn, struct args *a)
{
	PGresult	*res;
	int		 rc = 1;

	/* The last column reads the row as it was before the update. */
	if ((res = portalctl_query(conn,
	    "WITH u AS (UPDATE locations SET status = 'archived'"
	    "  WHERE slug = $1 AND status = 'active' RETURNING id),"
	    " a AS (INSERT INTO audit_log (location_id, action, detail)"
	    "  SELECT id, 'location_archived', jsonb_build_object('via',"
	    "   'portalctl', 'os_user', $2::text) FROM u)"
	    " SELECT (SELECT count(*) FROM u),"
	    "  (SELECT status FROM locations WHERE slug = $1)", 2,
	    (const char *[]){ a->op[0], operator_name() })) == NULL)
		return 1;
	if (PQgetisnull(res, 0, 1))
		fprintf(stderr, "portalctl: no location with slug %s\n",
		    a->op[0]);
	else {
		printf(strcmp(PQgetvalue(res, 0, 0), "0") == 0 ?
		    "%s was already archived\n" : "archived %s\n", a->op[0]);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Users and memberships                                              */
/* ------------------------------------------------------------------ */

/* Prints the new user's id. */
static int
cmd_user_add(PGconn *conn, struct args *a)
{
	PGresult	*res;
	char		 hash[PASSWORD_HASH_MAX];
	int		 rc = 1;

	if (new_password(hash) == -1)
		return 1;
	if ((res = portalctl_query(conn,
	    "WITH u AS (INSERT INTO users (email, display_name, password_hash,"
	    "  national_role) VALUES ($1, $2, $3, $4)"
	    "  ON CONFLICT (email) DO NOTHING RETURNING id),"
	    " a AS (INSERT INTO audit_log (action, detail)"
	    "  SELECT 'user_added', jsonb_build_object('via', 'portalctl',"
	    "   'os_user', $5::text, 'user_id', id, 'national_role', $4::text)"
	    "  FROM u)"
	    " SELECT id FROM u", 5, (const char *[]){ a->op[0], a->name, hash,
	    a->role, operator_name() })) == NULL)
		return 1;
	if (PQntuples(res) == 0)
		fprintf(stderr, "portalctl: a user with email %s already "
		    "exists\n", a->op[0]);
	else {
		printf("%s\n", PQgetvalue(res, 0, 0));
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/*
 * A new password ends every session of the account and retires its
 * unused reset links, in the same statement: whoever knew the old
 * password is signed out.  The users_password_changed trigger revokes its
 * API tokens too (sql/013_credentials_bound.sql).
 */
static int
cmd_user_reset_password(PGconn *conn, struct args *a)
{
	PGresult	*res;
	char		 hash[PASSWORD_HASH_MAX];
	int		 rc = 1;

	if (new_password(hash) == -1)
		return 1;
	if ((res = portalctl_query(conn,
	    "WITH u AS (UPDATE users SET password_hash = $2,"
	    "  password_changed_at = now() WHERE email = $1 RETURNING id),"
	    " s AS (DELETE FROM sessions WHERE user_id IN (SELECT id FROM u)"
	    "  RETURNING id),"
	    " r AS (UPDATE password_resets SET used_at = now()"
	    "  WHERE user_id IN (SELECT id FROM u) AND used_at IS NULL"
	    "  RETURNING id),"
	    " a AS (INSERT INTO audit_log (action, detail)"
	    "  SELECT 'password_reset', jsonb_build_object('via', 'portalctl',"
	    "   'os_user', $3::text, 'user_id', id) FROM u)"
	    " SELECT id, (SELECT count(*) FROM s) FROM u", 3,
	    (const char *[]){ a->op[0], hash, operator_name() })) == NULL)
		return 1;
	if (PQntuples(res) == 0)
		fprintf(stderr, "portalctl: no user with email %s\n", a->op[0]);
	else {
		printf("set the password of %s; ended %s session(s)\n",
		    a->op[0], PQgetvalue(res, 0, 1));
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/*
 * Adds a user to a location's working group.  The last columns read the
 * tables as they were before the insert, to say why nothing was added.
 */
static int
cmd_membership_add(PGconn *conn, struct args *a)
{
	PGresult	*res;
	int		 rc = 1;

	if ((res = portalctl_query(conn,
	    "WITH l AS (SELECT id, status FROM locations WHERE slug = $1),"
	    " u AS (SELECT id FROM users WHERE email = $2),"
	    " m AS (INSERT INTO memberships (location_id, user_id, role,"
	    "  sector, organisation) SELECT l.id, u.id, $3, $4, $5 FROM l, u"
	    "  WHERE l.status = 'active'"
	    "  ON CONFLICT (location_id, user_id) DO NOTHING"
	    "  RETURNING location_id, user_id),"
	    " a AS (INSERT INTO audit_log (location_id, action, detail)"
	    "  SELECT location_id, 'member_added', jsonb_build_object('via',"
	    "   'portalctl', 'os_user', $6::text, 'user_id', user_id,"
	    "   'role', $3::text, 'sector', $4::text) FROM m)"
	    " SELECT (SELECT count(*) FROM m), (SELECT status FROM l),"
	    "  (SELECT id FROM u), (SELECT role FROM memberships"
	    "   WHERE location_id = (SELECT id FROM l)"
	    "   AND user_id = (SELECT id FROM u))", 6,
	    (const char *[]){ a->op[0], a->op[1], a->op[2], a->op[3],
	    a->organisation, operator_name() })) == NULL)
		return 1;
	if (strcmp(PQgetvalue(res, 0, 0), "0") != 0) {
		printf("added %s to %s as %s (%s)\n", a->op[1], a->op[0],
		    a->op[2], a->op[3]);
		rc = 0;
	} else if (PQgetisnull(res, 0, 1))
		fprintf(stderr, "portalctl: no location with slug %s\n",
		    a->op[0]);
	else if (strcmp(PQgetvalue(res, 0, 1), "active") != 0)
		fprintf(stderr, "portalctl: location %s is archived\n",
		    a->op[0]);
	else if (PQgetisnull(res, 0, 2))
		fprintf(stderr, "portalctl: no user with email %s (portalctl "
		    "user add makes one)\n", a->op[1]);
	else
		fprintf(stderr, "portalctl: %s is already in %s's working "
		    "group, as %s\n", a->op[1], a->op[0],
		    PQgetvalue(res, 0, 3));
	PQclear(res);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Outbox                                                             */
/* ------------------------------------------------------------------ */

#define OUTBOX_STATE \
	"CASE WHEN sent_at IS NOT NULL THEN 'sent'" \
	" WHEN attempts >= " MAX_ATTEMPTS_SQL " THEN 'failed'" \
	" ELSE 'pending' END"
#define PG_TIME(col) "to_char(" col ", 'YYYY-MM-DD HH24:MI:SSOF')"

static int
cmd_outbox_list(PGconn *conn, struct args *a)
{
	struct buf	 kind = BUF_INIT, to = BUF_INIT, subject = BUF_INIT;
	PGresult	*res;
	int		 i;

	(void)a;
	if ((res = portalctl_query(conn, "SELECT id, to_char(created_at,"
	    " 'YYYY-MM-DD HH24:MI'), " OUTBOX_STATE ", attempts, kind,"
	    " to_email, subject FROM outbox ORDER BY id", 0, NULL)) == NULL)
		return 1;
	for (i = 0; i < PQntuples(res); i++)
		printf("%-6s %s  %-7s %2s  %-18s %-30s %s\n",
		    PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		    PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
		    printable(&kind, PQgetvalue(res, i, 4), 0),
		    printable(&to, PQgetvalue(res, i, 5), 0),
		    printable(&subject, PQgetvalue(res, i, 6), 0));
	PQclear(res);
	buf_free(&kind);
	buf_free(&to);
	buf_free(&subject);
	return 0;
}

static int
cmd_outbox_show(PGconn *conn, struct args *a)
{
	static const char *const labels[] = { "id", "kind", "location", "to",
	    "subject", "created", "state", "attempts", "next attempt",
	    "last error", "sent" };
	struct buf	 b = BUF_INIT;
	PGresult	*res;
	char		 id[24];
	int		 i, rc = 1;

	snprintf(id, sizeof(id), "%lld", a->number);
	if ((res = portalctl_query(conn, "SELECT o.id, o.kind, l.slug, o.to_email,"
	    " o.subject, " PG_TIME("o.created_at") ", " OUTBOX_STATE ","
	    " o.attempts, CASE WHEN sent_at IS NULL AND attempts < "
	    MAX_ATTEMPTS_SQL " THEN "
	    PG_TIME("o.next_attempt_at") " END, o.last_error, "
	    PG_TIME("o.sent_at") ", o.body"
	    " FROM outbox o LEFT JOIN locations l ON l.id = o.location_id"
	    " WHERE o.id = $1", 1, (const char *[]){ id })) == NULL)
		return 1;
	if (PQntuples(res) == 0) {
		fprintf(stderr, "portalctl: no message %s in the outbox\n", id);
		goto out;
	}
	for (i = 0; i < (int)(sizeof(labels) / sizeof(labels[0])); i++)
		if (!PQgetisnull(res, 0, i))
			printf("%-13s %s\n", labels[i], printable(&b,
			    PQgetvalue(res, 0, i), 0));
	printf("\n%s", printable(&b, PQgetvalue(res, 0, i), 1));
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		printf("\n");
	rc = 0;
out:
	buf_free(&b);
	PQclear(res);
	return rc;
}

/*
 * Records how a delivery went on the locked row: sent, or one more
 * attempt with the next one backed off (1 minute, doubling, at most 6
 * hours).  A message that can never go out is given up at once.
 */
static int
outbox_record(PGconn *conn, const char *id, enum smtp_status st,
    const char *err)
{
	PGresult	*res;

	if (st == SMTP_SENT)
		res = portalctl_query(conn, "UPDATE outbox"
		    " SET sent_at = clock_timestamp(), last_error = NULL"
		    " WHERE id = $1", 1, (const char *[]){ id });
	else
		res = portalctl_query(conn, "UPDATE outbox SET"
		    " attempts = CASE WHEN $3 THEN"
		    "  greatest(attempts + 1, " MAX_ATTEMPTS_SQL ")"
		    "  ELSE attempts + 1 END, last_error = $2,"
		    " next_attempt_at = clock_timestamp() + least(interval"
		    "  '1 minute' * power(2, attempts), interval '6 hours')"
		    " WHERE id = $1 RETURNING attempts", 3, (const char *[]){
		    id, err, st == SMTP_REFUSED ? "true" : "false" });
	if (res == NULL)
		return -1;
	if (st == SMTP_SENT)
		printf("sent %s\n", id);
	else
		printf("not sent %s (attempt %s of %d): %s\n", id,
		    PQgetvalue(res, 0, 0), MAX_ATTEMPTS, err);
	PQclear(res);
	return 0;
}

/*
 * Delivers the oldest due message, holding its row locked (FOR UPDATE SKIP
 * LOCKED) from choosing it until its outcome is committed, so two senders
 * never take the same message.  Returns 1 after one message, 0 when none
 * is due, -1 when the database failed; *st says how the delivery went.
 */
static int
outbox_one(PGconn *conn, struct smtp *smtp, enum smtp_status *st)
{
	struct smtp_message	 m;
	PGresult		*res;
	char			 err[SMTP_ERROR_MAX];
	int			 rc = -1;

	if (command(conn, "BEGIN") == -1)
		return -1;
	if ((res = portalctl_query(conn, "SELECT id, to_email, subject, body,"
	    " extract(epoch FROM created_at)::bigint, attachment_name,"
	    " attachment_type, attachment FROM outbox"
	    " WHERE sent_at IS NULL AND attempts < " MAX_ATTEMPTS_SQL
	    "  AND next_attempt_at <= now()"
	    " ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
	    0, NULL)) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		rc = 0;
		goto out;
	}
	m.id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	m.to = PQgetvalue(res, 0, 1);
	m.subject = PQgetvalue(res, 0, 2);
	m.body = PQgetvalue(res, 0, 3);
	m.date = (time_t)strtoll(PQgetvalue(res, 0, 4), NULL, 10);
	m.attachment_name = PQgetisnull(res, 0, 5) ? NULL :
	    PQgetvalue(res, 0, 5);
	m.attachment_type = PQgetisnull(res, 0, 6) ? NULL :
	    PQgetvalue(res, 0, 6);
	m.attachment = PQgetisnull(res, 0, 7) ? NULL : PQgetvalue(res, 0, 7);
	*st = smtp_send(smtp, &m, err);
	if (outbox_record(conn, PQgetvalue(res, 0, 0), *st, err) == -1)
		goto out;
	rc = 1;
out:
	PQclear(res);
	if (command(conn, rc == -1 ? "ROLLBACK" : "COMMIT") == -1)
		rc = -1;
	return rc;
}

/*
 * One pass over the due messages.  Returns 0 when each went out, 1 when
 * any did not (or the server was unreachable, which ends the pass), -1
 * when the database failed.
 */
static int
outbox_pass(PGconn *conn, struct smtp *smtp)
{
	enum smtp_status st = SMTP_SENT;
	int		 r = 0, sent = 0, failed = 0;

	while (!stopping && (r = outbox_one(conn, smtp, &st)) == 1) {
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
cmd_outbox_send(PGconn *conn, struct args *a)
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
		rc = outbox_pass(conn, smtp);
		if (!a->loop || stopping)
			break;
		if (rc == -1 && PQstatus(conn) != CONNECTION_OK)
			PQreset(conn);
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
 * The reports overdue today in New Zealand: requests paid (disbursed)
 * whose report_due_on has passed, in an active location, and not
 * reminded in the last 7 days.  One statement, so one transaction: each
 * gets its outbox message, its reminded_at and its audit_log row
 * together, or none does.  FOR UPDATE SKIP LOCKED: two runs at once never
 * remind the same request twice; a request changing state meanwhile is
 * left for the next run.  $1 the site's address (may be empty), $2 the
 * operator.
 */
static const char remind_sql[] =
    "WITH due AS ("
    "  SELECT r.id, r.location_id, r.title, r.report_due_on, u.email,"
    "   u.display_name, u.preferred_language, l.slug,"
    "   l.name AS location_name"
    "  FROM funding_requests r"
    "  JOIN users u ON u.id = r.applicant_id"
    "  JOIN locations l ON l.id = r.location_id"
    "  WHERE r.state = 'disbursed' AND l.status = 'active'"
    "   AND r.report_due_on < (now() AT TIME ZONE 'Pacific/Auckland')::date"
    "   AND (r.reminded_at IS NULL"
    "    OR r.reminded_at <= now() - interval '7 days')"
    "  ORDER BY r.id FOR UPDATE OF r SKIP LOCKED),"
    " marked AS (UPDATE funding_requests r SET reminded_at = now()"
    "  FROM due WHERE r.id = due.id RETURNING r.id),"
    " mail AS (INSERT INTO outbox (location_id, to_email, subject, body, kind)"
    "  SELECT location_id, email,"
    "   format(f.fmt ->> 0, left(title, 200)),"
    "   format(f.fmt ->> 1, display_name, location_name, title,"
    "   replace(replace(replace(f.fmt ->> 4, '{day}',"
    "    extract(day FROM report_due_on)::text), '{month}',"
    "    f.fmt ->> (4 + extract(month FROM report_due_on)::integer)),"
    "    '{year}', extract(year FROM report_due_on)::text),"
    "   CASE WHEN $1 <> '' THEN format(f.fmt ->> 2, rtrim($1, '/')"
    "    || '/l/' || slug || '/requests/' || id)"
    "    ELSE f.fmt ->> 3"
    "   END), 'funding_report_reminder'"
    "  FROM due CROSS JOIN LATERAL (SELECT coalesce($3::jsonb ->"
    "   preferred_language, $3::jsonb -> 'en') AS fmt) f),"
    " audit AS (INSERT INTO audit_log (location_id, action, detail)"
    "  SELECT location_id, 'funding_report_reminded', jsonb_build_object("
    "   'via', 'portalctl', 'os_user', $2::text, 'request_id', id,"
    "   'report_due_on', report_due_on) FROM due)"
    " SELECT d.id, d.slug, to_char(d.report_due_on, 'YYYY-MM-DD'), d.email,"
    "  d.title FROM due d JOIN marked m ON m.id = d.id ORDER BY d.id";

/*
 * The reminder in each applicant's language: formats for the database's
 * format() (only %s, in order, or numbered %1$s to reorder), then the
 * date's order and the months' names, as the pages write dates.
 */
static const char *const reminder[] = {
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
	"{day} {month} {year}", "January", "February", "March", "April",
	"May", "June", "July", "August", "September", "October", "November",
	"December",
};

static int
cmd_funding_remind(PGconn *conn, struct args *a)
{
	struct buf	 to = BUF_INIT, title = BUF_INIT;
	char		*formats;
	const char	*site = getenv("PORTAL_SITE_URL");
	PGresult	*res;
	int		 i, n;

	(void)a;
	if (i18n_init(getenv("PORTAL_LOCALE") != NULL ?
	    getenv("PORTAL_LOCALE") : "build/locale") == -1 ||
	    (formats = i18n_formats(reminder, sizeof(reminder) /
	    sizeof(reminder[0]))) == NULL) {
		fprintf(stderr, "portalctl: cannot read the catalogues\n");
		return 1;
	}
	res = portalctl_query(conn, remind_sql, 3, (const char *[]){
	    site != NULL ? site : "", operator_name(), formats });
	free(formats);
	if (res == NULL)
		return 1;
	n = PQntuples(res);
	for (i = 0; i < n; i++)
		printf("reminded %s (%s): report due %s, to %s: %s\n",
		    PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		    PQgetvalue(res, i, 2), printable(&to, PQgetvalue(res, i,
		    3), 0), printable(&title, PQgetvalue(res, i, 4), 0));
	printf("funding remind: %d overdue report%s reminded\n", n,
	    n == 1 ? "" : "s");
	PQclear(res);
	buf_free(&to);
	buf_free(&title);
	return 0;
}

/*
 * Finds the overlap pairs of initiatives written in bulk (sql/011: a
 * statement writing more than 1,000 leaves them pending), 500 at a time,
 * each batch its own transaction, until none is left.
 */
static const char overlaps_batch_sql[] =
    "SELECT overlap_pairs_find(ARRAY(SELECT initiative_id"
    "  FROM overlap_pending ORDER BY initiative_id LIMIT 500))";

static int
cmd_overlaps_refresh(PGconn *conn, struct args *a)
{
	PGresult	*res;
	long long	 left, searched = 0;

	(void)a;
	for (;;) {
		if ((res = portalctl_query(conn, "SELECT count(*) FROM overlap_pending",
		    0, NULL)) == NULL)
			return 1;
		left = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		if (left == 0)
			break;
		if (command(conn, overlaps_batch_sql) == -1)
			return 1;
		searched += left < 500 ? left : 500;
	}
	printf("overlaps refresh: %lld initiative%s searched, none pending\n",
	    searched, searched == 1 ? "" : "s");
	return 0;
}

static int
cmd_audit_seal(PGconn *conn, struct args *a)
{
	(void)a;
	return portalctl_audit_seal(conn);
}

static int
cmd_audit_verify(PGconn *conn, struct args *a)
{
	return portalctl_audit_verify(conn, a->nop > 0 ? a->op[0] : NULL);
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
	    "user add EMAIL NAME [--role inz_staff|admin]  < password" },
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

static PGconn *
connect_admin(void)
{
	const char	*url = getenv("PORTAL_ADMIN_DATABASE_URL");
	PGconn		*conn;

	if (url == NULL || url[0] == '\0')
		url = getenv("PORTAL_DATABASE_URL");
	if (url == NULL || url[0] == '\0')
		url = "dbname=portal";
	conn = PQconnectdb(url);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "portalctl: cannot connect: %s",
		    PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

int
main(int argc, char *argv[])
{
	const struct command	*cmd;
	struct args		 a;
	const char		*why;
	PGconn			*conn;
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
	rc = 1;
	if ((conn = connect_admin()) == NULL)
		goto out;
	rc = cmd->run(conn, &a);
	PQfinish(conn);
out:
	free(a.name);
	free(a.region);
	free(a.organisation);
	buf_free(&msg);
	return rc;
}

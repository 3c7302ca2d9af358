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
 *   portalctl newsletter purge
 *   portalctl audit seal
 *   portalctl audit verify [SLUG]
 *
 * It connects with PORTAL_ADMIN_DATABASE_URL (a role that owns the schema
 * and bypasses row-level security: it administers every location),
 * falling back to PORTAL_DATABASE_URL.  outbox send reads PORTAL_SMTP_URL,
 * PORTAL_SMTP_FROM and optionally PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD
 * (app/mail/smtp.h); funding remind and actions remind read
 * PORTAL_SITE_URL for the links in their messages; audit reads
 * PORTAL_SECRET_KEY_FILE (portalctl.h).
 * docs/portalctl.md has the details.
 *
 * Passwords come from standard input (one line; without echo and twice on
 * a terminal), never from the arguments, which any user sees in ps.
 * Arguments are checked before connecting: bad ones print a message and
 * the usage and exit 2; failures exit 1.  Every change is one statement
 * that also writes its audit_log row, so a change is never left unrecorded.
 * The statements are the database layer's (db/admin.h, stmt_admin.inc):
 * portalctl has no SQL of its own.
 *
 * This file owns the command line (the table of commands, the parsing of
 * options, the usage), the helpers and checks every command shares
 * (portalctl.h), and migrate and demo.  The commands live by group:
 * portalctl_locations.c, portalctl_users.c (users and memberships),
 * portalctl_outbox.c, portalctl_jobs.c (the scheduled reminders and overlap
 * refresh) and portalctl_audit.c.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../db/admin.h"
#include "../db/migrate.h"
#include "../http/validate.h"
#include "../util/buf.h"
#include "../util/log.h"
#include "portalctl.h"

#define EXIT_USAGE	2

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

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

/* Prints the server's message after a statement failed; returns 1. */
int
ctl_failed(struct db *db)
{
	fprintf(stderr, "portalctl: %s", db_message(db));
	return 1;
}

/* Column key of row as portalctl prints it ("" for NULL). */
const char *
ctl_col(const json_t *row, const char *key)
{
	const char	*v = json_string_value(json_object_get(row, key));

	return v != NULL ? v : "";
}

/* Who ran portalctl, for the audit log: the login name, or the uid. */
const char *
ctl_operator(void)
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
const char *
ctl_printable(struct buf *b, const char *s, int multiline)
{
	buf_reset(b);
	for (; *s != '\0'; s++)
		buf_putc(b, ((unsigned char)*s < 0x20 && !(multiline &&
		    (*s == '\n' || *s == '\t'))) || *s == 0x7f ? '?' : *s);
	return buf_str(b);
}

/* ------------------------------------------------------------------ */
/* Checks of the operands                                             */
/* ------------------------------------------------------------------ */

static struct buf	 msg = BUF_INIT;	/* a check's message */

const char *
ctl_field(const char *label, const char *why)
{
	buf_reset(&msg);
	buf_printf(&msg, "%s %s", label, why);
	return buf_str(&msg);
}

const char *
ctl_check_enum(const char *label, const char *s, const char *const *keys)
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

const char *
ctl_check_text(const char *label, const char *s, size_t min, size_t max,
    char **out)
{
	const char	*why = valid_text(s, min, max, 0, out);

	return why != NULL ? ctl_field(label, why) : NULL;
}

const char *
ctl_check_slug(struct args *a)
{
	const char	*why = valid_slug(a->op[0]);

	return why != NULL ? ctl_field("SLUG", why) : NULL;
}

/* An optional SLUG. */
static const char *
check_some_slug(struct args *a)
{
	return a->nop == 0 ? NULL : ctl_check_slug(a);
}

const char *
ctl_check_email_at(const char *s)
{
	const char	*why = valid_email(s);

	return why != NULL ? ctl_field("EMAIL", why) : NULL;
}

const char *
ctl_check_email(struct args *a)
{
	return ctl_check_email_at(a->op[0]);
}

static const char *
check_id(struct args *a)
{
	const char	*why = valid_int(a->op[0], 1, 1000000000000000LL,
			    &a->number);

	return why != NULL ? ctl_field("ID", why) : NULL;
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
	{ "location", "archive", 1, 1, 0, ctl_check_slug, cmd_location_archive,
	    "location archive SLUG" },
	{ "user", "add", 2, 2, OPT_ROLE | OPT_PW_STDIN, check_user_add,
	    cmd_user_add,
	    "user add EMAIL NAME [--role inz_staff|admin|partner]  < password" },
	{ "user", "reset-password", 1, 1, OPT_PW_STDIN, ctl_check_email,
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
	{ "newsletter", "purge", 0, 0, 0, NULL, cmd_newsletter_purge,
	    "newsletter purge" },
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
				    ctl_field(arg, "is not a command") :
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
			return ctl_field(arg,
			    "is not an option of this command");
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

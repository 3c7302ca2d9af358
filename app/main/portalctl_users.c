/*
 * portalctl_users: the user and membership commands (see portalctl.h),
 * and the reading of a new password from standard input they need.
 *
 *   portalctl user add EMAIL NAME [--role inz_staff|admin|partner]  < password
 *   portalctl user reset-password EMAIL                     < password
 *   portalctl membership add SLUG EMAIL ROLE SECTOR [ORGANISATION]
 *
 * Passwords come from standard input (one line; without echo and twice on
 * a terminal), never from the arguments, which any user sees in ps.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "../auth/password.h"
#include "../db/admin.h"
#include "../domain/vocab.h"
#include "../http/validate.h"
#include "../util/buf.h"
#include "portalctl.h"

static const char *const national_roles[] = { "inz_staff", "admin", "partner",
	NULL };

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

const char *
check_user_add(struct args *a)
{
	const char	*why;

	if ((why = ctl_check_email(a)) != NULL ||
	    (why = ctl_check_text("NAME", a->op[1], 1, 100, &a->name)) != NULL)
		return why;
	if (a->role != NULL)
		return ctl_check_enum("--role", a->role, national_roles);
	return NULL;
}

const char *
check_membership_add(struct args *a)
{
	const char	*why;

	if ((why = ctl_check_slug(a)) != NULL ||
	    (why = ctl_check_email_at(a->op[1])) != NULL ||
	    (why = ctl_check_enum("ROLE", a->op[2],
	    vocab_keys(vocab_roles))) != NULL ||
	    (why = ctl_check_enum("SECTOR", a->op[3],
	    vocab_keys(vocab_sectors))) != NULL)
		return why;
	return ctl_check_text("ORGANISATION", a->nop > 4 ? a->op[4] : "", 0,
	    200, &a->organisation);
}

/* ------------------------------------------------------------------ */
/* Users and memberships                                              */
/* ------------------------------------------------------------------ */

/* Prints the new user's id. */
int
cmd_user_add(struct db *db, struct args *a)
{
	char		 hash[PASSWORD_HASH_MAX];
	json_t		*row;

	if (new_password(hash) == -1)
		return 1;
	if (db_admin_user_add(db, a->op[0], a->name, hash, a->role,
	    ctl_operator(), &row) != DB_OK)
		return ctl_failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: a user with email %s already "
		    "exists\n", a->op[0]);
		return 1;
	}
	printf("%s\n", ctl_col(row, "id"));
	json_decref(row);
	return 0;
}

/*
 * A new password ends every session of the account and retires its
 * unused reset links, in the same statement: whoever knew the old
 * password is signed out.  The users_password_changed trigger revokes its
 * API tokens too (sql/013_credentials_bound.sql).
 */
int
cmd_user_reset_password(struct db *db, struct args *a)
{
	char		 hash[PASSWORD_HASH_MAX];
	json_t		*row;

	if (new_password(hash) == -1)
		return 1;
	if (db_admin_user_password(db, a->op[0], hash, ctl_operator(),
	    &row) != DB_OK)
		return ctl_failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: no user with email %s\n", a->op[0]);
		return 1;
	}
	printf("set the password of %s; ended %s session(s)\n", a->op[0],
	    ctl_col(row, "sessions"));
	json_decref(row);
	return 0;
}

/* Adds a user to a location's working group, or says why not. */
int
cmd_membership_add(struct db *db, struct args *a)
{
	json_t		*row;
	int		 rc = 1;

	if (db_admin_membership_add(db, &(struct db_admin_member){
	    .slug = a->op[0], .email = a->op[1], .role = a->op[2],
	    .sector = a->op[3], .organisation = a->organisation },
	    ctl_operator(), &row) != DB_OK)
		return ctl_failed(db);
	if (strcmp(ctl_col(row, "added"), "0") != 0) {
		printf("added %s to %s as %s (%s)\n", a->op[1], a->op[0],
		    a->op[2], a->op[3]);
		rc = 0;
	} else if (json_is_null(json_object_get(row, "location_status")))
		fprintf(stderr, "portalctl: no location with slug %s\n",
		    a->op[0]);
	else if (strcmp(ctl_col(row, "location_status"), "active") != 0)
		fprintf(stderr, "portalctl: location %s is archived\n",
		    a->op[0]);
	else if (json_is_null(json_object_get(row, "user_id")))
		fprintf(stderr, "portalctl: no user with email %s (portalctl "
		    "user add makes one)\n", a->op[1]);
	else
		fprintf(stderr, "portalctl: %s is already in %s's working "
		    "group, as %s\n", a->op[1], a->op[0], ctl_col(row, "role"));
	json_decref(row);
	return rc;
}

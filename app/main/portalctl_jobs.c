/*
 * portalctl_jobs: scheduled jobs (docs/deploy.md, *Scheduled jobs*;
 * portalctl.h): the overdue reminders, written in each recipient's
 * language into the outbox, the refresh of the overlaps left pending, and
 * the purge of newsletter sign-ups never confirmed.
 *
 *   portalctl funding remind
 *   portalctl actions remind
 *   portalctl overlaps refresh
 *   portalctl newsletter purge
 *
 * funding remind and actions remind read PORTAL_SITE_URL for the links in
 * their messages and PORTAL_LOCALE for the catalogues.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../db/admin.h"
#include "../util/buf.h"
#include "../views/i18n.h"
#include "portalctl.h"

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
	st = job->queue(db, site != NULL ? site : "", ctl_operator(), formats,
	    &rows);
	free(formats);
	if (st != DB_OK)
		return ctl_failed(db);
	n = json_array_size(rows);
	json_array_foreach(rows, i, r)
		printf("reminded %s (%s): %s due %s, to %s: %s\n",
		    ctl_col(r, "id"), ctl_col(r, "slug"), job->what,
		    ctl_col(r, "due_on"), ctl_printable(&to,
		    ctl_col(r, "email"), 0), ctl_printable(&title,
		    ctl_col(r, "title"), 0));
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
int
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
int
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
int
cmd_overlaps_refresh(struct db *db, struct args *a)
{
	long long	 left, searched = 0;

	(void)a;
	for (;;) {
		if (db_admin_overlaps_pending(db, &left) != DB_OK)
			return ctl_failed(db);
		if (left == 0)
			break;
		if (db_admin_overlaps_batch(db) != DB_OK)
			return ctl_failed(db);
		searched += left < 500 ? left : 500;
	}
	printf("overlaps refresh: %lld initiative%s searched, none pending\n",
	    searched, searched == 1 ? "" : "s");
	return 0;
}

/*
 * Deletes the newsletter sign-ups never confirmed once their link has
 * expired (seven days, sql/040), with the confirmation messages as old:
 * anyone may type in any address, and an address that never confirmed
 * is not kept.  One statement, so a run interrupted deletes nothing.
 */
int
cmd_newsletter_purge(struct db *db, struct args *a)
{
	json_t		*row = NULL;
	long long	 subs, mails;

	(void)a;
	if (db_admin_newsletter_purge(db, &row) != DB_OK)
		return ctl_failed(db);
	subs = json_integer_value(json_object_get(row, "subscribers"));
	mails = json_integer_value(json_object_get(row, "messages"));
	json_decref(row);
	printf("newsletter purge: %lld unconfirmed sign-up%s and %lld "
	    "confirmation message%s deleted\n", subs, subs == 1 ? "" : "s",
	    mails, mails == 1 ? "" : "s");
	return 0;
}

/*
 * newsletter: typed queries behind the newsletter and partner
 * organisations (see newsletter.h).  The positional parameters of
 * stmt_newsletter.inc are filled here and nowhere else.
 */
#include <stdlib.h>
#include <string.h>

#include "newsletter.h"
#include "param.h"

enum db_status
db_newsletter_subscribe(struct db *db, const char *slug, const char *email,
    const char *language, const char *hash, int *send)
{
	json_t		*row = NULL;
	enum db_status	 st;

	*send = 0;
	st = db_row(db, STMT_NEWSLETTER_SUBSCRIBE, DB_PARAMS(slug, email,
	    language, hash), &row);
	if (st == DB_OK)
		*send = json_is_true(json_object_get(row, "send"));
	json_decref(row);
	return st;
}

enum db_status
db_newsletter_confirm(struct db *db, const char *hash, json_t **row)
{
	return db_row(db, STMT_NEWSLETTER_CONFIRM, DB_PARAMS(hash), row);
}

enum db_status
db_newsletter_unsubscribe(struct db *db, const char *hash, int remove,
    json_t **row)
{
	return db_row(db, STMT_NEWSLETTER_UNSUBSCRIBE, DB_PARAMS(hash,
	    BOOL(remove)), row);
}

enum db_status
db_newsletter_candidates(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_NEWSLETTER_CANDIDATES, location_id, rows);
}

enum db_status
db_newsletter_audience(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_NEWSLETTER_AUDIENCE, location_id, rows);
}

enum db_status
db_newsletter_issue_add(struct db *db, const struct db_newsletter_issue *n,
    long long *id)
{
	char		 loc[24], user[24], *items;
	json_t		*row = NULL;
	enum db_status	 st;

	*id = 0;
	if ((items = json_dumps(n->items, JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_row(db, STMT_NEWSLETTER_ISSUE_ADD, DB_PARAMS(ID(loc,
	    n->location_id), n->language, ID(user, n->user_id), n->subject,
	    n->intro, items), &row);
	free(items);
	if (st == DB_OK && row != NULL)
		*id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return st == DB_OK && *id == 0 ? DB_ERROR : st;
}

enum db_status
db_newsletter_recipients(struct db *db, long long location_id,
    const char *language, json_t **rows)
{
	char	 loc[24];

	return db_rows(db, STMT_NEWSLETTER_RECIPIENTS, DB_PARAMS(ID(loc,
	    location_id), language), rows);
}

enum db_status
db_newsletter_deliver(struct db *db, const struct db_newsletter_delivery *d)
{
	char	 loc[24], issue[24], sub[24];

	return db_command(db, STMT_NEWSLETTER_DELIVER, DB_PARAMS(ID(loc,
	    d->location_id), ID(issue, d->issue_id), ID(sub, d->subscriber_id),
	    d->hash, d->to, d->subject, d->body, d->unsubscribe_url), NULL);
}

enum db_status
db_newsletter_issue_sent(struct db *db, long long location_id, long long id,
    long long count)
{
	char	 loc[24], nid[24], n[24];

	return db_command(db, STMT_NEWSLETTER_ISSUE_SENT, DB_PARAMS(ID(loc,
	    location_id), ID(nid, id), ID(n, count)), NULL);
}

enum db_status
db_newsletter_issues(struct db *db, const char *slug, int limit,
    json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_NEWSLETTER_ISSUES, DB_PARAMS(slug, ID(n,
	    limit)), rows);
}

enum db_status
db_newsletter_issue_get(struct db *db, long long location_id, long long id,
    json_t **row)
{
	return row_by_ids(db, STMT_NEWSLETTER_ISSUE_GET, location_id, id, row);
}

enum db_status
db_partners_of_initiative(struct db *db, long long location_id,
    long long initiative_id, json_t **rows)
{
	return rows_by_ids(db, STMT_PARTNERS_OF_INITIATIVE, location_id, initiative_id,
	    rows);
}

enum db_status
db_partner_options(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_PARTNER_OPTIONS, location_id, rows);
}

enum db_status
db_partners_set(struct db *db, long long location_id, long long initiative_id,
    const json_t *ids)
{
	char		 loc[24], ini[24], *list;
	enum db_status	 st;

	if ((list = json_dumps(ids, JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_command(db, STMT_PARTNERS_SET, DB_PARAMS(ID(loc, location_id),
	    ID(ini, initiative_id), list), NULL);
	free(list);
	return st;
}

enum db_status
db_partners_listed(struct db *db, long long location_id, const json_t *ids,
    int *listed)
{
	char		 loc[24], *list;
	json_t		*row = NULL;
	enum db_status	 st;

	if ((list = json_dumps(ids, JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_row(db, STMT_PARTNERS_UNLISTED, DB_PARAMS(ID(loc,
	    location_id), list), &row);
	free(list);
	*listed = st == DB_OK && row == NULL;
	json_decref(row);
	return st;
}

enum db_status
db_partner_initiatives(struct db *db, long long service_id, json_t **rows)
{
	return rows_by_id(db, STMT_PARTNER_INITIATIVES, service_id, rows);
}

/*
 * newsletter: typed queries behind each location's newsletter and the
 * directory's organisations named as initiative partners (sql/030).  The
 * SQL is in stmt_newsletter.inc.  Token hashes are the bytea literals of
 * auth/token.h's token_hash_hex().
 */
#ifndef PORTAL_DB_NEWSLETTER_H
#define PORTAL_DB_NEWSLETTER_H

#include "db.h"

/* Subscribes email to location slug's newsletter in language, with the
 * confirmation link's hash: *send 1 when a link should be mailed. */
enum db_status	db_newsletter_subscribe(struct db *, const char *slug,
		    const char *email, const char *language,
		    const char *hash, int *send);
/* Confirms the subscription of link hash, once: *row {location,
 * language} new, or NULL for a link unknown or used. */
enum db_status	db_newsletter_confirm(struct db *, const char *hash,
		    json_t **row);
/* The subscription of unsubscribe hash, ended when remove: *row
 * {location, location_name, language} new, or NULL. */
enum db_status	db_newsletter_unsubscribe(struct db *, const char *hash,
		    int remove, json_t **row);

/* What an issue of location_id may carry: *rows {kind, id, title, date,
 * text, path} new. */
enum db_status	db_newsletter_candidates(struct db *, long long location_id,
		    json_t **rows);
/* *rows {language, confirmed, waiting} per language; new. */
enum db_status	db_newsletter_audience(struct db *, long long location_id,
		    json_t **rows);

/* An issue as sent; every pointer borrowed. */
struct db_newsletter_issue {
	long long	 location_id, user_id;
	const char	*language, *subject, *intro;
	const json_t	*items;
};
/* Keeps a new issue: *id. */
enum db_status	db_newsletter_issue_add(struct db *,
		    const struct db_newsletter_issue *, long long *id);
/* *rows {id, email}: the confirmed subscribers of language; new. */
enum db_status	db_newsletter_recipients(struct db *, long long location_id,
		    const char *language, json_t **rows);

/* One message of an issue; every pointer borrowed. */
struct db_newsletter_delivery {
	long long	 location_id, issue_id, subscriber_id;
	const char	*hash;		/* of its unsubscribe token */
	const char	*to, *subject, *body, *unsubscribe_url;
};
/* Records the delivery and writes its outbox message. */
enum db_status	db_newsletter_deliver(struct db *,
		    const struct db_newsletter_delivery *);
/* Issue id went to count subscribers. */
enum db_status	db_newsletter_issue_sent(struct db *, long long location_id,
		    long long id, long long count);
/* *rows: the latest limit issues of location slug {id, language,
 * subject, sent_at}; new. */
enum db_status	db_newsletter_issues(struct db *, const char *slug,
		    int limit, json_t **rows);
/* Issue id of location_id: *row new, or NULL. */
enum db_status	db_newsletter_issue_get(struct db *, long long location_id,
		    long long id, json_t **row);

/* *rows {id, organisation, name}: the partner organisations of an
 * initiative; new. */
enum db_status	db_partners_of_initiative(struct db *, long long location_id,
		    long long initiative_id, json_t **rows);
/* *rows {id, organisation, name}: directory entries listed in the
 * location, the partners it may name; new. */
enum db_status	db_partner_options(struct db *, long long location_id,
		    json_t **rows);
/* *listed 1 when every id in ids (an array of integers) is a directory
 * entry listed in the location, else 0. */
enum db_status	db_partners_listed(struct db *, long long location_id,
		    const json_t *ids, int *listed);
/* The initiative's partners become exactly ids (an array of integers),
 * each listed in the location (else the foreign key fails). */
enum db_status	db_partners_set(struct db *, long long location_id,
		    long long initiative_id, const json_t *ids);
/* *rows {id, title, location, location_name}: the initiatives the asker
 * may see that name directory entry service_id; new. */
enum db_status	db_partner_initiatives(struct db *, long long service_id,
		    json_t **rows);

#endif

/*
 * assist: help to apply — a location's contact point for help, funding
 * requests made on behalf of a community member (with their consent and a
 * one-time claim code), claiming such a request, and the public page
 * about the framework.
 *
 * An assisted request is an ordinary request whose applicant is the
 * helper until the person claims it (sql/018_help_to_apply.sql), so
 * funding_request.c and transition.c serve it unchanged but for the
 * hooks below.
 */
#ifndef PORTAL_ASSIST_H
#define PORTAL_ASSIST_H

#include "funding_request.h"

#define CLAIM_CODE_TEXT	12	/* "ABCDE-FGHJK" and NUL */

/* For whom and with whose consent a new request is made: what
 * assist_read() checked, owned; and the code assist_save() made. */
struct assist {
	json_t	*values;
	char	 code[CLAIM_CODE_TEXT];
};

/* Whether this create asks for an assisted request: a JSON body with
 * on_behalf_of or consent, or the form of /l/{slug}/rounds/{id}/assist. */
int	assist_wanted(const struct ctx *);
/* 0 when the asker may apply on someone's behalf here (a member or
 * coordinator of the location, or national staff), else 403. */
int	assist_allowed(struct ctx *);
/* Reads and checks on_behalf_of and consent into a (assist_free() it),
 * with a message by each bad field; copies them into form (the page's
 * values) and fills the request's empty contact fields from the person. */
void	assist_read(struct ctx *, struct assist *a, json_t *form);
void	assist_free(struct assist *);
/* Records request id as made for a->values' person and makes its claim
 * code (only its hash is kept). */
enum db_status assist_save(struct ctx *, long long id, struct assist *a);
/* Answers a new assisted request: JSON, the request with its claim_code
 * (201); a browser, the page that shows the code once. */
int	assist_saved(struct ctx *, long long id, const struct assist *a);
/* The assisted form's extra fields, options and states, on form. */
void	assist_form(struct ctx *, json_t *form);
/* Whether the asker acts as applicant of the {id} request for someone
 * (national staff may then move it as its applicant). */
int	assist_acting(struct ctx *);
/* Whether req was made on someone's behalf (then its contact email is
 * not required: the person may have none). */
int	assist_known(struct ctx *, json_t *req);
/* Adds on_behalf_of and consent to req for those who may read them. */
enum db_status assist_view(struct ctx *, json_t *req,
	    const struct standing *);
/* Marks the claim in a request's timeline ("claimed": true). */
void	assist_events(json_t *events);

/* The contact point in c->view as "contact" (null when none). */
int	contact_attach(struct ctx *, const char *slug);
int	contact_form(struct ctx *);
int	contact_put(struct ctx *);

int	claim_form(struct ctx *);
int	claim_redeem(struct ctx *);

int	framework_show(struct ctx *);

#endif

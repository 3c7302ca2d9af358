/*
 * target: initiatives' targets and baselines (target.c), the list of
 * communities and the breakdowns of figures, an update's shown to its
 * lead location's working group only (breakdown.c), and what they add to
 * the national overview (national_figures.c).  Issue 18, sql/031.
 */
#ifndef PORTAL_TARGET_H
#define PORTAL_TARGET_H

#include "../handler.h"

/* target.c: PUT/DELETE .../initiatives/{id}/targets/{indicator}, and the
 * page's form (POST .../targets, the indicator a field). */
int	target_put(struct ctx *);
int	target_delete(struct ctx *);
/* Adds "targets" with progress to ini (running totals of every current
 * figure) and, for the page's form, "target_fields".  0 or a status. */
int	target_decorate(struct ctx *, json_t *ini);
/* Adds "targets" to each initiative of items (a list page).  0 or a
 * status. */
int	target_decorate_list(struct ctx *, json_t *items);

/* JSON text of [each item's member] of items, for a statement's list
 * parameter: the caller frees; NULL out of memory. */
char	*target_pluck(json_t *items, const char *member);

/* breakdown.c: GET, POST /api/v1/communities (national staff add). */
int	community_list(struct ctx *);
int	community_create(struct ctx *);
/*
 * Reads the "breakdowns" of an update's JSON body ({indicator: {dimension:
 * {value: count}}}), or of its form's inputs (breakdown_form.c, what was
 * typed kept in form), against its figures (numbers, {key: n}): *out the
 * checked object (NULL when none given); each fault recorded as the field
 * "breakdowns.<indicator>.<dimension>" (ctx_field).  0, or a status when
 * the database fails.
 */
int	breakdown_read(struct ctx *, json_t *numbers, json_t *form,
	    json_t **out);
/* Keeps them on update_id's figures (db/target.h). */
enum db_status breakdown_keep(struct ctx *, long long update_id,
	    json_t *breakdowns);
/* Whether the asker is in the working group of initiative ini's lead
 * location, the only people who see its updates' breakdowns. */
int	breakdown_owner(const struct ctx *, const json_t *ini);
/* Update u's "breakdowns" as owner (breakdown_owner()) sees them: raw,
 * with the page's "breakdown_rows"; removed for anyone else. */
void	breakdown_view(json_t *u, int owner);

/* breakdown_form.c: the form's inputs as a "breakdowns" object (the typed
 * values copied into form); a new object, empty when none was typed. */
json_t	*breakdown_from_form(const struct ctx *, json_t *form);
/* Adds to field (an indicator of the update form) "breakdown", its
 * dimensions' inputs with what was typed (form) and their messages
 * (errors), and "breakdown_open". */
void	breakdown_fields(const struct ctx *, json_t *field, json_t *communities,
	    json_t *form, json_t *errors);

/* national_figures.c: the overview's targets by indicator and each
 * listed location's breakdowns, suppressed.  0 or a status. */
int	national_figures(struct ctx *, json_t *locations);

#endif

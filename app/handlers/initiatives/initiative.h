/*
 * initiative: what the initiative handlers (initiative.c, progress.c,
 * export.c) share: who sees what, loading one initiative, and its views.
 */
#ifndef PORTAL_INITIATIVE_H
#define PORTAL_INITIATIVE_H

#include "../handler.h"

/* The location's roles and national staff see unpublished initiatives. */
int	initiative_sees_all(const struct ctx *);
/* Members and coordinators of the location write. */
int	initiative_can_write(const struct ctx *);
/*
 * Loads the route's initiative {id} as the asker may see it (held for
 * update with lock): 0 with *ini a new object, or an error status already
 * recorded (404 for what the asker may not see).
 */
int	initiative_load(struct ctx *, int lock, json_t **ini);
/* Adds the names people read (area, status, elements, outcome areas) and
 * "published"; drops what the public does not see when public_only. */
void	initiative_decorate(json_t *ini, int public_only);
/*
 * Makes c->view the initiative's page: ini (stolen) with its timeline,
 * keeping what c->view held (a failed update form).  0 or a status.
 */
int	initiative_page(struct ctx *, json_t *ini);
/* Sets an update's fields named after the four national indicators it
 * carried before sql/025 (people_reached, ...) from its "figures":
 * the period figure, or null. */
void	update_figures_flatten(json_t *update);
/* Readies an update for a view: the flat figures, status_to_name, and
 * can_confirm (confirmer, when not 0, is someone who writes here and is
 * not its author, and some figure waits); who wrote it is dropped when
 * public_only. */
void	update_decorate(json_t *update, int public_only, long long confirmer);
/* The figure of indicator key as typed: absent or empty for none, else a
 * whole number from 0 to 1,000,000 kept in figures under key (and as
 * typed in form), or a field recorded. */
void	update_read_figure(struct ctx *, const char *key, json_t *form,
	    json_t *figures);

/* ------------------------------------------- reach (initiative_reach.c) */
/* Whether the route's location leads ini (participating ones only read). */
int	initiative_owned(const struct ctx *, const json_t *ini);
/* Reads scope, mainstream, lead_agency, funding_sources and locations
 * into values, recording a field for each bad one. */
enum db_status reach_read(struct ctx *, json_t *values);
/* The checks across those fields, once every one was read. */
void	reach_check(struct ctx *, json_t *values);
/* Adds the form's scope options and funding source rows to form. */
void	reach_form(json_t *values, json_t *form);
/* Adds the names people read (scope_name, each source's source_name). */
void	reach_decorate(json_t *ini);
/* Saves values' reach for initiative id of the route's location. */
enum db_status reach_save(struct ctx *, long long id, json_t *values);

#endif

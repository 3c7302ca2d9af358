/*
 * questionnaire: structured stocktakes (sql/032).  questionnaire.c is
 * INZ's side: writing questionnaires of typed questions, in versions.
 * questionnaire_answer.c is a location's: its answers to the
 * questionnaire a stocktake asks, checked by type, saved as a draft and
 * kept with the return, and the comparison with the previous stocktake's.
 * questionnaire_export.c exports every location's answers.  stocktake.c
 * calls the functions below.
 */
#ifndef PORTAL_QUESTIONNAIRE_H
#define PORTAL_QUESTIONNAIRE_H

#include "../handler.h"

/* The question types and scopes, NULL-terminated (sql/032). */
extern const char *const questionnaire_types[];
extern const char *const questionnaire_scopes[];

/*
 * Adds to view (borrowed) what the route location's stocktake page shows
 * of the questionnaire stocktake_id asks, if any: "questionnaire" {id,
 * name, version, questions}, "answers" (saved) and "answers_updated_at",
 * and for the form "form_questions" and "form_initiatives" (each of the
 * location's initiatives: {id, title, questions}), answered as saved or,
 * when shown (borrowed) is not NULL, as typed there.  0, or a status.
 */
int	questionnaire_answers_view(struct ctx *, long long stocktake_id,
	    json_t *shown, json_t *view);
/*
 * Reads the request's answers to stocktake (borrowed) of the route's
 * location, checks each by its question's type and keeps them as the
 * location's draft; with complete, every required question must be
 * answered too.  0 when kept (or, with complete, when the stocktake
 * asks no questionnaire: 404 without); else a status with the fields recorded (422: *shown, new, holds the
 * answers as typed, for the form) or the error answered.
 */
int	questionnaire_answers_take(struct ctx *, json_t *stocktake,
	    int complete, json_t **shown);
/*
 * Adds to view (borrowed) "comparison": each question of stocktake_id's
 * questionnaire with location loc_id's answer in answers (borrowed, the
 * completed return's) beside its answer to the same question (the same
 * key) in the previous stocktake of the questionnaire, and "previous"
 * {id, name} of that stocktake (null when none).  items (borrowed) are
 * the snapshot's initiatives, for the titles.  0, or a status.
 */
int	questionnaire_compare(struct ctx *, long long stocktake_id,
	    long long loc_id, json_t *answers, json_t *items, json_t *view);

/*
 * Every answer questions (borrowed) ask of a location with initiatives
 * ([{id or initiative_id, title}], borrowed): the location's questions,
 * then each initiative's; a new array of {field, q (the question),
 * initiative_id (0: the location's), initiative_title}.  Their field
 * names: "location.<key>", "initiative.<id>.<key>".
 */
json_t	*questionnaire_slots(json_t *questions, json_t *initiatives);
const char *questionnaire_slot_field(const json_t *slot);

/*
 * stocktake.c: the route location's page of stocktake (stolen), with its
 * answers as typed in shown (borrowed; NULL: as saved), answering status
 * (0 reads as 200) unless the page itself fails.
 */
int	stocktake_answers_page(struct ctx *, json_t *stocktake, json_t *shown,
	    int status);

#endif

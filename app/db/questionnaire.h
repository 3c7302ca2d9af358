/*
 * questionnaire: typed queries behind structured stocktakes (sql/032):
 * INZ's questionnaires and their versions, and each location's answers.
 * Handlers call these instead of filling parameter arrays; the SQL is in
 * stmt_questionnaire.inc.
 */
#ifndef PORTAL_DB_QUESTIONNAIRE_H
#define PORTAL_DB_QUESTIONNAIRE_H

#include "db.h"

/* *rows: at most limit questionnaires, newest first, a new array of {id,
 * name, version (the latest), questions (how many), stocktakes (how many
 * use it), updated_at}. */
enum db_status	db_questionnaire_list(struct db *, long long limit,
		    json_t **rows);
/* Questionnaire id in version (0: its latest): *row new {id, name,
 * version, questions, latest, in_use, created_at}, or NULL when there is
 * no such questionnaire or version. */
enum db_status	db_questionnaire_get(struct db *, long long id,
		    long long version, json_t **row);
/* A new questionnaire (questions a JSON array, checked by the caller) as
 * its version 1: *id its id. */
enum db_status	db_questionnaire_create(struct db *, const char *name,
		    const char *questions, long long user_id, long long *id);
/* Keeps questionnaire id's name and questions: in its latest version
 * while no stocktake uses it, else as the next one.  *version the
 * version kept, 0 when there is no such questionnaire. */
enum db_status	db_questionnaire_save(struct db *, long long id,
		    const char *name, const char *questions, long long user_id,
		    long long *version);

/* The questionnaire stocktake_id was opened with, in that version: *row
 * new {id, name, version, questions}, or NULL when it has none. */
enum db_status	db_stocktake_questions(struct db *, long long stocktake_id,
		    json_t **row);
/* location_id's saved answers to stocktake_id: *row new {answers,
 * updated_at, updated_by}, or NULL when none are saved. */
enum db_status	db_stocktake_answers(struct db *, long long stocktake_id,
		    long long location_id, json_t **row);
/* Keeps answers (a JSON object, checked by the caller) as user_id's:
 * *saved 1, or 0 when the stocktake is closed or the return completed. */
enum db_status	db_stocktake_answers_save(struct db *, long long stocktake_id,
		    long long location_id, const char *answers,
		    long long user_id, int *saved);
/* location_id's completed answers to the stocktake of the same
 * questionnaire before stocktake_id: *row new {id, name, answers}, or
 * NULL when there is none. */
enum db_status	db_stocktake_answers_previous(struct db *,
		    long long stocktake_id, long long location_id,
		    json_t **row);
/* *rows: every completed return's answers to stocktake_id, a new array
 * of {location (slug), answers, titles ({initiative id: title})}. */
enum db_status	db_stocktake_answers_all(struct db *, long long stocktake_id,
		    json_t **rows);

#endif

/*
 * meeting: what the meeting handlers share (meeting.c, meeting_decision.c).
 */
#ifndef PORTAL_HANDLERS_MEETING_H
#define PORTAL_HANDLERS_MEETING_H

#include "../../domain/vocab.h"
#include "../handler.h"

/* A decision's outcomes: agreed, not_agreed, deferred (meeting_decision.c). */
extern const struct vocab meeting_outcomes[];

/* The route's meeting ({id}) into *m (new): 0, or the status answered
 * (404 when the location has no such meeting). */
int	meeting_load(struct ctx *, json_t **m);
/* Answers a change to meeting id: JSON clients get status and the
 * meeting, a browser is sent to its page. */
int	meeting_answer(struct ctx *, long long id, int status);
/* A failed form on the meeting's page: 422, the page again with form
 * (stolen) and the messages (JSON clients get the error alone). */
int	meeting_refuse(struct ctx *, json_t *form);

#endif

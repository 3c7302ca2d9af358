/*
 * worker_memory: what a worker keeps in memory between requests, and when
 * it lets go of it.
 *
 * Four copies, all answers to reads: whole answers to anonymous reads of
 * public pages (the public cache, http/cache.h), who a credential belongs
 * to (the sessions memo, auth_recall()), the views of working-group and
 * national pages built for a role in a location or for one person (kept
 * views), and the rendered content of their pages (views/render.c).  A
 * write drops what it can have changed (memory_sync()).  The request
 * pipeline (dispatch.c) decides when to ask and when to keep; nothing
 * here reads the database but to hear of changes.
 */
#ifndef PORTAL_WORKER_MEMORY_H
#define PORTAL_WORKER_MEMORY_H

#include "route_table.h"

/* Makes app's four copies, empty; -1 on no memory. */
int	memory_init(struct app *);
/*
 * Drops what changes committed since the last call (by this host's
 * workers, other hosts, portalctl) can have changed.  Returns 0 when the
 * rest may be used, -1 when the database is unreachable: its answer (503)
 * is then the truth.
 */
int	memory_sync(struct app *);
/*
 * After a commit: tells this host's workers (this one included) what the
 * transaction changed, before the answer leaves, so no sibling serves a
 * copy it made stale.
 */
void	memory_committed(struct app *);
/*
 * Answers an anonymous read of a public page (route's) from the public
 * cache.
 * Returns 1 when c->resp is filled; otherwise c->public_key says where to
 * keep the answer (memory_public_keep()).
 */
int	memory_public_get(struct ctx *, int route);
/* Keeps the answer under c->public_key, when it may be kept. */
void	memory_public_keep(struct ctx *);
/* Lets nginx keep an anonymous public page for up to a second. */
void	memory_micro_cache(struct ctx *, const struct route_def *);
/*
 * Whether the signed-in read in c may be answered from kept copies: a
 * read with a credential, memory in step with the database.  Sets
 * c->remember (keep what the long way finds) and c->keep_page.
 */
int	memory_may_recall(struct ctx *, int route);
/* The person c's credential belongs to, as kept: 1, or 0 when unknown. */
int	memory_recall_person(struct ctx *);
/* Sets c->view_key, the kept view's name for route. */
void	memory_view_key(struct ctx *, int route);
/* The kept view under c->view_key into c->view: 1, or 0 when none. */
int	memory_view_get(struct ctx *);
/* Keeps the person and the view of a read answered with 200. */
void	memory_remember(struct ctx *, int status);

#endif

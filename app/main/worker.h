/*
 * worker: one prefork worker process: builds its per-worker state, then
 * accepts and answers FastCGI requests one at a time until told to stop.
 */
#ifndef PORTAL_WORKER_H
#define PORTAL_WORKER_H

#include "../handlers/handler.h"
#include "config.h"

/*
 * Builds what every worker shares (templates, routes, site data) once,
 * before fork.  Returns 0, or -1 with the reason in err.
 */
int	app_init(struct app *, const struct config *, struct buf *err);
void	app_free(struct app *);

/*
 * Serves on listen_fd (non-blocking) until SIGTERM; with drain, it first
 * serves every connection still queued.  Returns the exit status.
 */
int	worker_run(struct app *, const struct config *, int listen_fd,
	    int drain);

#endif

/*
 * gate: a cap on how many of the host's workers do one kind of expensive
 * work at once (hashing passwords), in memory the master shares with
 * every worker it forks.
 *
 * An Argon2id hash holds a CPU and 64 MiB for tens of milliseconds, and
 * anyone may ask for one (sign-in, sign-up, a reset).  With every worker
 * hashing, nothing else is answered, /livez included; so a worker that
 * finds the gate full answers 429 at once instead of waiting.  The gate
 * holds one place per worker, marked with its pid, so the places of a
 * worker that dies are given back by the master (gate_release()).
 */
#ifndef PORTAL_GATE_H
#define PORTAL_GATE_H

#include <sys/types.h>

#define GATE_MAX	256	/* as many as there may be workers */

/* Maps the shared places, cap of them open (1 to GATE_MAX); call once in
 * the master, before forking.  Returns 0, or -1. */
int	gate_init(int cap);
/*
 * Takes a place for this process: 0, or -1 when every place is taken.
 * Before gate_init() (tests, tools) the gate is always open.  A process
 * holds at most one place; gate_leave() gives it back.
 */
int	gate_enter(void);
void	gate_leave(void);
/* Gives back the place a dead worker held, if any (the master). */
void	gate_release(pid_t pid);

#endif

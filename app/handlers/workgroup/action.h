/*
 * action: what other pages show of the working group's actions
 * (action.c): the working-group home lists the open ones.
 */
#ifndef PORTAL_HANDLERS_ACTION_H
#define PORTAL_HANDLERS_ACTION_H

#include "../handler.h"

/* The location's open actions, the overdue marked, into *items (new):
 * 0, or the status answered. */
int	action_open(struct ctx *, json_t **items);

#endif

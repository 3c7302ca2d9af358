/*
 * role: working-group roles and their abilities, one table row each
 * (docs/domain.md, "People and roles").
 */
#include <stddef.h>
#include <string.h>

#include "role.h"

static const struct {
	const char	*key;
	int		 write, manage;
} roles[ROLE__MAX] = {
	[ROLE_NONE] =		{ NULL, 0, 0 },
	[ROLE_OBSERVER] =	{ "observer", 0, 0 },
	[ROLE_MEMBER] =		{ "member", 1, 0 },
	[ROLE_COORDINATOR] =	{ "coordinator", 1, 1 },
};

enum role
role_parse(const char *key)
{
	int	 r;

	if (key == NULL)
		return ROLE_NONE;
	for (r = ROLE_NONE + 1; r < ROLE__MAX; r++)
		if (strcmp(roles[r].key, key) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

/* Out-of-range values behave as ROLE_NONE. */
static int
valid(enum role r)
{
	return (int)r > ROLE_NONE && r < ROLE__MAX;
}

const char *
role_name(enum role r)
{
	return valid(r) ? roles[r].key : NULL;
}

int
role_can_write(enum role r)
{
	return valid(r) && roles[r].write;
}

int
role_can_manage(enum role r)
{
	return valid(r) && roles[r].manage;
}

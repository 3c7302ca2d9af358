/*
 * changes: the per-host change counter (see changes.h).
 */
#include <stdatomic.h>
#include <stddef.h>
#include <sys/mman.h>

#include "changes.h"

static atomic_ulong	*counter;
static atomic_ulong	 unshared;	/* before changes_init(): tests, tools */

int
changes_init(void)
{
	void *p = mmap(NULL, sizeof(*counter), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	counter = p;
	atomic_init(counter, 0);
	return 0;
}

void
changes_bump(void)
{
	atomic_fetch_add(counter != NULL ? counter : &unshared, 1);
}

unsigned long
changes_count(void)
{
	return atomic_load(counter != NULL ? counter : &unshared);
}

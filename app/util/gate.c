/*
 * gate: the per-host cap on concurrent expensive work (see gate.h).
 */
#include <stdatomic.h>
#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gate.h"

static atomic_int	*places;	/* cap of them: 0 free, else a pid */
static int		 cap;
static int		 mine = -1;	/* the place this process holds */

int
gate_init(int n)
{
	void	*p;
	int	 i;

	if (n < 1 || n > GATE_MAX)
		return -1;
	p = mmap(NULL, sizeof(*places) * (size_t)n, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	places = p;
	for (i = 0; i < n; i++)
		atomic_init(&places[i], 0);
	cap = n;
	return 0;
}

int
gate_enter(void)
{
	int	 i, expect;

	if (places == NULL || mine != -1)
		return 0;
	for (i = 0; i < cap; i++) {
		expect = 0;
		if (atomic_compare_exchange_strong(&places[i], &expect,
		    (int)getpid())) {
			mine = i;
			return 0;
		}
	}
	return -1;
}

void
gate_leave(void)
{
	if (places == NULL || mine == -1)
		return;
	atomic_store(&places[mine], 0);
	mine = -1;
}

void
gate_release(pid_t pid)
{
	int	 i, expect;

	for (i = 0; places != NULL && i < cap; i++) {
		expect = (int)pid;
		(void)atomic_compare_exchange_strong(&places[i], &expect, 0);
	}
}

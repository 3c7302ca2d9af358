/*
 * fuzz.h: what every libFuzzer target here shares: the entry points'
 * prototypes and CHECK(), which aborts (a crash libFuzzer records) when a
 * property the code promises does not hold.
 */
#ifndef PORTAL_FUZZ_H
#define PORTAL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

#endif

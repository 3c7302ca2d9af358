/*
 * money: amounts of money as people read them.  The portal keeps money as
 * integer cents (never floating point); this is the one place that turns
 * cents into "$1,234.56", for templates' |cents filter and for messages.
 */
#ifndef PORTAL_MONEY_H
#define PORTAL_MONEY_H

#include "buf.h"

#define MONEY_TEXT	32	/* "-$92,233,720,368,547,758.08" and NUL */

/* Appends cents as "$1,234.56" ("-$5.00" below zero). */
void	money_put(struct buf *, long long cents);
/* The same into out; returns out. */
const char *money_text(char out[MONEY_TEXT], long long cents);

#endif

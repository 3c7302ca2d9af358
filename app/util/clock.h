/*
 * clock: the monotonic clock, for intervals (back-off, expiry of what a
 * worker remembers, request timing); never the time of day.
 */
#ifndef PORTAL_CLOCK_H
#define PORTAL_CLOCK_H

long long	 clock_ms(void);
long long	 clock_us(void);

#endif

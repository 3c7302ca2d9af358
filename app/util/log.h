/*
 * log: the portal's one way of writing log lines.
 *
 * Lines go to stderr as logfmt ("key=value ..."), one event per line, with
 * the time and the process id first.  Values pass through log_value(), which
 * quotes them and escapes control characters, so a hostile path cannot forge
 * a line.  Never pass a secret, a request body or a query string.
 */
#ifndef PORTAL_LOG_H
#define PORTAL_LOG_H

enum log_level {
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARN,
	LOG_ERROR,
};

void	log_set_level(enum log_level);
/* Parses "debug", "info", "warn" or "error"; returns -1 for anything else. */
int	log_level_parse(const char *, enum log_level *);
/*
 * Writes one line: level, msg and then the printf-formatted key=value pairs
 * of fmt, which must already be escaped (use %s with log_value output).
 */
void	log_msg(enum log_level, const char *msg, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Escapes s for use as a logfmt value into out (size outsz, always
 * NUL-terminated, truncated with "..." if needed).  Returns out.
 */
const char *log_value(char *out, size_t outsz, const char *s);

#endif

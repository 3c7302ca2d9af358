/*
 * log: logfmt lines on stderr (see log.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

static enum log_level	 min_level = LOG_INFO;
static const char	*level_names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level level)
{
	min_level = level;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	size_t	 i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_msg(enum log_level level, const char *msg, const char *fmt, ...)
{
	struct buf	 line = BUF_INIT;
	struct timespec	 ts;
	struct tm	 tm;
	char		 when[32];
	va_list		 ap;
	int		 n;

	if (level < min_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(&line, "ts=%s.%03ldZ pid=%ld level=%s msg=\"%s\"", when,
	    ts.tv_nsec / 1000000, (long)getpid(), level_names[level], msg);
	if (fmt != NULL && fmt[0] != '\0') {
		char tail[2048];

		va_start(ap, fmt);
		n = vsnprintf(tail, sizeof(tail), fmt, ap);
		va_end(ap);
		if (n > 0) {
			buf_putc(&line, ' ');
			buf_puts(&line, tail);
		}
	}
	buf_putc(&line, '\n');
	/* One write(2) per line keeps lines from different workers whole. */
	if (!buf_failed(&line) &&
	    write(STDERR_FILENO, line.data, line.len) < 0)
		(void)0;
	buf_free(&line);
}

const char *
log_value(char *out, size_t outsz, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t	 o = 0;
	unsigned char c;

	if (outsz < 8) {
		if (outsz > 0)
			out[0] = '\0';
		return out;
	}
	out[o++] = '"';
	for (; s != NULL && *s != '\0'; s++) {
		if (o + 8 >= outsz) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		} else
			out[o++] = (char)c;
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}

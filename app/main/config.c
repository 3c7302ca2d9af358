/*
 * config: reading portald's settings (see config.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../http/validate.h"
#include "config.h"

static void
usage(void)
{
	fprintf(stderr, "usage: portald [-s socket] [-m mode] [-g group] "
	    "[-w workers] [-d database-url] [-t templates] [-l level]\n");
}

static int
set_int(const char *name, const char *v, long long min, long long max,
    int *out)
{
	long long	 n;
	const char	*msg;

	if ((msg = valid_int(v, min, max, &n)) != NULL) {
		fprintf(stderr, "portald: %s %s\n", name, msg);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int
set_mode(const char *v, int *out)
{
	char	*end;
	long	 m = strtol(v, &end, 8);

	if (*v == '\0' || *end != '\0' || m < 0 || m > 0777) {
		fprintf(stderr, "portald: socket mode must be octal, e.g. "
		    "0660\n");
		return -1;
	}
	*out = (int)m;
	return 0;
}

static int
set_level(const char *v, enum log_level *out)
{
	if (log_level_parse(v, out) == -1) {
		fprintf(stderr, "portald: log level must be debug, info, warn "
		    "or error\n");
		return -1;
	}
	return 0;
}

static const char *
env(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : fallback;
}

int
config_load(struct config *c, int argc, char *argv[])
{
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char	*v;
	int		 ch;

	memset(c, 0, sizeof(*c));
	c->socket_path = env("PORTAL_SOCKET", "var/run/portald.sock");
	c->socket_mode = 0660;
	c->socket_group = env("PORTAL_SOCKET_GROUP", NULL);
	c->workers = cpus > 0 ? (int)cpus : 2;
	c->database_url = env("PORTAL_DATABASE_URL", "dbname=portal");
	c->templates = env("PORTAL_TEMPLATES", "app/templates");
	c->locale = env("PORTAL_LOCALE", "build/locale");
	c->site_url = env("PORTAL_SITE_URL", "http://127.0.0.1:8080");
	c->secret_key_file = env("PORTAL_SECRET_KEY_FILE", NULL);
	c->metrics_addr = env("PORTAL_METRICS_ADDR", NULL);
	c->log_level = LOG_INFO;
	c->shutdown_grace = 10;
	c->api_token_days = 90;
	if ((v = getenv("PORTAL_SOCKET_MODE")) != NULL &&
	    set_mode(v, &c->socket_mode) == -1)
		return -1;
	if ((v = getenv("PORTAL_WORKERS")) != NULL &&
	    set_int("PORTAL_WORKERS", v, 1, 256, &c->workers) == -1)
		return -1;
	if ((v = getenv("PORTAL_LOG_LEVEL")) != NULL &&
	    set_level(v, &c->log_level) == -1)
		return -1;
	if ((v = getenv("PORTAL_SHUTDOWN_GRACE")) != NULL &&
	    set_int("PORTAL_SHUTDOWN_GRACE", v, 1, 600,
	    &c->shutdown_grace) == -1)
		return -1;
	if ((v = getenv("PORTAL_HASH_CONCURRENCY")) != NULL &&
	    set_int("PORTAL_HASH_CONCURRENCY", v, 1, 256,
	    &c->hash_concurrency) == -1)
		return -1;
	if ((v = getenv("PORTAL_API_TOKEN_DAYS")) != NULL &&
	    set_int("PORTAL_API_TOKEN_DAYS", v, 1, 3650,
	    &c->api_token_days) == -1)
		return -1;
	while ((ch = getopt(argc, argv, "d:g:l:m:s:t:w:")) != -1) {
		switch (ch) {
		case 'd':
			c->database_url = optarg;
			break;
		case 'g':
			c->socket_group = optarg;
			break;
		case 'l':
			if (set_level(optarg, &c->log_level) == -1)
				return -1;
			break;
		case 'm':
			if (set_mode(optarg, &c->socket_mode) == -1)
				return -1;
			break;
		case 's':
			c->socket_path = optarg;
			break;
		case 't':
			c->templates = optarg;
			break;
		case 'w':
			if (set_int("-w", optarg, 1, 256, &c->workers) == -1)
				return -1;
			break;
		default:
			usage();
			return -1;
		}
	}
	if (optind != argc) {
		usage();
		return -1;
	}
	/* One worker is always left for everything else (/livez too). */
	if (c->hash_concurrency == 0)
		c->hash_concurrency = c->workers > 1 ? c->workers - 1 : 1;
	return 0;
}

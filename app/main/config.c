/*
 * config: reading portald's settings (see config.h).
 */
#include <getopt.h>
#include <stddef.h>
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

/* The numeric settings from the environment, each with its bounds. */
static const struct {
	const char	*name;
	long long	 min, max;
	size_t		 off;		/* an int in struct config */
} int_settings[] = {
	{ "PORTAL_WORKERS", 1, 256, offsetof(struct config, workers) },
	{ "PORTAL_SHUTDOWN_GRACE", 1, 600,
	    offsetof(struct config, shutdown_grace) },
	{ "PORTAL_HASH_CONCURRENCY", 1, 256,
	    offsetof(struct config, hash_concurrency) },
	{ "PORTAL_API_TOKEN_DAYS", 1, 3650,
	    offsetof(struct config, api_token_days) },
};

/* Defaults, then the environment. */
static int
config_env(struct config *c)
{
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char	*v;
	size_t		 i;

	memset(c, 0, sizeof(*c));
	c->socket_path = env("PORTAL_SOCKET", "var/run/portald.sock");
	c->socket_mode = 0660;
	c->socket_group = env("PORTAL_SOCKET_GROUP", NULL);
	c->workers = cpus > 0 ? (int)cpus : 2;
	c->database_url = env("PORTAL_DATABASE_URL", "dbname=portal");
	c->replica_url = env("PORTAL_REPLICA_URL", NULL);
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
	if ((v = getenv("PORTAL_LOG_LEVEL")) != NULL &&
	    set_level(v, &c->log_level) == -1)
		return -1;
	for (i = 0; i < sizeof(int_settings) / sizeof(int_settings[0]); i++)
		if ((v = getenv(int_settings[i].name)) != NULL &&
		    set_int(int_settings[i].name, v, int_settings[i].min,
		    int_settings[i].max,
		    (int *)((char *)c + int_settings[i].off)) == -1)
			return -1;
	return 0;
}

/* One command-line option, which overrides the environment. */
static int
config_option(struct config *c, int ch)
{
	switch (ch) {
	case 'd':
		c->database_url = optarg;
		return 0;
	case 'g':
		c->socket_group = optarg;
		return 0;
	case 'l':
		return set_level(optarg, &c->log_level);
	case 'm':
		return set_mode(optarg, &c->socket_mode);
	case 's':
		c->socket_path = optarg;
		return 0;
	case 't':
		c->templates = optarg;
		return 0;
	case 'w':
		return set_int("-w", optarg, 1, 256, &c->workers);
	default:
		usage();
		return -1;
	}
}

int
config_load(struct config *c, int argc, char *argv[])
{
	int	 ch;

	if (config_env(c) == -1)
		return -1;
	while ((ch = getopt(argc, argv, "d:g:l:m:s:t:w:")) != -1)
		if (config_option(c, ch) == -1)
			return -1;
	if (optind != argc) {
		usage();
		return -1;
	}
	/* One worker is always left for everything else (/livez too). */
	if (c->hash_concurrency == 0)
		c->hash_concurrency = c->workers > 1 ? c->workers - 1 : 1;
	return 0;
}

/*
 * config: portald's settings, from the environment and the command line
 * (flags win).  See README.md, "Configuration".
 */
#ifndef PORTAL_CONFIG_H
#define PORTAL_CONFIG_H

#include "../util/log.h"

struct config {
	const char	*socket_path;	/* PORTAL_SOCKET, -s */
	int		 socket_mode;	/* PORTAL_SOCKET_MODE, -m (octal) */
	const char	*socket_group;	/* PORTAL_SOCKET_GROUP, -g: the web
					 * server's group, or NULL */
	int		 workers;	/* PORTAL_WORKERS, -w */
	const char	*database_url;	/* PORTAL_DATABASE_URL, -d */
	const char	*replica_url;	/* PORTAL_REPLICA_URL or NULL: a
					 * streaming replica for anonymous
					 * public reads (db/replica.h) */
	const char	*templates;	/* PORTAL_TEMPLATES, -t */
	const char	*locale;	/* PORTAL_LOCALE: compiled catalogues */
	const char	*site_url;	/* PORTAL_SITE_URL: https://... */
	const char	*secret_key_file; /* PORTAL_SECRET_KEY_FILE or NULL */
	enum log_level	 log_level;	/* PORTAL_LOG_LEVEL, -l */
	int		 shutdown_grace; /* PORTAL_SHUTDOWN_GRACE seconds */
	int		 hash_concurrency; /* PORTAL_HASH_CONCURRENCY: password
					 * hashes at once on this host
					 * (util/gate.h); workers - 1, at
					 * least 1, by default */
	int		 api_token_days; /* PORTAL_API_TOKEN_DAYS */
	const char	*metrics_addr;	/* PORTAL_METRICS_ADDR: host:port of
					 * the Prometheus endpoint, or NULL */
};

/* Fills c from the environment and argv; returns 0, or -1 after printing
 * usage or the fault to stderr. */
int	config_load(struct config *c, int argc, char *argv[]);

#endif

/*
 * portald: the portal's FastCGI daemon, a prefork master.
 *
 * The master parses the configuration, loads the templates and routes,
 * opens the FastCGI socket and forks the workers, which inherit all of it.
 * It then only supervises: a worker that dies is respawned (with back-off
 * when it keeps dying young, so a broken deployment does not spin), and
 * on SIGTERM or SIGINT the master stops the workers, lets in-flight
 * requests finish for up to the grace period, and exits.
 *
 * A restart loses no request (docs/deploy.md).  Under systemd the socket
 * is the socket unit's (LISTEN_FDS): it outlives portald, and what queues
 * on it while no portald runs waits for the next one.  Otherwise a new
 * portald binds its socket beside the path and renames it over the old
 * one, so connecting never fails; the old portald, told to stop, leaves
 * the path alone (it is no longer its own) and its workers serve what is
 * still queued on the old socket before they exit.
 */
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "../util/clock.h"
#include "../auth/password.h"
#include "../util/changes.h"
#include "../util/gate.h"
#include "../util/log.h"
#include "../util/metrics.h"
#include "../http/scrape.h"
#include "../handlers/routes.h"
#include "config.h"
#include "worker.h"

#define MAX_WORKERS	256
#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	5000
#define YOUNG_MS	1000	/* a worker dying younger is failing */

#define SD_LISTEN_FDS_START 3	/* systemd's first passed descriptor */

/* The FastCGI socket and whether it is ours to remove at exit. */
struct listener {
	int		 fd;
	int		 inherited;	/* from systemd: it outlives us */
	int		 is_path;	/* a unix socket we bound at a path */
	dev_t		 dev;		/* the path's file when we bound it */
	ino_t		 ino;
};

struct slot {
	pid_t		 pid;		/* 0: not running */
	long long	 started_ms;
	long long	 respawn_at_ms;
	int		 failures;
};

static volatile sig_atomic_t got_term;
static volatile sig_atomic_t got_chld;

static void
on_signal(int sig)
{
	if (sig == SIGCHLD)
		got_chld = 1;
	else
		got_term = 1;
}

/* Signals stay blocked except inside pselect(), so none is missed. */
static void
master_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t	 block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, waitmask);
}

/*
 * The socket systemd passed (LISTEN_PID is us, LISTEN_FDS is 1), or 0.
 * The variables are unset so that nothing forked later takes them.
 */
static int
inherit_socket(struct listener *l)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");

	if (pid == NULL || fds == NULL || strtol(pid, NULL, 10) != (long)getpid())
		return 0;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (strcmp(fds, "1") != 0) {
		fprintf(stderr, "portald: expected one socket from systemd, "
		    "got LISTEN_FDS=%s\n", fds);
		return -1;
	}
	l->fd = SD_LISTEN_FDS_START;
	l->inherited = 1;
	return 1;
}

/* Gives a new unix socket its mode and group before anyone can reach it. */
static int
socket_access(const struct config *cfg, const char *path)
{
	struct group	*gr;

	if (chmod(path, (mode_t)cfg->socket_mode) == -1) {
		fprintf(stderr, "portald: cannot chmod %s\n", path);
		return -1;
	}
	if (cfg->socket_group == NULL)
		return 0;
	if ((gr = getgrnam(cfg->socket_group)) == NULL ||
	    chown(path, (uid_t)-1, gr->gr_gid) == -1) {
		fprintf(stderr, "portald: cannot give %s to group %s\n",
		    path, cfg->socket_group);
		return -1;
	}
	return 0;
}

/*
 * A unix socket is bound at PATH.PID, given its access, then renamed over
 * PATH in one step: a portald still running on the old socket keeps
 * serving what is queued there, and new connections find the new one.
 */
static int
bind_path(struct listener *l, const struct config *cfg)
{
	char		 tmp[512];
	struct stat	 st;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%ld", cfg->socket_path,
	    (long)getpid()) >= sizeof(tmp))
		return -1;
	(void)unlink(tmp);		/* stale, from a crash */
	if ((l->fd = FCGX_OpenSocket(tmp, 1024)) < 0) {
		fprintf(stderr, "portald: cannot listen on %s\n", tmp);
		return -1;
	}
	if (socket_access(cfg, tmp) == -1 ||
	    rename(tmp, cfg->socket_path) == -1 ||
	    stat(cfg->socket_path, &st) == -1) {
		fprintf(stderr, "portald: cannot put a socket at %s\n",
		    cfg->socket_path);
		(void)unlink(tmp);
		return -1;
	}
	l->is_path = 1;
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	return 0;
}

static int
open_socket(struct listener *l, const struct config *cfg)
{
	/* libfcgi reads "host:port" and ":port" as TCP, anything with a
	 * slash or no colon as a unix socket path. */
	int	 tcp = strchr(cfg->socket_path, ':') != NULL &&
	    strchr(cfg->socket_path, '/') == NULL;
	int	 rc;

	memset(l, 0, sizeof(*l));
	if ((rc = inherit_socket(l)) == -1)
		return -1;
	if (rc == 0 && tcp && (l->fd = FCGX_OpenSocket(cfg->socket_path,
	    1024)) < 0) {
		fprintf(stderr, "portald: cannot listen on %s\n",
		    cfg->socket_path);
		return -1;
	}
	if (rc == 0 && !tcp && bind_path(l, cfg) == -1)
		return -1;
	/* Workers wait in poll() and accept without blocking, so one that
	 * is told to stop sees an empty queue instead of waiting on it. */
	if (fcntl(l->fd, F_SETFL, fcntl(l->fd, F_GETFL) | O_NONBLOCK) == -1) {
		fprintf(stderr, "portald: cannot set up the socket\n");
		return -1;
	}
	return 0;
}

/*
 * Stopping: the path goes first, if it is still our socket, so nothing
 * new queues while the workers drain.  A newer portald's socket at the
 * same path is left alone, and so is systemd's.
 */
static void
release_path(const struct listener *l, const struct config *cfg)
{
	struct stat	 st;

	if (l->is_path && stat(cfg->socket_path, &st) == 0 &&
	    st.st_dev == l->dev && st.st_ino == l->ino)
		(void)unlink(cfg->socket_path);
}

/*
 * A worker leaves through _exit(): the master's atexit handlers and stdio
 * buffers are not its own.  The sanitizer build leaves through exit(), so
 * LeakSanitizer checks every worker for what its requests left behind.
 */
static void
worker_exit(int rc)
{
#ifdef PORTAL_SANITIZE
	exit(rc);
#else
	_exit(rc);
#endif
}

static void
spawn(struct slot *s, struct app *app, const struct config *cfg,
    const struct listener *l)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		log_msg(LOG_ERROR, "cannot fork a worker", "errno=%d", errno);
		s->respawn_at_ms = clock_ms() + BACKOFF_MAX_MS;
		return;
	}
	if (pid == 0)
		worker_exit(worker_run(app, cfg, l->fd, !l->inherited));
	metrics_add(METRIC_WORKER_STARTS);
	if (s->started_ms != 0)		/* the slot's worker died */
		metrics_add(METRIC_WORKER_RESTARTS);
	s->pid = pid;
	s->started_ms = clock_ms();
	s->respawn_at_ms = 0;
	log_msg(LOG_INFO, "worker started", "worker=%ld", (long)pid);
}

/* Marks the dead worker's slot for respawn, backing off if it died young. */
static void
reap(struct slot *slots, int n)
{
	pid_t		 pid;
	int		 status, i, delay;
	long long	 now = clock_ms();

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < n && slots[i].pid != pid; i++)
			;
		if (i == n)
			continue;
		slots[i].pid = 0;
		gate_release(pid);	/* a hash it was doing */
		if (now - slots[i].started_ms < YOUNG_MS)
			slots[i].failures++;
		else
			slots[i].failures = 0;
		delay = slots[i].failures == 0 ? 0 : BACKOFF_MIN_MS <<
		    (slots[i].failures < 6 ? slots[i].failures - 1 : 5);
		if (delay > BACKOFF_MAX_MS)
			delay = BACKOFF_MAX_MS;
		slots[i].respawn_at_ms = now + delay;
		if (got_term)
			continue;
		if (WIFSIGNALED(status))
			log_msg(LOG_WARN, "worker killed; respawning",
			    "worker=%ld signal=%d respawn_ms=%d", (long)pid,
			    WTERMSIG(status), delay);
		else
			log_msg(LOG_WARN, "worker exited; respawning",
			    "worker=%ld status=%d respawn_ms=%d", (long)pid,
			    WEXITSTATUS(status), delay);
	}
}

static int
running(const struct slot *slots, int n)
{
	int	 i, count = 0;

	for (i = 0; i < n; i++)
		count += slots[i].pid != 0;
	return count;
}

/* The metrics listener, or -1 (PORTAL_METRICS_ADDR unset). */
static int	 metrics_fd = -1;

/*
 * Waits for a signal or ms; answers a scrape that comes meanwhile, unless
 * dburl is NULL (stopping: scrapes wait for the next portald).
 */
static void
wait_signal(const sigset_t *waitmask, long long ms, const char *dburl)
{
	struct timespec ts;
	fd_set		 rfds;
	int		 fd = dburl != NULL ? metrics_fd : -1;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	FD_ZERO(&rfds);
	if (fd != -1)
		FD_SET(fd, &rfds);
	if (pselect(fd + 1, &rfds, NULL, NULL, ms >= 0 ? &ts : NULL,
	    waitmask) > 0 && fd != -1 && FD_ISSET(fd, &rfds))
		scrape_serve(fd, dburl, routes_label);
}

/* Stops the workers: SIGTERM, the grace period, then SIGKILL. */
static void
shutdown_workers(struct slot *slots, int n, const sigset_t *waitmask,
    int grace)
{
	long long	 deadline = clock_ms() + grace * 1000LL;
	int		 i;

	log_msg(LOG_INFO, "stopping workers", NULL);
	for (i = 0; i < n; i++)
		if (slots[i].pid != 0)
			kill(slots[i].pid, SIGTERM);
	while (running(slots, n) > 0 && clock_ms() < deadline) {
		wait_signal(waitmask, 50, NULL);
		reap(slots, n);
	}
	for (i = 0; i < n; i++)
		if (slots[i].pid != 0) {
			log_msg(LOG_WARN, "worker did not stop in time; killed",
			    "worker=%ld", (long)slots[i].pid);
			kill(slots[i].pid, SIGKILL);
			waitpid(slots[i].pid, NULL, 0);
		}
}

static void
supervise(struct slot *slots, int n, struct app *app,
    const struct config *cfg, const struct listener *l,
    const sigset_t *waitmask)
{
	long long	 now, next;
	int		 i;

	while (!got_term) {
		got_chld = 0;
		reap(slots, n);
		now = clock_ms();
		next = -1;
		for (i = 0; i < n && !got_term; i++) {
			if (slots[i].pid != 0)
				continue;
			if (slots[i].respawn_at_ms <= now)
				spawn(&slots[i], app, cfg, l);
			else if (next == -1 || slots[i].respawn_at_ms < next)
				next = slots[i].respawn_at_ms;
		}
		if (!got_term && !got_chld)
			wait_signal(waitmask, next == -1 ? -1 : next - now,
			    cfg->database_url);
	}
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct app	 app;
	struct buf	 err = BUF_INIT;
	struct slot	 slots[MAX_WORKERS];
	struct listener	 lst;
	sigset_t	 waitmask;

	/* The route table, for the OpenAPI document's check; no start-up. */
	if (argc == 2 && strcmp(argv[1], "--routes") == 0) {
		routes_print(stdout);
		return 0;
	}
	if (config_load(&cfg, argc, argv) == -1)
		return 2;
	log_set_level(cfg.log_level);
	if (sodium_init() < 0) {
		fprintf(stderr, "portald: libsodium cannot start\n");
		return 1;
	}
	if (password_init() == -1) {
		fprintf(stderr, "portald: cannot prepare password hashing\n");
		return 1;
	}
	if (changes_init() == -1) {
		fprintf(stderr, "portald: cannot map the shared change count\n");
		return 1;
	}
	if (metrics_init() == -1) {
		fprintf(stderr, "portald: cannot map the shared metrics\n");
		return 1;
	}
	if (cfg.metrics_addr != NULL &&
	    (metrics_fd = scrape_listen(cfg.metrics_addr)) == -1)
		return 1;
	if (gate_init(cfg.hash_concurrency) == -1) {
		fprintf(stderr, "portald: cannot map the hashing gate\n");
		return 1;
	}
	if (app_init(&app, &cfg, &err) == -1) {
		fprintf(stderr, "portald: %s", buf_str(&err));
		return 1;
	}
	buf_free(&err);
	if (FCGX_Init() != 0 || open_socket(&lst, &cfg) == -1)
		return 1;
	master_signals(&waitmask);
	memset(slots, 0, sizeof(slots));
	log_msg(LOG_INFO, "portald listening", "workers=%d hash_concurrency=%d inherited=%d",
	    cfg.workers, cfg.hash_concurrency, lst.inherited);
	supervise(slots, cfg.workers, &app, &cfg, &lst, &waitmask);
	release_path(&lst, &cfg);
	shutdown_workers(slots, cfg.workers, &waitmask, cfg.shutdown_grace);
	close(lst.fd);
	app_free(&app);
	log_msg(LOG_INFO, "portald stopped", NULL);
	return 0;
}

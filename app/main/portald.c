/*
 * portald: the portal's FastCGI daemon, a prefork master.
 *
 * The master parses the configuration, loads the templates and routes,
 * opens the FastCGI socket and forks the workers, which inherit all of it.
 * It then only supervises: a worker that dies is respawned (with back-off
 * when it keeps dying young, so a broken deployment does not spin), and
 * on SIGTERM or SIGINT the master stops the workers, lets in-flight
 * requests finish for up to the grace period, and exits.
 */
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
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
#include "config.h"
#include "worker.h"

#define MAX_WORKERS	256
#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	5000
#define YOUNG_MS	1000	/* a worker dying younger is failing */

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

static int
open_socket(const struct config *cfg)
{
	/* libfcgi reads "host:port" and ":port" as TCP, anything with a
	 * slash or no colon as a unix socket path. */
	int	 tcp = strchr(cfg->socket_path, ':') != NULL &&
	    strchr(cfg->socket_path, '/') == NULL;
	int	 fd;

	if (!tcp)
		(void)unlink(cfg->socket_path);	/* stale, from a crash */
	if ((fd = FCGX_OpenSocket(cfg->socket_path, 1024)) < 0) {
		fprintf(stderr, "portald: cannot listen on %s\n",
		    cfg->socket_path);
		return -1;
	}
	if (tcp)
		return fd;
	if (chmod(cfg->socket_path, (mode_t)cfg->socket_mode) == -1) {
		fprintf(stderr, "portald: cannot chmod %s\n", cfg->socket_path);
		return -1;
	}
	if (cfg->socket_group != NULL) {
		struct group *gr = getgrnam(cfg->socket_group);

		if (gr == NULL || chown(cfg->socket_path, (uid_t)-1,
		    gr->gr_gid) == -1) {
			fprintf(stderr, "portald: cannot give %s to group %s\n",
			    cfg->socket_path, cfg->socket_group);
			return -1;
		}
	}
	return fd;
}

static void
spawn(struct slot *s, struct app *app, const struct config *cfg, int fd)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		log_msg(LOG_ERROR, "cannot fork a worker", "errno=%d", errno);
		s->respawn_at_ms = clock_ms() + BACKOFF_MAX_MS;
		return;
	}
	if (pid == 0)
		_exit(worker_run(app, cfg, fd));
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

static void
wait_signal(const sigset_t *waitmask, long long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	(void)pselect(0, NULL, NULL, NULL, ms >= 0 ? &ts : NULL, waitmask);
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
		wait_signal(waitmask, 50);
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
    const struct config *cfg, int fd, const sigset_t *waitmask)
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
				spawn(&slots[i], app, cfg, fd);
			else if (next == -1 || slots[i].respawn_at_ms < next)
				next = slots[i].respawn_at_ms;
		}
		if (!got_term && !got_chld)
			wait_signal(waitmask, next == -1 ? -1 : next - now);
	}
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct app	 app;
	struct buf	 err = BUF_INIT;
	struct slot	 slots[MAX_WORKERS];
	sigset_t	 waitmask;
	int		 fd;

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
	if (gate_init(cfg.hash_concurrency) == -1) {
		fprintf(stderr, "portald: cannot map the hashing gate\n");
		return 1;
	}
	if (app_init(&app, &cfg, &err) == -1) {
		fprintf(stderr, "portald: %s", buf_str(&err));
		return 1;
	}
	buf_free(&err);
	if (FCGX_Init() != 0 || (fd = open_socket(&cfg)) == -1)
		return 1;
	master_signals(&waitmask);
	memset(slots, 0, sizeof(slots));
	log_msg(LOG_INFO, "portald listening", "workers=%d hash_concurrency=%d",
	    cfg.workers, cfg.hash_concurrency);
	supervise(slots, cfg.workers, &app, &cfg, fd, &waitmask);
	shutdown_workers(slots, cfg.workers, &waitmask, cfg.shutdown_grace);
	close(fd);
	(void)unlink(cfg.socket_path);
	app_free(&app);
	log_msg(LOG_INFO, "portald stopped", NULL);
	return 0;
}

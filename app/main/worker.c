/*
 * worker: the FastCGI accept loop and per-request glue (see worker.h).
 *
 * Per request: read the CGI parameters and body, parse them into a
 * struct request, dispatch, serialise the response once, log one line,
 * free everything.  Nothing a request allocates outlives it.
 */
#include <sys/select.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "../handlers/routes.h"
#include "../util/clock.h"
#include "../util/metrics.h"
#include "../util/log.h"
#include "../util/memo.h"
#include "../views/i18n.h"
#include "worker.h"

static volatile sig_atomic_t stopping;

/*
 * What the layout needs of a language, made once: {"page": {"lang",
 * "dir", "languages": [{"code", "name", "dir", "current"}]}}.  The
 * switcher's links are "?lang=code", relative to the page they are on.
 */
static json_t *
page_json(int lang)
{
	json_t	*list = json_array();
	size_t	 i;

	for (i = 0; i < i18n_nlangs; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}",
		    "code", i18n_langs[i].code, "name", i18n_langs[i].name,
		    "dir", i18n_langs[i].dir, "current", (int)i == lang));
	return json_pack("{s:{s:s, s:s, s:o}}", "page", "lang",
	    i18n_code(lang), "dir", i18n_dir(lang), "languages", list);
}

int
app_init(struct app *app, const struct config *cfg, struct buf *err)
{
	size_t	 i;

	memset(app, 0, sizeof(*app));
	if (i18n_init(cfg->locale) == -1) {
		buf_printf(err, "%s: cannot bind the message catalogues\n",
		    cfg->locale);
		return -1;
	}
	if ((app->templates = tmpl_set_new()) == NULL ||
	    tmpl_load_dir(app->templates, cfg->templates, err) == -1)
		return -1;
	tmpl_translate(app->templates);
	if (routes_init(app, err) == -1)
		return -1;
	app->globals = json_pack("{s:{s:s, s:s}}", "site", "name",
	    "Community Engagement Portal", "url", cfg->site_url);
	for (i = 0; i < i18n_nlangs; i++)
		if ((app->page[i] = page_json((int)i)) == NULL)
			return -1;
	if ((app->languages = language_catalogues(cfg->locale)) == NULL)
		return -1;
	app->site_url = cfg->site_url;
	if (auth_site_init(&app->site, cfg->site_url, cfg->secret_key_file,
	    err) == -1)
		return -1;
	app->api_token_days = cfg->api_token_days;
	return app->globals != NULL ? 0 : -1;
}

void
app_free(struct app *app)
{
	size_t	 i;

	db_free(app->db);
	replica_free(app->replica);
	tmpl_set_free(app->templates);
	router_free(app->router);
	cache_free(app->cache);
	memo_free(app->sessions);
	memo_free(app->views);
	memo_free(app->pages);
	json_decref(app->globals);
	for (i = 0; i < I18N_MAX; i++)
		json_decref(app->page[i]);
	json_decref(app->languages);
	memset(app, 0, sizeof(*app));
}

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/*
 * SIGTERM and SIGINT stay blocked except inside pselect() (waitmask), so a
 * worker learns it must stop only between requests: one in progress is
 * never interrupted, and no signal is lost between a check and a wait.
 */
static void
install_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t	 block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_SETMASK, &block, NULL);
	sigemptyset(waitmask);
}

/* Waits for a connection on fd, or a signal, or until limit. */
static void
wait_readable(int fd, const struct timespec *limit, const sigset_t *waitmask)
{
	fd_set	 r;

	FD_ZERO(&r);
	FD_SET(fd, &r);
	(void)pselect(fd + 1, &r, NULL, NULL, limit, waitmask);
}

/*
 * Takes the next request: 0, or 1 to stop, or -1 on an error.  The
 * listening socket does not block (portald sets it so): workers wait in
 * pselect() and race for each connection.  Told to stop, a worker whose
 * master owns the socket drains it, serving what is queued until the
 * queue is empty (the master removed the path first, so it empties); on
 * a socket systemd keeps, the queue waits for the next portald instead.
 */
static int
next_request(FCGX_Request *fr, int drain, const sigset_t *waitmask)
{
	const struct timespec now = { 0, 0 };
	int		 rc;

	wait_readable(fr->listen_sock, &now, waitmask);	/* a pending SIGTERM */
	for (;;) {
		if (stopping && !drain)
			return 1;
		if ((rc = FCGX_Accept_r(fr)) == 0)
			return 0;
		if (rc != -EAGAIN && rc != -EWOULDBLOCK && rc != -EINTR &&
		    rc != -ECONNABORTED) {
			log_msg(LOG_ERROR, "cannot accept", "errno=%d", -rc);
			return -1;
		}
		if (stopping)
			return 1;		/* drained */
		wait_readable(fr->listen_sock, NULL, waitmask);
	}
}

/*
 * Reads the body into body.  Bodies over REQUEST_MAX_BODY are not read
 * (the answer is 413); returns 1 for that, 0 otherwise.
 */
static int
read_body(FCGX_Request *fr, struct buf *body)
{
	const char	*cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	char		 chunk[8192];
	long long	 want;
	int		 n;

	buf_reset(body);
	want = cl != NULL ? strtoll(cl, NULL, 10) : 0;
	if (want > REQUEST_MAX_BODY)
		return 1;
	while (want > 0 && (n = FCGX_GetStr(chunk, (int)(want < (long long)
	    sizeof(chunk) ? want : (long long)sizeof(chunk)), fr->in)) > 0) {
		buf_append(body, chunk, (size_t)n);
		want -= n;
	}
	return 0;
}

/*
 * One line per request.  The path without the query (a query may carry
 * anything), and with the segments the route table declares secret
 * (invitation and reset links' tokens) as "[redacted]".
 */
static void
log_request(const struct app *app, const struct request *req, int status,
    long long us)
{
	struct buf	 raw = BUF_INIT;
	char		 method[24], path[512];

	request_log_path(req, router_secrets(app->router, req), &raw);
	log_msg(status >= 500 ? LOG_WARN : LOG_INFO, "request",
	    "method=%s path=%s status=%d us=%lld",
	    log_value(method, sizeof(method), req->method_name),
	    log_value(path, sizeof(path), buf_failed(&raw) ? "?" :
	    buf_str(&raw)), status, us);
	buf_free(&raw);
}

static void
handle(struct app *app, FCGX_Request *fr, struct buf *body, struct buf *out)
{
	struct request_input	 in;
	struct request		 req;
	struct response		 resp;
	long long		 start = clock_us(), us;
	int			 route;

	memset(&in, 0, sizeof(in));
	in.method = FCGX_GetParam("REQUEST_METHOD", fr->envp);
	in.uri = FCGX_GetParam("REQUEST_URI", fr->envp);
	in.content_type = FCGX_GetParam("CONTENT_TYPE", fr->envp);
	in.accept = FCGX_GetParam("HTTP_ACCEPT", fr->envp);
	in.accept_language = FCGX_GetParam("HTTP_ACCEPT_LANGUAGE", fr->envp);
	in.cookie = FCGX_GetParam("HTTP_COOKIE", fr->envp);
	in.authorization = FCGX_GetParam("HTTP_AUTHORIZATION", fr->envp);
	in.csrf_token = FCGX_GetParam("HTTP_X_CSRF_TOKEN", fr->envp);
	in.origin = FCGX_GetParam("HTTP_ORIGIN", fr->envp);
	in.fetch_site = FCGX_GetParam("HTTP_SEC_FETCH_SITE", fr->envp);
	in.remote_addr = FCGX_GetParam("REMOTE_ADDR", fr->envp);
	in.body_too_large = read_body(fr, body);
	in.body = buf_str(body);
	in.body_len = body->len;

	request_init(&req);
	response_init(&resp);
	resp.hsts = app->site.https;
	(void)request_parse(&req, &in);
	route = routes_dispatch(app, &req, &resp);

	buf_reset(out);
	response_serialize(&resp, out);
	if (!buf_failed(out))
		FCGX_PutStr(out->data, (int)out->len, fr->out);

	us = clock_us() - start;
	metrics_request(route, resp.status, us);
	log_request(app, &req, resp.status, us);
	request_free(&req);
	response_free(&resp);
}

int
worker_run(struct app *app, const struct config *cfg, int listen_fd,
    int drain)
{
	FCGX_Request	 fr;
	struct buf	 body = BUF_INIT, out = BUF_INIT;
	sigset_t	 waitmask;
	int		 rc;

	install_signals(&waitmask);
	if ((app->db = db_new(cfg->database_url)) == NULL ||
	    (cfg->replica_url != NULL &&
	    (app->replica = replica_new(cfg->replica_url)) == NULL))
		return 1;
	(void)db_ready(app->db);	/* connect early; requests retry */
	if (FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	while ((rc = next_request(&fr, drain, &waitmask)) == 0) {
		handle(app, &fr, &body, &out);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 0);
	buf_free(&body);
	buf_free(&out);
	app_free(app);
	return rc == 1 ? 0 : 1;	/* on an error, the master respawns us */
}

/*
 * fuzz_request: request_parse() (app/http/request.c) and the portal's real
 * route table (router_match) on requests carved from the input.
 *
 * Input format, so that corpus files stay readable: the first seven lines
 * are the request's parameters as nginx would pass them, the rest is the
 * body (any bytes):
 *
 *   line 1  method                 (REQUEST_METHOD)
 *   line 2  URI, path and query    (REQUEST_URI)
 *   line 3  Content-Type           (empty line: none)
 *   line 4  Accept                 (empty line: none)
 *   line 5  Cookie                 (empty line: none)
 *   line 6  Authorization          (empty line: none)
 *   line 7  X-CSRF-Token           (empty line: none)
 *   rest    the body
 *
 * A missing line is a missing parameter.  Each input is parsed three
 * times: with its own Content-Type, as a urlencoded form and as JSON.
 * After each parse the result is checked against request.h's promises and,
 * when it parsed, matched against the routes that portald serves (built
 * by routes_init() from app/templates, as at start-up).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/handlers/routes.h"
#include "../../app/http/request.h"
#include "../../app/http/router.h"
#include "../../app/util/utf8.h"
#include "../../app/views/template.h"
#include "fuzz.h"

#define NFIELDS	7

static struct app app;

/*
 * The route table needs the templates its pages name; load the real ones
 * ($PORTAL_TEMPLATES, else app/templates next to this file's tree).
 */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct buf	 dir = BUF_INIT, err = BUF_INIT;
	const char	*env = getenv("PORTAL_TEMPLATES"), *slash;

	(void)argc;
	(void)argv;
	if (env != NULL)
		buf_puts(&dir, env);
	else {
		slash = strrchr(__FILE__, '/');
		if (slash != NULL)
			buf_append(&dir, __FILE__, (size_t)(slash - __FILE__));
		else
			buf_putc(&dir, '.');
		buf_puts(&dir, "/../../app/templates");
	}
	if ((app.templates = tmpl_set_new()) == NULL ||
	    tmpl_load_dir(app.templates, buf_str(&dir), &err) == -1 ||
	    routes_init(&app, &err) == -1) {
		fprintf(stderr, "fuzz_request: cannot set up the routes from "
		    "%s (set PORTAL_TEMPLATES):\n%s", buf_str(&dir),
		    buf_str(&err));
		exit(1);
	}
	buf_free(&dir);
	buf_free(&err);
	return 0;
}

static void
check_list(const struct kvlist *l)
{
	size_t	 i;

	CHECK(l->n <= PARSE_MAX_PAIRS);
	for (i = 0; i < l->n; i++)
		CHECK(l->items[i].val[l->items[i].val_len] == '\0');
}

static void
check_parsed(const struct request *r, const struct request_input *in)
{
	size_t	 i, len;

	CHECK(r->error_status == 0);
	CHECK(r->method == http_method_parse(r->method_name));
	CHECK(r->path != NULL && r->path[0] == '/');
	CHECK(utf8_valid(r->path, strlen(r->path)));
	CHECK(r->nsegments <= REQUEST_MAX_SEGMENTS);
	for (i = 0; i < r->nsegments; i++) {
		len = strlen(r->segments[i]);
		CHECK(len > 0 && utf8_valid(r->segments[i], len));
	}
	CHECK(r->nsegments > 0 || strcmp(r->path, "/") == 0);
	check_list(&r->query);
	check_list(&r->form);
	check_list(&r->cookies);
	CHECK(r->params.n == 0);
	if (r->json != NULL)
		CHECK(json_is_object(r->json) && r->form.n == 0);
	if (in->body_len == 0)
		CHECK(r->json == NULL && r->form.n == 0);
}

static void
parse_one(const struct request_input *in)
{
	struct request	 r;
	unsigned	 allow;
	size_t		 i, k;
	int		 id;

	request_init(&r);
	if (request_parse(&r, in) == 0) {
		check_parsed(&r, in);
		id = router_match(app.router, &r, &allow);
		CHECK(id >= 0 || id == ROUTER_NOT_FOUND ||
		    id == ROUTER_BAD_METHOD || id == ROUTER_ADD_SLASH);
		if (id == ROUTER_BAD_METHOD) {
			struct buf hdr = BUF_INIT;

			CHECK(allow != 0);
			router_allow_header(allow, &hdr);
			CHECK(hdr.len > 0);
			buf_free(&hdr);
		}
		if (id >= 0) {
			/* Every captured parameter is one whole segment. */
			CHECK(r.params.n <= r.nsegments);
			for (i = 0; i < r.params.n; i++) {
				for (k = 0; k < r.nsegments; k++)
					if (strcmp(r.params.items[i].val,
					    r.segments[k]) == 0)
						break;
				CHECK(k < r.nsegments);
				CHECK(request_param(&r,
				    r.params.items[i].key) != NULL);
			}
		} else
			CHECK(r.params.n == 0);
	} else {
		CHECK(r.error_status >= 400 && r.error_status < 600);
		CHECK(r.error_message != NULL && r.error_message[0] != '\0');
	}
	CHECK(r.format == FORMAT_HTML || r.format == FORMAT_JSON);
	request_free(&r);
	CHECK(r.path == NULL && r.json == NULL && r.nsegments == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request_input	 in;
	const char		*field[NFIELDS];
	char			*copy, *p, *end, *nl;
	size_t			 i;

	/* A copy with room for a NUL, each of the first lines cut off. */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	p = copy;
	end = copy + size;
	for (i = 0; i < NFIELDS; i++) {
		if (p == NULL) {
			field[i] = NULL;
			continue;
		}
		field[i] = p;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl != NULL) {
			*nl = '\0';
			p = nl + 1;
		} else
			p = NULL;	/* the last line given; no body */
	}
	/* Optional headers: an empty line means "not sent". */
	for (i = 2; i < NFIELDS; i++)
		if (field[i] != NULL && field[i][0] == '\0')
			field[i] = NULL;

	memset(&in, 0, sizeof(in));
	in.method = field[0];
	in.uri = field[1];
	in.content_type = field[2];
	in.accept = field[3];
	in.cookie = field[4];
	in.authorization = field[5];
	in.csrf_token = field[6];
	in.remote_addr = "192.0.2.1";
	in.body = p != NULL ? p : "";
	in.body_len = p != NULL ? (size_t)(end - p) : 0;
	in.body_too_large = in.body_len > REQUEST_MAX_BODY;

	parse_one(&in);
	in.content_type = "application/x-www-form-urlencoded";
	parse_one(&in);
	in.content_type = "application/json; charset=utf-8";
	parse_one(&in);

	free(copy);
	return 0;
}

/*
 * router: compiled route patterns and matching (see router.h).
 */
#include <stdlib.h>
#include <string.h>

#include "router.h"

struct route_pattern {
	enum http_method method;
	int		 id;
	char		*segments[REQUEST_MAX_SEGMENTS];
	int		 captures[REQUEST_MAX_SEGMENTS]; /* 1: "{name}" */
	char		*suffixes[REQUEST_MAX_SEGMENTS]; /* "{id}.ics": ".ics",
						 * or NULL */
	unsigned	 secret;	/* bit i: segment i is "{name:secret}" */
	size_t		 nsegments;
	int		 trailing_slash;
};

struct router {
	struct route_pattern routes[ROUTER_MAX_ROUTES];
	size_t		 n;
};

struct router *
router_new(void)
{
	return calloc(1, sizeof(struct router));
}

void
router_free(struct router *rt)
{
	size_t	 i, k;

	if (rt == NULL)
		return;
	for (i = 0; i < rt->n; i++)
		for (k = 0; k < rt->routes[i].nsegments; k++) {
			free(rt->routes[i].segments[k]);
			free(rt->routes[i].suffixes[k]);
		}
	free(rt);
}

#define SECRET	":secret"

/* Compiles the n bytes at s, "{name}" or "{name:secret}", maybe with a
 * literal suffix ("{id}.ics"), as p's next segment; -1 when malformed. */
static int
capture_segment(struct route_pattern *p, const char *s, size_t n)
{
	const char	*colon, *close = memchr(s, '}', n);
	size_t		 tail;

	if (close == NULL || close - s < 2 || memchr(close, '{',
	    n - (size_t)(close - s)) != NULL)
		return -1;
	if ((tail = n - (size_t)(close - s) - 1) > 0 &&
	    (p->suffixes[p->nsegments] = strndup(close + 1, tail)) == NULL)
		return -1;
	n -= tail;
	s++;
	n -= 2;
	if ((colon = memchr(s, ':', n)) != NULL) {
		if (colon == s || (size_t)(s + n - colon) != strlen(SECRET) ||
		    memcmp(colon, SECRET, strlen(SECRET)) != 0)
			return -1;
		p->secret |= 1u << p->nsegments;
		n = (size_t)(colon - s);
	}
	p->captures[p->nsegments] = 1;
	p->segments[p->nsegments] = strndup(s, n);
	return 0;
}

int
router_add(struct router *rt, enum http_method method, const char *pattern,
    int id)
{
	struct route_pattern *p;
	const char	*s = pattern, *e;
	size_t		 n;

	if (rt->n == ROUTER_MAX_ROUTES || pattern[0] != '/')
		return -1;
	p = &rt->routes[rt->n];
	memset(p, 0, sizeof(*p));
	p->method = method;
	p->id = id;
	s++;
	while (*s != '\0') {
		e = strchr(s, '/');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n == 0 || p->nsegments == REQUEST_MAX_SEGMENTS)
			goto fail;
		if (s[0] == '{') {
			if (capture_segment(p, s, n) == -1)
				goto fail;
		} else
			p->segments[p->nsegments] = strndup(s, n);
		if (p->segments[p->nsegments++] == NULL)
			goto fail;
		if (e == NULL)
			break;
		s = e + 1;
		if (*s == '\0')
			p->trailing_slash = 1;
	}
	rt->n++;
	return 0;
fail:
	for (n = 0; n <= p->nsegments && n < REQUEST_MAX_SEGMENTS; n++) {
		free(p->segments[n]);
		free(p->suffixes[n]);
	}
	return -1;
}

/* Does a captured segment end with its pattern's suffix (none: any),
 * with something before it? */
static int
suffix_matches(const char *suffix, const char *segment)
{
	size_t	 n, len = strlen(segment);

	if (suffix == NULL)
		return 1;
	n = strlen(suffix);
	return len > n && strcmp(segment + len - n, suffix) == 0;
}

/* Do r's segments match p's, whatever the trailing slash? */
static int
segments_match(const struct route_pattern *p, const struct request *r)
{
	size_t	 i;

	if (p->nsegments != r->nsegments)
		return 0;
	for (i = 0; i < p->nsegments; i++)
		if (p->captures[i] ? !suffix_matches(p->suffixes[i],
		    r->segments[i]) : strcmp(p->segments[i], r->segments[i]) !=
		    0)
			return 0;
	return 1;
}

static int
path_matches(const struct route_pattern *p, const struct request *r,
    int trailing_slash)
{
	return segments_match(p, r) &&
	    (p->nsegments == 0 || p->trailing_slash == trailing_slash);
}

static int
method_matches(enum http_method route, enum http_method asked)
{
	return route == asked || (route == HTTP_GET && asked == HTTP_HEAD);
}

static int
capture(const struct route_pattern *p, struct request *r)
{
	size_t	 i;

	for (i = 0; i < p->nsegments; i++)
		if (p->captures[i] && kvlist_add(&r->params, p->segments[i],
		    r->segments[i], strlen(r->segments[i]) -
		    (p->suffixes[i] != NULL ? strlen(p->suffixes[i]) : 0)) ==
		    -1)
			return -1;
	return 0;
}

int
router_match(const struct router *rt, struct request *r, unsigned *allow)
{
	size_t	 i;
	int	 slash_elsewhere = 0;

	*allow = 0;
	for (i = 0; i < rt->n; i++) {
		const struct route_pattern *p = &rt->routes[i];

		if (!path_matches(p, r, r->trailing_slash)) {
			if (p->method == HTTP_GET && !r->trailing_slash &&
			    path_matches(p, r, 1))
				slash_elsewhere = 1;
			continue;
		}
		if (!method_matches(p->method, r->method)) {
			*allow |= 1u << p->method;
			if (p->method == HTTP_GET)
				*allow |= 1u << HTTP_HEAD;
			continue;
		}
		if (capture(p, r) == -1)
			return ROUTER_NOT_FOUND;
		return p->id;
	}
	if (*allow != 0)
		return ROUTER_BAD_METHOD;
	if (slash_elsewhere &&
	    (r->method == HTTP_GET || r->method == HTTP_HEAD))
		return ROUTER_ADD_SLASH;
	return ROUTER_NOT_FOUND;
}

unsigned
router_secrets(const struct router *rt, const struct request *r)
{
	size_t		 i;
	unsigned	 secret = 0;

	for (i = 0; i < rt->n; i++)
		if (segments_match(&rt->routes[i], r))
			secret |= rt->routes[i].secret;
	return secret;
}

/* Characters a local redirect target may hold: RFC 3986 unreserved, the
 * percent of an escape, and the path's slashes. */
#define LOCAL_PATH_CHARS \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%/"

int
router_local_path(const struct router *rt, const char *target)
{
	struct request_input	 in;
	struct request		 r;
	unsigned		 allow;
	int			 ok;

	if (target == NULL || target[0] != '/' ||
	    target[strspn(target, LOCAL_PATH_CHARS)] != '\0')
		return 0;
	memset(&in, 0, sizeof(in));
	in.method = "GET";
	in.uri = target;
	request_init(&r);
	ok = request_parse(&r, &in) == 0 && router_match(rt, &r, &allow) >= 0;
	request_free(&r);
	return ok;
}

void
router_allow_header(unsigned allow, struct buf *out)
{
	int	 m, first = 1;

	for (m = 0; m < HTTP_METHOD__MAX; m++)
		if (allow & (1u << m)) {
			if (!first)
				buf_puts(out, ", ");
			buf_puts(out, http_method_name((enum http_method)m));
			first = 0;
		}
}

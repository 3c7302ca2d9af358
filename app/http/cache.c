/*
 * cache: whole-response copies for public pages (see cache.h), kept in a
 * memo.
 */
#include <stdlib.h>

#include "../util/memo.h"
#include "cache.h"

struct cache {
	struct memo	*memo;	/* of struct copy */
};

struct copy {
	int		 status;
	const char	*content_type;
	struct buf	 headers;
	struct buf	 body;
};

static void
copy_free(void *p)
{
	struct copy *c = p;

	buf_free(&c->headers);
	buf_free(&c->body);
	free(c);
}

static int
copy_buf(struct buf *to, const struct buf *from)
{
	buf_reset(to);
	buf_append(to, from->data != NULL ? from->data : "", from->len);
	return buf_failed(to) ? -1 : 0;
}

struct cache *
cache_new(void)
{
	struct cache *c = calloc(1, sizeof(*c));

	if (c == NULL || (c->memo = memo_new(CACHE_ENTRIES, copy_free)) ==
	    NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	memo_free(c->memo);
	free(c);
}

void
cache_clear(struct cache *c)
{
	memo_clear(c->memo);
}

int
cache_get(const struct cache *c, const char *key, struct response *r)
{
	const struct copy *k = memo_get(c->memo, key);

	if (k == NULL)
		return 0;
	r->status = k->status;
	r->content_type = k->content_type;
	return copy_buf(&r->headers, &k->headers) == 0 &&
	    copy_buf(&r->body, &k->body) == 0;
}

void
cache_drop_tag(struct cache *c, long long tag)
{
	memo_drop_tag(c->memo, tag);
}

void
cache_put(struct cache *c, const char *key, const struct response *r,
    long long tag)
{
	struct copy *k;

	if (r->body.len > CACHE_MAX_BODY ||
	    (k = calloc(1, sizeof(*k))) == NULL)
		return;
	k->status = r->status;
	k->content_type = r->content_type;
	if (copy_buf(&k->headers, &r->headers) == -1 ||
	    copy_buf(&k->body, &r->body) == -1) {
		copy_free(k);
		return;
	}
	memo_put_tagged(c->memo, key, k, tag);
}

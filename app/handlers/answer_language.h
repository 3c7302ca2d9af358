/*
 * answer_language: which language a request is answered in, and where a
 * choice made with ?lang= is remembered: in a signed-in person's account
 * (a write, inside the request's transaction) or in a cookie for a
 * signed-out one (docs/i18n.md).  The request pipeline (dispatch.c)
 * calls these in order: lang_choose() before anyone is known,
 * lang_of_account() once the person is, lang_remember() inside the
 * transaction, lang_cookie() as the answer leaves.
 */
#ifndef PORTAL_ANSWER_LANGUAGE_H
#define PORTAL_ANSWER_LANGUAGE_H

#include "handler.h"

void	lang_choose(struct ctx *);
void	lang_of_account(struct ctx *);
/* Whether ?lang= asks a signed-in person for another language than their
 * account's: answering then writes (lang_remember()). */
int	lang_account_changes(const struct ctx *);
/* 0, or the status of a failed write already recorded. */
int	lang_remember(struct ctx *);
void	lang_cookie(struct ctx *);

#endif

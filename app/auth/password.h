/*
 * password: hashing and checking passwords with libsodium's Argon2id
 * (crypto_pwhash_str, interactive limits), and the portal's password rule:
 * at least 10 characters and not a well-known password; nothing else.
 */
#ifndef PORTAL_PASSWORD_H
#define PORTAL_PASSWORD_H

#include <sodium.h>

#define PASSWORD_HASH_MAX	crypto_pwhash_STRBYTES
#define PASSWORD_MIN_CHARS	10
#define PASSWORD_MAX_BYTES	1024
#define PASSWORD_BUSY		(-2)	/* the host's hashing gate is full
					 * (util/gate.h): answer 429 */

/*
 * Prepares the hash used when an email is unknown, so a failed sign-in
 * takes as long either way.  Call once before forking workers; -1 on
 * failure.
 */
int	password_init(void);
/* Returns NULL if pw may be used, or a message for the person. */
const char *password_rule(const char *pw);
/* Hashes pw into out; 0, -1 when out of memory, or PASSWORD_BUSY. */
int	password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/*
 * Returns 1 if pw matches hash, 0 if not, or PASSWORD_BUSY.  With hash
 * NULL (no such account) it checks against a dummy hash and returns 0,
 * taking the same time.
 */
int	password_verify(const char *hash, const char *pw);
/* Was hash made with other limits than today's? */
int	password_needs_rehash(const char *hash);

#endif

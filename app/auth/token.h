/*
 * token: the random secrets the portal hands out (session cookies, CSRF
 * tokens, API tokens, invitation and password-reset links) and how they are
 * kept: only a BLAKE2b hash of a token is ever stored.  Anonymous forms'
 * CSRF tokens are stored nowhere: they carry their own MAC under a server
 * key instead (token_form_new), so only tokens the portal made pass.
 */
#ifndef PORTAL_TOKEN_H
#define PORTAL_TOKEN_H

#include <stddef.h>

#define TOKEN_BYTES	32			/* 256 bits from libsodium */
#define TOKEN_TEXT	44			/* base64url, no padding, NUL */
#define TOKEN_HASH_HEX	(2 + 64 + 1)		/* "\x" + hex + NUL */
#define TOKEN_KEY_BYTES	32			/* a form token's MAC key */
#define FORM_TOKEN_TEXT	87	/* base64url of random 32 || MAC 32, NUL */

/* Writes a new random token as URL-safe text into out. */
void	token_new(char out[TOKEN_TEXT]);
/* Is s shaped like a token (43 base64url characters)? */
int	token_valid(const char *s);
/*
 * Writes the BLAKE2b-256 hash of token as a bytea literal ("\x...") for a
 * text query parameter.
 */
void	token_hash_hex(const char *token, char out[TOKEN_HASH_HEX]);
/*
 * Writes a new anonymous form token: 32 random bytes and their
 * HMAC-SHA-512-256 (crypto_auth) under key, as URL-safe text.
 */
void	token_form_new(const unsigned char key[TOKEN_KEY_BYTES],
	    char out[FORM_TOKEN_TEXT]);
/* Was s made by token_form_new() with this key?  Constant time. */
int	token_form_valid(const unsigned char key[TOKEN_KEY_BYTES],
	    const char *s);
/* Compares two NUL-terminated strings in constant time for equal lengths;
 * returns 1 when they are equal. */
int	token_equal(const char *a, const char *b);

#endif

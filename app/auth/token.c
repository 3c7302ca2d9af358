/*
 * token: random tokens and their stored hashes (see token.h).
 */
#include <string.h>

#include <sodium.h>

#include "token.h"

void
token_new(char out[TOKEN_TEXT])
{
	unsigned char	 raw[TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

int
token_valid(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n != TOKEN_TEXT - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

void
token_hash_hex(const char *token, char out[TOKEN_HASH_HEX])
{
	unsigned char	 hash[32];

	crypto_generichash(hash, sizeof(hash), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	out[0] = '\\';
	out[1] = 'x';
	sodium_bin2hex(out + 2, TOKEN_HASH_HEX - 2, hash, sizeof(hash));
}

int
token_equal(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

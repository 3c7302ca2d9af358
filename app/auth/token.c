/*
 * token: random tokens and their stored hashes (see token.h).
 */
#include <string.h>

#include <sodium.h>

#include "token.h"

_Static_assert(TOKEN_KEY_BYTES == crypto_auth_KEYBYTES, "form token key");
_Static_assert(FORM_TOKEN_TEXT == sodium_base64_ENCODED_LEN(TOKEN_BYTES +
    crypto_auth_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
    "form token text");

void
token_new(char out[TOKEN_TEXT])
{
	unsigned char	 raw[TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
token_form_new(const unsigned char key[TOKEN_KEY_BYTES],
    char out[FORM_TOKEN_TEXT])
{
	unsigned char	 raw[TOKEN_BYTES + crypto_auth_BYTES];

	randombytes_buf(raw, TOKEN_BYTES);
	crypto_auth(raw + TOKEN_BYTES, raw, TOKEN_BYTES, key);
	sodium_bin2base64(out, FORM_TOKEN_TEXT, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
token_form_valid(const unsigned char key[TOKEN_KEY_BYTES], const char *s)
{
	unsigned char	 raw[TOKEN_BYTES + crypto_auth_BYTES];
	size_t		 n;

	if (strlen(s) != FORM_TOKEN_TEXT - 1 || sodium_base642bin(raw,
	    sizeof(raw), s, FORM_TOKEN_TEXT - 1, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != sizeof(raw))
		return 0;
	return crypto_auth_verify(raw + TOKEN_BYTES, raw, TOKEN_BYTES,
	    key) == 0;
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

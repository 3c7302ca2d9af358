/*
 * password: Argon2id hashing and the password rule (see password.h).
 */
#include <string.h>
#include <strings.h>

#include "../util/gate.h"
#include "../util/utf8.h"
#include "password.h"
#include "../views/i18n.h"

#define OPS	crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEM	crypto_pwhash_MEMLIMIT_INTERACTIVE

static char	 dummy_hash[PASSWORD_HASH_MAX];

/*
 * Passwords people choose most often (from public breach corpora), of ten
 * or more characters; shorter ones fail the length rule anyway.
 */
static const char *const common[] = {
	"1234567890", "0123456789", "12345678910", "123456789a",
	"1q2w3e4r5t", "1qaz2wsx3edc", "abcdefghij", "aaaaaaaaaa",
	"iloveyou12", "password12", "password123", "password1234",
	"passw0rd123", "qwertyuiop", "qwerty1234", "qwerty12345",
	"qwertyuiop123", "1234qwerty", "asdfghjkl1", "zxcvbnm123",
	"letmein123", "welcome123", "welcome2024", "welcome2025",
	"welcome2026", "administrator", "changeme123", "football12",
	"baseball12", "superman12", "princess12", "sunshine12",
	"starwars12", "whatever12", "trustno1234", "monkey1234",
	"dragon1234", "master1234", "michael123", "shadow1234",
	"1111111111", "0000000000", "9876543210", "1234512345",
	"1122334455", "123123123a", "computer12", "internet12",
	"newzealand", "newzealand1", "aotearoa123", "kiaora1234",
	"password!!", "p@ssw0rd123", "summer2026", "winter2026",
	"spring2026", "autumn2026", "community1", "community123",
	NULL,
};

int
password_init(void)
{
	return password_hash("not a real password", dummy_hash);
}

const char *
password_rule(const char *pw)
{
	size_t	 i, n = strlen(pw);

	if (n > PASSWORD_MAX_BYTES)
		return N_("must be at most 1024 bytes long");
	if (!utf8_valid(pw, n))
		return N_("is not valid UTF-8 text");
	if (utf8_length(pw, n) < PASSWORD_MIN_CHARS)
		return N_("must be at least 10 characters long");
	for (i = 0; common[i] != NULL; i++)
		if (strcasecmp(pw, common[i]) == 0)
			return N_("is one of the most common passwords; choose "
			    "another");
	return NULL;
}

int
password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	int	 rc;

	if (gate_enter() == -1)
		return PASSWORD_BUSY;
	rc = crypto_pwhash_str(out, pw, strlen(pw), OPS, MEM) == 0 ? 0 : -1;
	gate_leave();
	return rc;
}

int
password_verify(const char *hash, const char *pw)
{
	int	 ok;

	if (gate_enter() == -1)
		return PASSWORD_BUSY;
	/* Without an account, the same work as a real check; the answer is
	 * no either way. */
	ok = crypto_pwhash_str_verify(hash != NULL ? hash : dummy_hash, pw,
	    strlen(pw)) == 0 && hash != NULL;
	gate_leave();
	return ok;
}

int
password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPS, MEM) != 0;
}

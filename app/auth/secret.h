/*
 * secret: the deployment's server key, and one key derived from it per
 * purpose, so a key can never serve two purposes.
 *
 * The server key lives in a file (PORTAL_SECRET_KEY_FILE) that every host
 * of a deployment shares, like the database password: a token one host
 * signed is then good on every other.  The file holds at least 32 random
 * bytes in any form (`openssl rand -base64 48`); what counts is its BLAKE2b
 * hash.  Without a file (development over http only) portald makes a
 * random key at each start, which ends the tokens made before.
 */
#ifndef PORTAL_SECRET_H
#define PORTAL_SECRET_H

#include "../util/buf.h"

#define SECRET_BYTES	32

/* The purposes; each has its own derived key (crypto_kdf subkey id). */
enum secret_use {
	SECRET_FORM_TOKEN = 1,	/* anonymous forms' CSRF tokens */
	SECRET_AUDIT_SEAL = 2,	/* the audit chains' signed heads (seal.h) */
};

/*
 * Reads the server key from path into key, or, when path is NULL, makes a
 * random one.  Refuses (-1, with the reason in err) a file that is not a
 * regular file, that others may read, or that holds under 32 bytes.
 */
int	secret_load(const char *path, unsigned char key[SECRET_BYTES],
	    struct buf *err);
/* Derives the key for one purpose from the server key. */
void	secret_derive(const unsigned char key[SECRET_BYTES],
	    enum secret_use use, unsigned char out[SECRET_BYTES]);

#endif

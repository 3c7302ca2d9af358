/*
 * secret: the server key and its derived keys (see secret.h).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <sodium.h>

#include "secret.h"

#define SECRET_FILE_MAX	4096
#define SECRET_CONTEXT	"portalsk"	/* crypto_kdf's 8-byte context */

_Static_assert(SECRET_BYTES == crypto_kdf_KEYBYTES, "server key size");

int
secret_load(const char *path, unsigned char key[SECRET_BYTES],
    struct buf *err)
{
	unsigned char	 text[SECRET_FILE_MAX];
	struct stat	 st;
	ssize_t		 n = -1;
	int		 fd;

	if (path == NULL) {
		crypto_kdf_keygen(key);
		return 0;
	}
	if ((fd = open(path, O_RDONLY)) == -1) {
		buf_printf(err, "cannot open PORTAL_SECRET_KEY_FILE %s\n", path);
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		buf_printf(err, "PORTAL_SECRET_KEY_FILE %s is not a file\n",
		    path);
	else if (st.st_mode & S_IRWXO)
		buf_printf(err, "PORTAL_SECRET_KEY_FILE %s is open to every "
		    "user: chmod 600 it\n", path);
	else if ((n = read(fd, text, sizeof(text))) < 32)
		buf_printf(err, "PORTAL_SECRET_KEY_FILE %s holds under 32 "
		    "bytes\n", path);
	close(fd);
	if (n < 32) {
		sodium_memzero(text, sizeof(text));
		return -1;
	}
	crypto_generichash(key, SECRET_BYTES, text, (size_t)n, NULL, 0);
	sodium_memzero(text, sizeof(text));
	return 0;
}

void
secret_derive(const unsigned char key[SECRET_BYTES], enum secret_use use,
    unsigned char out[SECRET_BYTES])
{
	crypto_kdf_derive_from_key(out, SECRET_BYTES, (uint64_t)use,
	    SECRET_CONTEXT, key);
}

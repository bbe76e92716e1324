// SPDX-License-Identifier: MIT
/*
 * modsign.c - module signing in Linux's format, and the build's key pair.
 *
 * Signing: the module is read whole, any signature already appended is cut
 * off, and a CMS SignedData is made over the rest with the content
 * detached, no certificates, no S/MIME capabilities and no signed
 * attributes, the signer named by issuer and serial number -- what Linux's
 * kernel/module/signing.c expects and kmod's modinfo shows.  The DER, the
 * 12-byte struct module_signature and the marker are appended and the file
 * is written beside its destination and renamed over it, so a reader
 * never sees half a module.
 *
 * Key generation is done here, through libcrypto, rather than by running
 * `openssl req` as Linux's certs/Makefile does: the build then needs no
 * openssl program (libssl-dev provides only the library), and the
 * certificate's fields are fixed in one place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "modsign.h"

#define SIG_MARKER "~Module signature appended~\n"
#define SIG_MARKER_LEN (sizeof(SIG_MARKER) - 1)
#define PKEY_ID_PKCS7 2
#define KEY_BITS 4096
#define CERT_DAYS 36500 /* as Linux's certs/Makefile: a century */

struct module_signature {
	uint8_t algo, hash, id_type, signer_len, key_id_len;
	uint8_t pad[3];
	uint8_t sig_len_be[4];
};

_Static_assert(sizeof(struct module_signature) == 12,
	       "struct module_signature is 12 bytes on disk");

/* "<prog>: <what>: <libcrypto's reason>" and a negative errno. */
static int crypto_fail(const char *prog, const char *what, int err)
{
	unsigned long e = ERR_get_error();
	char reason[256] = "";

	if (e)
		ERR_error_string_n(e, reason, sizeof(reason));
	fprintf(stderr, "%s: %s%s%s\n", prog, what, e ? ": " : "", reason);
	ERR_clear_error();
	return err;
}

static int sys_fail(const char *prog, const char *path, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(-err));
	return err;
}

int modsign_strip(const uint8_t *image, size_t size, size_t *unsigned_len)
{
	struct module_signature ms;
	size_t rest;
	uint32_t len;

	*unsigned_len = size;
	if (size < SIG_MARKER_LEN + sizeof(ms) ||
	    memcmp(image + size - SIG_MARKER_LEN, SIG_MARKER, SIG_MARKER_LEN))
		return 0;
	rest = size - SIG_MARKER_LEN - sizeof(ms);
	memcpy(&ms, image + rest, sizeof(ms));
	len = (uint32_t)ms.sig_len_be[0] << 24 | (uint32_t)ms.sig_len_be[1] << 16 |
	      (uint32_t)ms.sig_len_be[2] << 8 | ms.sig_len_be[3];
	if (len > rest)
		return -EBADMSG;
	*unsigned_len = rest - len;
	return 0;
}

/* Read @path whole into a malloc'ed buffer. */
static int read_file(const char *prog, const char *path, uint8_t **data,
		     size_t *size)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sys_fail(prog, path, -errno);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err = S_ISREG(st.st_mode) ? -errno : -EINVAL;
		close(fd);
		return sys_fail(prog, path, err);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return sys_fail(prog, path, -ENOMEM);
	}
	while (done < (size_t)st.st_size) {
		n = read(fd, buf + done, (size_t)st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			break;
		}
		done += (size_t)n;
	}
	close(fd);
	if (err) {
		free(buf);
		return sys_fail(prog, path, err);
	}
	*data = buf;
	*size = done;
	return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Write the pieces to @dest atomically: a temporary file in the same
 * directory with @mode, renamed over @dest.
 */
static int write_file_atomic(const char *prog, const char *dest,
			     mode_t mode, const void *const *parts,
			     const size_t *lens, size_t nparts)
{
	size_t len = strlen(dest) + 16, i;
	char *tmp = malloc(len);
	int fd, err = 0;

	if (!tmp)
		return sys_fail(prog, dest, -ENOMEM);
	snprintf(tmp, len, "%s.tmp%d", dest, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		err = sys_fail(prog, tmp, -errno);
		free(tmp);
		return err;
	}
	for (i = 0; i < nparts && !err; i++)
		err = write_all(fd, parts[i], lens[i]);
	if (!err && fchmod(fd, mode) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, dest) < 0)
		err = -errno;
	if (err) {
		unlink(tmp);
		sys_fail(prog, dest, err);
	}
	free(tmp);
	return err;
}

static int pin_callback(char *buf, int size, int rwflag, void *u)
{
	const char *pin = getenv("KBUILD_SIGN_PIN");
	size_t n;

	if (!pin)
		return -1;
	n = strlen(pin);
	if (n > (size_t)size)
		return -1;
	memcpy(buf, pin, n);
	return (int)n;
}

static EVP_PKEY *read_key(const char *prog, const char *path)
{
	BIO *b = BIO_new_file(path, "rb");
	EVP_PKEY *key = NULL;

	if (b)
		key = PEM_read_bio_PrivateKey(b, NULL, pin_callback, NULL);
	BIO_free(b);
	if (!key)
		crypto_fail(prog, path, -EINVAL);
	return key;
}

/* A certificate in PEM (the first one in the file) or DER. */
static X509 *read_cert(const char *prog, const char *path)
{
	BIO *b = BIO_new_file(path, "rb");
	X509 *x = NULL;

	if (b) {
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
		if (!x) {
			ERR_clear_error();
			BIO_reset(b);
			x = d2i_X509_bio(b, NULL);
		}
	}
	BIO_free(b);
	if (!x)
		crypto_fail(prog, path, -EINVAL);
	return x;
}

/* The DER of a detached CMS signature of @data by @cert/@key with @md. */
static int cms_sign(const char *prog, const uint8_t *data, size_t len,
		    X509 *cert, EVP_PKEY *key, const EVP_MD *md,
		    uint8_t **der, size_t *der_len)
{
	const unsigned flags = CMS_NOCERTS | CMS_BINARY | CMS_DETACHED;
	CMS_ContentInfo *cms = NULL;
	BIO *in = NULL;
	unsigned char *out = NULL;
	int n, err = -EINVAL;

	if (len > INT32_MAX)
		return crypto_fail(prog, "module too large to sign", -EFBIG);
	in = BIO_new_mem_buf(data, (int)len);
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL);
	if (!in || !cms)
		goto out;
	/* Issuer and serial name the signer (no CMS_USE_KEYID). */
	if (!CMS_add1_signer(cms, cert, key, md,
			     flags | CMS_NOSMIMECAP | CMS_NOATTR))
		goto out;
	if (!CMS_final(cms, in, NULL, flags))
		goto out;
	n = i2d_CMS_ContentInfo(cms, &out);
	if (n <= 0)
		goto out;
	*der = out;
	*der_len = (size_t)n;
	err = 0;
out:
	if (err)
		crypto_fail(prog, "cannot make the PKCS#7 signature", err);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return err;
}

int modsign_sign_file(const char *prog, const char *hash,
		      const char *key_path, const char *cert_path,
		      const char *module, const char *dest)
{
	struct module_signature ms = { .id_type = PKEY_ID_PKCS7 };
	const void *parts[4];
	size_t lens[4], len = 0, der_len = 0;
	uint8_t *image = NULL, *der = NULL;
	const EVP_MD *md;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	struct stat st;
	int err;

	hash = hash ? hash : MODSIGN_DEFAULT_HASH;
	md = EVP_get_digestbyname(hash);
	if (!md) {
		fprintf(stderr, "%s: unknown hash algorithm '%s'\n", prog, hash);
		return -ENOPKG;
	}
	err = read_file(prog, module, &image, &len);
	if (err)
		return err;
	if (modsign_strip(image, len, &len)) {
		fprintf(stderr, "%s: %s: malformed signature trailer\n", prog,
			module);
		err = -EBADMSG;
		goto out;
	}
	key = read_key(prog, key_path);
	cert = key ? read_cert(prog, cert_path ? cert_path : key_path) : NULL;
	if (!key || !cert) {
		err = -EINVAL;
		goto out;
	}
	if (!X509_check_private_key(cert, key)) {
		err = crypto_fail(prog, "the key does not match the certificate",
				  -EINVAL);
		goto out;
	}
	err = cms_sign(prog, image, len, cert, key, md, &der, &der_len);
	if (err)
		goto out;
	ms.sig_len_be[0] = (uint8_t)(der_len >> 24);
	ms.sig_len_be[1] = (uint8_t)(der_len >> 16);
	ms.sig_len_be[2] = (uint8_t)(der_len >> 8);
	ms.sig_len_be[3] = (uint8_t)der_len;
	parts[0] = image;
	lens[0] = len;
	parts[1] = der;
	lens[1] = der_len;
	parts[2] = &ms;
	lens[2] = sizeof(ms);
	parts[3] = SIG_MARKER;
	lens[3] = SIG_MARKER_LEN;
	dest = dest ? dest : module;
	err = write_file_atomic(prog, dest,
				stat(module, &st) ? 0644 : st.st_mode & 07777,
				parts, lens, 4);
out:
	OPENSSL_free(der);
	X509_free(cert);
	EVP_PKEY_free(key);
	free(image);
	return err;
}

/* ---- the build's key pair ---------------------------------------------- */

static bool add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	bool ok;

	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return false;
	ok = X509_add_ext(x, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

/* A self-signed certificate for @key, as Linux's x509.genkey describes. */
static X509 *make_cert(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name;
	BIGNUM *serial = BN_new();
	bool ok = x && serial;

	/* A random positive 159-bit serial, as `openssl req` makes. */
	ok = ok && X509_set_version(x, 2) &&
	     BN_rand(serial, 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
	     BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x)) &&
	     X509_gmtime_adj(X509_getm_notBefore(x), 0) &&
	     X509_time_adj_ex(X509_getm_notAfter(x), CERT_DAYS, 0, NULL) &&
	     X509_set_pubkey(x, key);
	name = ok ? X509_get_subject_name(x) : NULL;
	ok = ok && name &&
	     X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
					(const unsigned char *)"lkm", -1, -1,
					0) &&
	     X509_NAME_add_entry_by_txt(
		     name, "CN", MBSTRING_UTF8,
		     (const unsigned char *)"Build time autogenerated kernel key",
		     -1, -1, 0) &&
	     X509_set_issuer_name(x, name);
	ok = ok && add_ext(x, NID_basic_constraints, "critical,CA:FALSE") &&
	     add_ext(x, NID_key_usage, "digitalSignature") &&
	     add_ext(x, NID_subject_key_identifier, "hash") &&
	     add_ext(x, NID_authority_key_identifier, "keyid") &&
	     X509_sign(x, key, EVP_sha256()) > 0;
	BN_free(serial);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* The PEM text of a new key pair into a memory BIO. */
static int new_key_pem(const char *prog, BIO **pem)
{
	EVP_PKEY *key = EVP_RSA_gen(KEY_BITS);
	X509 *x = key ? make_cert(key) : NULL;
	BIO *b = BIO_new(BIO_s_mem());
	int err = 0;

	if (!key || !x || !b || !PEM_write_bio_PrivateKey(b, key, NULL, NULL,
							  0, NULL, NULL) ||
	    !PEM_write_bio_X509(b, x)) {
		err = crypto_fail(prog, "cannot generate a signing key", -EINVAL);
		BIO_free(b);
	} else {
		*pem = b;
	}
	X509_free(x);
	EVP_PKEY_free(key);
	return err;
}

static char *path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = malloc(len);

	if (p)
		snprintf(p, len, "%s/%s", dir, name);
	return p;
}

/* mkdir -p: @dir and its missing parents. */
static int make_dirs(const char *dir)
{
	char *p = strdup(dir), *s;
	int err = 0;

	if (!p)
		return -ENOMEM;
	for (s = p + 1; !err; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			err = -errno;
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return err;
}

int modsign_gen_key(const char *prog, const char *dir)
{
	char *key_path = path_join(dir, MODSIGN_KEY_FILE);
	char *cert_path = path_join(dir, MODSIGN_CERT_FILE);
	unsigned char *der = NULL;
	const void *part;
	size_t len;
	char *mem;
	BIO *pem = NULL;
	X509 *x = NULL;
	long n;
	int err = 0;

	if (!key_path || !cert_path) {
		err = sys_fail(prog, dir, -ENOMEM);
		goto out;
	}
	err = make_dirs(dir);
	if (err) {
		sys_fail(prog, dir, err);
		goto out;
	}
	if (access(key_path, F_OK) < 0) {
		fprintf(stderr, "%s: generating a %d-bit RSA signing key in %s\n",
			prog, KEY_BITS, key_path);
		err = new_key_pem(prog, &pem);
		if (err)
			goto out;
		n = BIO_get_mem_data(pem, &mem);
		part = mem;
		len = (size_t)n;
		err = write_file_atomic(prog, key_path, 0600, &part, &len, 1);
		if (err)
			goto out;
		unlink(cert_path); /* it belonged to another key */
	}
	if (access(cert_path, F_OK) == 0)
		goto out;
	x = read_cert(prog, key_path);
	n = x ? i2d_X509(x, &der) : -1;
	if (n <= 0) {
		err = crypto_fail(prog, key_path, -EINVAL);
		goto out;
	}
	part = der;
	len = (size_t)n;
	err = write_file_atomic(prog, cert_path, 0644, &part, &len, 1);
out:
	OPENSSL_free(der);
	X509_free(x);
	BIO_free(pem);
	free(key_path);
	free(cert_path);
	return err;
}

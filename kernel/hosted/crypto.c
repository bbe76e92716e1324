// SPDX-License-Identifier: MIT
/*
 * crypto.c - the hosted port's cryptography, OpenSSL's libcrypto behind
 * small hooks: module signature verification (struct lkm_ops.sig_verify)
 * against the kernel's trusted keys, and SHA-256.
 *
 * The trusted keys are X.509 certificates: those built into the kernel
 * (system_certs.S: the build's signing certificate, DER, linked in as
 * Linux's certs/system_certificates.S does) and those named at boot with
 * --cert FILE (PEM, possibly several, or DER).  They are read once during
 * boot and never change afterwards.
 *
 * A module signature is a DER PKCS#7 (CMS) SignedData, content detached,
 * with one signer named by issuer and serial number.  The contract of
 * sig_verify is Linux's mod_verify_sig(): -EBADMSG for a message that is
 * malformed or not what module signing makes, -ENOPKG for a digest this
 * kernel refuses (only SHA-2: SHA-1 and older are refused), -ENOKEY when
 * no trusted certificate matches the signer, -EKEYREJECTED when the
 * signature does not verify over the module's bytes.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <lkm/module.h>

#include "../internal.h"
#include "../security.h"
#include "hosted.h"

/* The certificates linked into the kernel (system_certs.S). */
extern const unsigned char system_certificates[];
extern const unsigned char system_certificates_end[];

#define MAX_CERT_FILES 8

static STACK_OF(X509) *trusted;
static const char *cert_files[MAX_CERT_FILES];
static size_t nr_cert_files;

int crypto_add_cert_file(const char *path)
{
	if (nr_cert_files == MAX_CERT_FILES)
		return -ENOSPC;
	cert_files[nr_cert_files++] = path;
	return 0;
}

/* Linux's description of a key: "<CN or O>: <subject key id in hex>". */
static void describe_cert(X509 *x, char *buf, size_t size)
{
	X509_NAME *name = X509_get_subject_name(x);
	const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(x);
	char who[128] = "";
	size_t n;
	int i;

	if (X509_NAME_get_text_by_NID(name, NID_commonName, who,
				      sizeof(who)) < 0)
		X509_NAME_get_text_by_NID(name, NID_organizationName, who,
					  sizeof(who));
	n = (size_t)snprintf(buf, size, "%s: ", who);
	for (i = 0; skid && i < ASN1_STRING_length(skid) && n + 3 < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%02x",
				      ASN1_STRING_get0_data(skid)[i]);
}

static int trust(X509 *x, const char *source)
{
	char desc[256];

	if (!sk_X509_push(trusted, x)) {
		X509_free(x);
		return -ENOMEM;
	}
	describe_cert(x, desc, sizeof(desc));
	printk(KERN_NOTICE "Loaded X.509 cert '%s'%s%s\n", desc,
	       source ? " from " : "", source ? source : "");
	return 0;
}

/* Every DER certificate back to back in [p, end). */
static int load_der_blob(const unsigned char *p, const unsigned char *end,
			 const char *source)
{
	X509 *x;
	int err;

	while (p < end) {
		x = d2i_X509(NULL, &p, end - p);
		if (!x)
			return -EBADMSG;
		err = trust(x, source);
		if (err)
			return err;
	}
	return 0;
}

/* A --cert file: PEM certificates (one or more), or one DER certificate. */
static int load_cert_file(const char *path)
{
	BIO *b = BIO_new_file(path, "rb");
	int n = 0, err = 0;
	X509 *x;

	if (!b)
		return errno ? -errno : -ENOENT;
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		err = trust(x, path);
		if (err)
			break;
		n++;
	}
	ERR_clear_error();
	if (!err && n == 0) {
		BIO_reset(b);
		x = d2i_X509_bio(b, NULL);
		err = x ? trust(x, path) : -EBADMSG;
	}
	BIO_free(b);
	return err;
}

int crypto_init(void)
{
	size_t i;
	int err;

	trusted = sk_X509_new_null();
	if (!trusted)
		return -ENOMEM;
	printk(KERN_NOTICE "Loading compiled-in X.509 certificates\n");
	err = load_der_blob(system_certificates, system_certificates_end, NULL);
	if (err) {
		printk(KERN_ERR "Problem loading in-kernel X.509 certificate "
		       "(%d)\n", err);
		return err;
	}
	for (i = 0; i < nr_cert_files; i++) {
		err = load_cert_file(cert_files[i]);
		if (err) {
			printk(KERN_ERR "Problem loading X.509 certificate "
			       "from %s (%d)\n", cert_files[i], err);
			return err;
		}
	}
	ERR_clear_error();
	return 0;
}

void crypto_exit(void)
{
	sk_X509_pop_free(trusted, X509_free);
	trusted = NULL;
}

/* The digests a module may be signed with. */
static bool digest_accepted(int nid)
{
	switch (nid) {
	case NID_sha224:
	case NID_sha256:
	case NID_sha384:
	case NID_sha512:
		return true;
	default:
		return false;
	}
}

/* The one signer of a well-formed detached module signature, or NULL. */
static CMS_SignerInfo *module_signer(CMS_ContentInfo *cms)
{
	STACK_OF(CMS_SignerInfo) *sis;

	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    CMS_is_detached(cms) != 1)
		return NULL;
	sis = CMS_get0_SignerInfos(cms);
	if (!sis || sk_CMS_SignerInfo_num(sis) != 1)
		return NULL;
	return sk_CMS_SignerInfo_value(sis, 0);
}

static X509 *find_trusted(CMS_SignerInfo *si)
{
	int i;

	for (i = 0; trusted && i < sk_X509_num(trusted); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(trusted, i)) == 0)
			return sk_X509_value(trusted, i);
	return NULL;
}

int crypto_sig_verify(void *ctx, const void *data, size_t len,
		      const void *sig, size_t sig_len)
{
	const unsigned char *p = sig;
	STACK_OF(X509) *signers = NULL;
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	X509_ALGOR *digest;
	BIO *content = NULL;
	X509 *cert;
	int err;

	if (sig_len > LONG_MAX || len > INT_MAX)
		return -EBADMSG;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)sig_len);
	si = cms && p == (const unsigned char *)sig + sig_len ?
		     module_signer(cms) : NULL;
	if (!si) {
		printk(KERN_ERR "PKCS7: module signature is not one detached "
		       "PKCS#7 signature\n");
		err = -EBADMSG;
		goto out;
	}
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &digest, NULL);
	if (!digest_accepted(OBJ_obj2nid(digest->algorithm))) {
		printk(KERN_ERR "PKCS7: unsupported digest algorithm %s\n",
		       OBJ_nid2sn(OBJ_obj2nid(digest->algorithm)));
		err = -ENOPKG;
		goto out;
	}
	cert = find_trusted(si);
	if (!cert) {
		err = -ENOKEY;
		goto out;
	}
	signers = sk_X509_new_null();
	content = BIO_new_mem_buf(data, (int)len);
	if (!signers || !content || !sk_X509_push(signers, cert)) {
		err = -ENOMEM;
		goto out;
	}
	/* The key is trusted as such: no chain, no purpose checks. */
	if (CMS_verify(cms, signers, NULL, content, NULL,
		       CMS_BINARY | CMS_NOINTERN |
			       CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		printk(KERN_ERR "PKCS7: module signature does not verify\n");
		err = -EKEYREJECTED;
		goto out;
	}
	err = 0;
out:
	ERR_clear_error();
	BIO_free(content);
	sk_X509_free(signers);
	CMS_ContentInfo_free(cms);
	return err;
}

int crypto_sha256(const void *data, size_t len, uint8_t out[32])
{
	unsigned int n = 32;

	return EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) == 1 ?
		       0 :
		       -EINVAL;
}

int port_sha256(const void *data, size_t len, uint8_t out[32])
{
	return crypto_sha256(data, len, out);
}
